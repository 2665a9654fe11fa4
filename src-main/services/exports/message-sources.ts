import type { TicketMessageView } from '../../../src-preload/contract';
import { explainError } from '../errors/explain';
import type { Store } from '../store';
import type { AttachmentStore } from '../store/attachments';

/** A message's original bytes for the zip, or why the zip cannot have them. */
export type MessageSource = { file: string } | { content: Buffer } | { missing: string };

export interface MessageSourcesDeps {
  store: Pick<Store, 'messages' | 'outbox'>;
  attachments: Pick<AttachmentStore, 'pathOf'>;
  /** Fetches and keeps a cached message's source from its server (SyncManager.loadSource). */
  fetchSource(accountId: string, messageId: number): Promise<{ sha256: string } | { missing: string }>;
}

/**
 * Where each message of a ticket comes from in an export, best first: the source kept
 * when it was downloaded (offline too); its server, for mail cached before sources were
 * kept (then kept for next time); the raw MIME this computer sent (the same bytes it put
 * in Sent), for a sent mail whose Sent copy was not synced.
 */
export class MessageSources {
  constructor(private readonly deps: MessageSourcesDeps) {}

  async sourceOf(accountId: string, message: TicketMessageView): Promise<MessageSource> {
    if (message.messageId !== null) {
      const id = Number(message.messageId);
      const kept = this.deps.store.messages.rawOf(id);
      if (kept) return { file: this.deps.attachments.pathOf(kept) };
      const fetched = await this.deps.fetchSource(accountId, id).catch((err: unknown) => {
        const why = explainError(err);
        return { missing: `This computer has no copy of the original, and fetching it failed: ${why.cause} ${why.fix}` };
      });
      if ('sha256' in fetched) return { file: this.deps.attachments.pathOf(fetched.sha256) };
      const sent = this.sentCopy(message);
      return sent ?? fetched;
    }
    return this.sentCopy(message) ?? { missing: 'This computer has not downloaded this message (its folder is not synced here).' };
  }

  private sentCopy(message: TicketMessageView): MessageSource | null {
    const raw = message.outboxId ? this.deps.store.outbox.raw(message.outboxId) : null;
    return raw ? { content: raw } : null;
  }
}
