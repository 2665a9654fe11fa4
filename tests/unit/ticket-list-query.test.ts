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
import { TicketFilterSchema, TicketSortSchema } from '../../src-preload/contract/tickets';
import { openStore, type Store } from '../../src-main/services/store';
import type { TicketState } from '../../src-main/services/teamlog/state';
import { indexAccount, queryTickets, TicketTable } from '../../src-main/services/tickets/ticket-query';
import { textsOf } from '../../src-main/services/tickets/ticket-rows';
import { agentRef } from '../../src-main/services/tickets/ticket-views';
import { CONDITION_FIELDS, FIELD_OPS } from '../../src-preload/contract/interactions';
import { addStoreAccount } from '../support/store-account';
import { ANA, ME, savedAndLoaded, stateWith, ticket } from '../support/team-fixtures';

let dir: string;
let store: Store;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mailroom-list-sql-'));
  store = openStore(dir);
  addStoreAccount(store, 'a1');
  addStoreAccount(store, 'a2');
});
afterAll(() => {
  store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const NOW = Date.UTC(2026, 11, 5, 12);
const DAY = 86_400_000;
// Keys ordered against the ids: the account sort orders by key, ties by id.
const accounts = [
  { id: 'a1', key: 'SUP', name: 'Support', shared: true, standardQueue: 'Support' },
  { id: 'a2', key: 'ACC', name: 'Accounts', shared: true, standardQueue: 'Support' },
];

const ticketArb = fc.record({
  status: fc.constantFrom('open', 'pending', 'closed'),
  queue: fc.constantFrom('Support', 'Sales', 'Billing'),
  // An agent whose profile the log has not seen has a name made from the id.
  assignee: fc.constantFrom(null, ME, ANA, 'agent-zed-unknown'),
  offer: fc.option(fc.record({ agent: fc.constantFrom(ME, ANA), phase: fc.constantFrom('agent', 'queue') }), { freq: 3 }),
  unread: fc.boolean(),
  tags: fc.subarray(['vip', 'Urgent', 'b']),
  disposition: fc.constantFrom(null, 'Solved', 'refund'),
  customer: fc.option(fc.record({ name: fc.constantFrom('', 'Zoe Quinn', 'ana'), address: fc.constantFrom('zoe@shop.example', 'Zoe@Shop.example', 'b@x.test') }), { freq: 4 }),
  subject: fc.constantFrom('Invoice missing', 'invoice missing', 'Where is my order', ''),
  // Few distinct days and times: ties that the number must break.
  created: fc.constantFrom(-35, -6, -5, -1, -1, 0, 0, 1),
  activity: fc.integer({ min: 0, max: 3 }),
  messages: fc.integer({ min: 1, max: 3 }),
  gone: fc.constantFrom('listed', 'listed', 'listed', 'listed', 'merged', 'deleted'),
  notes: fc.subarray(['Called back about the REFUND', 'VIP customer']),
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
      // Some at midnight UTC exactly: a day's first moment belongs to it.
      createdAt: NOW + d.created * DAY + [0, -12, 1, -13][number % 4]! * 3_600_000,
      lastActivityAt: NOW + d.activity * 6 * 3_600_000,
      messages: Array.from({ length: d.messages }, (_, m) => ({ ...base.messages[0]!, key: m === 0 ? base.key : `<m${number}.${m}@example.com>` })),
      mergedInto: d.gone === 'merged' ? ticket(1).key : null,
      deleted: d.gone === 'deleted' ? { at: 1, agent: ANA, uid: 1, fromServer: false } : null,
      notes: d.notes.map((text, n) => ({ id: `note-${number}-${n}`, agent: ANA, at: 1, uid: number, text })),
    };
  });
}

/** The field's neutral value three times in four: filters that narrow together leave little to compare. */
function often<T>(neutral: T, ...others: T[]): fc.Arbitrary<T> {
  return fc.oneof({ arbitrary: fc.constant(neutral), weight: 3 }, { arbitrary: fc.constantFrom(...others), weight: 1 });
}

const filterArb = fc.record({
  scope: often('all', 'mine', 'unassigned'),
  status: often([] as string[], ['open'], ['open', 'pending'], ['closed']),
  queue: often('', 'Support', 'Sales'),
  agent: often('', ME, ANA),
  tag: often('', 'vip', 'urgent', 'Urgent'),
  accountId: often('', 'a1', 'a2', 'other'),
  customer: often('', 'ZOE@shop.example ', 'b@x.test'),
  read: often('any', 'read', 'unread'),
  date: often<Record<string, string>>({ preset: 'any' }, { preset: 'today' }, { preset: '7d' }, { preset: '30d' }, { preset: 'custom', from: '2026-11-20', to: '' }, { preset: 'custom', from: '', to: '2026-12-04' }),
  timeZone: fc.constantFrom('', 'Europe/Berlin', 'America/New_York'),
  text: often('', 'invoice', 'zoe QUINN', '#1', '1', '04', '0', '#0', 'mr', 'mr-3', 'r-1', 'vi', 'missing #2', 'urgent b', '@shop', 'sup', 'refund', 'back vip', 'parcel'),
  fullText: fc.boolean(),
  conditions: fc.array(conditionArb(), { maxLength: 3, size: 'max' }),
  match: fc.constantFrom('all', 'any'),
});

