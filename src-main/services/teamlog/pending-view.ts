/**
 * What the agent sees: the confirmed state (folded from the log) with this client's
 * pending events (queued offline or in flight) folded on top. The confirmed state stays
 * untouched and is not deep-copied: the tickets get an overlay that clones only those
 * the pending events reach, the event ids copy-on-write views; the small records are copied.
 */
import { isDeepStrictEqual } from 'node:util';
import type { TeamEvent } from './events';
import { foldEvent } from './reducer';
import type { TeamState, TicketState } from './state';
import { TicketTableInMemory, type TicketTable } from './ticket-table';

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
  /** The tickets and placements the pending events changed (the ticket list's overlay); null for none. */
  own(): ListOverlayParts | null;
}

/** Tickets and placements as the agent sees them, over what the store holds (store/ticket-list-source.ts ListOverlay). */
export interface ListOverlayParts {
  /** Merged and deleted ones only hide their stored rows. */
  tickets: readonly TicketState[];
  placements: readonly (readonly [message: string, ticket: string])[];
}

/** What of a log's state the stored ticket rows do not describe (TeamLog.listOverlay). */
export interface LogListOverlay extends ListOverlayParts {
  /** Nothing stored describes the state (not saved yet): every ticket and placement is here. */
  whole: boolean;
}

/**
 * The confirmed tickets with the pending events' changes over them: a ticket the fold
 * reaches is cloned into the overlay first (the reducer changes tickets in place), new
 * tickets, numbers and placements are the overlay's own. Sealed after a fold, reads no
 * longer clone: listing 100k tickets must not copy them.
 */
class PendingTickets extends TicketTableInMemory {
  reached: ((key: string) => void) | null = null;
  readonly written = new Map<string, TicketState>();
  private readonly numbers = new Map<number, string>();
  private readonly placed = new Map<string, string>();
  /** Tickets written that the confirmed table does not hold. */
  private added = 0;
  private sealed = true;

  constructor(private readonly base: TicketTable) {
    super();
  }

  get size(): number {
    return this.base.size + this.added;
  }

  /** Folds with `reached` told every key the fold gets or puts, cloning what it reaches; sealed again after. */
  folding(reached: (key: string) => void, fold: () => void): void {
    this.sealed = false;
    this.reached = reached;
    try {
      fold();
    } finally {
      this.sealed = true;
      this.reached = null;
    }
  }

  get(key: string): TicketState | undefined {
    const own = this.written.get(key);
    const ticket = own ?? this.base.get(key);
    if (ticket === undefined) return undefined;
    this.reached?.(key);
    if (own !== undefined || this.sealed) return ticket;
    const copy = structuredClone(ticket);
    this.written.set(key, copy);
    return copy;
  }

  put(ticket: TicketState): void {
    this.reached?.(ticket.key);
    if (!this.written.has(ticket.key) && this.base.get(ticket.key) === undefined) this.added += 1;
    this.written.set(ticket.key, ticket);
    this.numbers.set(ticket.number, ticket.key);
  }

  keyOfNumber(number: number): string | undefined {
    return this.numbers.get(number) ?? this.base.keyOfNumber(number);
  }

  ticketOfMessage(message: string): string | undefined {
    return this.placed.get(message) ?? this.base.ticketOfMessage(message);
  }

  place(message: string, ticket: string): void {
    this.placed.set(message, ticket);
  }

  *values(): IterableIterator<TicketState> {
    for (const ticket of this.base.values()) yield this.written.get(ticket.key) ?? ticket;
    for (const [key, ticket] of this.written) if (this.base.get(key) === undefined) yield ticket;
  }

  *placements(): IterableIterator<[string, string]> {
    for (const [message, ticket] of this.base.placements()) yield [message, this.placed.get(message) ?? ticket];
    for (const entry of this.placed) if (this.base.ticketOfMessage(entry[0]) === undefined) yield entry;
  }

  /** What the pending events changed over the confirmed table: the tickets they reached and the placements they made. */
  own(): ListOverlayParts {
    return { tickets: [...this.written.values()], placements: [...this.placed] };
  }
}

/**
 * A record that reads through to `base` and keeps its own writes and deletes: the event
 * ids the reducer remembers (up to 20,000) are not copied for every view.
 */
function copyOnWrite<V>(base: Record<string, V>): Record<string, V> {
  const written = new Map<string, V>();
  const deleted = new Set<string>();
  const lookup = (key: string): { value: V } | null => {
    if (written.has(key)) return { value: written.get(key) as V };
    return deleted.has(key) || !Object.hasOwn(base, key) ? null : { value: base[key] as V };
  };
  const write = (key: string, value: V) => {
    deleted.delete(key);
    written.set(key, value);
    return true;
  };
  return new Proxy({} as Record<string, V>, {
    get: (target, key, receiver) => {
      const found = typeof key === 'string' ? lookup(key) : null;
      return found ? found.value : Reflect.get(target, key, receiver);
    },
    has: (target, key) => (typeof key === 'string' ? lookup(key) !== null : Reflect.has(target, key)),
    set: (_target, key, value: V) => typeof key === 'string' && write(key, value),
    defineProperty: (_target, key, descriptor) => typeof key === 'string' && write(key, descriptor.value as V),
    deleteProperty: (_target, key) => {
      if (typeof key !== 'string') return false;
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
}

export function withPending(confirmed: TeamState, pending: readonly TeamEvent[]): PendingView {
  if (pending.length === 0) return { state: confirmed, pendingTickets: new Set(), events: [], add: null, own: () => null };
  const tickets = new PendingTickets(confirmed.tickets);
  const state: TeamState = {
    ...confirmed,
    tickets,
    // Mutated in place by the reducer, and small: copied whole.
    agents: structuredClone(confirmed.agents),
    // Replaced or deleted per key, never mutated inside: a shallow copy suffices.
    queues: { ...confirmed.queues },
    lastOffered: { ...confirmed.lastOffered },
    recentEventIds: copyOnWrite(confirmed.recentEventIds),
    previousEventIds: copyOnWrite(confirmed.previousEventIds),
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
    const touched = new Set<string>();
    tickets.folding(
      (key) => touched.add(key),
      () => {
        // Pending events get UIDs after the confirmed ones, in the order they were made.
        for (const event of more) {
          foldEvent(state, { uid: confirmed.lastUid + 1 + events.length, event });
          events.push(event);
        }
      },
    );
    state.lastUid = confirmed.lastUid;
    for (const key of touched) {
      const ticket = tickets.written.get(key);
      if (ticket !== undefined && !isDeepStrictEqual(ticket, confirmed.tickets.get(key))) pendingTickets.add(key);
      else pendingTickets.delete(key);
    }
  };
  add(pending);
  return { state, pendingTickets, events, add, own: () => tickets.own() };
}
