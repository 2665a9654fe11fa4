/**
 * The ticket list in SQL (store/ticket-list-query.ts) against the list in memory the app
 * used before it (tests/support/ticket-list-model): for random tickets, filters and sorts,
 * both give the same tickets in the same order; and the counts (store/ticket-counts.ts)
 * against the walks over every ticket that made them before.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TicketFilterSchema, TicketSortSchema } from '../../src-preload/contract/tickets';
import type { TeamState, TicketState } from '../../src-main/services/teamlog/state';
import type { ListOverlay } from '../../src-main/services/store/ticket-list-source';
import type { ListedTickets } from '../../src-main/services/store/ticket-list-query';
import type { TeamSettingsInput } from '../../src-preload/contract/team';
import { indexAccount, queryTickets, TicketTable } from '../support/ticket-list-model/ticket-query';
import { listContacts as walkedContacts } from '../support/ticket-list-model/contacts';
import { walkedSupervisorCounts } from '../support/ticket-list-model/supervisor';
import { othersQueues, queueMembers, worksOn } from '../../src-main/services/notifications/decide';
import { listContacts } from '../../src-main/services/tickets/contacts';
import { textsOf } from '../../src-main/services/tickets/ticket-list-row';
import { agentRef } from '../../src-main/services/tickets/ticket-views';
import { CONDITION_FIELDS, FIELD_OPS } from '../../src-preload/contract/interactions';
import { tempStore } from '../support/store-account';
import { ANA, ME, savedAndLoaded, stateWith, ticket } from '../support/team-fixtures';

const store = tempStore('list-sql', 'a1', 'a2');

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

/**
 * How an account's state reaches the query: saved (the stored rows), never saved (all of
 * it as the overlay, over stale rows it must hide), or saved with pending changes over it
 * (changed and new tickets as the overlay, the new ones' placements with them).
 */
const modeArb = fc.constantFrom('stored', 'whole', 'pending');

function accountAsSeen(accountId: string, drawn: Drawn[], changes: Drawn[], mode: string, settings: TeamSettingsInput): { seen: TeamState; overlay: (() => ListOverlay) | null } {
  const base = ticketsOf(drawn);
  if (mode === 'stored') {
    return { seen: savedAndLoaded(store, stateWith(base, settings), accountId), overlay: null };
  }
  if (mode === 'whole') {
    savedAndLoaded(store, stateWith(ticketsOf(changes), settings), accountId);
    const seen = stateWith(base, settings);
    return { seen, overlay: () => ({ accountId, whole: true, tickets: [...seen.tickets.values()], placements: [...seen.tickets.placements()] }) };
  }
  savedAndLoaded(store, stateWith(base, settings), accountId);
  // A changed ticket keeps its messages; a new one (past the saved ones) brings its own.
  const changed = ticketsOf(changes).map((t, i) => (i < base.length ? { ...t, messages: base[i]!.messages } : t));
  const byNumber = new Map([...base, ...changed].map((t) => [t.number, t]));
  const seen = stateWith([...byNumber.values()].sort((a, b) => a.number - b.number), settings);
  const added = changed.slice(base.length);
  return { seen, overlay: () => ({ accountId, whole: false, tickets: changed, placements: added.flatMap((t) => t.messages.map((m) => [m.key, t.key] as const)) }) };
}

describe('the ticket list in SQL', () => {
  it('gives the in-memory list: the same tickets in the same order, for the quick filters, the text box (full text too), the advanced search and the sorts, over stored rows and overlays; and the counts the walks gave', () => {
    fc.assert(
      fc.property(
        fc.array(ticketArb, { maxLength: 30, size: 'max' }),
        fc.array(ticketArb, { maxLength: 10 }),
        fc.array(ticketArb, { maxLength: 12 }),
        fc.tuple(modeArb, modeArb),
        filterArb,
        sortArb,
        fc.boolean(),
        (drawn1, drawn2, changes, modes, input, sort, descending) => {
          const settings: TeamSettingsInput[] = [{}, { tokenPrefix: 'ACC' }];
          const views = [drawn1, drawn2].map((drawn, i) => accountAsSeen(accounts[i]!.id, drawn, changes, modes[i]!, settings[i]!));
          const overlays = () => views.flatMap((v) => (v.overlay ? [v.overlay()] : []));
          const states = views.map((v) => v.seen);
          const filter = TicketFilterSchema.parse(input);
          const table = new TicketTable(accounts.map((account, i) => indexAccount(account, states[i]!)));
          const inMemory = queryTickets(table, filter, sort, descending, { me: ME, now: NOW, messagesWithText }).map((row) => `${row.account.id} ${row.ticket.number}`);
          const query = () => ({
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
            overlays: overlays(),
          });
          const texts = (listed: ListedTickets) => Array.from({ length: listed.length }, (_, i) => listed.at(i)).map((row) => `${row.accountId} ${row.number}`);
          const answer = store.team.tickets.list(query());
          expect(texts(answer.tickets(null))).toEqual(inMemory);
          // A page is the same part of that order, and the count the whole list's length.
          expect(texts(answer.tickets({ offset: 2, limit: 5 }))).toEqual(inMemory.slice(2, 7));
          expect(answer.count()).toBe(inMemory.length);

          // The counts over the same rows: the badge's, the supervisor's and the contacts'.
          const accountIds = accounts.map((a) => a.id);
          const members = queueMembers(states);
          for (const me of [ME, ANA]) {
            const walked = states.flatMap((state) => [...state.tickets.values()]).filter((t) => t.unread && t.status !== 'closed' && t.mergedInto === null && t.deleted === null && worksOn(t, me, members));
            expect(store.team.tickets.unreadCount({ accountIds, me, othersQueues: othersQueues(members, me), overlays: overlays() })).toBe(walked.length);
          }
          const inOrder = <T extends { accountId: string }>(rows: T[], by: (row: T) => string) => [...rows].sort((a, b) => `${a.accountId}\n${by(a)}`.localeCompare(`${b.accountId}\n${by(b)}`));
          const counted = store.team.tickets.supervisorCounts({ accountIds, overlays: overlays() });
          const walked = walkedSupervisorCounts(accounts.map((a, i) => ({ accountId: a.id, state: states[i]! })));
          expect(inOrder(counted.queues, (q) => q.queue)).toEqual(inOrder(walked.queues, (q) => q.queue));
          expect(inOrder(counted.assignees, (a) => a.agent)).toEqual(inOrder(walked.assignees, (a) => a.agent));
          const seenViews = accounts.map((account, i) => ({ account, state: states[i]! }));
          expect(listContacts(store.team.tickets.customerTickets({ accountIds, overlays: overlays() }), '', 1000)).toEqual(walkedContacts(seenViews, '', 1000));
        },
      ),
      { numRuns: 500 },
    );
    // 500 cases with a store each: seconds on a busy machine; nothing here is timed.
  }, 60_000);
});
