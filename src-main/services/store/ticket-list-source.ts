/**
 * What the ticket list's queries read (ticket-list-query.ts, ticket-counts.ts): the stored
 * rows (team_ticket_list, team_placements) describe each account's saved state. What they
 * do not (this agent's pending changes, or a state never saved) comes with a query as an
 * overlay, written to temporary tables that replace those rows and placements, so every
 * filter and count exists once, in SQL.
 */
import type { LogListOverlay } from '../teamlog/pending-view';
import { ticketListRow, type TicketListRow } from '../tickets/ticket-list-row';
import type { Db } from './database';

/** An INSERT OR REPLACE of a ticket's list row into `table` (the stored list, or the overlay). */
export function listRowWriter(db: Db, table: 'main.team_ticket_list' | 'temp.list_overlay'): (accountId: string, l: TicketListRow) => void {
  const stmt = db.prepare(
    `INSERT OR REPLACE INTO ${table} (account_id, key, number, status, queue, assignee, offered_to, offer_phase, unread, created_at, last_activity_at, messages,
       customer_address, customer_name, tags, subject_text, queue_text, customer_text, tag_text, disposition_text, notes_text) VALUES (${Array(21).fill('?').join(', ')})`,
  );
  return (accountId, l) =>
    void stmt.run(accountId, l.key, l.number, l.status, l.queue, l.assignee, l.offeredTo, l.offerPhase, l.unread ? 1 : 0, l.createdAt, l.lastActivityAt, l.messages,
      l.customerAddress, l.customerName, l.tags, l.subjectText, l.queueText, l.customerText, l.tagText, l.dispositionText, l.notesText);
}

/** Of one account, what the agent sees that the stored rows do not describe. */
export interface ListOverlay extends LogListOverlay {
  accountId: string;
}

/** Rows of `from` that pass `where`, added or subtracted; each row counts `weight` (a column) when given, else one. */
export interface CountTerm {
  from: string;
  where: string;
  sign: '+' | '-';
  weight?: string;
}

/** The tables a query reads (FROM), and the parameters they need bound with the query's own. */
export interface ListSources {
  /** The list rows as one table: counts read it whole. */
  list: string;
  /**
   * The same rows as parts, each a table and the test of its rows: a page asks each part
   * for its best rows apart, so the stored part is still read in an index's order.
   */
  parts: { from: string; where: string }[];
  /**
   * The same rows for a count, as terms to add and subtract: the stored rows, less those
   * the overlay replaces (looked up by key), plus the overlay's. A count then reads the
   * stored rows through its own index, without a per-row test against the overlay (at
   * 100,000 tickets that test tripled the unread count while a first sync imports).
   */
  counted: CountTerm[];
  /**
   * `counted` with the stored rows read as their groups (team_ticket_list_groups, migration
   * 024): for a count whose test reads only the grouped columns (account_id, status, unread,
   * queue, assignee, offered_to, offer_phase), a few hundred groups instead of every row.
   */
  grouped: CountTerm[];
  placements: string;
  bind: Record<string, unknown>;
}

/**
 * The test that a row is of these accounts. One account (a shared mailbox, the usual case)
 * is an equality, so an index on (account_id, the sort's column, number) hands a page in
 * order without sorting the account's rows; a list of accounts is read through json_each.
 */
export function inAccounts(accountIds: readonly string[], params: Record<string, unknown>): string {
  if (accountIds.length === 1) {
    params.account = accountIds[0];
    return 'account_id = @account';
  }
  params.accounts = JSON.stringify(accountIds);
  return 'account_id IN (SELECT value FROM json_each(@accounts))';
}

/** How many rows of `counted` (ListSources) pass `where`, whose parameters `params` binds. */
export function countRows(db: Db, counted: readonly CountTerm[], where: string, params: Record<string, unknown>): number {
  const terms = counted.map((term) => `${term.sign} (SELECT ${term.weight ? `coalesce(sum(${term.weight}), 0)` : 'count(*)'} FROM ${term.from} WHERE ${term.where} AND ${where})`);
  return db.prepare(`SELECT 0 ${terms.join(' ')}`).pluck().get(params) as number;
}

