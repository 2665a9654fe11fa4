/**
 * What the agent sees: the confirmed state (folded from the log) with this client's
 * pending events (queued offline or in flight) folded on top. The confirmed state stays
 * untouched and is not deep-copied: the big records (tickets, messageTicket,
 * ticketByNumber, the event ids) become copy-on-write views that clone only the tickets
 * the pending events reach; the small records are copied.
 */
import { isDeepStrictEqual } from 'node:util';
import type { TeamEvent } from './events';
import { foldEvent } from './reducer';
import { own } from './records';
import type { TeamState, TicketState } from './state';

export interface PendingView {
  state: TeamState;
  /** Keys of the tickets the pending events changed (or created): the UI marks them pending. */
  pendingTickets: Set<string>;
  /** The pending events folded into `state`, in order. */
  readonly events: readonly TeamEvent[];
  /**
   * Folds events queued after `events` into this view, over the same confirmed state: a
   * first sync queues hundreds of mail.imported events, and folding them all again for
   * each new one was quadratic. Null for the view of no pending events (build one anew).
   */
  readonly add: ((events: readonly TeamEvent[]) => void) | null;
}

interface CopyOnWrite<V> {
  record: Record<string, V>;
  /** After the fold: reads no longer clone (listing 100k tickets must not copy them). */
  seal(): void;
  /** Before folding more events: reads clone again. */
  unseal(): void;
  written: Map<string, V>;
  /** Keys read, written or deleted while unsealed (since the last unseal): what a fold may have changed. */
  touched: Set<string>;
  /** Nothing was written or deleted: the base itself reads the same, without a proxy's cost per read. */
  untouched(): boolean;
}

/**
 * A record that reads through to `base` and keeps its own writes and deletes. While
 * unsealed, a read of a base value clones it first (the reducer mutates tickets in place).
 */
function copyOnWrite<V>(base: Record<string, V>, clone: ((value: V) => V) | null): CopyOnWrite<V> {
  const written = new Map<string, V>();
  const deleted = new Set<string>();
  const touched = new Set<string>();
  let sealed = false;
  const lookup = (key: string): { value: V } | null => {
    if (!sealed) touched.add(key);
    if (written.has(key)) return { value: written.get(key) as V };
    if (deleted.has(key) || !Object.hasOwn(base, key)) return null;
    const value = base[key] as V;
    if (!clone || sealed) return { value };
    const copy = clone(value);
    written.set(key, copy);
    return { value: copy };
  };
  const write = (key: string, value: V) => {
    touched.add(key);
    deleted.delete(key);
    written.set(key, value);
    return true;
  };
  const record = new Proxy({} as Record<string, V>, {
    get: (target, key, receiver) => {
      const found = typeof key === 'string' ? lookup(key) : null;
      return found ? found.value : Reflect.get(target, key, receiver);
    },
    has: (target, key) => (typeof key === 'string' ? lookup(key) !== null : Reflect.has(target, key)),
    set: (_target, key, value: V) => typeof key === 'string' && write(key, value),
    defineProperty: (_target, key, descriptor) => typeof key === 'string' && write(key, descriptor.value as V),
    deleteProperty: (_target, key) => {
      if (typeof key !== 'string') return false;
      touched.add(key);
      written.delete(key);
      deleted.add(key);
      return true;
    },
    ownKeys: () => {
      const keys = Object.keys(base).filter((key) => !deleted.has(key));
      for (const key of written.keys()) if (!Object.hasOwn(base, key)) keys.push(key);
      return keys;
    },
    getOwnPropertyDescriptor: (_target, key) => {
      const found = typeof key === 'string' ? lookup(key) : null;
      return found ? { value: found.value, writable: true, enumerable: true, configurable: true } : undefined;
    },
  });
  return {
    record,
    written,
    touched,
    seal: () => {
      sealed = true;
    },
    unseal: () => {
      sealed = false;
      touched.clear();
    },
    untouched: () => written.size === 0 && deleted.size === 0,
  };
}

export function withPending(confirmed: TeamState, pending: readonly TeamEvent[]): PendingView {
  if (pending.length === 0) return { state: confirmed, pendingTickets: new Set(), events: [], add: null };
  const tickets = copyOnWrite<TicketState>(confirmed.tickets, (t) => structuredClone(t));
  const messageTicket = copyOnWrite(confirmed.messageTicket, null);
  const ticketByNumber = copyOnWrite(confirmed.ticketByNumber as Record<string, string>, null);
  const recentEventIds = copyOnWrite(confirmed.recentEventIds, null);
  const previousEventIds = copyOnWrite(confirmed.previousEventIds, null);
  const state: TeamState = {
    ...confirmed,
    tickets: tickets.record,
    messageTicket: messageTicket.record,
    ticketByNumber: ticketByNumber.record,
    // Mutated in place by the reducer, and small: copied whole.
    agents: structuredClone(confirmed.agents),
    // Replaced or deleted per key, never mutated inside: a shallow copy suffices.
    queues: { ...confirmed.queues },
    lastOffered: { ...confirmed.lastOffered },
    recentEventIds: recentEventIds.record,
    previousEventIds: previousEventIds.record,
    rejections: [...confirmed.rejections],
    presence: { ...confirmed.presence },
    // Entries replaced or deleted per key (canned.set/delete, view.set/delete, auto-reply decisions): shallow copies.
    canned: { ...confirmed.canned },
    views: { ...confirmed.views },
    autoReplyDue: { ...confirmed.autoReplyDue },
    autoReplied: { ...confirmed.autoReplied },
  };
  const events: TeamEvent[] = [];
  const pendingTickets = new Set<string>();
  const add = (more: readonly TeamEvent[]) => {
    tickets.unseal();
    state.messageTicket = messageTicket.record;
    state.ticketByNumber = ticketByNumber.record;
    // Pending events get UIDs after the confirmed ones, in the order they were made.
    for (const event of more) {
      foldEvent(state, { uid: confirmed.lastUid + 1 + events.length, event });
      events.push(event);
    }
    state.lastUid = confirmed.lastUid;
    tickets.seal();
    // Most pending actions (take, note, close…) place no message: full-text filters then read messageTicket tens of thousands of times at full speed.
    if (messageTicket.untouched()) state.messageTicket = confirmed.messageTicket;
    if (ticketByNumber.untouched()) state.ticketByNumber = confirmed.ticketByNumber;
    for (const key of tickets.touched) {
      const ticket = tickets.written.get(key);
      if (ticket !== undefined && !isDeepStrictEqual(ticket, own(confirmed.tickets, key))) pendingTickets.add(key);
      else pendingTickets.delete(key);
    }
  };
  add(pending);
  return { state, pendingTickets, events, add };
}
