import type { Handlers } from '../dispatch';
import type { Services } from '../../services';

export function autoReplyHandlers(s: Services): Pick<Handlers, 'getAutoReply' | 'saveAutoReply' | 'autoReplyDryRun'> {
  return {
    getAutoReply: async ({ accountId }) => s.autoReply.get(accountId),
    saveAutoReply: async ({ accountId, settings }) => s.autoReply.save(accountId, settings),
    autoReplyDryRun: async ({ accountId, settings }) => s.autoReply.dryRun(accountId, settings),
  };
}
