import type { Db } from './database';
import type { PendingFlagChange } from './pending-changes';
import { rowUids } from './row-uids';

/** Where an archived or deleted message goes: the account's \Archive or \Trash folder. */
export type MoveDestination = 'archive' | 'trash';

export interface PendingMessageMove {
  id: number;
  accountId: string;
  mailboxPath: string;
  uidvalidity: number;
  /** An IMAP sequence set of UIDs in mailboxPath. */
  uids: string;
  destination: MoveDestination;
  /** The agent's flag changes the cache had not sent yet when the row was dropped: set on the UIDs before the move. */
  flagChanges: FlagChange[];
}

export type FlagChange = Pick<PendingFlagChange, 'flag' | 'value'>;

const SPECIAL_USE: Record<MoveDestination, string> = { archive: '\\Archive', trash: '\\Trash' };

/**
 * Archive and delete of a message in Mail, in the shape of pending_flag_changes
 * (pending-changes.ts): queue() drops the cached row and queues the MOVE in one
 * transaction, so the list changes at once and a kill loses nothing; the sync runs the
 * MOVE (sync/message-moves.ts) and only then done() clears it. The row's UIDs stay in
 * skipped_uids meanwhile, so no sync stores the message again before the MOVE.
 */
export class MessageMovesRepo {
  constructor(private readonly db: Db) {}

  /**
   * Queues the move of a cached message; 'here' when its folder already is the destination,
   * null when it is not cached or has no server copy (after-import deleted).
   */
  queue(messageId: number, destination: MoveDestination, dropRow: (id: number) => void, now: number): { accountId: string } | 'here' | null {
    const row = this.db
      .prepare(
        `SELECT m.mailbox_id AS mailboxId, m.uidvalidity, m.uid, b.path, b.account_id AS accountId, b.special_use AS specialUse
         FROM messages m JOIN mailboxes b ON b.id = m.mailbox_id
         WHERE m.id = ? AND m.uid > 0 AND m.after_import IS NOT 'deleting' AND m.after_import IS NOT 'deleted'`,
      )
      .get(messageId) as { mailboxId: number; uidvalidity: number; uid: number; path: string; accountId: string; specialUse: string | null } | undefined;
    if (!row) return null;
    if (row.specialUse === SPECIAL_USE[destination]) return 'here';
    return this.db.transaction(() => {
      // The copies the row stands for (its "n copies" badge) go with it.
      const uids = rowUids(this.db, { id: messageId, mailboxId: row.mailboxId, uidvalidity: row.uidvalidity, uid: row.uid });
      // Dropping the row drops its unsent flag changes: the move carries them instead.
      const unsent = this.db.prepare('SELECT flag, value FROM pending_flag_changes WHERE message_id = ? ORDER BY id').all(messageId) as { flag: string; value: number }[];
      const last: Record<string, boolean> = {};
      for (const c of unsent) last[c.flag] = c.value === 1;
      this.db
        .prepare('INSERT INTO pending_message_moves (account_id, mailbox_path, uidvalidity, uids, destination, created_at, flag_changes) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run(row.accountId, row.path, row.uidvalidity, uids.join(','), destination, now, unsent.length > 0 ? JSON.stringify(last) : null);
      const skip = this.db.prepare(`INSERT OR REPLACE INTO skipped_uids (mailbox_id, uidvalidity, uid, reason, message_ref) VALUES (?, ?, ?, 'moved', NULL)`);
      for (const uid of uids) skip.run(row.mailboxId, row.uidvalidity, uid);
      dropRow(messageId);
      return { accountId: row.accountId };
    }).immediate();
  }

  /** The account's queued moves, in the order they were made. */
  forAccount(accountId: string): PendingMessageMove[] {
    const rows = this.db
      .prepare(
        `SELECT id, account_id AS accountId, mailbox_path AS mailboxPath, uidvalidity, uids, destination, flag_changes AS flagChanges
         FROM pending_message_moves WHERE account_id = ? ORDER BY id`,
      )
      .all(accountId) as (Omit<PendingMessageMove, 'flagChanges'> & { flagChanges: string | null })[];
    return rows.map((r) => ({
      ...r,
      flagChanges: Object.entries(JSON.parse(r.flagChanges ?? '{}') as Record<string, boolean>).map(([flag, value]) => ({ flag: flag as FlagChange['flag'], value })),
    }));
  }

  /** The server has the move (or the messages are gone from where they were). */
  done(id: number): void {
    this.db.prepare('DELETE FROM pending_message_moves WHERE id = ?').run(id);
  }
}
