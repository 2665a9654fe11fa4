import type { Handlers } from '../dispatch';
import type { Services } from '../../services';

type ComposeChannel =
  | 'startDraft'
  | 'getDraft'
  | 'listDrafts'
  | 'saveDraft'
  | 'deleteDraft'
  | 'addDraftAttachment'
  | 'removeDraftAttachment'
  | 'sendDraft'
  | 'sendingAccounts';

export function composeHandlers(s: Services): Pick<Handlers, ComposeChannel> {
  return {
    startDraft: (request) => s.compose.startDraft(request),
    getDraft: async ({ id }) => s.compose.getDraft(id),
    listDrafts: async (filter) => s.compose.listDrafts(filter),
    saveDraft: async ({ draft }) => s.compose.saveDraft(draft),
    deleteDraft: async ({ id }) => s.compose.deleteDraft(id),
    addDraftAttachment: async ({ draftId, filename, contentType, dataBase64 }) =>
      s.compose.addAttachment(draftId, { filename, contentType, content: Buffer.from(dataBase64, 'base64') }),
    removeDraftAttachment: async ({ draftId, attachmentId }) => s.compose.removeAttachment(draftId, attachmentId),
    sendDraft: ({ id, scheduleAt, ignoreCollision }) => s.compose.sendDraft(id, { scheduleAt, ignoreCollision }),
    sendingAccounts: async () => s.compose.sendingAccounts(),
  };
}
