/**
 * The interactions filter: every advanced-search field with every operator it offers,
 * all/any, switched-off rows, days in a time zone, the date presets, read/unread, full-text
 * words (the search index and notes) and the new sort keys, through TicketService.listTickets.
 */
import { describe, expect, it } from 'vitest';
import { CONDITION_FIELDS, FIELD_OPS, type ConditionField, type ConditionInput, type ConditionOp } from '../../src-preload/contract/interactions';
import { TicketFilterSchema, type TicketFilterInput, type TicketSort } from '../../src-preload/contract/tickets';
import type { TicketAccount } from '../../src-main/services/tickets/sources';
import { TicketService } from '../../src-main/services/tickets/ticket-service';
import { addDays, dayOf, dayStart } from '../../src-main/services/tickets/days';
import { tempStore } from '../support/store-account';
import { ANA, FakeLog, ME, refusal, stateWith, ticket } from '../support/team-fixtures';

const queries = tempStore('ticket-match').team.tickets;

const at = (iso: string) => Date.parse(iso);
const NOW = at('2026-04-02T12:00:00Z');

const sup = stateWith([
  ticket(1, {
    subject: 'Refund request',
    customer: { name: 'Zoe Quinn', address: 'zoe@shop.example' },
    assignee: ANA,
    tags: ['vip', 'billing'],
    disposition: 'Solved',
    status: 'closed',
    createdAt: at('2026-03-30T23:30:00Z'),
    lastActivityAt: at('2026-04-02T10:00:00Z'),
  }),
  ticket(2, {
    subject: 'Printer on fire',
    customer: { name: '', address: 'max@corp.example' },
    queue: 'Sales',
    unread: true,
    createdAt: at('2026-03-31T12:00:00Z'),
    lastActivityAt: at('2026-03-31T12:00:00Z'),
    messages: ['<m2a@x>', '<m2b@x>', '<m2c@x>'].map((key, i) => ({ key, reason: { kind: 'new' as const }, direction: 'in' as const, date: i, uid: i + 1 })),
    notes: [{ id: 'n1', agent: ANA, at: 1, uid: 5, text: 'Called them about the TONER' }],
  }),
  ticket(3, {
    subject: '',
    customer: null,
    queue: '',
    assignee: ME,
    tags: ['bug'],
    disposition: 'Spam',
    status: 'pending',
    unread: true,
    createdAt: at('2026-04-01T00:30:00Z'),
    lastActivityAt: at('2026-04-01T00:30:00Z'),
    messages: ['<m3a@x>', '<m3b@x>'].map((key, i) => ({ key, reason: { kind: 'new' as const }, direction: 'in' as const, date: i, uid: i + 10 })),
  }),
]);
// Ticket 4 keeps the fixture's defaults: "Subject 4", "Customer 4" <c4@example.com>, Support, open, nobody, 1970.
const sal = stateWith([ticket(4)]);

/** Words the search index holds, per account: "invoice" is in one of ticket 3's messages. */
const index: Record<string, Record<string, string[]>> = { invoice: { sup: ['<m3b@x>', '<not-a-ticket@x>'] } };

function service() {
  const logs: Record<string, FakeLog> = { sup: new FakeLog(sup), sal: new FakeLog(sal) };
  const accounts: TicketAccount[] = Object.keys(logs).map((id) => ({ id, key: id.toUpperCase(), name: `${id} mailbox`, shared: true, standardQueue: 'Support' }));
  return new TicketService({
    sources: { agentId: () => ME, accounts: () => accounts, log: (id) => logs[id] ?? null },
    messagesByKeys: () => new Map(),
    queries,
    fullText: { messagesWithText: (word) => new Map(Object.entries(index[word] ?? {})), version: () => 1 },
    now: () => NOW,
  });
}

const tickets = service();
function list(input: TicketFilterInput, sort: TicketSort = 'number', descending = false): number[] {
  return tickets.listTickets(TicketFilterSchema.parse(input), sort, descending, 0, 100).items.map((t) => t.number);
}
const one = (field: ConditionField, op: ConditionOp, value = '', timeZone = '') => list({ conditions: [{ field, op, value }], timeZone });

