import type { ImapFlow } from 'imapflow';
import { requireOpen, searchUids } from '../sync/imap-reads';

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
 */
export async function* readLog(client: ImapFlow, fromUid: number): AsyncGenerator<RawLogEntry[]> {
  requireOpen(client, 'reading the team log');
  let batch: RawLogEntry[] = [];
  // "n:*" also returns the last message when its UID is below n (RFC 3501 ranges): hence the filter.
  for await (const message of client.fetch(`${Math.max(1, fromUid)}:*`, { uid: true, source: true }, { uid: true })) {
    if (message.uid < fromUid || !message.source) continue;
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
