import type { MessageSummary } from '../../../src-preload/contract';
import type { Db } from './database';
import { readSummary } from './message-rows';
import { rowUids, type RowPlace } from './row-uids';

export interface PendingFlagChange {
  id: number;
  messageId: number;
  /** The row's UID and its grouped copies' (row-uids.ts): the change is made to each. */
  uids: number[];
  flag: '\\Seen' | '\\Flagged';
  value: boolean;
}

/**
 * SQL over a `messages` row: no flag change of ours is still on its way for it. Flags
 * read from the server do not overwrite such a row (the server follows soon).
 */
export const NO_PENDING_FLAG_CHANGE = 'NOT EXISTS (SELECT 1 FROM pending_flag_changes p WHERE p.message_id = messages.id)';

/**
 * The agent's flag changes (read, flagged) on their way to the server, in
 * pending_flag_changes. The shape every change an agent makes to server state
 * follows (the outbox and the team log's offline queue copy it):
 *
 * 1. apply(): change the cache at once, and in the same transaction queue the
 *    server step durably, so the agent sees the result now and a restart or an
 *    outage loses nothing.
 * 2. A sync replays the queue in the order it was made (forFolder(), then the
 *    server step in sync/server-changes.ts) on every connection, after a restart too.
 * 3. done(): the server has the change; only then does it leave the queue.
 */
export class PendingFlagChanges {
  constructor(private readonly db: Db) {}

  /** Changes the cached flags and queues the change for the server, in one transaction; returns the updated row. */
  apply(id: number, change: { seen?: boolean; flagged?: boolean }): MessageSummary | null {
    const queue = this.db.prepare('INSERT INTO pending_flag_changes (message_id, flag, value, created_at) VALUES (?, ?, ?, ?)');
    // Mail after-import deleted has no server copy left to follow the change.
    const onServer =
      this.db
        .prepare(`SELECT 1 FROM messages WHERE id = ? AND uid > 0 AND after_import IS NOT 'deleting' AND after_import IS NOT 'deleted'`)
        .get(id) !== undefined;
    const set = (column: 'seen' | 'flagged', flag: string, value: boolean) => {
      this.db.prepare(`UPDATE messages SET ${column} = ? WHERE id = ?`).run(value ? 1 : 0, id);
      if (onServer) queue.run(id, flag, value ? 1 : 0, Date.now());
    };
    this.db.transaction(() => {
      if (change.seen !== undefined) set('seen', '\\Seen', change.seen);
      if (change.flagged !== undefined) set('flagged', '\\Flagged', change.flagged);
    }).immediate();
    return readSummary(this.db, id);
  }

  /**
   * Queued changes for messages of this folder and UIDVALIDITY, in the order they were made.
   * This query and anyIn start from the queue (CROSS JOIN keeps that order): it is short,
   * while SQLite, left to choose, walked the folder's rows (100,000) at every sync round.
   */
  forFolder(mailboxId: number, uidvalidity: number): PendingFlagChange[] {
    const rows = this.db
      .prepare(
        `SELECT p.id, p.message_id AS messageId, m.uid, p.flag, p.value FROM pending_flag_changes p
         CROSS JOIN messages m ON m.id = p.message_id
         WHERE m.mailbox_id = ? AND m.uidvalidity = ? ORDER BY p.id`,
      )
      .all(mailboxId, uidvalidity) as (Pick<PendingFlagChange, 'id' | 'messageId' | 'flag'> & { uid: number; value: number })[];
    const uidsOf = new Map<number, number[]>();
    return rows.map((r) => {
      const place: RowPlace = { id: r.messageId, mailboxId, uidvalidity, uid: r.uid };
      const uids = uidsOf.get(r.messageId) ?? rowUids(this.db, place);
      uidsOf.set(r.messageId, uids);
      return { id: r.id, messageId: r.messageId, uids, flag: r.flag, value: r.value === 1 };
    });
  }

  /** Whether any change waits for a message of this folder (the sync then opens it read-write). */
  anyIn(mailboxId: number): boolean {
    return (
      this.db
        .prepare('SELECT 1 FROM pending_flag_changes p CROSS JOIN messages m ON m.id = p.message_id WHERE m.mailbox_id = ? LIMIT 1')
        .get(mailboxId) !== undefined
    );
  }

  /** The server has these changes now. */
  done(ids: number[]): void {
    const stmt = this.db.prepare('DELETE FROM pending_flag_changes WHERE id = ?');
    this.db.transaction(() => {
      for (const id of ids) stmt.run(id);
    }).immediate();
  }
}
