/**
 * The reports view's numbers, from the folded team states. Pure: the same states, filter
 * and `now` give the same report. Times are the team log's: a ticket starts at its first
 * message's date, an answer at its send (the agent's clock) or its Sent copy's date, a
 * close at the closing event's author clock.
 */
import { AGE_BUCKETS, type DurationStats, type Report, type ReportFilter, type ReportRow } from '../../../src-preload/contract/reports';
import { UNKNOWN_AGENT_NAME } from '../teamlog/reducer';
import type { TeamState, TicketState } from '../teamlog/state';
import type { TicketAccount } from '../tickets/sources';
import { addDays, dayStart } from '../tickets/days';
import { daysBetween, rangeDays } from './report-days';

export interface ReportSource {
  account: TicketAccount;
  state: TeamState;
}

/** Longer ranges are drawn a bar a month: a bar a day would be too thin to read. */
const MAX_DAY_BARS = 366;
/** The agent row of answers that came from outside Mailroom (a Sent copy nobody sent from here). */
const OUTSIDE = '';

/** The q-th quantile of sorted values, interpolated between neighbours (R type 7, as spreadsheets compute it). */
export function quantile(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null;
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const a = sorted[lo] ?? 0;
  const b = sorted[Math.min(lo + 1, sorted.length - 1)] ?? a;
  return a + (h - lo) * (b - a);
}

export function durationStats(values: number[]): DurationStats {
  const sorted = [...values].sort((a, b) => a - b);
  return { count: sorted.length, medianMs: quantile(sorted, 0.5), p90Ms: quantile(sorted, 0.9) };
}

/**
 * The first answer to the customer: the earliest outgoing message (auto-replies aside)
 * dated at or after the customer's first message, and who sent it (null: not sent from
 * Mailroom, e.g. a reply from another mail program found in Sent). Null when the customer
 * never wrote (a ticket Mailroom opened) or nobody answered yet.
 */
export function firstResponse(t: TicketState): { from: number; at: number; agent: string | null } | null {
  let from = Number.POSITIVE_INFINITY;
  for (const m of t.messages) if (m.direction === 'in' && m.date < from) from = m.date;
  if (from === Number.POSITIVE_INFINITY) return null;
  let first: { from: number; at: number; agent: string | null } | null = null;
  for (const m of t.messages) {
    if (m.direction !== 'out' || m.date < from || (first && m.date >= first.at)) continue;
    if (m.reason.kind === 'sent' && m.reason.auto) continue;
    first = { from, at: m.date, agent: m.reason.kind === 'sent' ? m.reason.agent : null };
  }
  return first;
}

/** A row being counted: durations collected, turned into stats at the end. */
interface Tally {
  group: ReportRow['group'];
  label: string;
  newTickets: number | null;
  unresolved: number;
  firstResponse: number[];
  resolution: number[];
}

function tally(group: ReportRow['group'], label: string): Tally {
  return { group, label, newTickets: group === 'agent' ? null : 0, unresolved: 0, firstResponse: [], resolution: [] };
}

function rowOf(t: Tally): ReportRow {
  return { group: t.group, label: t.label, newTickets: t.newTickets, unresolved: t.unresolved, firstResponse: durationStats(t.firstResponse), resolution: durationStats(t.resolution) };
}

/** The series' bars: each bar's first instant, and the instant the range ends. */
function bars(from: string, to: string, timeZone: string): { step: Report['step']; labels: string[]; starts: number[]; end: number } {
  const days = daysBetween(from, to);
  const end = dayStart(addDays(to, 1), timeZone);
  const step = days > MAX_DAY_BARS ? 'month' : 'day';
  const labels: string[] = [];
  const starts: number[] = [];
  if (step === 'day') {
    for (let i = 0; i < days; i++) {
      const day = addDays(from, i);
      labels.push(day);
      starts.push(dayStart(day, timeZone));
    }
  } else {
    // The first month starts at `from`; every later one on its 1st.
    for (let month = from.slice(0, 7); month <= to.slice(0, 7); month = addDays(`${month}-28`, 7).slice(0, 7)) {
      labels.push(month);
      starts.push(dayStart(labels.length === 1 ? from : `${month}-01`, timeZone));
    }
  }
  return { step, labels, starts, end };
}

function increment(counts: number[], i: number): void {
  counts[i] = (counts[i] ?? 0) + 1;
}

/** Index of the last start ≤ ms (ms is inside the range). */
function barOf(starts: number[], ms: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] ?? 0) <= ms) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

