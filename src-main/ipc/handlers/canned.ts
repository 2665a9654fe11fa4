import type { Handlers } from '../dispatch';
import type { Services } from '../../services';
import { appError } from '../../services/errors/app-error';

// Placeholder until the canned part lands (issue 10): replaced, not kept.
const notYet = async (): Promise<never> => {
  throw appError('unknown', 'This part of Mailroom is being built.', 'Update Mailroom.');
};

export function cannedHandlers(_s: Services): Pick<Handlers, 'listCanned' | 'saveCanned' | 'deleteCanned'> {
  return {
    listCanned: notYet,
    saveCanned: notYet,
    deleteCanned: notYet,
  };
}