/** The overlays of the logs that have one (TeamLog.listOverlay). */
export function overlaysOf(logs: readonly { accountId: string; log: { listOverlay(): LogListOverlay | null } }[]): ListOverlay[] {
  return logs.flatMap(({ accountId, log }) => {
    const overlay = log.listOverlay();
    return overlay ? [{ accountId, ...overlay }] : [];
  });
}

/**
 * Writes the overlays to the temporary tables (this connection's own) and answers what a
 * query reads instead of the stored tables: those with the overlaid rows left out and the
 * overlay's added.
 */
export function listSources(db: Db, overlays: readonly ListOverlay[]): ListSources {
  if (overlays.length === 0) {
    const all = [{ from: 'team_ticket_list', where: '1' }];
    const grouped: CountTerm = { from: 'team_ticket_list_groups', where: '1', sign: '+', weight: 'n' };
    return { list: 'team_ticket_list', parts: all, counted: [{ ...all[0]!, sign: '+' }], grouped: [grouped], placements: 'team_placements', bind: {} };
  }
  db.exec(`CREATE TEMP TABLE IF NOT EXISTS list_overlay AS SELECT * FROM main.team_ticket_list WHERE 0;
    CREATE TEMP TABLE IF NOT EXISTS list_overlay_keys (account_id TEXT NOT NULL, key TEXT NOT NULL, PRIMARY KEY (account_id, key)) WITHOUT ROWID;
    CREATE TEMP TABLE IF NOT EXISTS placement_overlay (account_id TEXT NOT NULL, message_key TEXT NOT NULL, ticket_key TEXT NOT NULL, PRIMARY KEY (account_id, message_key)) WITHOUT ROWID;`);
  const row = listRowWriter(db, 'temp.list_overlay');
  const hidden = db.prepare('INSERT OR IGNORE INTO temp.list_overlay_keys (account_id, key) VALUES (?, ?)');
  const placed = db.prepare('INSERT OR REPLACE INTO temp.placement_overlay (account_id, message_key, ticket_key) VALUES (?, ?, ?)');
  const whole: string[] = [];
  db.transaction(() => {
    db.exec('DELETE FROM temp.list_overlay; DELETE FROM temp.list_overlay_keys; DELETE FROM temp.placement_overlay;');
    for (const overlay of overlays) {
      if (overlay.whole) whole.push(overlay.accountId);
      for (const ticket of overlay.tickets) {
        hidden.run(overlay.accountId, ticket.key);
        const listed = ticketListRow(ticket);
        if (listed) row(overlay.accountId, listed);
      }
      for (const [message, ticket] of overlay.placements) placed.run(overlay.accountId, message, ticket);
    }
  })();
  const notWhole = (alias: string) => `${alias}.account_id NOT IN (SELECT value FROM json_each(@whole))`;
  const stored = (alias: string, overlay: string, match: string) =>
    `${notWhole(alias)} AND NOT EXISTS (SELECT 1 FROM temp.${overlay} o WHERE o.account_id = ${alias}.account_id AND ${match})`;
  const storedRows = stored('t', 'list_overlay_keys', 'o.key = t.key');
  const overlayRows = { from: 'temp.list_overlay', where: '1' };
  const replaced: CountTerm = { from: 'main.team_ticket_list t', where: `${notWhole('t')} AND (t.account_id, t.key) IN (SELECT account_id, key FROM temp.list_overlay_keys)`, sign: '-' };
  const overlaid: CountTerm = { ...overlayRows, sign: '+' };
  return {
    list: `(SELECT * FROM main.team_ticket_list t WHERE ${storedRows} UNION ALL SELECT * FROM temp.list_overlay)`,
    parts: [{ from: 'main.team_ticket_list t', where: storedRows }, overlayRows],
    counted: [{ from: 'main.team_ticket_list t', where: notWhole('t'), sign: '+' }, replaced, overlaid],
    grouped: [{ from: 'main.team_ticket_list_groups t', where: notWhole('t'), sign: '+', weight: 't.n' }, replaced, overlaid],
    placements:
      `(SELECT account_id, message_key, ticket_key FROM main.team_placements p WHERE ${stored('p', 'placement_overlay', 'o.message_key = p.message_key')} ` +
      'UNION ALL SELECT account_id, message_key, ticket_key FROM temp.placement_overlay)',
    bind: { whole: JSON.stringify(whole) },
  };
}
