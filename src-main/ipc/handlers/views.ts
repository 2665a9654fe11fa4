import type { Handlers } from '../dispatch';
import type { Services } from '../../services';

export function viewHandlers(s: Services): Pick<Handlers, 'listViews' | 'saveView' | 'deleteView'> {
  return {
    listViews: async () => s.views.list(),
    saveView: async ({ view }) => s.views.save(view),
    deleteView: async ({ id }) => s.views.delete(id),
  };
}
