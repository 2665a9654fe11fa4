import type { ImapFlow } from 'imapflow';
import { parseMessage, type AttachmentSink } from '../mail/parse-message';
import type { Store } from '../store';
import type { MailboxRecord } from '../store/mailboxes-repo';
import type { BodyInput } from './message-input';
import type { MailboxSyncHooks } from './mailbox-sync';
import { toSequenceSet } from './uid-set';

const BODY_BATCH = 25;

const NO_CONTENT: BodyInput = {
  text: null,
  html: null,
  snippet: '',
  attachments: [],
  parseWarnings: ['The server returned no content for this message.'],
};

/**
 * Fetches, parses and indexes bodies newest first, after all headers are in, so
 * the list is complete before the slow part. The mailbox lock is taken per batch
 * so a reader opening a message waits for one batch, not the whole phase.
 */
export async function fetchBodies(
  client: ImapFlow,
  store: Store,
  mailbox: MailboxRecord,
  uidvalidity: number,
  sink: AttachmentSink,
  hooks: MailboxSyncHooks,
): Promise<void> {
  const mailboxId = String(mailbox.id);
  const total = store.messages.countWithoutBody(mailbox.id, uidvalidity);
  if (total === 0) return;
  let done = 0;
  for (;;) {
    if (hooks.cancelled()) return;
    const pending = store.messages.withoutBody(mailbox.id, uidvalidity, BODY_BATCH);
    if (pending.length === 0) return;
    const sources = new Map<number, Buffer>();
    const lock = await client.getMailboxLock(mailbox.path, { readOnly: true });
    try {
      for await (const msg of client.fetch(toSequenceSet(pending.map((p) => p.uid)), { uid: true, source: true }, { uid: true })) {
        if (msg.source) sources.set(msg.uid, msg.source);
      }
    } finally {
      lock.release();
    }
    for (const { id, uid } of pending) {
      // A message expunged between the two phases has no source: keep its headers, note why.
      const source = sources.get(uid);
      // The source itself goes to the attachment store too: exports write it byte for byte.
      store.messages.setBody(id, source ? await parseMessage(source, sink) : NO_CONTENT, source ? sink(source) : null);
    }
    done += pending.length;
    hooks.progress({ mailboxId, phase: 'bodies', done, total });
    hooks.changed();
  }
}

/** Fetches one message's body now (the reader opened it before the background phase got there). */
export async function fetchOneBody(client: ImapFlow, store: Store, mailbox: MailboxRecord, messageId: number, uid: number, sink: AttachmentSink): Promise<void> {
  const lock = await client.getMailboxLock(mailbox.path, { readOnly: true });
  try {
    const msg = await client.fetchOne(String(uid), { uid: true, source: true }, { uid: true });
    if (msg && msg.source) store.messages.setBody(messageId, await parseMessage(msg.source, sink), sink(msg.source));
  } finally {
    lock.release();
  }
}

/**
 * Fetches one message's original source (BODY.PEEK[]: the \Seen flag stays as it is) and
 * keeps it, for a message cached before sources were kept. Null when the server has it no more.
 */
export async function fetchOneSource(client: ImapFlow, store: Store, mailbox: MailboxRecord, messageId: number, uid: number, sink: AttachmentSink): Promise<string | null> {
  const lock = await client.getMailboxLock(mailbox.path, { readOnly: true });
  try {
    const msg = await client.fetchOne(String(uid), { uid: true, source: true }, { uid: true });
    if (!msg || !msg.source) return null;
    const sha256 = sink(msg.source);
    store.messages.setRaw(messageId, sha256);
    return sha256;
  } finally {
    lock.release();
  }
}
