import type { ImapFlow } from 'imapflow';
import type { SyncProgress } from '../../../src-preload/contract';
import { parseMessage } from '../mail/parse-message';
import type { Store } from '../store';
import type { MailboxRecord } from '../store/mailboxes-repo';
import type { HeaderInput } from '../store/messages-repo';
import { HEADER_QUERY, headerFromFetch } from './headers';
import { chunks, toSequenceSet } from './uid-set';

const HEADER_BATCH = 500;
const BODY_BATCH = 25;

export interface MailboxSyncHooks {
  progress(progress: Omit<SyncProgress, 'accountId'>): void;
  /** Called after each committed batch so the list can refresh. */
  changed(): void;
  /** Stops the body phase early (the account is being closed). */
  cancelled(): boolean;
}

/**
 * Brings one mailbox's cache to the server's state: forgets expunged messages,
 * fetches missing headers newest first in UID batches (so the list fills first),
 * refreshes flags, then fetches bodies. Every batch is its own transaction, so a
 * sync killed at any point resumes where it stopped without duplicates.
 */
export async function syncMailbox(client: ImapFlow, store: Store, mailbox: MailboxRecord, hooks: MailboxSyncHooks): Promise<void> {
  const mailboxId = String(mailbox.id);
  const lock = await client.getMailboxLock(mailbox.path, { readOnly: true });
  try {
    const opened = client.mailbox;
    if (!opened) throw new Error(`Mailbox ${mailbox.path} did not open`);
    const uidvalidity = Number(opened.uidValidity);
    if (mailbox.uidvalidity !== uidvalidity) {
      // The server renumbered the folder: old UIDs mean nothing now.
      store.messages.remove(mailbox.id, { uidvalidityNot: uidvalidity });
      store.mailboxes.setUidValidity(mailbox.id, uidvalidity);
    }

    const serverUids = opened.exists > 0 ? ((await client.search({ all: true }, { uid: true })) || []) : [];
    const cached = new Set(store.messages.uids(mailbox.id, uidvalidity));
    const onServer = new Set(serverUids);
    const gone = [...cached].filter((uid) => !onServer.has(uid));
    if (gone.length > 0) {
      store.messages.remove(mailbox.id, { uids: gone, uidvalidity });
      hooks.changed();
    }

    const missing = serverUids.filter((uid) => !cached.has(uid)).sort((a, b) => b - a);
    const total = missing.length;
    let done = 0;
    hooks.progress({ mailboxId, phase: 'headers', done, total });
    for (const batch of chunks(missing, HEADER_BATCH)) {
      const headers: HeaderInput[] = [];
      for await (const msg of client.fetch(toSequenceSet(batch), HEADER_QUERY, { uid: true })) {
        headers.push(headerFromFetch(msg));
      }
      store.messages.upsertHeaders(mailbox.id, uidvalidity, headers);
      done += batch.length;
      hooks.progress({ mailboxId, phase: 'headers', done, total });
      hooks.changed();
    }

    if (cached.size > gone.length) {
      const updates: { uid: number; flags: string[] }[] = [];
      for await (const msg of client.fetch('1:*', { uid: true, flags: true }, { uid: true })) {
        if (cached.has(msg.uid)) updates.push({ uid: msg.uid, flags: [...(msg.flags ?? [])] });
      }
      store.messages.updateFlags(mailbox.id, uidvalidity, updates);
      hooks.changed();
    }

  } finally {
    lock.release();
  }
  await fetchBodies(client, store, mailbox, hooks);
  hooks.progress({ mailboxId, phase: 'done', done: 0, total: 0 });
}

/**
 * Fetches, parses and indexes bodies newest first. The mailbox lock is taken per
 * batch so a reader opening a message waits for one batch, not the whole phase.
 */
async function fetchBodies(client: ImapFlow, store: Store, mailbox: MailboxRecord, hooks: MailboxSyncHooks): Promise<void> {
  const mailboxId = String(mailbox.id);
  const uidvalidity = store.mailboxes.byPath(mailbox.accountId, mailbox.path)?.uidvalidity ?? 0;
  const total = store.messages.countWithoutBody(mailbox.id, uidvalidity);
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
      const body = source
        ? await parseMessage(source)
        : { text: null, html: null, snippet: '', attachments: [], parseWarnings: ['The server returned no content for this message.'], searchText: '' };
      store.messages.setBody(id, body);
    }
    done += pending.length;
    hooks.progress({ mailboxId, phase: 'bodies', done, total });
    hooks.changed();
  }
}

/** Fetches one message's body now (the reader opened it before the background phase got there). */
export async function fetchOneBody(client: ImapFlow, store: Store, mailbox: MailboxRecord, messageId: number, uid: number): Promise<void> {
  const lock = await client.getMailboxLock(mailbox.path, { readOnly: true });
  try {
    const msg = await client.fetchOne(String(uid), { uid: true, source: true }, { uid: true });
    if (msg && msg.source) store.messages.setBody(messageId, await parseMessage(msg.source));
  } finally {
    lock.release();
  }
}
