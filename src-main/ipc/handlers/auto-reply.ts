import type { Handlers } from '../dispatch';
import type { Services } from '../../services';
import { appError } from '../../services/errors/app-error';

// Placeholder until the auto-reply part lands (issue 10): replaced, not kept.
const notYet = async (): Promise<never> => {
  throw appError('unknown', 'This part of Mailroom is being built.', 'Update Mailroom.');
};

export function autoReplyHandlers(_s: Services): Pick<Handlers, 'getAutoReply' | 'saveAutoReply' | 'autoReplyDryRun'> {
  return {
    getAutoReply: notYet,
    saveAutoReply: notYet,
    autoReplyDryRun: notYet,
  };
}
