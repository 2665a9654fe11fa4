import type { Handlers } from '../dispatch';
import type { Services } from '../../services';
import { appError } from '../../services/errors/app-error';

// Placeholder until the outbox part lands (issue 10): replaced, not kept.
const notYet = async (): Promise<never> => {
  throw appError('unknown', 'This part of Mailroom is being built.', 'Update Mailroom.');
};

export function outboxHandlers(_s: Services): Pick<Handlers, 'listOutbox' | 'getOutboxItem' | 'cancelOutbox' | 'resendOutbox' | 'resolveUncertain' | 'undoSend'> {
  return {
    listOutbox: notYet,
    getOutboxItem: notYet,
    cancelOutbox: notYet,
    resendOutbox: notYet,
    resolveUncertain: notYet,
    undoSend: notYet,
  };
}
