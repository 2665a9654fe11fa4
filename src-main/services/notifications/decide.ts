/**
 * Which new tickets a desktop notification announces to this agent, how a burst is grouped
 * into one ("12 new in Support"), and which unread tickets the badge counts. Pure: the
 * service hands in folded events, team states, the agent and the clock.
 *
 * A ticket is announced when an event this client folded after it caught up with the log
 * opened it (so never history a new client folds, nor a state taken from a snapshot), from
 * customer mail the importing client's first sync did not find, or split out by another
 * agent; it is open and this agent works it (see worksOn); the agent is not paused; its
 * account's notifications are on.
 */
import type { DesktopNotification, NotificationSettings, NotificationTarget } from '../../../src-preload/contract';
import { burstBody, burstTitle, fillNotification } from '../../../src-preload/notification-text';
import type { LoggedEvent } from '../teamlog/events';
import type { TeamState, TicketState } from '../teamlog/state';

/** A ticket an event may have opened; the state after the fold decides whether it did. */
export interface Candidate {
  ticket: string;
  /** The UID of the event: the ticket's opening activity carries it when this event opened it. */
  uid: number;
}

/**
 * The tickets one folded event may open for this agent's attention: customer mail (not
 * filed closed, not found by a first sync) and another agent's split. This agent's own
 * actions announce nothing; whose mail import it was does not matter (any client imports).
 */
export function candidatesOf(logged: LoggedEvent, me: string): Candidate[] {
  const { event, uid } = logged;
  if (event.type === 'mail.imported') {
    return event.items.filter((i) => i.direction === 'in' && !i.closed && !i.firstSync && i.reason.kind === 'new').map((i) => ({ ticket: i.ticket, uid }));
  }
  if (event.type === 'message.split' && event.agent !== me) return [{ ticket: `split:${event.id}`, uid }];
  return [];
}

/** Queue members by queue name, over every account this agent sees (queues are named team-wide). */
export function queueMembers(states: TeamState[]): Map<string, Set<string>> {
  const members = new Map<string, Set<string>>();
  for (const state of states) {
    for (const name in state.queues) {
      const queue = state.queues[name]!;
      let set = members.get(queue.name);
      if (!set) members.set(queue.name, (set = new Set()));
      for (const id of queue.members) set.add(id);
    }
  }
  return members;
}

/**
 * Whether the agent works this ticket: it is theirs or offered to them; or nobody has it
 * nor is it offered to someone else, and it waits in one of their queues. A queue nobody
 * was named for (the account's standard queue of a small team) is everyone's.
 */
export function worksOn(t: TicketState, me: string, members: Map<string, Set<string>>): boolean {
  if (t.assignee === me || (t.offer?.agent === me && t.offer.phase === 'agent')) return true;
  if (t.assignee !== null || (t.offer?.phase === 'agent' && t.offer.agent !== '')) return false;
  const named = members.get(t.queue);
  return !named || named.size === 0 || named.has(me);
}

function live(t: TicketState | undefined): t is TicketState {
  return t !== undefined && t.mergedInto === null && t.deleted === null;
}

/** The candidates of one account that the fold really opened and this agent works, in log order. */
export function announced(state: TeamState, candidates: Candidate[], me: string, members: Map<string, Set<string>>): TicketState[] {
  const seen = new Set<string>();
  const tickets: TicketState[] = [];
  for (const c of candidates) {
    const t = state.tickets.get(c.ticket);
    if (!live(t) || seen.has(t.key)) continue;
    // Opened by this very event: a mail that joined an older ticket, or lost to an earlier import, is not new.
    if (t.openedUid !== c.uid) continue;
    if (t.status === 'closed' || !worksOn(t, me, members)) continue;
    seen.add(t.key);
    tickets.push(t);
  }
  return tickets;
}

/**
 * The queues whose tickets are others' unless offered to or taken by this agent: members
 * are named, and the agent is not among them (worksOn; the unread count asks the store,
 * store/ticket-counts.ts countUnread).
 */
export function othersQueues(members: Map<string, Set<string>>, me: string): string[] {
  return [...members].filter(([, named]) => named.size > 0 && !named.has(me)).map(([queue]) => queue);
}

/** A ticket to announce, with what its notification says. */
export interface NewTicket {
  accountId: string;
  accountName: string;
  settings: NotificationSettings;
  ticket: TicketState;
}

const customerOf = (t: TicketState): string => t.customer?.name.trim() || t.customer?.address || '';

/**
 * The notifications for tickets that arrived together: one per ticket (the account's
 * templates), except that two or more in the same queue become one "N new in Queue"
 * whose click opens the queue. Accounts with notifications off announce nothing.
 */
export function notificationsFor(tickets: NewTicket[], nextId: () => string): DesktopNotification[] {
  const byQueue = new Map<string, NewTicket[]>();
  for (const item of tickets) {
    if (!item.settings.enabled) continue;
    const group = byQueue.get(item.ticket.queue) ?? [];
    group.push(item);
    byQueue.set(item.ticket.queue, group);
  }
  const shown: DesktopNotification[] = [];
  for (const [queue, group] of byQueue) {
    const first = group[0]!;
    const sound = group.some((g) => g.settings.sound);
    if (group.length === 1) {
      const t = first.ticket;
      const values = { customer: customerOf(t) || 'Unknown sender', subject: t.subject || '(no subject)', account: first.accountName, queue: queue || 'no queue' };
      const target: NotificationTarget = { kind: 'ticket', accountId: first.accountId, ticket: t.key };
      shown.push({ id: nextId(), title: fillNotification(first.settings.title, values), body: fillNotification(first.settings.body, values), sound, target });
      continue;
    }
    shown.push({
      id: nextId(),
      title: burstTitle(group.length, queue),
      body: burstBody(group.map((g) => ({ customer: customerOf(g.ticket), subject: g.ticket.subject || '(no subject)' }))),
      sound,
      target: { kind: 'queue', accountId: first.accountId, queue },
    });
  }
  return shown;
}

/**
 * Bursts within a short window become one notification per queue: the first arrival shows
 * at once and opens a window; what arrives inside it is held and shown together when the
 * window ends (which opens the next one). Pure: the caller passes its clock and calls
 * flush() at windowEnd().
 */
export class BurstGate<T> {
  private held: T[] = [];
  private until = -Infinity;

  constructor(private readonly windowMs: number) {}

  /** What to show now (the items, when no window is open); held otherwise. */
  offer(items: T[], now: number): T[] {
    if (items.length === 0) return [];
    if (now >= this.until && this.held.length === 0) {
      this.until = now + this.windowMs;
      return items;
    }
    this.held.push(...items);
    return [];
  }

  /** When the held items are due; null when nothing is held. */
  windowEnd(): number | null {
    return this.held.length > 0 ? this.until : null;
  }

  /** The held items, once the window ended (a new window opens, so a steady stream stays grouped). */
  flush(now: number): T[] {
    if (this.held.length === 0 || now < this.until) return [];
    const items = this.held;
    this.held = [];
    this.until = now + this.windowMs;
    return items;
  }

  /** The agent paused: what was held is dropped, not shown later. */
  drop(): void {
    this.held = [];
  }
}