export function computeReport(sources: ReportSource[], filter: ReportFilter, now: number): Report {
  const chosen = sources.filter((s) => !filter.accountId || s.account.id === filter.accountId);
  const queueNames = new Set<string>();
  const tickets: { source: ReportSource; ticket: TicketState }[] = [];
  for (const source of chosen) {
    for (const name of Object.keys(source.state.queues)) queueNames.add(name);
    for (const ticket of source.state.tickets.values()) {
      if (ticket.mergedInto !== null || ticket.deleted) continue;
      queueNames.add(ticket.queue);
      if (filter.queue === null || ticket.queue === filter.queue) tickets.push({ source, ticket });
    }
  }

  let earliest: number | null = null;
  for (const { ticket } of tickets) if (earliest === null || ticket.createdAt < earliest) earliest = ticket.createdAt;
  const { from, to } = rangeDays(filter.date, now, filter.timeZone, earliest);
  const { step, labels, starts, end } = bars(from, to, filter.timeZone);
  const start = starts[0] ?? end;
  const inRange = (ms: number) => ms >= start && ms < end;

  const perBar = labels.map(() => 0);
  const byAge = AGE_BUCKETS.map(() => 0);
  const queues = new Map<string, Tally>();
  const agents = new Map<string, Tally>();
  const total = tally('total', 'All tickets');
  const queueTally = (source: ReportSource, queue: string) => {
    const id = `${source.account.id}\u0000${queue}`;
    let q = queues.get(id);
    if (!q) {
      q = tally('queue', `${source.account.key || source.account.name} · ${queue || 'No queue'}`);
      queues.set(id, q);
    }
    return q;
  };
  // An agent works in several accounts: one row, named by whichever log knows their profile.
  const names = new Map<string, string>();
  for (const { state } of chosen) {
    for (const agent of Object.values(state.agents)) {
      const known = names.get(agent.id);
      if (known === undefined || known === UNKNOWN_AGENT_NAME) names.set(agent.id, agent.profile.name);
    }
  }
  const agentTally = (id: string) => {
    let a = agents.get(id);
    if (!a) {
      a = tally('agent', id === OUTSIDE ? 'Sent outside Mailroom' : (names.get(id) ?? UNKNOWN_AGENT_NAME));
      agents.set(id, a);
    }
    return a;
  };
  for (const source of chosen) {
    for (const name of Object.keys(source.state.queues)) if (filter.queue === null || name === filter.queue) queueTally(source, name);
  }

  for (const { source, ticket } of tickets) {
    const queue = queueTally(source, ticket.queue);
    if (inRange(ticket.createdAt)) {
      increment(perBar, barOf(starts, ticket.createdAt));
      queue.newTickets = (queue.newTickets ?? 0) + 1;
      total.newTickets = (total.newTickets ?? 0) + 1;
    }
    if (ticket.status !== 'closed') {
      const age = Math.max(0, now - ticket.createdAt);
      increment(byAge, AGE_BUCKETS.findIndex((b) => age < b.belowMs));
      queue.unresolved += 1;
      total.unresolved += 1;
      if (ticket.assignee !== null) agentTally(ticket.assignee).unresolved += 1;
    }
    const response = firstResponse(ticket);
    if (response && inRange(response.at)) {
      const ms = Math.max(0, response.at - response.from);
      for (const t of [queue, agentTally(response.agent ?? OUTSIDE), total]) t.firstResponse.push(ms);
    }
    // Filed closed at import: nobody worked it, so it says nothing about resolution times.
    if (ticket.closed?.agent && inRange(ticket.closed.at)) {
      const ms = Math.max(0, ticket.closed.at - ticket.createdAt);
      for (const t of [queue, agentTally(ticket.closed.agent), total]) t.resolution.push(ms);
    }
  }

  const byLabel = (a: ReportRow, b: ReportRow) => a.label.localeCompare(b.label);
  return {
    from,
    to,
    timeZone: filter.timeZone,
    step,
    newTickets: labels.map((label, i) => ({ label, count: perBar[i] ?? 0 })),
    unresolvedByAge: AGE_BUCKETS.map((b, i) => ({ key: b.key, label: b.label, count: byAge[i] ?? 0 })),
    queues: [...queues.values()].map(rowOf).sort(byLabel),
    agents: [...agents.values()].map(rowOf).sort(byLabel),
    total: rowOf(total),
    choices: {
      accounts: sources.map((s) => ({ id: s.account.id, key: s.account.key, name: s.account.name })),
      queues: [...queueNames].sort((a, b) => a.localeCompare(b)),
    },
    ticketCount: tickets.length,
  };
}
