import type { Statement } from 'better-sqlite3';
import type { Db } from './database';
import type { TicketListRow } from '../tickets/ticket-list-row';
import { countUnread, customerTickets, supervisorCounts, type CountQuery, type CustomerTickets, type SupervisorCounts, type UnreadQuery } from './ticket-counts';
import { answerList, type ListAnswer, type ListQuery } from './ticket-list-query';
import { listRowWriter } from './ticket-list-source';

/** A saved ticket (teamlog/state.ts TicketState without its history) as its row holds it. */
export interface StoredTicketRow {
  key: string;
  number: number;
  json: string;
}

/** One ticket to save: its JSON and the values kept beside it for the lookups below. */
export interface TicketRowSave extends StoredTicketRow {
  /** The ticket holds an offer: the offer timers look for those without reading every ticket. */
  offered: boolean;
  /** Its row of the ticket list (team_ticket_list), or null when the list leaves it out (merged, deleted). */
  list: TicketListRow | null;
}

/**
 * team_tickets and team_placements (migration 023): the tickets of each account's saved
 * team state, a row each, and the ticket each message is in. Read a ticket or a page at a
 * time (teamlog/stored-ticket-table.ts); written by the team state's save, inside its
 * transaction (team-repo.ts saveState).
 */
export class TeamTicketsRepo {
  /** The lookups a fold makes per message and ticket, prepared once: preparing took longer than the lookup. */
  private readonly lookups: { ticket: Statement; has: Statement; keyOfNumber: Statement; ticketOfMessage: Statement; keysAfter: Statement };

  constructor(private readonly db: Db) {
    this.lookups = {
      ticket: db.prepare('SELECT json FROM team_tickets WHERE account_id = ? AND key = ?').pluck(),
      has: db.prepare('SELECT 1 FROM team_tickets WHERE account_id = ? AND key = ?').pluck(),
      keyOfNumber: db.prepare('SELECT key FROM team_tickets WHERE account_id = ? AND number = ? ORDER BY key LIMIT 1').pluck(),
      ticketOfMessage: db.prepare('SELECT ticket_key FROM team_placements WHERE account_id = ? AND message_key = ?').pluck(),
      keysAfter: db.prepare('SELECT key, number FROM team_tickets WHERE account_id = ? AND (number, key) > (?, ?) ORDER BY number, key LIMIT ?').raw(),
    };
  }

  ticket(accountId: string, key: string): string | undefined {
    return this.lookups.ticket.get(accountId, key) as string | undefined;
  }

  has(accountId: string, key: string): boolean {
    return this.lookups.has.get(accountId, key) !== undefined;
  }

  keyOfNumber(accountId: string, number: number): string | undefined {
    return this.lookups.keyOfNumber.get(accountId, number) as string | undefined;
  }

  ticketOfMessage(accountId: string, message: string): string | undefined {
    return this.lookups.ticketOfMessage.get(accountId, message) as string | undefined;
  }

  count(accountId: string): number {
    return this.db.prepare('SELECT count(*) FROM team_tickets WHERE account_id = ?').pluck().get(accountId) as number;
  }

  /** Up to `limit` tickets' keys after (number, key), in number order: a page, so no statement stays open between the caller's turns. */
  keysAfter(accountId: string, after: { number: number; key: string }, limit: number): { key: string; number: number }[] {
    // Rows as arrays: a walk of the list reads every key, and objects per row cost it a third more.
    const rows = this.lookups.keysAfter.all(accountId, after.number, after.key, limit) as [string, number][];
    return rows.map(([key, number]) => ({ key, number }));
  }

  /** The tickets numbered from `first` up to `end` (not included), in number order. */
  ticketsInRange(accountId: string, first: number, end: number): StoredTicketRow[] {
    return this.db
      .prepare('SELECT key, number, json FROM team_tickets WHERE account_id = ? AND number >= ? AND number < ? ORDER BY number, key')
      .all(accountId, first, end) as StoredTicketRow[];
  }

