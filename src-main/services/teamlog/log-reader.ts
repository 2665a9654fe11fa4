import type { ImapFlow } from 'imapflow';
import { requireOpen, searchUids } from '../sync/imap-reads';
import { chunks, toSequenceSet } from '../sync/uid-set';
import type { TeamEvent } from './events';
import { isSnapshotHeader, parseSnapshotPart, SNAPSHOT_HEADER, SNAPSHOT_PART_HEADER } from './parse-event';

/** One message of the log folder as the server holds it. */
export interface RawLogEntry {
  uid: number;
  source: Buffer;
  /** Only the first bytes of a snapshot: a fold passes it by its header (parse-event.ts snapshotFromHeader). */
  cut?: boolean;
}

/** Entries fetched and handed to the caller at a time: the fold yields between batches, so 100,000 events never block the app. */
const READ_BATCH = 500;

/**
 * Bytes of each log message fetched with its batch. Every event but a big team's snapshot
 * fits (an import of 500 mails is about 200 KB); a longer message is fetched whole after
 * its batch, unless it is a snapshot: only a client that starts from one reads its state
 * (readEntry), and at a million tickets one is about 60 MB, which every client of the team
 * downloaded and decoded for seconds only to pass it by.
 */
export const HEAD_BYTES = 4 * 1024 * 1024;

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
export async function* readLog(client: ImapFlow, fromUid: number, headBytes = HEAD_BYTES): AsyncGenerator<RawLogEntry[]> {
  const from = Math.max(1, fromUid);
  // A snapshot's parts are no events: only a client that starts from the snapshot reads them (readSnapshotParts).
  const query = { uid: `${from}:*`, not: { header: { [SNAPSHOT_PART_HEADER]: true } } };
  const uids = (await searchUids(client, query, 'reading the team log')).filter((uid) => uid >= from);
  for (const batch of chunks(uids, READ_BATCH)) {
    const entries: RawLogEntry[] = [];
    const longer = new Set<number>();
    for await (const message of client.fetch(toSequenceSet(batch), { uid: true, size: true, source: { start: 0, maxLength: headBytes } }, { uid: true })) {
      if (!message.source) continue;
      const cut = message.size !== undefined && message.source.length < message.size;
      if (cut && !isSnapshotHeader(message.source)) longer.add(message.uid);
      entries.push(cut ? { uid: message.uid, source: message.source, cut: true } : { uid: message.uid, source: message.source });
    }
    requireOpen(client, 'reading the team log');
    const whole = [];
    for (const entry of entries) {
      if (!longer.has(entry.uid)) whole.push(entry);
      else {
        const read = await readEntry(client, entry.uid);
        if (read) whole.push(read);
      }
    }
    if (whole.length > 0) yield whole;
  }
}

/** UIDs of the snapshot events in the log, newest first (their marker header, see parse-event.ts). */
export async function snapshotUids(client: ImapFlow): Promise<number[]> {
  const uids = await searchUids(client, { header: { [SNAPSHOT_HEADER]: true } }, 'looking for a team log snapshot');
  return uids.sort((a, b) => b - a);
}

/**
 * The gzipped state of a snapshot event that names its parts (log-writer.ts
 * appendSnapshot), in order: null when any is missing or unreadable.
 */
export async function readSnapshotParts(client: ImapFlow, event: Extract<TeamEvent, { type: 'snapshot' }>): Promise<Buffer[] | null> {
  const uids = await searchUids(client, { header: { [SNAPSHOT_PART_HEADER]: event.id } }, 'looking for a team log snapshot');
  const parts = new Array<Buffer | undefined>(event.parts).fill(undefined);
  for (const batch of chunks(uids, READ_BATCH)) {
    for await (const message of client.fetch(toSequenceSet(batch), { uid: true, source: true }, { uid: true })) {
      const part = message.source ? parseSnapshotPart(message.source) : null;
      if (part && part.snapshotId === event.id && part.index >= 1 && part.index <= event.parts) parts[part.index - 1] = part.gz;
    }
    requireOpen(client, 'reading a team log snapshot');
  }
  return parts.every((part) => part !== undefined) ? (parts as Buffer[]) : null;
}

/** One log message by UID; null when it is gone. */
export async function readEntry(client: ImapFlow, uid: number): Promise<RawLogEntry | null> {
  const message = await client.fetchOne(String(uid), { uid: true, source: true }, { uid: true });
  requireOpen(client, 'reading a team log entry');
  return message && message.source ? { uid: message.uid, source: message.source } : null;
}
