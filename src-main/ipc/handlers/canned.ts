import type { Handlers } from '../dispatch';
import type { Services } from '../../services';

export function cannedHandlers(s: Services): Pick<Handlers, 'listCanned' | 'saveCanned' | 'deleteCanned'> {
  return {
    listCanned: async (query) => s.canned.list(query),
    saveCanned: async ({ answer }) => s.canned.save(answer),
    deleteCanned: async ({ id }) => s.canned.delete(id),
  };
}
