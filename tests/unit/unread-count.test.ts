/**
 * The unread count over several accounts (NotificationService): right after any account's
 * log changes, including a change of queue members that moves another account's tickets,
 * while an account whose log did not change is not walked again.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { NotificationSettingsSchema } from '../../src-preload/contract';
import { NotificationService, type NotifyingLog } from '../../src-main/services/notifications/notification-service';
import type { TeamEvent } from '../../src-main/services/teamlog/events';
import type { TeamState } from '../../src-main/services/teamlog/state';
import { foldAll, mail, teamEvent } from '../support/team-events';

/** A log over a folded state whose ticket walks are counted; `fold` changes it as a log read would. */
function testLog(accountId: string, events: TeamEvent[]) {
  const state: TeamState = foldAll(events);
  const walks = { count: 0 };
  const listeners = new Set<() => void>();
  const log: NotifyingLog = {
    accountId,
    confirmed: () => state,
    state: () => state,
    tickets: () => {
      walks.count += 1;
      return state.tickets.values();
    },
    caughtUp: () => true,
    onFolded: () => () => undefined,
    onChange: (listener) => (listeners.add(listener), () => listeners.delete(listener)),
  };
  const fold = (...more: TeamEvent[]) => {
    foldAll(more, state);
    for (const listener of listeners) listener();
  };
  return { log, walks, fold };
}

/** Ana's notifications over these logs, the badge's counts pushed to `counts`. */
function countingService(logs: NotifyingLog[], counts: number[]): NotificationService {
  return new NotificationService({
    logs: () => logs,
    accounts: () => logs.map((log) => ({ id: log.accountId, name: log.accountId, notifications: NotificationSettingsSchema.parse({}) })),
    agentId: () => 'ana',
    paused: () => false,
    notifier: { notify: () => undefined },
    badge: { setCount: (count) => counts.push(count) },
    emit: () => undefined,
  });
}

/**
 * Fake time past any recount: one waits 200 ms after a change, or four times the last
 * recount's real duration, which a loaded machine stretches (a fixed 200 ms failed there).
 */
const RECOUNT = 10_000;
const imported = (...items: ReturnType<typeof mail>[]) => teamEvent('ben', 1_000, { type: 'mail.imported', items });

describe('the unread count over accounts', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('recounts only the account whose log changed, and every account when the queue members change', async () => {
    // Sales names nobody in A's log: its tickets are everyone's until a log names members.
    const a = testLog('a', [imported(mail('a1', { queue: 'Sales' }), mail('a2', { queue: 'Sales' }))]);
    const b = testLog('b', [imported(mail('b1', { queue: 'Support' }))]);
    const counts: number[] = [];
    const service = countingService([a.log, b.log], counts);
    try {
      service.watchLogs();
      await vi.advanceTimersByTimeAsync(RECOUNT);
      expect(service.unreadCount()).toBe(3);
      const walked = a.walks.count;

      // New mail in B: B is counted again, A's tickets are not walked.
      b.fold(imported(mail('b2', { queue: 'Support' })));
      await vi.advanceTimersByTimeAsync(RECOUNT);
      expect(service.unreadCount()).toBe(4);
      expect(a.walks.count).toBe(walked);

      // B's log names Sales' members: A's tickets in Sales are no longer Ana's.
      b.fold(teamEvent('ben', 2_000, { type: 'queue.set', queue: 'Sales', members: ['ben'] }));
      await vi.advanceTimersByTimeAsync(RECOUNT);
      expect(service.unreadCount()).toBe(2);
      expect(a.walks.count).toBeGreaterThan(walked);

      // Read in A: A's count follows.
      a.fold(teamEvent('ben', 3_000, { type: 'queue.set', queue: 'Sales', members: ['ben', 'ana'] }), teamEvent('ana', 3_000, { type: 'ticket.read', ticket: 'a1' }));
      await vi.advanceTimersByTimeAsync(RECOUNT);
      expect(service.unreadCount()).toBe(3);
      expect(counts).toEqual([3, 4, 2, 3]);
    } finally {
      service.close();
    }
  });

  it('walks the tickets in time slices, and counts again after a walk that a change overtook', async () => {
    vi.useRealTimers();
    const a = testLog('a', [imported(...Array.from({ length: 60 }, (_, i) => mail(`a${i}`, { queue: 'Sales' })))]);
    let turns = 0;
    let walked = 0;
    /** Timer ticks during each walk. */
    const turnsPerWalk: number[] = [];
    const ticker = setInterval(() => (turns += 1), 1);
    // Each ticket costs 2 ms: a walk of 120 ms that gave the event loop no turn would see no tick.
    const slowWalk = function* () {
      const start = turns;
      for (const ticket of [...a.log.state().tickets.values()]) {
        const until = performance.now() + 2;
        while (performance.now() < until);
        walked += 1;
        // A fold halfway through the first walk: the count must follow it.
        if (walked === 30) a.fold(imported(mail('late', { queue: 'Sales' })));
        yield ticket;
      }
      turnsPerWalk.push(turns - start);
    };
    const counts: number[] = [];
    const service = countingService([{ ...a.log, tickets: slowWalk }], counts);
    try {
      service.watchLogs();
      await vi.waitFor(() => expect(service.unreadCount()).toBe(61), { timeout: 10_000, interval: 20 });
      expect(turnsPerWalk.length).toBeGreaterThanOrEqual(2);
      expect(Math.min(...turnsPerWalk)).toBeGreaterThan(2);
      expect(counts.at(-1)).toBe(61);
    } finally {
      clearInterval(ticker);
      service.close();
    }
    // The walks are real time (2 ms a ticket) and the wait for their count allows 10 s.
  }, 20_000);
});
