import { BODY_RANGE_MAX_CHARS } from '../../../src-preload/contract';
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

export function mailHandlers(s: Services): Pick<
  Handlers,
  'listMailboxes' | 'listMessages' | 'getMessage' | 'downloadMessage' | 'messageTextRange' | 'messageHtml' | 'searchMessages' | 'setMessageFlags' | 'moveMessage'
> {
  return {
    searchMessages: async ({ query, limit, mailboxId, timeZone }) => s.store.search.find(query, limit, { mailboxId, timeZone }),
    listMailboxes: async ({ accountId }) => s.store.mailboxes.summaries(accountId, s.store.accounts.get(accountId)?.import.folders ?? []),
    listMessages: async ({ mailboxId, offset, limit }) => s.store.messages.list(numericId(mailboxId), offset, limit),
    getMessage: async ({ messageId }) => {
      const message = s.openMessage(numericId(messageId));
      if (!message) throw notFound();
      return message;
    },
    messageTextRange: async ({ messageId, offset, length }) => {
      const piece = s.store.messages.bodyRange(numericId(messageId), 'text', offset, Math.min(length, BODY_RANGE_MAX_CHARS));
      if (piece === null) throw notFound();
      return piece;
    },
    messageHtml: async ({ messageId }) => {
      const message = s.store.messages.get(numericId(messageId));
      if (!message) throw notFound();
      return withInlineImages(message, (sha256) => s.attachments.read(sha256)).html;
    },
    downloadMessage: async ({ messageId }) => {
      const message = await s.downloadMessage(numericId(messageId));
      if (!message) throw notFound();
      return message;
    },
    setMessageFlags: async ({ messageId, seen, flagged }) => {
      const summary = s.sync.setMessageFlags(numericId(messageId), { ...(seen !== undefined ? { seen } : {}), ...(flagged !== undefined ? { flagged } : {}) });
      if (!summary) throw notFound();
      return summary;
    },
    moveMessage: async ({ messageId, to }) => {
      const result = s.sync.moveMessage(numericId(messageId), to);
      if (!result) throw notFound();
      return result;
    },
  };
}
