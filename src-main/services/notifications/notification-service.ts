/**
 * Desktop notifications for new tickets and the unread count, from the accounts' team
 * logs: each confirmed event that may open a ticket is noted as it is folded, and once the
 * log reports the change the folded state says whether it did and whether this agent works
 * it (decide.ts). Notifications go to the platform's Notifier (grouped per queue within
 * BURST_WINDOW_MS), the count to its Badge and to the renderer (the window title).
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { EventSink, NotificationSettings } from '../../../src-preload/contract';
import type { Badge, Notifier } from '../platform/interfaces';
import type { LoggedEvent } from '../teamlog/events';
import type { TeamState, TicketState } from '../teamlog/state';
import { mayView } from '../tickets/ticket-query';
import { TimeSlicer } from '../sync/time-slices';
import { announced, BurstGate, candidatesOf, countsAsUnread, notificationsFor, queueMembers, type Candidate, type NewTicket } from './decide';

/** New tickets arriving within this long of a shown notification are grouped into the next one. */
export const BURST_WINDOW_MS = 4000;
/** The unread count is recounted at most this often while events arrive. */
const RECOUNT_AFTER_MS = 200;
/**
 * And at least this many times its own last duration apart: a recount walks every ticket
 * (in time slices: a second at a million tickets), and during a first sync's import,
 * confirmed window by window, recounting every 200 ms kept the event loop busy with little else.
 */
const RECOUNT_SPACING = 4;

/** The members of a TeamLog the notifications read. */
export interface NotifyingLog {
  readonly accountId: string;
  /** As the log confirmed it: whose a new ticket is. */
  confirmed(): TeamState;
  /** With this agent's pending events: what the agent sees (a ticket just read is no longer unread). */
  state(): TeamState;
  /** The tickets of state(), walked cheaply (TeamLog.tickets). */
  tickets(): Iterable<TicketState>;
  caughtUp(): boolean;
  onFolded(listener: (logged: LoggedEvent) => void): () => void;
  onChange(listener: () => void): () => void;
}

export interface NotificationServiceDeps {
  logs(): NotifyingLog[];
  /** Each account's name and notification settings. */
  accounts(): { id: string; name: string; notifications: NotificationSettings }[];
  agentId(): string;
  /** The agent chose "paused", or is paused until a ticket gets its disposition. */
  paused(): boolean;
  notifier: Notifier;
  badge: Badge;
  emit: EventSink;
  now?: () => number;
}

export class NotificationService {
  private readonly watched = new Map<string, { log: NotifyingLog; off: () => void }>();
  private readonly candidates = new Map<string, Candidate[]>();
  private readonly gate = new BurstGate<NewTicket>(BURST_WINDOW_MS);
  private flushTimer: NodeJS.Timeout | null = null;
  private recountTimer: NodeJS.Timeout | null = null;
  private count = 0;
  /**
   * Each account's unread count at the last recount, kept while its log does not change
   * and the agent and the queue members stay the same: new mail in one account then does
   * not walk the 100,000 tickets of another.
   */
  private readonly counts = new Map<string, number>();
  private readonly stale = new Set<string>();
  private countedFor = '';
  /** How long the last recount took, ms. */
  private recountMs = 0;
  /** A recount is walking the tickets (in slices); asked for meanwhile, another follows it. */
  private recounting = false;
  private recountAgain = false;
  private closed = false;
  private readonly now: () => number;

  constructor(private readonly deps: NotificationServiceDeps) {
    this.now = deps.now ?? Date.now;
  }

  /** Follows every account's log; call when accounts come and go. */
  watchLogs(): void {
    const logs = this.deps.logs();
    const live = new Set(logs.map((l) => l.accountId));
    for (const [id, w] of this.watched) {
      if (live.has(id) && logs.includes(w.log)) continue;
      w.off();
      this.watched.delete(id);
      this.candidates.delete(id);
      this.counts.delete(id);
    }
    for (const log of logs) {
      if (this.watched.has(log.accountId)) continue;
      const offFolded = log.onFolded((logged) => this.folded(log, logged));
      const offChange = log.onChange(() => this.changed(log));
      this.watched.set(log.accountId, { log, off: () => (offFolded(), offChange()) });
    }
    this.scheduleRecount();
  }

  unreadCount(): number {
    return this.count;
  }

