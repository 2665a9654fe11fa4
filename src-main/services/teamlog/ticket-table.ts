/**
 * The tickets of a team state, with the two indexes the reducer reads beside them: the
 * ticket each message is in, and each ticket's key by number. Folds, lists and saves
 * reach tickets only through this interface, so where they live is this module's
 * business: in memory here (a state folded or parsed whole), in the store for a saved
 * state (stored-ticket-table.ts), an overlay over either for pending events (pending-view.ts).
 * Tickets are never removed (a merged or deleted ticket is kept so its key resolves), and
 * neither are placements (a message moves by being placed again).
 */
import { put } from './records';
import type { TicketState } from './state';

export interface TicketTable {
  /** Tickets held, merged and deleted ones included. */
  readonly size: number;
  /**
   * The ticket with this key. The reducer changes the ticket it gets in place; whoever
   * watches the folds (`reached`) learns its key.
   */
  get(key: string): TicketState | undefined;
  /** Adds a ticket (or replaces the one with its key), indexed under its number. */
  put(ticket: TicketState): void;
  keyOfNumber(number: number): string | undefined;
  /** The key of the ticket the message is in. */
  ticketOfMessage(message: string): string | undefined;
  place(message: string, ticket: string): void;
  /** The tickets numbered from `first` up to `end` (not included), in number order. */
  inNumberRange(first: number, end: number): TicketState[];
  /** The tickets of these messages, for those placed. */
  ticketsOfMessages(messages: readonly string[]): Map<string, string>;
  /** Every ticket in the order it was first put (tickets are opened in number order). */
  values(): IterableIterator<TicketState>;
  /** Every message's ticket, in the order the messages were first placed. */
  placements(): IterableIterator<[message: string, ticket: string]>;
  /**
   * The placements naming no ticket the table holds: the reducer places every message in
   * a ticket it keeps, so only a state loaded from elsewhere has such entries, and no fold
   * changes them (a snapshot writes them after the placed ones: snapshot.ts).
   */
  unplaced(): Record<string, string>;
  /** Keys of the tickets holding an offer (the offer timers). */
  keysWithOffer(): string[];
  /** Told the key of each ticket got or put (the state saver notes what a fold reached); null when nobody watches. */
  reached: ((key: string) => void) | null;
}

/**
 * The lookups a table in memory answers by looking up or walking its own tickets and
 * placements, one at a time (MemoryTicketTable, the pending view's overlay); the store's
 * table answers them in SQL.
 */
export abstract class TicketTableInMemory implements TicketTable {
  abstract reached: ((key: string) => void) | null;
  abstract readonly size: number;
  abstract get(key: string): TicketState | undefined;
  abstract put(ticket: TicketState): void;
  abstract keyOfNumber(number: number): string | undefined;
  abstract ticketOfMessage(message: string): string | undefined;
  abstract place(message: string, ticket: string): void;
  abstract values(): IterableIterator<TicketState>;
  abstract placements(): IterableIterator<[string, string]>;

  inNumberRange(first: number, end: number): TicketState[] {
    const tickets: TicketState[] = [];
    for (let number = first; number < end; number++) {
      const key = this.keyOfNumber(number);
      const ticket = key === undefined ? undefined : this.get(key);
      if (ticket) tickets.push(ticket);
    }
    return tickets;
  }

  ticketsOfMessages(messages: readonly string[]): Map<string, string> {
    const placed = new Map<string, string>();
    for (const message of messages) {
      const ticket = this.ticketOfMessage(message);
      if (ticket !== undefined) placed.set(message, ticket);
    }
    return placed;
  }

  unplaced(): Record<string, string> {
    const unplaced: Record<string, string> = {};
    for (const [message, key] of this.placements()) if (!this.get(key)) put(unplaced, message, key);
    return unplaced;
  }

  keysWithOffer(): string[] {
    const keys: string[] = [];
    for (const ticket of this.values()) if (ticket.offer) keys.push(ticket.key);
    return keys;
  }
}

/** How far past the end of the number list a ticket's number may be and still be kept in the list. */
const FAR = 1024;

export class MemoryTicketTable extends TicketTableInMemory {
  reached: ((key: string) => void) | null = null;
  private readonly byKey = new Map<string, TicketState>();
  /**
   * Index = number. Numbers are handed out one after another from 1, so the list is dense:
   * 8 bytes a ticket, where a Map held about 40 at a million.
   */
  private readonly byNumber: (string | undefined)[] = [];
  /** Numbers far past the list's end: only a snapshot from elsewhere can skip that many, and the list must not grow a hole per number skipped. */
  private readonly farNumbers = new Map<number, string>();
  private readonly byMessage = new Map<string, string>();

  get size(): number {
    return this.byKey.size;
  }

  get(key: string): TicketState | undefined {
    const ticket = this.byKey.get(key);
    if (ticket !== undefined) this.reached?.(key);
    return ticket;
  }

  put(ticket: TicketState): void {
    this.reached?.(ticket.key);
    this.byKey.set(ticket.key, ticket);
    const { number } = ticket;
    if (number > this.byNumber.length + FAR) return void this.farNumbers.set(number, ticket.key);
    // A few numbers skipped leave holes of undefined: a list with holes made by assignment past its end would turn sparse (a dictionary).
    while (this.byNumber.length < number) this.byNumber.push(undefined);
    this.byNumber[number] = ticket.key;
  }

  keyOfNumber(number: number): string | undefined {
    return (Number.isSafeInteger(number) && number >= 0 ? this.byNumber[number] : undefined) ?? this.farNumbers.get(number);
  }

  ticketOfMessage(message: string): string | undefined {
    return this.byMessage.get(message);
  }

  place(message: string, ticket: string): void {
    this.byMessage.set(message, ticket);
  }

  values(): IterableIterator<TicketState> {
    return this.byKey.values();
  }

  placements(): IterableIterator<[string, string]> {
    return this.byMessage.entries();
  }
}

