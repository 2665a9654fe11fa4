import { describe, expect, it } from 'vitest';
import { ReportFilterSchema, type ReportFilterInput } from '../../src-preload/contract/reports';
import { DateRangeSchema } from '../../src-preload/contract/interactions';
import { computeReport, firstResponse, quantile, type ReportSource } from '../../src-main/services/reports/report';
import { reportCsv } from '../../src-main/services/reports/report-csv';
import { rangeDays } from '../../src-main/services/reports/report-days';
import type { TicketMessage, TicketState } from '../../src-main/services/teamlog/state';
import { ANA, ME, stateWith, ticket } from '../support/team-fixtures';

const HOUR = 3_600_000;
const MIN = 60_000;
const DAY = 24 * HOUR;
/** Tuesday 31 March 2026, 12:00 UTC (14:00 in Paris, summer time since Sunday the 29th). */
const NOW = Date.UTC(2026, 2, 31, 12);

const account = (id: string, key: string) => ({ id, key, name: `${key} mailbox`, shared: true, standardQueue: 'Support' });

function customer(key: string, date: number): TicketMessage {
  return { key, reason: { kind: 'new' }, direction: 'in', date, uid: 1 };
}
function sent(key: string, date: number, agent: string, auto = false): TicketMessage {
  return { key, reason: { kind: 'sent', agent, auto }, direction: 'out', date, uid: 2 };
}
function fromSentFolder(key: string, date: number): TicketMessage {
  return { key, reason: { kind: 'reply', to: 'x' }, direction: 'out', date, uid: 3 };
}

/** A ticket created at `createdAt` by a customer mail, with more messages and fields as given. */
function t(number: number, createdAt: number, over: Partial<TicketState> = {}, more: TicketMessage[] = []): TicketState {
  return ticket(number, { createdAt, messages: [customer(`<t${number}@example.com>`, createdAt), ...more], ...over });
}

function report(sources: ReportSource[], filter: ReportFilterInput = {}, now = NOW) {
  return computeReport(sources, ReportFilterSchema.parse(filter), now);
}

describe('quantile', () => {
  it('interpolates between neighbours as spreadsheets do, and has none of nothing', () => {
    const ten = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(quantile(ten, 0.5)).toBe(5.5);
    expect(quantile(ten, 0.9)).toBeCloseTo(9.1);
    expect(quantile([7], 0.9)).toBe(7);
    expect(quantile([], 0.5)).toBeNull();
  });
});

describe('report days', () => {
  it('turns presets into days counted back from today, and fills open ends with the earliest day and today', () => {
    const range = (r: Parameters<typeof DateRangeSchema.parse>[0]) => DateRangeSchema.parse(r);
    expect(rangeDays(range({ preset: 'today' }), NOW, 'Europe/Paris', null)).toEqual({ from: '2026-03-31', to: '2026-03-31' });
    expect(rangeDays(range({ preset: '7d' }), NOW, 'UTC', null)).toEqual({ from: '2026-03-25', to: '2026-03-31' });
    expect(rangeDays(range({ preset: '30d' }), NOW, 'UTC', null)).toEqual({ from: '2026-03-02', to: '2026-03-31' });
    expect(rangeDays(range({ preset: 'any' }), NOW, 'UTC', Date.UTC(2026, 0, 5))).toEqual({ from: '2026-01-05', to: '2026-03-31' });
    expect(rangeDays(range({ preset: 'any' }), NOW, 'UTC', null)).toEqual({ from: '2026-03-31', to: '2026-03-31' });
    expect(rangeDays(range({ preset: 'custom', from: '2026-03-10' }), NOW, 'UTC', null)).toEqual({ from: '2026-03-10', to: '2026-03-31' });
    expect(rangeDays(range({ preset: 'custom', to: '2026-02-01' }), NOW, 'UTC', Date.UTC(2026, 0, 1))).toEqual({ from: '2026-01-01', to: '2026-02-01' });
  });
});

describe('firstResponse', () => {
  it('is the earliest answer after the customer’s first message, auto-replies aside, with who sent it', () => {
    const at = Date.UTC(2026, 2, 30, 9);
    const ticketOf = (more: TicketMessage[]) => t(1, at, {}, more);
    expect(firstResponse(ticketOf([sent('a', at + MIN, ANA, true), sent('b', at + 30 * MIN, ME), sent('c', at + 20 * MIN, ANA)]))).toEqual({ from: at, at: at + 20 * MIN, agent: ANA });
    // A Sent copy from another mail program: the answer counts, its sender is unknown.
    expect(firstResponse(ticketOf([fromSentFolder('s', at + 5 * MIN)]))).toEqual({ from: at, at: at + 5 * MIN, agent: null });
    expect(firstResponse(ticketOf([sent('a', at + MIN, ANA, true)]))).toBeNull();
  });

  it('counts from the customer’s first message in a ticket Mailroom opened, and is none before they write', () => {
    const at = Date.UTC(2026, 2, 30, 9);
    const outbound = ticket(2, { createdAt: at, messages: [sent('hello', at, ME)] });
    expect(firstResponse(outbound)).toBeNull();
    outbound.messages.push(customer('answer', at + HOUR), sent('again', at + 3 * HOUR, ANA));
    expect(firstResponse(outbound)).toEqual({ from: at + HOUR, at: at + 3 * HOUR, agent: ANA });
  });
});

