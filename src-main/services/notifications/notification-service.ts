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
import type { UnreadQuery } from '../store/ticket-counts';
import { overlaysOf } from '../store/ticket-list-source';
import type { LogListOverlay } from '../teamlog/pending-view';
import type { TeamState } from '../teamlog/state';
import { mayView } from '../tickets/ticket-views';
import { announced, BurstGate, candidatesOf, notificationsFor, othersQueues, queueMembers, type Candidate, type NewTicket } from './decide';

/** New tickets arriving within this long of a shown notification are grouped into the next one. */
export const BURST_WINDOW_MS = 4000;
/** The unread count is recounted at most this often while events arrive. */
const RECOUNT_AFTER_MS = 200;
/** And at least this many times its own last duration apart (a count at a million tickets takes some milliseconds). */
const RECOUNT_SPACING = 4;

/** The members of a TeamLog the notifications read. */
export interface NotifyingLog {
  readonly accountId: string;
  /** As the log confirmed it: whose a new ticket is. */
  confirmed(): TeamState;
  /** With this agent's pending events: what the agent sees (a ticket just read is no longer unread). */
  state(): TeamState;
  /** What of state() the stored ticket rows do not describe (TeamLog.listOverlay). */
  listOverlay(): LogListOverlay | null;
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
  /** The count over the stored ticket rows and the overlays (store.team.tickets.unreadCount). */
  unreadCount(query: UnreadQuery): number;
  now?: () => number;
}

export class NotificationService {
  private readonly watched = new Map<string, { log: NotifyingLog; off: () => void }>();
  private readonly candidates = new Map<string, Candidate[]>();
  private readonly gate = new BurstGate<NewTicket>(BURST_WINDOW_MS);
  private flushTimer: NodeJS.Timeout | null = null;
  private recountTimer: NodeJS.Timeout | null = null;
  private count = 0;
  /** How long the last recount took, ms. */
  private recountMs = 0;
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
    if (this.recountTimer || this.closed) return;
    this.recountTimer = setTimeout(() => this.recount(), Math.max(RECOUNT_AFTER_MS, RECOUNT_SPACING * this.recountMs));
    this.recountTimer.unref();
  }

  private recount(): void {
    this.recountTimer = null;
    const start = performance.now();
    const me = this.deps.agentId();
    const visible = [...this.watched.entries()].map(([id, w]) => ({ id, log: w.log, state: w.log.state() })).filter((v) => mayView(v.state, me));
    const members = queueMembers(visible.map((v) => v.state));
    const count = this.deps.unreadCount({
      accountIds: visible.map((v) => v.id),
      me,
      othersQueues: othersQueues(members, me),
      overlays: overlaysOf(visible.map(({ id, log }) => ({ accountId: id, log }))),
    });
    this.recountMs = performance.now() - start;
    if (count === this.count) return;
    this.count = count;
    this.deps.badge.setCount(count);
    this.deps.emit('unreadCountChanged', { count });
  }
}
