/**
 * Filtering and sorting tickets across accounts, fast at 100,000 tickets. Each account's
 * tickets are indexed again after a state change, reusing the rows of the tickets the
 * change did not touch (a change that touched none, like presence, keeps the index); the visible accounts' rows form a table that
 * knows each row's rank per sort key (ranked the first time a list asks for that order,
 * kept until the next change). A query scans the rows once with the filter
 * (ticket-match.ts) and sorts only the matching ranks, natively. The full-text index's hits
 * (message keys) are mapped to rows once per table and word. Pure.
 *
 * The app listed tickets this way until the list moved to SQL (store/ticket-list-query.ts);
 * kept as the model the SQL is checked against (tests/unit/ticket-list-query.test.ts).
 */
import type { TicketFilter, TicketSort } from '../../../src-preload/contract/tickets';
import { lowerBound } from '../../../src-main/services/lower-bound';
import type { TeamState } from '../../../src-main/services/teamlog/state';
import { stringSharing } from '../../../src-main/services/teamlog/string-sharing';
import type { TicketAccount } from '../../../src-main/services/tickets/sources';
import { STATUS_ORDER } from '../../../src-main/services/tickets/ticket-list-row';
import { compileFilter } from './ticket-match';
import { fieldText, notesOf, reusedRow, wordTest, type IndexedTicket } from './ticket-rows';

export type { TicketSort };
export type { IndexedTicket };

/** Per account id, the keys of the cached messages whose text holds the word (store/search-index.ts). */
export type MessagesWithText = (word: string) => ReadonlyMap<string, readonly string[]>;

export interface AccountTicketIndex {
  account: TicketAccount;
  state: TeamState;
  rows: IndexedTicket[];
}

/**
 * The account's index. Given the previous one, the rows of unchanged tickets are reused
 * with their texts, and when no ticket changed (same tickets, same order, same values)
 * the previous index itself is answered, so the table over it and its sort orders stay.
 */
export function indexAccount(account: TicketAccount, state: TeamState, previous?: AccountTicketIndex): AccountTicketIndex {
  const before = new Map<string, IndexedTicket>();
  if (previous) for (const row of previous.rows) before.set(row.ticket.key, row);
  const rows: IndexedTicket[] = [];
  const share = stringSharing();
  // The account's key is a sort key and a text of every row.
  let changed = !previous || previous.account.key !== account.key || previous.account.name !== account.name;
  for (const ticket of state.tickets.values()) {
    const { key } = ticket;
    // A merged ticket is kept so its key resolves (its messages are shown by the one it went
    // into); a deleted one so its messages are not imported as a new ticket again.
    if (ticket.mergedInto !== null || ticket.deleted !== null) continue;
    const reused = reusedRow(before.get(key), account, state, ticket, share);
    if (reused.changed || previous?.rows[rows.length] !== reused.row) changed = true;
    rows.push(reused.row);
  }
  if (previous && !changed && rows.length === previous.rows.length) {
    previous.account = account;
    previous.state = state;
    return previous;
  }
  return { account, state, rows };
}

/** Each sort's key of a row: read once per row when the table ranks rows by it. */
const sortKey: Record<TicketSort, (row: IndexedTicket) => number | string> = {
  lastActivity: (row) => row.ticket.lastActivityAt,
  created: (row) => row.ticket.createdAt,
  number: (row) => row.ticket.number,
  // The row's lowercased texts between newlines ("\nname\naddress\n") order as their first
  // value does, ties by the next, and are made already: ranking makes no string per row.
  customer: (row) => fieldText(row, 'customer'),
  subject: (row) => fieldText(row, 'subject'),
  status: (row) => STATUS_ORDER[row.ticket.status],
  assignee: (row) => fieldText(row, 'assignee'),
  queue: (row) => row.ticket.queue,
  account: (row) => row.account.key,
  tags: (row) => fieldText(row, 'tag'),
  disposition: (row) => fieldText(row, 'disposition'),
  unread: (row) => (row.ticket.unread ? 1 : 0),
  messages: (row) => row.ticket.messages.length,
};

const compare = (a: number | string, b: number | string) => (a < b ? -1 : a > b ? 1 : 0);

const CACHED_WORDS = 32;