/** Values a row of each field may hold, some matching the tickets drawn above. */
const CONDITION_VALUES: Record<string, string[]> = {
  number: ['1', '2', '3', '10'],
  messages: ['1', '2', '3'],
  created: ['2026-12-05', '2026-12-04', '2026-11-30', '2026-10-26'],
  lastActivity: ['2026-12-05', '2026-12-04'],
  status: ['open', 'pending', 'closed', 'Pending'],
  assignee: ['me myself', 'ana', 'agent agent-ze', 'agent-zed-unknown', 'agent'],
  account: ['sup', 'support', 'other'],
  queue: ['support', 'sales', 'Sa', 'billing'],
  tag: ['vip', 'urgent', 'u', 'b'],
  disposition: ['solved', 'refund', 're'],
  subject: ['invoice', 'Invoice  Missing', 'where is', 'order'],
  customer: ['zoe', 'zoe quinn', 'zoe@shop.example', 'b@x.test', 'ana'],
  text: ['refund', 'called back', 'vip parcel', 'parcel'],
};

function conditionArb() {
  return fc.constantFrom(...CONDITION_FIELDS).chain((field) =>
    fc.record({
      field: fc.constant(field),
      op: fc.constantFrom(...FIELD_OPS[field]),
      value: fc.constantFrom(...CONDITION_VALUES[field]!),
      enabled: fc.constantFrom(true, true, true, false),
    }),
  );
}

const sortArb = fc.constantFrom(...TicketSortSchema.options);

/**
 * A stand-in for the full-text index, the same on both sides: a word's hits are the
 * messages of every few tickets (by number, so they move with merges as placements do) and
 * a message nobody placed.
 */
function messagesWithText(word: string): ReadonlyMap<string, readonly string[]> {
  const every = word.length % 4 + 2;
  const keys = (account: string) => [...Array.from({ length: 40 }, (_, n) => n + 1).filter((n) => n % every === 0).flatMap((n) => [`<t${n}@example.com>`, `<m${n}.1@example.com>`]), `<nowhere-${account}@example.com>`];
  return new Map(word === 'parcel' ? [] : [['a1', keys('a1')], ['a2', keys('a2')]]);
}

describe('the ticket list in SQL', () => {
  it('gives the in-memory list: the same tickets in the same order, for the quick filters, the text box (full text too), the advanced search and the sorts', () => {
    fc.assert(
      fc.property(fc.array(ticketArb, { maxLength: 30, size: 'max' }), fc.array(ticketArb, { maxLength: 10 }), filterArb, sortArb, fc.boolean(), (drawn1, drawn2, input, sort, descending) => {
        const states = [stateWith(ticketsOf(drawn1)), stateWith(ticketsOf(drawn2), { tokenPrefix: 'ACC' })];
        states.forEach((state, i) => savedAndLoaded(store, state, accounts[i]!.id));
        const filter = TicketFilterSchema.parse(input);
        const table = new TicketTable(accounts.map((account, i) => indexAccount(account, states[i]!)));
        const inMemory = queryTickets(table, filter, sort, descending, { me: ME, now: NOW, messagesWithText }).map((row) => `${row.account.id} ${row.ticket.key}`);
        const inSql = store.team.tickets
          .listedKeys({
            accountIds: accounts.map((a) => a.id),
            tokenPrefixes: Object.fromEntries(accounts.map((a, i) => [a.id, states[i]!.settings.tokenPrefix])),
            accountTexts: Object.fromEntries(accounts.map((a) => [a.id, textsOf([a.key, a.name])])),
            accountKeys: Object.fromEntries(accounts.map((a) => [a.id, a.key])),
            assigneeTexts: Object.fromEntries(
              accounts.flatMap((a, i) => Object.keys(states[i]!.agents).map((id) => [`${a.id}\n${id}`, textsOf([agentRef(states[i]!, id).name, id])])),
            ),
            messagesWithText,
            filter,
            sort,
            descending,
            me: ME,
            now: NOW,
          })
          .map((row) => `${row.accountId} ${row.key}`);
        expect(inSql).toEqual(inMemory);
      }),
      { numRuns: 500 },
    );
  });
});
