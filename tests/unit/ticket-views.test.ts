/**
 * The renderer's ticket pieces that need no DOM: ages, ticket numbers people type,
 * what an empty view says, which workspace opens, and the tickets store's actions
 * (pending while in flight, a failure reported once and never retried by itself).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { AccountSummary, TicketSummary } from '../../src-preload/contract';
import { formatAge } from '../../src-renderer/features/queues/age';
import { activityLine } from '../../src-renderer/features/tickets/activity';
import { emptyExplanation, hasNarrowingFilters, queueQuery, viewQuery } from '../../src-renderer/features/queues/views';
import { parseTicketNumber, rowIdOf, useTicketsStore } from '../../src-renderer/stores/tickets';
import { currentWorkspace } from '../../src-renderer/stores/workspace';

const account = { id: 'acc1', name: 'Support', email: 'support@example.com', queue: 'Support' } as AccountSummary;

function summary(number: number, change: Partial<TicketSummary> = {}): TicketSummary {
  return {
    accountId: 'acc1',
    accountKey: 'SUP',
    key: `k${number}`,
    number,
    token: `MR-${number}`,
    subject: 'Refund',
    customer: { name: 'Maria', address: 'maria@example.org' },
    queue: 'Support',
    status: 'open',
    assignee: null,
    offer: null,
    tags: [],
    disposition: null,
    unread: false,
    createdAt: 0,
    lastActivityAt: 0,
    messageCount: 1,
    pending: false,
    ...change,
  };
}

/** A bridge whose ticketAction answers when the test says, counting calls. */
function installBridge(ticketAction: (request: unknown) => Promise<TicketSummary>) {
  const calls = { ticketAction: 0, listTickets: 0 };
  const mailroom = {
    ticketAction: (request: unknown) => {
      calls.ticketAction += 1;
      return ticketAction(request);
    },
    listTickets: () => {
      calls.listTickets += 1;
      return Promise.resolve({ total: 1, items: [summary(7)] });
    },
    setPresence: () => Promise.resolve({ ok: true }),
    getTicket: () => new Promise(() => undefined),
  };
  (globalThis as { window?: unknown }).window = { mailroom };
  return calls;
}

afterEach(() => {
  delete (globalThis as { window?: unknown }).window;
  useTicketsStore.setState({ notices: [], inFlight: {}, openRef: null, detail: null });
});

describe('formatAge', () => {
  const now = Date.UTC(2026, 0, 31, 12);
  it('says how long ago in a few characters', () => {
    expect(formatAge(now - 20_000, now)).toBe('now');
    expect(formatAge(now - 5 * 60_000, now)).toBe('5 min');
    expect(formatAge(now - 3 * 3600_000, now)).toBe('3 h');
    expect(formatAge(now - 2 * 86400_000, now)).toBe('2 d');
    expect(formatAge(now - 40 * 86400_000, now)).toBe('5 w');
    expect(formatAge(now - 800 * 86400_000, now)).toBe('2 y');
  });
  it('never shows a negative age for a clock that runs behind', () => {
    expect(formatAge(now + 60_000, now)).toBe('now');
  });
});

describe('parseTicketNumber', () => {
  it('reads what people type', () => {
    expect(parseTicketNumber('1042')).toBe(1042);
    expect(parseTicketNumber('#1042')).toBe(1042);
    expect(parseTicketNumber(' MR-1042 ')).toBe(1042);
    expect(parseTicketNumber('SUP-7')).toBe(7);
  });
  it('refuses what holds no ticket number', () => {
    expect(parseTicketNumber('')).toBeNull();
    expect(parseTicketNumber('MR-')).toBeNull();
    expect(parseTicketNumber('0')).toBeNull();
  });
});

describe('empty views', () => {
  it('an empty queue says where its tickets come from', () => {
    const empty = emptyExplanation(queueQuery('acc1', 'Support'), [account]);
    expect(empty.title).toBe('No tickets in Support');
    expect(empty.text).toBe('New mail to support@example.com becomes a ticket here.');
  });
  it('filters make it "nothing matches", not "nothing there"', () => {
    const q = { ...queueQuery('acc1', 'Support'), tag: 'vip' };
    expect(hasNarrowingFilters(q)).toBe(true);
    expect(emptyExplanation(q, [account]).title).toBe('No tickets match these filters');
    expect(hasNarrowingFilters(viewQuery('mine'))).toBe(false);
  });
  it('my empty view says how to get work', () => {
    expect(emptyExplanation(viewQuery('mine'), [account]).text).toContain('Take one from Unassigned');
  });
});

describe('workspace', () => {
  it('opens Tickets once an account exists, the mail view (with Add account) before', () => {
    expect(currentWorkspace(null, false)).toBe('mail');
    expect(currentWorkspace(null, true)).toBe('tickets');
    expect(currentWorkspace('mail', true)).toBe('mail');
    expect(currentWorkspace('supervisor', false)).toBe('mail');
  });
});

describe('ticket actions', () => {
  const ref = { accountId: 'acc1', ticket: 'k7' };

  it('shows an action as pending until main answers, then puts the answer in the list', async () => {
    let answer: (s: TicketSummary) => void = () => undefined;
    installBridge(() => new Promise((resolve) => (answer = resolve)));
    useTicketsStore.getState().show(viewQuery('all'));
    await expect.poll(() => useTicketsStore.getState().total).toBe(1);

    const done = useTicketsStore.getState().act(ref, { type: 'take' });
    expect(useTicketsStore.getState().inFlight[rowIdOf({ accountId: 'acc1', key: 'k7' })]).toBe('take');
    answer(summary(7, { assignee: { id: 'me', name: 'Ben' }, pending: true }));
    await expect(done).resolves.toBe(true);
    expect(useTicketsStore.getState().inFlight).toEqual({});
    const row = useTicketsStore.getState().pages[0]?.items[0];
    expect(row?.assignee?.name).toBe('Ben');
    expect(row?.pending).toBe(true);
  });

  it('reports a failed action once, with its cause, and does not send it again', async () => {
    const calls = installBridge(() => Promise.reject(Object.assign(new Error('x'), { info: { code: 'host/disconnected', cause: 'Mailroom is not running.', fix: 'Start it.' } })));
    await expect(useTicketsStore.getState().act(ref, { type: 'note', text: 'hi' })).resolves.toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(calls.ticketAction).toBe(1);
    const notices = useTicketsStore.getState().notices;
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ accountId: 'acc1', ticket: 'k7', kind: 'error', message: 'Mailroom is not running.' });
    expect(useTicketsStore.getState().inFlight).toEqual({});
  });
});

describe('activityLine', () => {
  const ana = { id: 'a', name: 'Ana Lima' };
  it("puts the author before an agent's own action", () => {
    expect(activityLine({ author: ana, summary: 'took the ticket' })).toBe('Ana Lima took the ticket');
    expect(activityLine({ author: ana, summary: 'transferred it to Ben Okafor' })).toBe('Ana Lima transferred it to Ben Okafor');
  });
  it('leaves what happened by itself, or names its own agent, as it is', () => {
    expect(activityLine({ author: ana, summary: 'new ticket from Maria Garcia; waiting in no queue' })).toBe('New ticket from Maria Garcia; waiting in no queue');
    expect(activityLine({ author: ana, summary: 'reopened by a new message from Maria' })).toBe('Reopened by a new message from Maria');
    expect(activityLine({ author: ana, summary: 'Ben Okafor did not accept in time; waiting in queue Support' })).toBe('Ben Okafor did not accept in time; waiting in queue Support');
  });
});
