import type { Db } from './database';
import { withMessageId } from './message-keys';

export type CopyState = 'moving' | 'trashed' | 'erased';

export interface ServerDeletion {
  id: number;
  accountId: string;
  ticketKey: string;
  eventId: string;
  /** The Trash folder as it was before the first MOVE; null until recorded. */
  trash: { path: string; uidvalidity: number; uidNext: number } | null;
}

export interface DeletionCopy {
  id: number;
  messageRow: number | null;
  messageKey: string;
  mailboxPath: string;
  uidvalidity: number;
  uid: number;
  state: CopyState;
  trashUid: number | null;
}

interface DeletionRow {
  id: number;
  account_id: string;
  ticket_key: string;
  event_id: string;
  trash_path: string | null;
  trash_uidvalidity: number | null;
  trash_uid_next: number | null;
}

interface CopyRow {
  id: number;
  message_row: number | null;
  message_key: string;
  mailbox_path: string;
  uidvalidity: number;
  uid: number;
  state: CopyState;
  trash_uid: number | null;
}

/**
 * Tickets this client deletes from the server, as persisted tasks (migration 011). The
 * cached copies are marked after_import 'deleting' in the same transaction that records
 * the task: as with delete-after-import, from then on they no longer follow the server,
 * so a sync that finds them gone from INBOX (or in Trash) changes nothing.
 */
export class ServerDeletionsRepo {
  constructor(private readonly db: Db) {}

  /** Records the task with every cached copy of the messages (keys as the team log names them) still on the server. */
  queue(accountId: string, ticketKey: string, messageKeys: string[], eventId: string, now: number): number {
    const byId = this.db.prepare(
      `SELECT m.id, m.uidvalidity, m.uid, b.path FROM messages m JOIN mailboxes b ON b.id = m.mailbox_id
       WHERE b.account_id = @accountId AND ${withMessageId('m', '@key')} AND m.uid > 0 AND m.after_import IS NOT 'deleting' AND m.after_import IS NOT 'deleted'`,
    );
    const byHash = this.db.prepare(
      `SELECT m.id, m.uidvalidity, m.uid, b.path FROM messages m JOIN mailboxes b ON b.id = m.mailbox_id
       WHERE b.account_id = ? AND m.message_id IS NULL AND m.content_hash = ? AND m.uid > 0 AND m.after_import IS NOT 'deleting' AND m.after_import IS NOT 'deleted'`,
    );
    const insertCopy = this.db.prepare(
      'INSERT INTO server_deletion_copies (deletion_id, message_row, message_key, mailbox_path, uidvalidity, uid) VALUES (?, ?, ?, ?, ?, ?)',
    );
    const mark = this.db.prepare(`UPDATE messages SET after_import = 'deleting' WHERE id = ?`);
    return this.db.transaction(() => {
      const id = Number(
        this.db.prepare('INSERT INTO server_deletions (account_id, ticket_key, event_id, created_at) VALUES (?, ?, ?, ?)').run(accountId, ticketKey, eventId, now).lastInsertRowid,
      );
      for (const key of new Set(messageKeys)) {
        const rows = (key.startsWith('hash:') ? byHash.all(accountId, key.slice(5)) : byId.all({ accountId, key })) as { id: number; uidvalidity: number; uid: number; path: string }[];
        for (const row of rows) {
          insertCopy.run(id, row.id, key, row.path, row.uidvalidity, row.uid);
          mark.run(row.id);
        }
      }
      return id;
    }).immediate();
  }

  /** The account's unfinished tasks, oldest first. */
  forAccount(accountId: string): ServerDeletion[] {
    const rows = this.db.prepare('SELECT * FROM server_deletions WHERE account_id = ? ORDER BY id').all(accountId) as DeletionRow[];
    return rows.map((r) => ({
      id: r.id,
      accountId: r.account_id,
      ticketKey: r.ticket_key,
      eventId: r.event_id,
      trash: r.trash_path !== null && r.trash_uidvalidity !== null && r.trash_uid_next !== null ? { path: r.trash_path, uidvalidity: r.trash_uidvalidity, uidNext: r.trash_uid_next } : null,
    }));
  }

  copies(deletionId: number): DeletionCopy[] {
    const rows = this.db.prepare('SELECT * FROM server_deletion_copies WHERE deletion_id = ? ORDER BY id').all(deletionId) as CopyRow[];
    return rows.map((r) => ({
      id: r.id,
      messageRow: r.message_row,
      messageKey: r.message_key,
      mailboxPath: r.mailbox_path,
      uidvalidity: r.uidvalidity,
      uid: r.uid,
      state: r.state,
      trashUid: r.trash_uid,
    }));
  }

  setTrash(deletionId: number, trash: { path: string; uidvalidity: number; uidNext: number }): void {
    this.db.prepare('UPDATE server_deletions SET trash_path = ?, trash_uidvalidity = ?, trash_uid_next = ? WHERE id = ?').run(trash.path, trash.uidvalidity, trash.uidNext, deletionId);
  }

  /** Copies now in Trash, at the UID the server named (null: to be found there). */
  setTrashed(copies: { id: number; trashUid: number | null }[]): void {
    const stmt = this.db.prepare(`UPDATE server_deletion_copies SET state = 'trashed', trash_uid = ? WHERE id = ?`);
    this.db.transaction(() => {
      for (const c of copies) stmt.run(c.trashUid, c.id);
    }).immediate();
  }

  /** Copies gone from the server: marked erased, their cached rows dropped with them (one transaction). */
  setErased(ids: number[], dropRows: (rows: number[]) => void): void {
    const find = this.db.prepare('SELECT message_row FROM server_deletion_copies WHERE id = ?').pluck();
    const stmt = this.db.prepare(`UPDATE server_deletion_copies SET state = 'erased' WHERE id = ?`);
    this.db.transaction(() => {
      const rows = ids.map((id) => find.get(id) as number | null).filter((r): r is number => r !== null);
      for (const id of ids) stmt.run(id);
      dropRows(rows);
    }).immediate();
  }

  /** The task is over: every copy erased. */
  finish(deletionId: number): void {
    this.db.prepare('DELETE FROM server_deletions WHERE id = ?').run(deletionId);
  }
}