/** Expected tickets for every field and every operator FIELD_OPS offers it. */
const CASES: Record<ConditionField, [ConditionOp, string, number[]][]> = {
  subject: [
    ['contains', 'FIRE', [2]],
    ['is', 'refund request', [1]],
    ['isNot', 'Refund request', [2, 3, 4]],
    ['startsWith', 'print', [2]],
    ['isEmpty', '', [3]],
  ],
  customer: [
    ['contains', 'shop', [1]],
    ['is', 'max@corp.example', [2]],
    ['isNot', 'Zoe Quinn', [2, 3, 4]],
    ['startsWith', 'c4@', [4]],
    ['isEmpty', '', [3]],
  ],
  account: [
    ['is', 'sal', [4]],
    ['isNot', 'sal mailbox', [1, 2, 3]],
  ],
  number: [
    ['is', '2', [2]],
    ['isNot', '2', [1, 3, 4]],
    ['before', '2', [1]],
    ['after', '2', [3, 4]],
  ],
  queue: [
    ['is', 'sales', [2]],
    ['isNot', 'Support', [2, 3]],
    ['contains', 'upp', [1, 4]],
    ['startsWith', 'sa', [2]],
    ['isEmpty', '', [3]],
  ],
  status: [
    ['is', 'open', [2, 4]],
    ['isNot', 'closed', [2, 3, 4]],
  ],
  assignee: [
    ['is', 'ana', [1]],
    ['isNot', 'Ana', [2, 3, 4]],
    ['contains', 'myself', [3]],
    ['isEmpty', '', [2, 4]],
  ],
  tag: [
    ['is', 'VIP', [1]],
    ['isNot', 'vip', [2, 3, 4]],
    ['contains', 'ill', [1]],
    ['startsWith', 'bu', [3]],
    ['isEmpty', '', [2, 4]],
  ],
  disposition: [
    ['is', 'solved', [1]],
    ['isNot', 'Solved', [2, 3, 4]],
    ['contains', 'pa', [3]],
    ['isEmpty', '', [2, 4]],
  ],
  created: [
    ['is', '2026-03-31', [2]],
    ['before', '2026-03-31', [1, 4]],
    ['after', '2026-03-31', [3]],
  ],
  lastActivity: [
    ['is', '2026-04-02', [1]],
    ['before', '2026-04-01', [2, 4]],
    ['after', '2026-04-01', [1]],
  ],
  messages: [
    ['is', '3', [2]],
    ['isNot', '1', [2, 3]],
    ['before', '2', [1, 4]],
    ['after', '1', [2, 3]],
  ],
  text: [['contains', 'invoice', [3]]],
};

describe('advanced search conditions', () => {
  it('covers every field with every operator it offers', () => {
    for (const field of CONDITION_FIELDS) {
      expect(CASES[field].map(([op]) => op).sort(), field).toEqual([...FIELD_OPS[field]].sort());
      for (const [op, value, expected] of CASES[field]) expect(one(field, op, value), `${field} ${op} "${value}"`).toEqual(expected);
    }
  });

  it('matches all or any of the rows, ignores switched-off rows, and every ticket without enabled rows', () => {
    const rows: ConditionInput[] = [
      { field: 'status', op: 'is', value: 'open' },
      { field: 'queue', op: 'is', value: 'Sales' },
    ];
    expect(list({ conditions: rows, match: 'all' })).toEqual([2]);
    expect(list({ conditions: rows, match: 'any' })).toEqual([2, 4]);
    const off = { field: 'tag' as const, op: 'is' as const, value: 'vip', enabled: false };
    expect(list({ conditions: [...rows, off], match: 'all' })).toEqual([2]);
    expect(list({ conditions: [...rows, off], match: 'any' })).toEqual([2, 4]);
    expect(list({ conditions: [off] })).toEqual([1, 2, 3, 4]);
    // A switched-off row may be half filled in: it is kept, not validated.
    expect(list({ conditions: [{ field: 'created', op: 'is', value: 'soon', enabled: false }] })).toEqual([1, 2, 3, 4]);
    // Rows combine with the quick filters.
    expect(list({ conditions: rows, match: 'any', accountId: 'sal' })).toEqual([4]);
  });

  it('reads days in the filter’s time zone', () => {
    // Ticket 1 came at 23:30 UTC on the 30th: the 31st already in Berlin (UTC+2 since the 29th), the 30th in New York.
    expect(one('created', 'is', '2026-03-31', 'Europe/Berlin')).toEqual([1, 2]);
    expect(one('created', 'is', '2026-03-30', 'America/New_York')).toEqual([1]);
    // Ticket 3 came at 00:30 UTC on April 1st: still March 31st in New York.
    expect(one('created', 'is', '2026-03-31', 'America/New_York')).toEqual([2, 3]);
    expect(refusal(() => list({ timeZone: 'Mars/Olympus' }))).toMatchObject({ code: 'tickets/bad-filter', fix: expect.stringContaining('Europe/Berlin') });
  });

  it('takes full-text words from the search index and the notes, and the text box from subject, customer and tags', () => {
    expect(list({ text: 'toner' })).toEqual([]);
    expect(list({ text: 'toner', fullText: true })).toEqual([2]);
    expect(list({ text: 'invoice', fullText: true })).toEqual([3]);
    // Every word must be found, each where it may be: "fire" in the subject, "toner" in a note.
    expect(list({ text: 'fire toner', fullText: true })).toEqual([2]);
    expect(list({ text: 'fire invoice', fullText: true })).toEqual([]);
    expect(list({ text: 'billing' })).toEqual([1]);
    expect(list({ text: 'zoe@shop' })).toEqual([1]);
    expect(one('text', 'contains', 'called TONER')).toEqual([2]);
  });
});

