/**
 * Removing presence events from the log folder once they are old: they only say who
 * was looking at a ticket a moment ago, so keeping them would grow every team's log
 * forever. Folding never misses them (UIDs have gaps anyway), and only messages that
 * parse as presence events are ever touched.
 */
import type { ImapFlow } from 'imapflow';
import { requireOpen, searchUids } from '../sync/imap-reads';
import { EVENT_MARKER_HEADER } from './events';
import { eventSubject, parseLoggedEvent } from './parse-event';

/** UIDs per command, so no command line grows long. */
const BATCH = 200;

/**
 * UID EXPUNGE (UIDPLUS, RFC 4315) removes exactly the UIDs named. Without it only a plain
 * EXPUNGE exists, which also removes whatever anyone else marked \Deleted in the folder:
 * on such a server presence events are left in the log.
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
    requireOpen(client, 'removing old presence events from the team log');
    // imapflow marks \Deleted, then sends UID EXPUNGE for these UIDs because UIDPLUS is there (canRemoveByUid).
    const done = await client.messageDelete(uids.slice(i, i + BATCH).join(','), { uid: true });
    requireOpen(client, 'removing old presence events from the team log');
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