/** Each key's rank among the distinct keys, in ascending order, and how many distinct keys there are. */
function rankKeys(keys: (number | string)[]): { ranks: Uint32Array; distinct: number } {
  const ranks = new Uint32Array(keys.length);
  if (typeof keys[0] === 'number') {
    // Numbers: a native sort of a typed copy, then a binary search per key (no hashing of 100,000 floats).
    const sorted = Float64Array.from(keys as number[]).sort();
    let distinct = 0;
    for (let i = 0; i < sorted.length; i += 1) if (i === 0 || sorted[i] !== sorted[distinct - 1]) sorted[distinct++] = sorted[i]!;
    for (let p = 0; p < keys.length; p += 1) ranks[p] = lowerBound(sorted, keys[p] as number, distinct);
    return { ranks, distinct };
  }
  const sorted = [...new Set(keys as string[])].sort();
  const rankOf = new Map<string, number>();
  sorted.forEach((key, rank) => rankOf.set(key, rank));
  for (let p = 0; p < keys.length; p += 1) ranks[p] = rankOf.get(keys[p] as string)!;
  return { ranks, distinct: sorted.length };
}

/**
 * Positions in `base` order, stably reordered by key: the distinct keys are ranked (native
 * sorts, no comparator over 100,000 rows), then a counting sort places the rows, so ties
 * keep the base order.
 */
function orderByKey(keys: (number | string)[], base: Uint32Array): Uint32Array {
  const { ranks, distinct } = rankKeys(keys);
  const starts = new Uint32Array(distinct + 1);
  for (let p = 0; p < ranks.length; p += 1) starts[ranks[p]! + 1]! += 1;
  for (let r = 1; r < starts.length; r += 1) starts[r]! += starts[r - 1]!;
  const order = new Uint32Array(keys.length);
  for (const p of base) order[starts[ranks[p]!]!++] = p;
  return order;
}

/**
 * The visible accounts' rows as one table, kept until one of the indexes is replaced (a
 * change in its account). Per sort key it holds the rows' order and each row's rank in it,
 * so a query scans the rows in memory order (fast: no jumping around 100,000 objects),
 * collects the ranks of those that pass, sorts those numbers natively and reads the rows
 * back in order.
 */
export class TicketTable {
  readonly rows: IndexedTicket[] = [];
  /** Where each account's rows are. */
  readonly spans = new Map<string, { start: number; end: number }>();
  private readonly sorted = new Map<TicketSort, { order: Uint32Array; rank: Uint32Array }>();
  /** Per full-text word and where ("messages:" or "anywhere:" + word), the positions of the rows that hold it, with the index hits they came from. */
  private readonly textRows = new Map<string, { hits: ReadonlyMap<string, readonly string[]> | undefined; marks: Uint8Array }>();
  private lookup: { positionByTicket: Map<string, Map<string, number>>; noted: number[] } | null = null;
  /** Positions by (number, account): the order ties fall back to. */
  private base: Uint32Array | null = null;

  constructor(readonly indexes: AccountTicketIndex[]) {
    for (const index of indexes) {
      const start = this.rows.length;
      for (const row of index.rows) this.rows.push(row);
      this.spans.set(index.account.id, { start, end: this.rows.length });
    }
  }

  /** Built on the same index objects: still valid. */
  covers(indexes: AccountTicketIndex[]): boolean {
    return indexes.length === this.indexes.length && indexes.every((index, i) => index === this.indexes[i]);
  }

  /** The sorts ranked so far. */
  rankedSorts(): TicketSort[] {
    return [...this.sorted.keys()];
  }

  sortedBy(sort: TicketSort): { order: Uint32Array; rank: Uint32Array } {
    let sorted = this.sorted.get(sort);
    if (!sorted) {
      // The base order is the number's.
      const order = sort === 'number' ? this.baseOrder() : orderByKey(this.rows.map(sortKey[sort]), this.baseOrder());
      const rank = new Uint32Array(order.length);
      for (let r = 0; r < order.length; r += 1) rank[order[r]!] = r;
      sorted = { order, rank };
      this.sorted.set(sort, sorted);
    }
    return sorted;
  }