describe('computeReport', () => {
  const mon = Date.UTC(2026, 2, 30, 8); // Monday 10:00 in Paris
  function team(): ReportSource[] {
    const sup = stateWith([
      // Answered by me after 10 min, closed by me after 2 h.
      t(1, mon, { status: 'closed', assignee: ME, closed: { at: mon + 2 * HOUR, agent: ME } }, [sent('r1', mon + 10 * MIN, ME)]),
      // Answered by Ana after 30 min (an auto-reply first), still open, hers.
      t(2, mon + HOUR, { assignee: ANA }, [sent('auto2', mon + HOUR + MIN, ME, true), sent('r2', mon + HOUR + 30 * MIN, ANA)]),
      // Late Monday evening in UTC, Tuesday in Paris; unanswered, pending, in Sales.
      t(3, Date.UTC(2026, 2, 30, 22, 30), { status: 'pending', queue: 'Sales' }),
      // Old, open, no queue, answered from outside Mailroom after 1 h (long before the range).
      t(4, NOW - 40 * DAY, { queue: '' }, [fromSentFolder('r4', NOW - 40 * DAY + HOUR)]),
      // Filed closed at import: no resolution time.
      t(5, mon, { status: 'closed', closed: { at: mon, agent: null } }),
      // Merged away and deleted tickets count nowhere.
      t(6, mon, { mergedInto: '<t1@example.com>' }),
      t(7, mon, { deleted: { at: mon, agent: ME, uid: 9, fromServer: false } }),
    ]);
    const other = stateWith([t(1, mon, { assignee: ANA, closed: null }, [sent('o1', mon + 50 * MIN, ANA)])]);
    other.agents[ANA] = { ...other.agents[ANA]!, profile: { ...other.agents[ANA]!.profile, name: 'Another agent' } };
    return [
      { account: account('a1', 'SUP'), state: sup },
      { account: account('a2', 'OPS'), state: other },
    ];
  }

  it('counts new tickets per day in the agent’s zone, every day of the range shown', () => {
    const paris = report(team(), { date: { preset: '7d' }, timeZone: 'Europe/Paris' });
    expect(paris).toMatchObject({ from: '2026-03-25', to: '2026-03-31', step: 'day', timeZone: 'Europe/Paris' });
    expect(paris.newTickets).toEqual([
      { label: '2026-03-25', count: 0 },
      { label: '2026-03-26', count: 0 },
      { label: '2026-03-27', count: 0 },
      { label: '2026-03-28', count: 0 },
      { label: '2026-03-29', count: 0 },
      { label: '2026-03-30', count: 4 },
      { label: '2026-03-31', count: 1 },
    ]);
    const utc = report(team(), { date: { preset: '7d' } });
    expect(utc.newTickets.slice(-2)).toEqual([
      { label: '2026-03-30', count: 5 },
      { label: '2026-03-31', count: 0 },
    ]);
  });

  it('gives first response and resolution per queue, per agent (across accounts) and in total', () => {
    const r = report(team(), { date: { preset: '7d' } });
    expect(r.total).toEqual({
      group: 'total',
      label: 'All tickets',
      newTickets: 5,
      unresolved: 4,
      firstResponse: { count: 3, medianMs: 30 * MIN, p90Ms: 46 * MIN },
      resolution: { count: 1, medianMs: 2 * HOUR, p90Ms: 2 * HOUR },
    });
    expect(r.queues.map((q) => [q.label, q.newTickets, q.unresolved, q.firstResponse.count, q.firstResponse.medianMs, q.resolution.count])).toEqual([
      ['OPS · Sales', 0, 0, 0, null, 0],
      ['OPS · Support', 1, 1, 1, 50 * MIN, 0],
      ['SUP · No queue', 0, 1, 0, null, 0],
      ['SUP · Sales', 1, 1, 0, null, 0],
      ['SUP · Support', 3, 1, 2, 20 * MIN, 1],
    ]);
    // Ana's name comes from the log that knows it; her answers in both accounts make one row.
    expect(r.agents.map((a) => [a.label, a.newTickets, a.unresolved, a.firstResponse.count, a.firstResponse.medianMs, a.resolution.medianMs])).toEqual([
      ['Ana', null, 2, 2, 40 * MIN, null],
      ['Me Myself', null, 0, 1, 10 * MIN, 2 * HOUR],
    ]);
  });

  it('reads answers and closes by the day they happened, and unresolved tickets as they are now', () => {
    const all = report(team(), { date: { preset: 'any' } });
    expect(all.from).toBe('2026-02-19');
    expect(all.agents.find((a) => a.label === 'Sent outside Mailroom')?.firstResponse).toEqual({ count: 1, medianMs: HOUR, p90Ms: HOUR });
    const today = report(team(), { date: { preset: 'today' } });
    expect(today.total).toMatchObject({ newTickets: 0, unresolved: 4, firstResponse: { count: 0, medianMs: null }, resolution: { count: 0 } });
    expect(today.unresolvedByAge.map((b) => [b.key, b.count])).toEqual([
      ['under1d', 1],
      ['under3d', 2],
      ['under7d', 0],
      ['under30d', 0],
      ['older', 1],
    ]);
  });

  it('filters by account and by queue (a queue of that name in every account; "" for no queue)', () => {
    const sup = report(team(), { accountId: 'a1', date: { preset: 'any' } });
    expect(sup.queues.map((q) => q.label)).toEqual(['SUP · No queue', 'SUP · Sales', 'SUP · Support']);
    expect(sup.ticketCount).toBe(5);
    expect(sup.choices.accounts.map((a) => a.key)).toEqual(['SUP', 'OPS']);
    expect(sup.choices.queues).toEqual(['', 'Sales', 'Support']);
    const support = report(team(), { queue: 'Support', date: { preset: 'any' } });
    expect(support.queues.map((q) => q.label)).toEqual(['OPS · Support', 'SUP · Support']);
    expect(support.total.newTickets).toBe(4);
    const none = report(team(), { queue: '', date: { preset: 'any' } });
    expect(none.queues.map((q) => [q.label, q.unresolved])).toEqual([['SUP · No queue', 1]]);
    expect(report(team(), { accountId: 'gone' }).ticketCount).toBe(0);
  });

  it('draws a bar a month for ranges longer than a year, the first month from the range’s first day', () => {
    const r = report(team(), { date: { preset: 'custom', from: '2025-01-15', to: '2026-03-31' } });
    expect(r.step).toBe('month');
    expect(r.newTickets).toHaveLength(15);
    expect(r.newTickets[0]).toEqual({ label: '2025-01', count: 0 });
    expect(r.newTickets.at(-1)).toEqual({ label: '2026-03', count: 5 });
    expect(r.newTickets.find((b) => b.label === '2026-02')).toEqual({ label: '2026-02', count: 1 });
  });

  it('is empty, not failing, with no tickets at all', () => {
    const r = report([], { date: { preset: '30d' } });
    expect(r.ticketCount).toBe(0);
    expect(r.newTickets).toHaveLength(30);
    expect(r.total.firstResponse).toEqual({ count: 0, medianMs: null, p90Ms: null });
  });
});

