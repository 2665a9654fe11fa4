import type { Address } from '../../../src-preload/contract';
import type { Db } from './database';

/** A stored message as the ticket importer reads it. */
export interface ImportRow {
  id: number;
  messageId: string | null;
  contentHash: string | null;
  inReplyTo: string | null;
  /** Oldest first. */
  references: string[];
  headers: Record<string, string[]>;
  subject: string;
  from: Address | null;
  to: Address[];
  cc: Address[];
  date: number;
}

interface Row {
  id: number;
  message_id: string | null;
  content_hash: string | null;
  in_reply_to: string | null;
  message_refs: string | null;
  headers_json: string | null;
  subject: string;
  from_name: string;
  from_address: string;
  to_json: string;
  cc_json: string;
  date: number;
}

/**
 * What the ticket importer has still to turn into tickets: per account, messages
 * above its mark (ticket_import_progress, lowered by a trigger when the newest rows
 * are deleted, see migration 006).
 */
export class TicketImportRepo {
  constructor(private readonly db: Db) {}

  /** Every row of the account up to this messages.id is imported (0 before the first import); the mark passes other accounts' rows too. */
  mark(accountId: string): number {
    return (this.db.prepare('SELECT imported_upto FROM ticket_import_progress WHERE account_id = ?').pluck().get(accountId) as number | undefined) ?? 0;
  }

  /** The highest messages.id in the store (0 when empty): every row stored from now on gets a higher one. */
  newestId(): number {
    return this.db.prepare('SELECT COALESCE(MAX(id), 0) FROM messages').pluck().get() as number;
  }

  setMark(accountId: string, upTo: number): void {
    this.db
      .prepare('INSERT INTO ticket_import_progress (account_id, imported_upto) VALUES (?, ?) ON CONFLICT (account_id) DO UPDATE SET imported_upto = excluded.imported_upto')
      .run(accountId, upTo);
  }

  /**
   * Ids of the account's messages above the mark, oldest date first (then in storing
   * order). The unary + keeps SQLite on the rowid range, which holds only the new
   * rows, instead of walking the folders' date index: a sync round with no new mail
   * must stay cheap at 100,000 messages. An account's first import (mark 0) goes through
   * its folders' index instead: the rowid range would then be every other account's rows.
   */
  pendingIds(accountId: string, after: number): number[] {
    // The unary + tells SQLite which of the two constraints not to take an index for.
    const where = after === 0 ? '+id > ? AND mailbox_id IN' : 'id > ? AND +mailbox_id IN';
    return this.db
      .prepare(`SELECT id FROM messages WHERE ${where} (SELECT id FROM mailboxes WHERE account_id = ?) ORDER BY date, id`)
      .pluck()
      .all(after, accountId) as number[];
  }

  /**
   * Ids of the account's newest messages not sent from one of these (lower-cased)
   * addresses, newest first: what the auto-reply's dry run judges.
   */
  newestIncomingIds(accountId: string, ownAddresses: string[], limit: number): number[] {
    return this.db
      .prepare(
        `SELECT id FROM messages
         WHERE mailbox_id IN (SELECT id FROM mailboxes WHERE account_id = ?)
           AND lower(from_address) NOT IN (SELECT value FROM json_each(?))
         ORDER BY date DESC, id DESC LIMIT ?`,
      )
      .pluck()
      .all(accountId, JSON.stringify(ownAddresses), limit) as number[];
  }

  /** The rows of these ids, in the order given (rows deleted meanwhile are left out). */
  rows(ids: number[]): ImportRow[] {
    const stmt = this.db.prepare(
      `SELECT id, message_id, content_hash, in_reply_to, message_refs, headers_json, subject, from_name, from_address, to_json, cc_json, date
       FROM messages WHERE id = ?`,
    );
    return ids.flatMap((id) => {
      const row = stmt.get(id) as Row | undefined;
      if (!row) return [];
      return [
        {
          id: row.id,
          messageId: row.message_id,
          contentHash: row.content_hash,
          inReplyTo: row.in_reply_to,
          references: row.message_refs ? row.message_refs.split(' ') : [],
          headers: row.headers_json ? (JSON.parse(row.headers_json) as Record<string, string[]>) : {},
          subject: row.subject,
          from: row.from_address || row.from_name ? { name: row.from_name, address: row.from_address } : null,
          to: JSON.parse(row.to_json) as Address[],
          cc: JSON.parse(row.cc_json) as Address[],
          date: row.date,
        },
      ];
    });
  }
}
