/**
 * Filtering and sorting tickets across accounts. Each account's tickets are indexed
 * once per state change (search text and sort keys lowercased ahead), so a query over
 * 100,000 tickets is a scan of plain comparisons and one sort. Pure.
 */
import type { TicketFilter, TicketSort } from '../../../src-preload/contract/tickets';
import type { TicketStatus } from '../../../src-preload/contract/team';
import type { TeamState, TicketState } from '../teamlog/state';
import type { TicketAccount } from './sources';
import { agentRef, ticketToken } from './ticket-views';

export type { TicketSort };

export interface IndexedTicket {
  account: TicketAccount;
  state: TeamState;
  ticket: TicketState;
  /**
   * Lowercased text for filtering and sorting, made the first time a query needs it and
   * kept until the account changes (most queries need none of it).
   */
  haystack?: string;
  sortText?: { customer: string; subject: string; assignee: string };
}

export interface AccountTicketIndex {
  account: TicketAccount;
  state: TeamState;
  rows: IndexedTicket[];
}

export function indexAccount(account: TicketAccount, state: TeamState): AccountTicketIndex {
  const rows: IndexedTicket[] = [];
  for (const key in state.tickets) {
    const ticket = state.tickets[key]!;
    // A merged ticket is kept so its key resolves (its messages are shown by the one it went
    // into); a deleted one so its messages are not imported as a new ticket again.
    if (ticket.mergedInto === null && ticket.deleted === null) rows.push({ account, state, ticket });
  }
  return { account, state, rows };
}

/** Number, token, subject and customer, lowercased: what the text filter searches. */
function haystackOf(row: IndexedTicket): string {
  const { ticket, state } = row;
  row.haystack ??= `#${ticket.number} ${ticketToken(state.settings, ticket.number)} ${ticket.subject} ${ticket.customer?.name ?? ''} ${ticket.customer?.address ?? ''}`.toLowerCase();
  return row.haystack;
}

function sortTextOf(row: IndexedTicket): { customer: string; subject: string; assignee: string } {
  const { ticket, state } = row;
  row.sortText ??= {
    customer: (ticket.customer?.name || ticket.customer?.address || '').toLowerCase(),
    subject: ticket.subject.toLowerCase(),
    assignee: ticket.assignee === null ? '' : agentRef(state, ticket.assignee).name.toLowerCase(),
  };
  return row.sortText;
}

/** The words of the text filter: every one must occur; "#1042" and "1042" both find ticket 1042. */
export function searchWords(text: string): string[] {
  return text.toLowerCase().split(/\s+/).filter(Boolean);
}

function matcher(filter: TicketFilter, me: string): (row: IndexedTicket) => boolean {
  const words = searchWords(filter.text);
  const statuses = new Set<TicketStatus>(filter.status);
  const customer = filter.customer.trim().toLowerCase();
  return (row) => {
    const t = row.ticket;
    if (filter.scope === 'mine' && t.assignee !== me && t.offer?.agent !== me) return false;
    if (filter.scope === 'unassigned' && t.assignee !== null) return false;
    if (statuses.size > 0 && !statuses.has(t.status)) return false;
    if (filter.queue && t.queue !== filter.queue) return false;
    if (filter.agent && t.assignee !== filter.agent) return false;
    if (filter.tag && !t.tags.includes(filter.tag)) return false;
    if (filter.accountId && row.account.id !== filter.accountId) return false;
    if (customer && t.customer?.address.toLowerCase() !== customer) return false;
    if (words.length === 0) return true;
    const haystack = haystackOf(row);
    return words.every((w) => haystack.includes(w));
  };
}

const STATUS_ORDER: Record<TicketStatus, number> = { open: 0, pending: 1, closed: 2 };

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Each sort's key of a row, read once per row per query (a comparator would read it 17 times over 100,000 rows). */
const sortKey: Record<TicketSort, (row: IndexedTicket) => number | string> = {
  lastActivity: (row) => row.ticket.lastActivityAt,
  created: (row) => row.ticket.createdAt,
  number: (row) => row.ticket.number,
  customer: (row) => sortTextOf(row).customer,
  subject: (row) => sortTextOf(row).subject,
  status: (row) => STATUS_ORDER[row.ticket.status],
  assignee: (row) => sortTextOf(row).assignee,
  queue: (row) => row.ticket.queue,
  account: (row) => row.account.key,
  tags: (row) => row.ticket.tags.join(' ').toLowerCase(),
  disposition: (row) => (row.ticket.disposition ?? '').toLowerCase(),
  unread: (row) => (row.ticket.unread ? 1 : 0),
  messages: (row) => row.ticket.messages.length,
};

/** Every ticket of the given accounts that passes the filter, in the requested order. */
export function queryTickets(indexes: AccountTicketIndex[], filter: TicketFilter, sort: TicketSort, descending: boolean, me: string): IndexedTicket[] {
  const keep = matcher(filter, me);
  const keyOf = sortKey[sort];
  const keyed: { key: number | string; row: IndexedTicket }[] = [];
  for (const index of indexes) {
    if (filter.accountId && index.account.id !== filter.accountId) continue;
    for (const row of index.rows) if (keep(row)) keyed.push({ key: keyOf(row), row });
  }
  const sign = descending ? -1 : 1;
  // Ties fall back to the number, then the account, so a page never shuffles between two reads.
  keyed.sort(
    (a, b) =>
      sign * ((a.key < b.key ? -1 : a.key > b.key ? 1 : 0) || a.row.ticket.number - b.row.ticket.number || compareText(a.row.account.id, b.row.account.id)),
  );
  return keyed.map((k) => k.row);
}

/** May this agent see the account's tickets? Empty lists mean everyone. These are working rules, not a security boundary. */
export function mayView(state: TeamState, me: string): boolean {
  const { members, visibleOnlyFor } = state.settings;
  return (members.length === 0 || members.includes(me)) && (visibleOnlyFor.length === 0 || visibleOnlyFor.includes(me));
}