describe('reportCsv', () => {
  it('writes the table the view shows, queues then agents then the total, durations in minutes with one decimal', () => {
    const mon = Date.UTC(2026, 2, 30, 8);
    const state = stateWith([t(1, mon, { status: 'closed', closed: { at: mon + 90 * MIN + 20_000, agent: ME } }, [sent('r', mon + 10 * MIN, ME)]), t(2, mon)]);
    const { header, rows } = reportCsv(report([{ account: account('a1', 'SUP'), state }], { date: { preset: '7d' } }));
    expect(header).toEqual([
      'Group',
      'Name',
      'New tickets',
      'Unresolved now',
      'First responses',
      'First response median (min)',
      'First response p90 (min)',
      'Resolved',
      'Resolution median (min)',
      'Resolution p90 (min)',
    ]);
    expect(rows).toEqual([
      ['Queue', 'SUP · Sales', 0, 0, 0, null, null, 0, null, null],
      ['Queue', 'SUP · Support', 2, 1, 1, 10, 10, 1, 90.3, 90.3],
      ['Agent', 'Me Myself', null, 0, 1, 10, 10, 1, 90.3, 90.3],
      ['Total', 'All tickets', 2, 1, 1, 10, 10, 1, 90.3, 90.3],
    ]);
  });
});

describe('ReportFilterSchema', () => {
  it('defaults to the last 30 days of every account and queue, and refuses a time zone Intl does not know with the fix', () => {
    expect(ReportFilterSchema.parse({})).toMatchObject({ date: { preset: '30d' }, accountId: '', queue: null, timeZone: '' });
    const bad = ReportFilterSchema.safeParse({ timeZone: 'Mars/Olympus' });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.message).toBe('Choose a time zone Intl knows, for example Europe/Paris.');
  });
});