  /** The agent paused (or went back online): anything held back is dropped. */
  statusChanged(): void {
    if (this.deps.paused()) this.gate.drop();
  }

  close(): void {
    this.closed = true;
    for (const w of this.watched.values()) w.off();
    this.watched.clear();
    if (this.flushTimer) clearTimeout(this.flushTimer);
    if (this.recountTimer) clearTimeout(this.recountTimer);
  }

  private folded(log: NotifyingLog, logged: LoggedEvent): void {
    // Folded before this client caught up with the log: history, not news.
    if (!log.caughtUp()) return;
    const found = candidatesOf(logged, this.deps.agentId());
    if (found.length === 0) return;
    const list = this.candidates.get(log.accountId) ?? [];
    list.push(...found);
    this.candidates.set(log.accountId, list);
  }

  private changed(log: NotifyingLog): void {
    this.stale.add(log.accountId);
    this.scheduleRecount();
    const candidates = this.candidates.get(log.accountId);
    if (!candidates) return;
    this.candidates.delete(log.accountId);
    if (this.deps.paused()) return;
    const me = this.deps.agentId();
    const state = log.confirmed();
    if (!mayView(state, me)) return;
    const account = this.deps.accounts().find((a) => a.id === log.accountId);
    if (!account) return;
    const tickets = announced(state, candidates, me, this.members());
    const items = tickets.map((ticket) => ({ accountId: account.id, accountName: account.name, settings: account.notifications, ticket }));
    this.show(this.gate.offer(items, this.now()));
    this.scheduleFlush();
  }

  private show(items: NewTicket[]): void {
    for (const notification of notificationsFor(items, randomUUID)) this.deps.notifier.notify(notification);
  }

  private scheduleFlush(): void {
    const due = this.gate.windowEnd();
    if (due === null || this.flushTimer) return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = null;
      const items = this.gate.flush(this.now());
      if (!this.deps.paused()) this.show(items);
      this.scheduleFlush();
    }, Math.max(0, due - this.now()));
    this.flushTimer.unref();
  }

  /** Queue members over the accounts this agent sees. */
  private members(): ReturnType<typeof queueMembers> {
    const me = this.deps.agentId();
    return queueMembers([...this.watched.values()].map((w) => w.log.state()).filter((s) => mayView(s, me)));
  }

  private scheduleRecount(): void {
    if (this.recounting) {
      this.recountAgain = true;
      return;
    }
    if (this.recountTimer || this.closed) return;
    this.recountTimer = setTimeout(() => void this.recount(), Math.max(RECOUNT_AFTER_MS, RECOUNT_SPACING * this.recountMs));
    this.recountTimer.unref();
  }

  private async recount(): Promise<void> {
    this.recountTimer = null;
    this.recounting = true;
    const start = performance.now();
    try {
      await this.countUnread();
    } finally {
      this.recounting = false;
      this.recountMs = performance.now() - start;
    }
    if (this.recountAgain) {
      this.recountAgain = false;
      this.scheduleRecount();
    }
  }

  private async countUnread(): Promise<void> {
    const me = this.deps.agentId();
    const visible = [...this.watched.entries()].map(([id, w]) => ({ id, log: w.log, state: w.log.state() })).filter((v) => mayView(v.state, me));
    const members = queueMembers(visible.map((v) => v.state));
    // Whose tickets are whose depends on these alone besides the account's own state.
    const basis = JSON.stringify([me, [...members].map(([queue, set]) => [queue, [...set].sort()]).sort()]);
    if (basis !== this.countedFor) {
      this.counts.clear();
      this.countedFor = basis;
    }
    // Changes during the walk mark their account stale again, and the recount after this one counts it.
    const stale = new Set(this.stale);
    this.stale.clear();
    const slicer = new TimeSlicer();
    let count = 0;
    for (const { id, log } of visible) {
      let own = stale.has(id) ? undefined : this.counts.get(id);
      if (own === undefined) {
        own = 0;
        for (const ticket of log.tickets()) {
          if (countsAsUnread(ticket, me, members)) own += 1;
          if (slicer.due()) {
            await slicer.pace();
            if (this.closed) return;
          }
        }
        this.counts.set(id, own);
      }
      count += own;
    }
    if (count === this.count) return;
    this.count = count;
    this.deps.badge.setCount(count);
    this.deps.emit('unreadCountChanged', { count });
  }
}
