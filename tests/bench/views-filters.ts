/**
 * The 20 filters the interactions benchmark asks for: the quick filters and advanced
 * searches an agent typically combines, as the interactions list sends them
 * (listTickets, first page, the agent's time zone). Values come from the store the
 * benchmark built (views-store.ts), so every filter has real matches.
 */
import type { ConditionInput } from '../../src-preload/contract/interactions';
import { TicketFilterSchema, type TicketFilter, type TicketFilterInput, type TicketSort } from '../../src-preload/contract/tickets';
import type { ViewsStoreInfo } from './views-store';

export interface BenchFilter {
  name: string;
  filter: TicketFilter;
  sort: TicketSort;
  descending: boolean;
}

/** A day (YYYY-MM-DD, UTC) `days` before the clock. */
function dayBefore(now: number, days: number): string {
  return new Date(now - days * 86_400_000).toISOString().slice(0, 10);
}

export function benchFilters(info: ViewsStoreInfo, now: number, timeZone: string): BenchFilter[] {
  const billing = info.accounts.find((a) => a.key === 'BIL')!.id;
  const other = info.agents[3]!.id;
  const number = String(Math.floor(info.accounts[0]!.tickets / 2));
  const f = (name: string, input: TicketFilterInput, sort: TicketSort = 'lastActivity', descending = true): BenchFilter => ({
    name,
    filter: TicketFilterSchema.parse({ timeZone, ...input }),
    sort,
    descending,
  });
  const rows = (...conditions: ConditionInput[]) => conditions;
  return [
    f('everything (the list opening)', {}),
    f('status open', { status: ['open'] }),
    f('mine, open or pending', { scope: 'mine', status: ['open', 'pending'] }),
    f('unassigned, open', { scope: 'unassigned', status: ['open'] }),
    f('queue Billing, open, by created', { queue: 'Billing', status: ['open'] }, 'created'),
    f('tag refund', { tag: 'refund' }),
    f('account BIL, closed, by customer', { accountId: billing, status: ['closed'] }, 'customer', false),
    f('text "refund"', { text: 'refund' }),
    f('text customer name "anna schmidt"', { text: 'anna schmidt' }),
    f(`text ticket number "#${number}"`, { text: `#${number}` }),
    f('last 7 days', { date: { preset: '7d' } }),
    f('last 30 days, unread', { date: { preset: '30d' }, read: 'unread' }),
    f('custom 60 days, closed, by created ascending', { date: { preset: 'custom', from: dayBefore(now, 200), to: dayBefore(now, 140) }, status: ['closed'] }, 'created', false),
    f('advanced all: subject contains invoice, tag is vip', { conditions: rows({ field: 'subject', op: 'contains', value: 'invoice' }, { field: 'tag', op: 'is', value: 'vip' }) }),
    f('advanced any: pending, tag urgent, disposition Refunded', {
      match: 'any',
      conditions: rows({ field: 'status', op: 'is', value: 'pending' }, { field: 'tag', op: 'is', value: 'urgent' }, { field: 'disposition', op: 'is', value: 'Refunded' }),
    }),
    f('advanced all: created after, messages > 2, assignee empty (+ a row switched off)', {
      conditions: rows(
        { field: 'created', op: 'after', value: dayBefore(now, 90) },
        { field: 'messages', op: 'after', value: '2' },
        { field: 'assignee', op: 'isEmpty', value: '' },
        { field: 'subject', op: 'contains', value: 'password', enabled: false },
      ),
    }),
    f('advanced all: customer starts with grace, disposition is not Solved, by subject', {
      conditions: rows({ field: 'customer', op: 'startsWith', value: 'grace' }, { field: 'disposition', op: 'isNot', value: 'Solved' }),
    }, 'subject', false),
    f('full text "parcel"', { text: 'parcel', fullText: true }),
    f('full text "screenshots tracking", closed', { text: 'screenshots tracking', fullText: true, status: ['closed'] }),
    f('advanced all: message text contains refund, queue Returns, assignee is an agent', {
      conditions: rows({ field: 'text', op: 'contains', value: 'refund' }, { field: 'queue', op: 'is', value: 'Returns' }, { field: 'assignee', op: 'is', value: other }),
    }),
  ];
}
