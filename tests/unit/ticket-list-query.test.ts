/**
 * The ticket list in SQL (store/ticket-list-query.ts) against the list in memory
 * (tickets/ticket-query.ts), which the app uses: for random tickets, quick filters and
 * sorts, both give the same tickets in the same order.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TicketFilterSchema, TicketSortSchema, type TicketSort } from '../../src-preload/contract/tickets';
import { openStore, type Store } from '../../src-main/services/store';
import { listedInSql } from '../../src-main/services/store/ticket-list-query';
import type { TicketState } from '../../src-main/services/teamlog/state';
import { indexAccount, queryTickets, TicketTable } from '../../src-main/services/tickets/ticket-query';
import { addStoreAccount } from '../support/store-account';
import { ANA, ME, savedAndLoaded, stateWith, ticket } from '../support/team-fixtures';

let dir: string;
let store: Store;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mailroom-list-sql-'));
  store = openStore(dir);
  addStoreAccount(store, 'a1');
});
afterAll(() => {
  store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const NOW = Date.UTC(2026, 11, 5, 12);
const DAY = 86_400_000;
const account = { id: 'a1', key: 'SUP', name: 'Support', shared: true, standardQueue: 'Support' };

const ticketArb = fc.record({
  status: fc.constantFrom('open', 'pending', 'closed'),
  queue: fc.constantFrom('Support', 'Sales', 'Billing'),
  assignee: fc.constantFrom(null, ME, ANA),
  offer: fc.option(fc.record({ agent: fc.constantFrom(ME, ANA), phase: fc.constantFrom('agent', 'queue') }), { freq: 3 }),
  unread: fc.boolean(),
  tags: fc.subarray(['vip', 'Urgent', 'b']),
  disposition: fc.constantFrom(null, 'Solved', 'refund'),
  customer: fc.option(fc.record({ name: fc.constantFrom('', 'Zoe Quinn', 'ana'), address: fc.constantFrom('zoe@shop.example', 'Zoe@Shop.example', 'b@x.test') }), { freq: 4 }),
  subject: fc.constantFrom('Invoice missing', 'invoice missing', 'Where is my order', ''),
  // Few distinct days and times: ties that the number must break.
  created: fc.integer({ min: -40, max: 1 }),
  activity: fc.integer({ min: 0, max: 3 }),
  messages: fc.integer({ min: 1, max: 3 }),
  gone: fc.constantFrom('listed', 'listed', 'listed', 'listed', 'merged', 'deleted'),
});

type Drawn = typeof ticketArb extends fc.Arbitrary<infer T> ? T : never;

function ticketsOf(drawn: Drawn[]): TicketState[] {
  return drawn.map((d, i) => {
    const number = i + 1;
    const base = ticket(number);
    return {
      ...base,
      status: d.status as TicketState['status'],
      queue: d.queue,
      assignee: d.assignee,
      offer: d.offer ? { seq: 1, agent: d.offer.agent, at: 1, uid: number, kind: 'routing', phase: d.offer.phase as 'agent' | 'queue', returnTo: null } : null,
      unread: d.unread,
      tags: d.tags,
      disposition: d.disposition,
      customer: d.customer,
      subject: d.subject,
      createdAt: NOW + d.created * DAY + (number % 3) * 3_600_000,
      lastActivityAt: NOW + d.activity * 60_000,
      messages: Array.from({ length: d.messages }, (_, m) => ({ ...base.messages[0]!, key: m === 0 ? base.key : `<m${number}.${m}@example.com>` })),
      mergedInto: d.gone === 'merged' ? ticket(1).key : null,
      deleted: d.gone === 'deleted' ? { at: 1, agent: ANA, uid: 1, fromServer: false } : null,
    };
  });
}

const filterArb = fc.record({
  scope: fc.constantFrom('all', 'mine', 'unassigned'),
  status: fc.subarray(['open', 'pending', 'closed']),
  queue: fc.constantFrom('', 'Support', 'Sales'),
  agent: fc.constantFrom('', ME, ANA),
  tag: fc.constantFrom('', 'vip', 'urgent', 'Urgent'),
  accountId: fc.constantFrom('', 'a1', 'other'),
  customer: fc.constantFrom('', 'ZOE@shop.example ', 'b@x.test'),
  read: fc.constantFrom('any', 'read', 'unread'),
  date: fc.oneof(
    fc.record({ preset: fc.constantFrom('any', 'today', '7d', '30d') }),
    fc.record({ preset: fc.constant('custom'), from: fc.constantFrom('', '2026-11-20'), to: fc.constantFrom('', '2026-12-04') }),
  ),
  timeZone: fc.constantFrom('', 'Europe/Berlin', 'America/New_York'),
  text: fc.constantFrom('', 'invoice', 'zoe QUINN', '#1', '1', '04', '0', '#0', 'mr', 'mr-3', 'r-1', 'vi', 'missing #2', 'urgent b', '@shop', 'sup'),
});

const sortArb = fc.constantFrom(...TicketSortSchema.options.filter((s): s is TicketSort => listedInSql(TicketFilterSchema.parse({}), s)));

describe('the ticket list in SQL', () => {
  it('gives the in-memory list: the same tickets in the same order, for the quick filters, the text box and the sorts', () => {
    fc.assert(
      fc.property(fc.array(ticketArb, { minLength: 0, maxLength: 40, size: 'max' }), filterArb, sortArb, fc.boolean(), (drawn, input, sort, descending) => {
        const state = stateWith(ticketsOf(drawn));
        savedAndLoaded(store, state);
        const filter = TicketFilterSchema.parse(input);
        const inMemory = queryTickets(new TicketTable([indexAccount(account, state)]), filter, sort, descending, { me: ME, now: NOW }).map((row) => row.ticket.key);
        const inSql = store.team.tickets.listedKeys({ accountIds: ['a1'], tokenPrefixes: { a1: state.settings.tokenPrefix }, filter, sort, descending, me: ME, now: NOW }).map((row) => row.key);
        expect(inSql).toEqual(inMemory);
      }),
      { numRuns: 300 },
    );
  });

  it('says which queries it answers', () => {
    expect(listedInSql(TicketFilterSchema.parse({}), 'lastActivity')).toBe(true);
    expect(listedInSql(TicketFilterSchema.parse({}), 'assignee')).toBe(false);
    expect(listedInSql(TicketFilterSchema.parse({ text: 'zoe' }), 'number')).toBe(true);
    expect(listedInSql(TicketFilterSchema.parse({ text: 'zoe', fullText: true }), 'number')).toBe(false);
  });
});
