import type { AccountSummary } from '../../../src-preload/contract';
import { DEFAULT_QUERY, type TicketQuery } from '../../stores/tickets';

/** The sidebar's fixed views; a queue is picked by name and account. */
export type ViewName = 'mine' | 'unassigned' | 'all';

export const VIEW_LABEL: Record<ViewName, string> = { mine: 'My tickets', unassigned: 'Unassigned', all: 'All tickets' };

/** The query a view starts from: its scope, the filters above the list reset. */
export function viewQuery(view: ViewName): TicketQuery {
  return { ...DEFAULT_QUERY, scope: view };
}

export function queueQuery(accountId: string, queue: string): TicketQuery {
  return { ...DEFAULT_QUERY, scope: 'all', accountId, queue };
}

/** Every ticket of one customer, in any account and any status: the contact's history. */
export function customerQuery(customer: { address: string; name: string }): TicketQuery {
  return { ...DEFAULT_QUERY, scope: 'all', status: [], customer: { address: customer.address, name: customerName(customer) } };
}

/** How the agent knows a customer: the name they wrote under, else the address. */
export function customerName(customer: { address: string; name: string }): string {
  return customer.name.trim() || customer.address;
}

export function isQueueQuery(q: TicketQuery | null, accountId: string, queue: string): boolean {
  return q !== null && q.scope === 'all' && q.accountId === accountId && q.queue === queue;
}

export function isViewQuery(q: TicketQuery | null, view: ViewName): boolean {
  return q !== null && q.scope === view && !q.queue && !q.accountId && !q.customer;
}

/** An account's named queues: the team's, and the standard queue its mail lands in (none when the admin chose none). */
export function accountQueues(account: AccountSummary, teamQueues: string[]): string[] {
  const standard = account.queue.trim();
  return standard && !teamQueues.includes(standard) ? [standard, ...teamQueues] : teamQueues;
}

/** How people name a ticket (SUP-1042, #1042): the contract's, so exports in main name tickets as the lists do. */
export { ticketLabel } from '../../../src-preload/contract';

/** A ticket's queue in words: tickets of an account without a standard queue have none. */
export function queueWords(queue: string): string {
  return queue || 'No queue';
}

/** The list's title: the queue, the account (all its tickets), or the view. */
export function queryTitle(q: TicketQuery, accounts: AccountSummary[]): string {
  if (q.queue) return q.queue;
  if (q.accountId) return accounts.find((a) => a.id === q.accountId)?.name ?? 'Account';
  return VIEW_LABEL[q.scope];
}

/** Filters beyond the view itself: an empty list then means "nothing matches", not "nothing there". */
export function hasNarrowingFilters(q: TicketQuery): boolean {
  return Boolean(q.text || q.tag || q.agent || q.customer) || q.status.join() !== DEFAULT_QUERY.status.join();
}

/** What an empty list means and what to do about it. */
export function emptyExplanation(q: TicketQuery, accounts: AccountSummary[]): { title: string; text: string } {
  if (hasNarrowingFilters(q)) return { title: 'No tickets match these filters', text: 'Clear the filters or the search to see every ticket in this view.' };
  if (q.queue || q.accountId) {
    const account = accounts.find((a) => a.id === q.accountId);
    return {
      title: `No tickets in ${queryTitle(q, accounts)}`,
      text: account ? `New mail to ${account.email} becomes a ticket here.` : 'New mail routed to this queue becomes a ticket here.',
    };
  }
  if (q.scope === 'mine') return { title: 'No tickets for you right now', text: 'Take one from Unassigned (press G then U), or stay online: routing offers you new tickets in turn.' };
  if (q.scope === 'unassigned') return { title: 'Nothing waiting', text: 'Every open ticket has an owner. New mail that nobody takes shows up here.' };
  const addresses = accounts.map((a) => a.email).join(', ');
  return { title: 'No open tickets', text: addresses ? `New mail to ${addresses} becomes a ticket here.` : 'Add a shared mailbox: its new mail becomes tickets here.' };
}