  /**
   * The rows whose messages (the full-text index's hits for the word, per account id) or
   * notes hold the word, and with "anywhere" also those whose number, subject, customer or
   * tags do, marked by position: made once per word and table.
   */
  rowsWithText(word: string, where: 'messages' | 'anywhere', hits: ReadonlyMap<string, readonly string[]> | undefined): Uint8Array {
    const cacheKey = `${where}:${word}`;
    const known = this.textRows.get(cacheKey);
    if (known && known.hits === hits) return known.marks;
    const { rows } = this;
    let marks: Uint8Array;
    if (where === 'anywhere') {
      marks = this.rowsWithText(word, 'messages', hits).slice();
      const holds = wordTest(word);
      for (let p = 0; p < rows.length; p += 1) if (marks[p] === 0 && holds(rows[p]!)) marks[p] = 1;
    } else {
      marks = new Uint8Array(rows.length);
      const { positionByTicket, noted } = this.textLookup();
      for (const index of this.indexes) {
        const byTicket = positionByTicket.get(index.account.id)!;
        // A merge or a move points the message at the ticket it is in now; tickets not
        // listed (merged, deleted) have no row.
        const { tickets } = index.state;
        for (const key of hits?.get(index.account.id) ?? []) {
          const ticket = tickets.ticketOfMessage(key);
          const p = ticket === undefined ? undefined : byTicket.get(ticket);
          if (p !== undefined) marks[p] = 1;
        }
      }
      for (const p of noted) if (notesOf(rows[p]!).includes(word)) marks[p] = 1;
    }
    // Typing "r", "re", "ref"… asks for many words: keep the recent ones only.
    if (this.textRows.size >= CACHED_WORDS) this.textRows.clear();
    this.textRows.set(cacheKey, { hits, marks });
    return marks;
  }

  /** Per account id, its rows' positions by ticket key, and the positions of rows with notes: what full-text words are mapped through (made once per table). */
  textLookup(): { positionByTicket: Map<string, Map<string, number>>; noted: number[] } {
    if (!this.lookup) {
      const positionByTicket = new Map<string, Map<string, number>>();
      for (const [id, span] of this.spans) {
        const byTicket = new Map<string, number>();
        for (let p = span.start; p < span.end; p += 1) byTicket.set(this.rows[p]!.ticket.key, p);
        positionByTicket.set(id, byTicket);
      }
      const noted: number[] = [];
      for (let p = 0; p < this.rows.length; p += 1) if (notesOf(this.rows[p]!) !== '') noted.push(p);
      this.lookup = { positionByTicket, noted };
    }
    return this.lookup;
  }

  private baseOrder(): Uint32Array {
    if (!this.base) {
      const { rows } = this;
      const positions = rows.map((_, p) => p);
      // Mostly runs already (each account's tickets in number order): the sort merges them.
      positions.sort((a, b) => rows[a]!.ticket.number - rows[b]!.ticket.number || compare(rows[a]!.account.id, rows[b]!.account.id));
      this.base = Uint32Array.from(positions);
    }
    return this.base;
  }
}

export interface QueryContext {
  me: string;
  now: number;
  /** The full-text index; without it full-text words match the notes only. */
  messagesWithText?: MessagesWithText;
}

/** Every ticket of the table that passes the filter, in the requested order. */
export function queryTickets(table: TicketTable, filter: TicketFilter, sort: TicketSort, descending: boolean, ctx: QueryContext): IndexedTicket[] {
  const searched = filter.accountId ? table.indexes.filter((index) => index.account.id === filter.accountId) : table.indexes;
  const rowsWithText = (word: string, where: 'messages' | 'anywhere') => table.rowsWithText(word, where, ctx.messagesWithText?.(word));
  const keep = compileFilter(filter, { me: ctx.me, now: ctx.now, rowsWithText });
  const { order, rank } = table.sortedBy(sort);
  const { rows } = table;
  const ranks = new Uint32Array(rows.length);
  let found = 0;
  for (const index of searched) {
    const span = table.spans.get(index.account.id)!;
    for (let p = span.start; p < span.end; p += 1) if (!keep || keep(rows[p]!, p)) ranks[found++] = rank[p]!;
  }
  const hits = ranks.subarray(0, found).sort();
  const result = new Array<IndexedTicket>(found);
  // Descending is the exact reverse, ties included, so a page never shuffles between reads.
  for (let i = 0; i < found; i += 1) result[descending ? found - 1 - i : i] = rows[order[hits[i]!]!]!;
  return result;
}
