import type { ImapFlow } from 'imapflow';
import { requireOpen, searchUids } from '../sync/imap-reads';
import { toSequenceSet } from '../sync/uid-set';

/** One message of the log folder as the server holds it. */
export interface RawLogEntry {
  uid: number;
  source: Buffer;
}

/** Entries handed to the caller at a time: the fold yields between batches, so 100,000 events never block the app. */
const READ_BATCH = 500;

/**
 * The log's messages from UID `fromUid` on, in UID order, in batches. Reads the selected
 * folder (openLogFolder). Fails instead of ending early when the connection dies: imapflow
 * ends a fetch on a dead connection silently, which would read as "no more events".
 *
 * The UIDs come first, then the sources of the new ones only: "n:*" also names the last
 * message when every UID is below n (RFC 3501 ranges), so fetching it read the newest
 * entry again at every pass, and at a million tickets that is often a snapshot of
 * hundreds of MB (two seconds a pass, four passes a sync round).
 */
export async function* readLog(client: ImapFlow, fromUid: number): AsyncGenerator<RawLogEntry[]> {
  const from = Math.max(1, fromUid);
  const uids = (await searchUids(client, { uid: `${from}:*` }, 'reading the team log')).filter((uid) => uid >= from);
  if (uids.length === 0) return;
  let batch: RawLogEntry[] = [];
  for await (const message of client.fetch(toSequenceSet(uids), { uid: true, source: true }, { uid: true })) {
    if (!message.source) continue;
    batch.push({ uid: message.uid, source: message.source });
    if (batch.length >= READ_BATCH) {
      yield batch;
      batch = [];
    }
  }
  requireOpen(client, 'reading the team log');
  if (batch.length > 0) yield batch;
}

/** UIDs of the snapshot events in the log, newest first (their marker header, see parse-event.ts). */
export async function snapshotUids(client: ImapFlow): Promise<number[]> {
  const uids = await searchUids(client, { header: { 'X-Mailroom-Snapshot': true } }, 'looking for a team log snapshot');
  return uids.sort((a, b) => b - a);
}

/** One log message by UID; null when it is gone. */
export async function readEntry(client: ImapFlow, uid: number): Promise<RawLogEntry | null> {
  const message = await client.fetchOne(String(uid), { uid: true, source: true }, { uid: true });
  requireOpen(client, 'reading a team log snapshot');
  return message && message.source ? { uid: message.uid, source: message.source } : null;
}
