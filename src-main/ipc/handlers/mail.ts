import type { Handlers } from '../dispatch';
import type { Services } from '../../services';
import { appError } from '../../services/errors/app-error';
import { withInlineImages } from '../../services/mail/inline-images';

const notFound = () => appError('mail/not-found', 'That message or folder is no longer in the cache.', 'Pick another one from the list; it may have been deleted on the server.');

function numericId(id: string): number {
  const n = Number(id);
  if (!Number.isSafeInteger(n) || n <= 0) throw notFound();
  return n;
}

export function mailHandlers(s: Services): Pick<Handlers, 'listMailboxes' | 'listMessages' | 'getMessage' | 'searchMessages' | 'setMessageFlags'> {
  return {
    searchMessages: async ({ query, limit }) => s.store.search.find(query, limit),
    listMailboxes: async ({ accountId }) => s.store.mailboxes.summaries(accountId),
    listMessages: async ({ mailboxId, offset, limit }) => s.store.messages.list(numericId(mailboxId), offset, limit),
    getMessage: async ({ messageId }) => {
      const id = numericId(messageId);
      const message = s.store.messages.get(id);
      if (!message) throw notFound();
      if (!message.bodyLoaded) {
        const mailbox = s.store.mailboxes.byId(Number(message.mailboxId));
        // Fetch in the background; the renderer re-reads on messagesChanged.
        if (mailbox) void s.sync.loadBody(mailbox.accountId, id).catch(() => undefined);
      }
      return withInlineImages(message, (sha256) => s.attachments.read(sha256));
    },
    setMessageFlags: async ({ messageId, seen, flagged }) => {
      const summary = s.sync.setMessageFlags(numericId(messageId), { ...(seen !== undefined ? { seen } : {}), ...(flagged !== undefined ? { flagged } : {}) });
      if (!summary) throw notFound();
      return summary;
    },
  };
}