describe('quick filters', () => {
  it('date presets count back from today in the time zone; a custom range includes both ends', () => {
    // Now is April 2nd, 12:00 UTC.
    expect(list({ date: { preset: 'today' } })).toEqual([]);
    expect(list({ date: { preset: '7d' } })).toEqual([1, 2, 3]);
    expect(list({ date: { preset: '30d' } })).toEqual([1, 2, 3]);
    expect(list({ date: { preset: 'custom', from: '2026-03-31', to: '2026-03-31' } })).toEqual([2]);
    expect(list({ date: { preset: 'custom', from: '2026-03-31', to: '2026-03-31' }, timeZone: 'Europe/Berlin' })).toEqual([1, 2]);
    expect(list({ date: { preset: 'custom', from: '', to: '2026-03-30' } })).toEqual([1, 4]);
    expect(list({ date: { preset: 'custom', from: '2026-04-01', to: '' } })).toEqual([3]);
    expect(list({ date: { preset: 'custom', from: '', to: '' } })).toEqual([1, 2, 3, 4]);
    // In Tokyo it is already evening of April 2nd; ticket 3 came on April 1st at 09:30 there.
    expect(list({ date: { preset: 'today' }, timeZone: 'Asia/Tokyo' })).toEqual([]);
    const late = new TicketService({
      sources: { agentId: () => ME, accounts: () => [{ id: 'sup', key: 'SUP', name: 'sup', shared: true, standardQueue: '' }], log: () => new FakeLog(sup) },
      messagesByKeys: () => new Map(),
      queries,
      now: () => at('2026-04-01T16:00:00Z'),
    });
    expect(late.listTickets(TicketFilterSchema.parse({ date: { preset: 'today' }, timeZone: 'Asia/Tokyo' }), 'number', false, 0, 10).items.map((t) => t.number)).toEqual([]);
    expect(late.listTickets(TicketFilterSchema.parse({ date: { preset: 'today' } }), 'number', false, 0, 10).items.map((t) => t.number)).toEqual([3]);
  });

  it('filters read and unread', () => {
    expect(list({ read: 'unread' })).toEqual([2, 3]);
    expect(list({ read: 'read' })).toEqual([1, 4]);
  });
});

describe('sorting', () => {
  it('orders by account, tags, disposition, unread and message count, ties by number, descending as the exact reverse', () => {
    expect(list({}, 'account')).toEqual([4, 1, 2, 3]);
    expect(list({}, 'tags')).toEqual([2, 4, 3, 1]);
    expect(list({}, 'disposition')).toEqual([2, 4, 1, 3]);
    expect(list({}, 'unread')).toEqual([1, 4, 2, 3]);
    expect(list({}, 'messages')).toEqual([1, 4, 3, 2]);
    expect(list({}, 'messages', true)).toEqual([2, 3, 4, 1]);
    expect(list({}, 'customer')).toEqual([3, 4, 2, 1]);
  });
});

describe('days in a time zone', () => {
  it('start at local midnight, across daylight saving changes', () => {
    expect(dayStart('2026-03-08', 'America/New_York')).toBe(at('2026-03-08T05:00:00Z'));
    expect(dayStart('2026-03-09', 'America/New_York')).toBe(at('2026-03-09T04:00:00Z'));
    expect(dayStart('2026-11-01', 'America/New_York')).toBe(at('2026-11-01T04:00:00Z'));
    expect(dayStart('2026-11-02', 'America/New_York')).toBe(at('2026-11-02T05:00:00Z'));
    expect(dayStart('2026-03-31', '')).toBe(at('2026-03-31T00:00:00Z'));
    expect(dayStart('2026-01-01', 'Asia/Kolkata')).toBe(at('2025-12-31T18:30:00Z'));
    // Santiago skips from 00:00 to 01:00 on September 6th: the day starts at the jump.
    expect(dayStart('2026-09-06', 'America/Santiago')).toBe(at('2026-09-06T04:00:00Z'));
    expect(dayStart('2026-04-05', 'America/Santiago')).toBe(at('2026-04-05T04:00:00Z'));
    expect(dayOf(at('2026-03-30T23:30:00Z'), 'Europe/Berlin')).toBe('2026-03-31');
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2026-03-01', -29)).toBe('2026-01-31');
  });
});
