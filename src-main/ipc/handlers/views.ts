import type { Handlers } from '../dispatch';
import type { Services } from '../../services';
import { appError } from '../../services/errors/app-error';

// Foundation skeleton: part A1 (saved views) replaces these with the views service.
const notYet = () => {
  throw appError('unknown', 'Saved views are not built yet.', 'Update Mailroom.');
};

export function viewHandlers(_s: Services): Pick<Handlers, 'listViews' | 'saveView' | 'deleteView'> {
  return { listViews: async () => notYet(), saveView: async () => notYet(), deleteView: async () => notYet() };
}
