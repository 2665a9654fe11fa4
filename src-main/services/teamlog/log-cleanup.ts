/**
 * Removing from the log folder what nobody needs any more, so a team's log does not grow
 * forever: presence events once they are old (they only say who was looking at a ticket
 * a moment ago), and snapshots older than the ones a new client tries, with their parts
 * (at a million tickets a snapshot is 50 MB, and one comes every 1,000 events). Folding
 * never misses them (it passes snapshots by, and UIDs have gaps anyway), and only
 * messages that parse as presence events or carry a snapshot's headers are ever touched.
 */
import type { ImapFlow } from 'imapflow';
import { requireOpen, searchUids } from '../sync/imap-reads';
import { EVENT_MARKER_HEADER } from './events';
import { chunks, toSequenceSet } from '../sync/uid-set';
import { snapshotUids } from './log-reader';
import { EVENT_ID_HEADER, eventSubject, headerOf, parseLoggedEvent, SNAPSHOT_PART_HEADER } from './parse-event';

/** UIDs per command, so no command line grows long. */
const BATCH = 200;

/**
 * UID EXPUNGE (UIDPLUS, RFC 4315) removes exactly the UIDs named. Without it only a plain
 * EXPUNGE exists, which also removes whatever anyone else marked \Deleted in the folder:
 * on such a server old presence events and snapshots are left in the log.
 */
export function canRemoveByUid(client: ImapFlow): boolean {
  return client.capabilities.has('UIDPLUS');
}

/**
 * Marks the given UIDs of the selected log folder \Deleted and expunges them by UID.
 * False when the server refused (the caller lets them be); a dead connection throws.
 */
export async function removeLogUids(client: ImapFlow, uids: number[]): Promise<boolean> {
  let ok = true;
  for (let i = 0; i < uids.length; i += BATCH) {
    requireOpen(client, 'removing old entries from the team log');
    // imapflow marks \Deleted, then sends UID EXPUNGE for these UIDs because UIDPLUS is there (canRemoveByUid).
    const done = await client.messageDelete(uids.slice(i, i + BATCH).join(','), { uid: true });
    requireOpen(client, 'removing old entries from the team log');
    ok &&= done;
  }
  return ok;
}

/**
 * UIDs of the presence events in the selected log folder, by anyone, that their author
 * wrote before `before` (epoch ms, this client's clock). Found by their marker header
 * and Subject, then each read and kept only if it parses as a presence event that old.
 * No date goes to the server: imapflow turns SEARCH BEFORE into OLDER <seconds> from the
 * computer's own clock where WITHIN exists. Few are there to read: authors remove theirs
 * after OWN_PRESENCE_KEEP_MS (team-log.ts).
 */
export async function presenceUidsBefore(client: ImapFlow, before: number): Promise<number[]> {
  const candidates = await searchUids(
    client,
    { header: { [EVENT_MARKER_HEADER]: true }, subject: eventSubject('presence') },
    'looking for old presence events in the team log',
  );
  const old: number[] = [];
  for (let i = 0; i < candidates.length; i += BATCH) {
    const range = candidates.slice(i, i + BATCH).join(',');
    for await (const message of client.fetch(range, { uid: true, source: true }, { uid: true })) {
      if (!message.source) continue;
      const parsed = parseLoggedEvent(message.uid, message.source);
      if (parsed.ok && parsed.logged.event.type === 'presence' && parsed.logged.event.at < before) old.push(message.uid);
    }
    requireOpen(client, 'reading old presence events in the team log');
  }
  return old;
}

/**
 * UIDs of the snapshots in the selected log folder older than its `keep` newest, and of
 * the parts before the oldest of those that belong to none of them: an older snapshot's,
 * or those of a writer that stopped before its event (a writer appends its parts just
 * before its event, so one still writing has none that old). Nothing while the log holds
 * `keep` snapshots or fewer.
 */
export async function oldSnapshotUids(client: ImapFlow, keep: number): Promise<number[]> {
  const heads = await snapshotUids(client);
  if (heads.length <= keep) return [];
  const kept = heads.slice(0, keep);
  const oldest = Math.min(...kept);
  const keptIds = new Set((await headerValues(client, kept, EVENT_ID_HEADER)).values());
  const parts = await searchUids(client, { uid: `1:${oldest - 1}`, header: { [SNAPSHOT_PART_HEADER]: true } }, 'looking for old snapshots in the team log');
  const partOf = await headerValues(client, parts, SNAPSHOT_PART_HEADER);
  const unkept = parts.filter((uid) => !keptIds.has(partOf.get(uid)?.split(' ')[0] ?? ''));
  return [...heads.slice(keep), ...unkept].sort((a, b) => a - b);
}

/** One header's value of each of the given UIDs of the selected folder (those that have it). */
async function headerValues(client: ImapFlow, uids: number[], name: string): Promise<Map<number, string>> {
  const values = new Map<number, string>();
  for (const batch of chunks(uids, BATCH)) {
    for await (const message of client.fetch(toSequenceSet(batch), { uid: true, headers: [name] }, { uid: true })) {
      const value = message.headers ? headerOf(message.headers, name) : undefined;
      if (value !== undefined) values.set(message.uid, value);
    }
    requireOpen(client, 'reading old snapshots in the team log');
  }
  return values;
}
