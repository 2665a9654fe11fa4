import type { ImapFlow } from 'imapflow';
import type { ImportSettings } from '../../../src-preload/contract';
import type { Store } from '../store';
import type { MailboxRecord } from '../store/mailboxes-repo';
import type { PendingFlagChange } from '../store/pending-changes';
import { toSequenceSet } from './uid-set';

const AFTER_IMPORT_BATCH = 500;

/**
 * Applies the admin's after-import choice to messages whose body is stored.
 *
 * Order matters for delete: the rows are first marked 'deleting' in a committed
 * transaction (from then on the cache no longer mirrors their server copy), then
 * STORE \Deleted + UID EXPUNGE, then 'deleted'. A kill between the steps repeats
 * the server step on the next sync, which is harmless; nothing is ever expunged
 * before the local copy is durable.
 */
export async function applyAfterImport(client: ImapFlow, store: Store, mailbox: MailboxRecord, uidvalidity: number, settings: ImportSettings): Promise<boolean> {
  const action = settings.afterImport;
  if (action === 'leave') return false;
  let changed = false;
  for (;;) {
    const rows = store.messages.awaitingAfterImport(mailbox.id, uidvalidity, action, AFTER_IMPORT_BATCH);
    if (rows.length === 0) return changed;
    const ids = rows.map((r) => r.id);
    const set = toSequenceSet(rows.flatMap((r) => r.uids));
    const lock = await client.getMailboxLock(mailbox.path);
    try {
      if (action === 'mark-read') {
        await client.messageFlagsAdd(set, ['\\Seen'], { uid: true });
        store.messages.setAfterImport(ids, 'marked-read');
      } else {
        store.messages.setAfterImport(ids, 'deleting');
        await client.messageDelete(set, { uid: true });
        store.messages.setAfterImport(ids, 'deleted');
      }
    } finally {
      lock.release();
    }
    changed = true;
  }
}

/** The last change per message and flag wins: toggling twice offline sends one command. */
function latest(changes: PendingFlagChange[]): Map<string, PendingFlagChange> {
  const last = new Map<string, PendingFlagChange>();
  for (const c of changes) last.set(`${c.messageId} ${c.flag}`, c);
  return last;
}

/**
 * Sends flag changes made in the app (read, flagged) with UID STORE, grouped into
 * one command per flag and direction, then clears them. Runs on every sync, so
 * changes made offline or before a restart go out on the next connection.
 */
export async function pushFlagChanges(client: ImapFlow, store: Store, mailbox: MailboxRecord, uidvalidity: number): Promise<boolean> {
  const changes = store.pendingFlags.forFolder(mailbox.id, uidvalidity);
  if (changes.length === 0) return false;
  const groups = new Map<string, number[]>();
  for (const c of latest(changes).values()) {
    const key = `${c.value ? '+' : '-'}${c.flag}`;
    groups.set(key, [...(groups.get(key) ?? []), ...c.uids]);
  }
  const lock = await client.getMailboxLock(mailbox.path);
  try {
    for (const [key, uids] of groups) {
      const flag = key.slice(1);
      if (key.startsWith('+')) await client.messageFlagsAdd(toSequenceSet(uids), [flag], { uid: true });
      else await client.messageFlagsRemove(toSequenceSet(uids), [flag], { uid: true });
    }
  } finally {
    lock.release();
  }
  store.pendingFlags.done(changes.map((c) => c.id));
  return true;
}
