/**
 * The unread count over several accounts (NotificationService): right after any account's
 * log changes, including a change of queue members that moves another account's tickets,
 * counted by the store over saved rows and the pending changes over them.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { NotificationSettingsSchema } from '../../src-preload/contract';
import { NotificationService, type NotifyingLog } from '../../src-main/services/notifications/notification-service';
import type { TeamEvent } from '../../src-main/services/teamlog/events';
import type { TeamState, TicketState } from '../../src-main/services/teamlog/state';
import { foldAll, mail, teamEvent } from '../support/team-events';
import { addStoreAccount, tempStore } from '../support/store-account';
import { savedAndLoaded } from '../support/team-fixtures';

const store = tempStore('unread');

/** A log over a folded state, in memory (the count reads it whole as the overlay); `fold` changes it as a log read would. */
function testLog(accountId: string, events: TeamEvent[]) {
  const state: TeamState = foldAll(events);
  const listeners = new Set<() => void>();
  const log: NotifyingLog = {
    accountId,
    confirmed: () => state,
    state: () => state,
    listOverlay: () => ({ whole: true, tickets: [...state.tickets.values()], placements: [...state.tickets.placements()] }),
    caughtUp: () => true,
    onFolded: () => () => undefined,
    onChange: (listener) => (listeners.add(listener), () => listeners.delete(listener)),
  };
  const fold = (...more: TeamEvent[]) => {
    foldAll(more, state);
    for (const listener of listeners) listener();
  };
  return { log, fold };
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
    unreadCount: (query) => store.team.tickets.unreadCount(query),
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

  it("follows each account's changes, and the queue members one account's log names move another's tickets", async () => {
    // Sales names nobody in A's log: its tickets are everyone's until a log names members.
    const a = testLog('a', [imported(mail('a1', { queue: 'Sales' }), mail('a2', { queue: 'Sales' }))]);
    const b = testLog('b', [imported(mail('b1', { queue: 'Support' }))]);
    const counts: number[] = [];
    const service = countingService([a.log, b.log], counts);
    try {
      service.watchLogs();
      await vi.advanceTimersByTimeAsync(RECOUNT);
      expect(service.unreadCount()).toBe(3);

      b.fold(imported(mail('b2', { queue: 'Support' })));
      await vi.advanceTimersByTimeAsync(RECOUNT);
      expect(service.unreadCount()).toBe(4);

      // B's log names Sales' members: A's tickets in Sales are no longer Ana's.
      b.fold(teamEvent('ben', 2_000, { type: 'queue.set', queue: 'Sales', members: ['ben'] }));
      await vi.advanceTimersByTimeAsync(RECOUNT);
      expect(service.unreadCount()).toBe(2);

      // Read in A: A's count follows.
      a.fold(teamEvent('ben', 3_000, { type: 'queue.set', queue: 'Sales', members: ['ben', 'ana'] }), teamEvent('ana', 3_000, { type: 'ticket.read', ticket: 'a1' }));
      await vi.advanceTimersByTimeAsync(RECOUNT);
      expect(service.unreadCount()).toBe(3);
      expect(counts).toEqual([3, 4, 2, 3]);
    } finally {
      service.close();
    }
  });

  it('counts the saved rows with the pending changes over them: a ticket read before the log confirms it is off the count', async () => {
    addStoreAccount(store, 'saved');
    const saved = savedAndLoaded(store, foldAll([imported(mail('s1', { queue: 'Support' }), mail('s2', { queue: 'Support' }))]), 'saved');
    let pending: TicketState[] = [];
    const listeners = new Set<() => void>();
    const log: NotifyingLog = {
      accountId: 'saved',
      confirmed: () => saved,
      state: () => saved,
      listOverlay: () => (pending.length > 0 ? { whole: false, tickets: pending, placements: [] } : null),
      caughtUp: () => true,
      onFolded: () => () => undefined,
      onChange: (listener) => (listeners.add(listener), () => listeners.delete(listener)),
    };
    const counts: number[] = [];
    const service = countingService([log], counts);
    try {
      service.watchLogs();
      await vi.advanceTimersByTimeAsync(RECOUNT);
      expect(service.unreadCount()).toBe(2);
      pending = [{ ...saved.tickets.get('s1')!, unread: false }];
      for (const listener of listeners) listener();
      await vi.advanceTimersByTimeAsync(RECOUNT);
      expect(service.unreadCount()).toBe(1);
      expect(counts).toEqual([2, 1]);
    } finally {
      service.close();
    }
  });
});
