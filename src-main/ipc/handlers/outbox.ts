import type { Handlers } from '../dispatch';
import type { Services } from '../../services';

type OutboxChannel = 'listOutbox' | 'getOutboxItem' | 'cancelOutbox' | 'resendOutbox' | 'resolveUncertain' | 'undoSend';

export function outboxHandlers(s: Services): Pick<Handlers, OutboxChannel> {
  return {
    listOutbox: async ({ filter, offset, limit }) => s.outbox.list(filter, offset, limit),
    getOutboxItem: async ({ id }) => s.outbox.preview(id),
    cancelOutbox: async ({ id }) => s.outbox.cancel(id),
    resendOutbox: async ({ id }) => s.outbox.resend(id),
    resolveUncertain: async ({ id, outcome }) => s.outbox.resolveUncertain(id, outcome),
    undoSend: async ({ id }) => s.outbox.undo(id),
  };
}