  /** The tickets of these messages, for those placed. */
  ticketsOfMessages(accountId: string, messages: readonly string[]): { message: string; ticket: string }[] {
    return this.db
      .prepare('SELECT message_key AS message, ticket_key AS ticket FROM team_placements WHERE account_id = ? AND message_key IN (SELECT value FROM json_each(?))')
      .all(accountId, JSON.stringify(messages)) as { message: string; ticket: string }[];
  }

  /** These tickets (those the store holds), in no particular order. */
  ticketsByKeys(accountId: string, keys: readonly string[]): StoredTicketRow[] {
    return this.db
      .prepare('SELECT key, number, json FROM team_tickets WHERE account_id = ? AND key IN (SELECT value FROM json_each(?))')
      .all(accountId, JSON.stringify(keys)) as StoredTicketRow[];
  }

  /** Up to `limit` placements after the row `afterRow`, in the order the messages were first placed. */
  placementsAfter(accountId: string, afterRow: number, limit: number): { row: number; message: string; ticket: string }[] {
    return this.db
      .prepare('SELECT rowid AS row, message_key AS message, ticket_key AS ticket FROM team_placements WHERE account_id = ? AND rowid > ? ORDER BY rowid LIMIT ?')
      .all(accountId, afterRow, limit) as { row: number; message: string; ticket: string }[];
  }

  /** Placements naming a ticket the store does not hold (only a state from elsewhere has them), in the order of first placement. */
  unplaced(accountId: string): { message: string; ticket: string }[] {
    return this.db
      .prepare(
        `SELECT message_key AS message, ticket_key AS ticket FROM team_placements p WHERE account_id = ?
         AND NOT EXISTS (SELECT 1 FROM team_tickets t WHERE t.account_id = p.account_id AND t.key = p.ticket_key) ORDER BY rowid`,
      )
      .all(accountId) as { message: string; ticket: string }[];
  }

  offeredKeys(accountId: string): string[] {
    return this.db.prepare('SELECT key FROM team_tickets WHERE account_id = ? AND offered = 1').pluck().all(accountId) as string[];
  }

  /** A list query made ready for its count and its tickets (ticket-list-query.ts): used at once. */
  list(query: ListQuery): ListAnswer {
    return answerList(this.db, query);
  }

  /** The unread count of the badge and the window title (ticket-counts.ts). */
  unreadCount(query: UnreadQuery): number {
    return countUnread(this.db, query);
  }

  supervisorCounts(query: CountQuery): SupervisorCounts {
    return supervisorCounts(this.db, query);
  }

  customerTickets(query: CountQuery): CustomerTickets[] {
    return customerTickets(this.db, query);
  }

  /** Called inside the save's transaction: `replaces` drops the account's saved tickets and placements first. */
  write(accountId: string, tickets: Iterable<TicketRowSave>, placements: Iterable<readonly [message: string, ticket: string]>, replaces: boolean): void {
    if (replaces) {
      this.db.prepare('DELETE FROM team_tickets WHERE account_id = ?').run(accountId);
      this.db.prepare('DELETE FROM team_placements WHERE account_id = ?').run(accountId);
      this.db.prepare('DELETE FROM team_ticket_list WHERE account_id = ?').run(accountId);
    }
    const ticket = this.db.prepare('INSERT OR REPLACE INTO team_tickets (account_id, key, number, offered, json) VALUES (?, ?, ?, ?, ?)');
    const listed = listRowWriter(this.db, 'main.team_ticket_list');
    const unlisted = this.db.prepare('DELETE FROM team_ticket_list WHERE account_id = ? AND key = ?');
    for (const t of tickets) {
      ticket.run(accountId, t.key, t.number, t.offered ? 1 : 0, t.json);
      const l = t.list;
      if (l === null) unlisted.run(accountId, t.key);
      else listed(accountId, l);
    }
    // An update keeps the row, and with it the message's place in the order of first placement.
    const place = this.db.prepare(
      `INSERT INTO team_placements (account_id, message_key, ticket_key) VALUES (?, ?, ?)
       ON CONFLICT (account_id, message_key) DO UPDATE SET ticket_key = excluded.ticket_key`,
    );
    for (const [message, key] of placements) place.run(accountId, message, key);
  }
}
