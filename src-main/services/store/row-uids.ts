import type { Db } from './database';

/** A cached row as far as its server messages go. */
export interface RowPlace {
  id: number;
  mailboxId: number;
  uidvalidity: number;
  uid: number;
}

/**
 * The server messages a cached row stands for in its folder: its own UID and those of the
 * copies grouped into it (the "n copies" badge; skipped_uids 'duplicate'). Reading,
 * flagging or moving the row does so to every one of them, or the server's counts and
 * the cache's part ways.
 */
export function rowUids(db: Db, row: RowPlace): number[] {
  const copies = db
    .prepare(`SELECT uid FROM skipped_uids WHERE message_ref = ? AND mailbox_id = ? AND uidvalidity = ? AND reason = 'duplicate' ORDER BY uid`)
    .pluck()
    .all(row.id, row.mailboxId, row.uidvalidity) as number[];
  return [row.uid, ...copies];
}
