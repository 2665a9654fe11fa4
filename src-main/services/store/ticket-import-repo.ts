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

/** Message ids per page of pendingIdPages: a page of a folder's date index is read in a few milliseconds. */
const PENDING_PAGE = 2000;

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
   * Ids of the account's messages above the mark and up to `upTo`, oldest date first (then
   * in storing order), in pages of at most `page`; rows stored meanwhile (above `upTo`) wait
   * for the next import. After a mark, the rowid range holds only the new rows, read in one
   * query (the unary + keeps SQLite on it, so a round with no new mail stays cheap at
   * 100,000 messages). An account's first import (mark 0) reads each folder's date index
   * a page at a time and merges the folders: sorting a million rows in one query held the
   * main thread for half a second.
   */
  *pendingIdPages(accountId: string, after: number, upTo: number, page = PENDING_PAGE): Generator<number[]> {
    if (after > 0) {
      const ids = this.db
        .prepare('SELECT id FROM messages WHERE id > ? AND id <= ? AND +mailbox_id IN (SELECT id FROM mailboxes WHERE account_id = ?) ORDER BY date, id')
        .pluck()
        .all(after, upTo, accountId) as number[];
      for (let i = 0; i < ids.length; i += page) yield ids.slice(i, i + page);
      return;
    }
    const next = this.db.prepare('SELECT date, id FROM messages WHERE mailbox_id = ? AND id <= ? AND (date, id) > (?, ?) ORDER BY date, id LIMIT ?').raw();
    const folders = (this.db.prepare('SELECT id FROM mailboxes WHERE account_id = ?').pluck().all(accountId) as number[]).map((mailbox) => ({
      mailbox,
      rows: [] as [date: number, id: number][],
      at: 0,
      more: true,
    }));
    /** The folder's next row in date order, reading its next page (after its last row) when its rows are used up; undefined when it has none left. */
    const head = (f: (typeof folders)[number]) => {
      if (f.at === f.rows.length && f.more) {
        const [date, id] = f.rows.at(-1) ?? [Number.MIN_SAFE_INTEGER, 0];
        f.rows = next.all(f.mailbox, upTo, date, id, page) as [number, number][];
        f.at = 0;
        f.more = f.rows.length === page;
      }
      return f.rows[f.at];
    };
    let ids: number[] = [];
    for (;;) {
      let first: (typeof folders)[number] | null = null;
      let best: [date: number, id: number] | undefined;
      for (const f of folders) {
        const row = head(f);
        if (row && (!best || row[0] < best[0] || (row[0] === best[0] && row[1] < best[1]))) {
          first = f;
          best = row;
        }
      }
      if (!first) break;
      ids.push(first.rows[first.at++]![1]);
      if (ids.length === page) {
        yield ids;
        ids = [];
      }
    }
    if (ids.length > 0) yield ids;
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
