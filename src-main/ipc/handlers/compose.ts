import type { Handlers } from '../dispatch';
import type { Services } from '../../services';
import { appError } from '../../services/errors/app-error';

// Placeholder until the compose part lands (issue 10): replaced, not kept.
const notYet = async (): Promise<never> => {
  throw appError('unknown', 'This part of Mailroom is being built.', 'Update Mailroom.');
};

export function composeHandlers(_s: Services): Pick<Handlers, 'startDraft' | 'getDraft' | 'listDrafts' | 'saveDraft' | 'deleteDraft' | 'addDraftAttachment' | 'removeDraftAttachment' | 'sendDraft' | 'sendingAccounts'> {
  return {
    startDraft: notYet,
    getDraft: notYet,
    listDrafts: notYet,
    saveDraft: notYet,
    deleteDraft: notYet,
    addDraftAttachment: notYet,
    removeDraftAttachment: notYet,
    sendDraft: notYet,
    sendingAccounts: notYet,
  };
}
