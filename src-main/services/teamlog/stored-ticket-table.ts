/**
 * The tickets of a saved team state, read from the store as they are reached
 * (store/team-tickets-repo.ts) instead of all held in memory: a million tickets took over
 * 600 MB of heap. The reducer changes the tickets it gets in place, so those a fold
 * reaches are held until the state saver writes them (state-saver.ts). Any other ticket
 * read stays the same object for as long as someone keeps it (a weak reference), so a
 * fold changes the very ticket a reader holds, never a second copy of it.
 * Walks read the store a page at a time and hold nothing themselves.
 */
import type { TeamTicketsRepo } from '../store/team-tickets-repo';
import { put } from './records';
import { ticketReader } from './snapshot';
import type { TicketState } from './state';
import type { TicketTable } from './ticket-table';

/** Tickets or placements read from the store at a time by the walks. */
const PAGE = 500;
/** Keys looked up lately and not in the store: an import asks for each new message and ticket several times before it is placed. */
const ABSENT = 20_000;

export class StoredTicketTable implements TicketTable {
  reached: ((key: string) => void) | null = null;
  /** Tickets a fold reached since the last save (changed in place, or about to be). */
  private readonly held = new Map<string, TicketState>();
  /** Of those, the ones the store does not hold yet. */
  private readonly added = new Set<string>();
  /** Key by number of the tickets put since the last save. */
  private readonly heldNumbers = new Map<number, string>();
  /** Messages placed since the last save, and their tickets. */
  private readonly placed = new Map<string, string>();
  /** Tickets read and not held, for as long as someone keeps them. */
  private readonly live = new Map<string, WeakRef<TicketState>>();
  /** Drops a collected ticket's entry: a snapshot reads every ticket, and a million dead entries would stay. */
  private readonly collected = new FinalizationRegistry<string>((key) => {
    if (this.live.get(key)?.deref() === undefined) this.live.delete(key);
  });
  /** Ticket keys and message keys (apart: a ticket's key is its first message's) the store was asked for lately and does not hold, oldest first. */
  private readonly absentTickets = new Set<string>();
  private readonly absentMessages = new Set<string>();
  private stored: number;

  constructor(
    private readonly repo: TeamTicketsRepo,
    private readonly accountId: string,
  ) {
    this.stored = repo.count(accountId);
  }

  get size(): number {
    return this.stored + this.added.size;
  }

  /** How many tickets are held for the next save. */
  get heldCount(): number {
    return this.held.size;
  }

  get(key: string): TicketState | undefined {
    let ticket = this.held.get(key);
    if (ticket === undefined) {
      ticket = this.live.get(key)?.deref() ?? this.read(key);
      if (ticket === undefined) return undefined;
      // Reached by a fold (someone watches): it may change in place, so it stays until saved.
      if (this.reached) this.held.set(key, ticket);
    }
    this.reached?.(key);
    return ticket;
  }

  put(ticket: TicketState): void {
    const { key } = ticket;
    this.reached?.(key);
    if (!this.held.has(key) && this.live.get(key)?.deref() === undefined && (this.absentTickets.has(key) || !this.repo.has(this.accountId, key))) this.added.add(key);
    this.absentTickets.delete(key);
    this.held.set(key, ticket);
    this.heldNumbers.set(ticket.number, key);
  }

  keyOfNumber(number: number): string | undefined {
    return this.heldNumbers.get(number) ?? this.repo.keyOfNumber(this.accountId, number);
  }

  ticketOfMessage(message: string): string | undefined {
    const placed = this.placed.get(message);
    if (placed !== undefined || this.absentMessages.has(message)) return placed;
    const stored = this.repo.ticketOfMessage(this.accountId, message);
    if (stored === undefined) remember(this.absentMessages, message);
    return stored;
  }

  place(message: string, ticket: string): void {
    this.absentMessages.delete(message);
    this.placed.set(message, ticket);
  }

  /** In number order: the store's a page at a time (held and live ones as they are), then those added since the last save. */
  *values(): IterableIterator<TicketState> {
    let after = { number: -1, key: '' };
    for (;;) {
      const page = this.repo.keysAfter(this.accountId, after, PAGE);
      if (page.length === 0) break;
      const known = page.map(({ key }) => this.held.get(key) ?? this.live.get(key)?.deref());
      const missing = page.filter((_, i) => known[i] === undefined).map(({ key }) => key);
      const read = ticketReader();
      const parsed = new Map<string, TicketState>();
      for (const row of missing.length === 0 ? [] : this.repo.ticketsByKeys(this.accountId, missing)) {
        const ticket = read(row.key, row.json);
        if (ticket) parsed.set(row.key, this.keep(ticket));
      }
      for (let i = 0; i < page.length; i += 1) {
        const ticket = known[i] ?? parsed.get(page[i]!.key);
        if (ticket) yield ticket;
      }
      after = page.at(-1)!;
    }
    yield* [...this.added].map((key) => this.held.get(key)!).sort((a, b) => a.number - b.number);
  }

  inNumberRange(first: number, end: number): TicketState[] {
    const read = ticketReader();
    const tickets: TicketState[] = [];
    for (const row of this.repo.ticketsInRange(this.accountId, first, end)) {
      const ticket = this.held.get(row.key) ?? this.live.get(row.key)?.deref() ?? read(row.key, row.json);
      if (ticket) tickets.push(this.held.has(row.key) ? ticket : this.keep(ticket));
    }
    const added = [...this.added].map((key) => this.held.get(key)!).filter((t) => t.number >= first && t.number < end);
    return added.length === 0 ? tickets : [...tickets, ...added].sort((a, b) => a.number - b.number);
  }

  ticketsOfMessages(messages: readonly string[]): Map<string, string> {
    const found = new Map<string, string>();
    const asked: string[] = [];
    for (const message of messages) {
      const placed = this.placed.get(message);
      if (placed !== undefined) found.set(message, placed);
      else asked.push(message);
    }
    if (asked.length > 0) for (const { message, ticket } of this.repo.ticketsOfMessages(this.accountId, asked)) found.set(message, ticket);
    return found;
  }

  *placements(): IterableIterator<[string, string]> {
    for (let after = 0; ; ) {
      const page = this.repo.placementsAfter(this.accountId, after, PAGE);
      if (page.length === 0) break;
      for (const { message, ticket } of page) yield [message, this.placed.get(message) ?? ticket];
      after = page.at(-1)!.row;
    }
    for (const entry of this.placed) if (this.repo.ticketOfMessage(this.accountId, entry[0]) === undefined) yield entry;
  }

  /** A walk of every placement in SQL (a second at a million): the state saver keeps what it found (state-saver.ts unplacedOf). */
  unplaced(): Record<string, string> {
    const unplaced: Record<string, string> = {};
    for (const { message, ticket } of this.repo.unplaced(this.accountId)) if (!this.held.has(ticket) && !this.placed.has(message)) put(unplaced, message, ticket);
    return unplaced;
  }

  keysWithOffer(): string[] {
    const keys = this.repo.offeredKeys(this.accountId).filter((key) => !this.held.has(key));
    for (const ticket of this.held.values()) if (ticket.offer) keys.push(ticket.key);
    return keys;
  }

  /** What the next save writes: the tickets held, and the messages placed, since the last one. */
  unsaved(): { tickets: Iterable<TicketState>; placements: Iterable<readonly [string, string]> } {
    return { tickets: this.held.values(), placements: this.placed };
  }

  /** The save wrote unsaved()'s: the tickets are read from the store again from now on. */
  saved(): void {
    for (const ticket of this.held.values()) this.keep(ticket);
    this.stored += this.added.size;
    this.held.clear();
    this.added.clear();
    this.heldNumbers.clear();
    this.placed.clear();
  }

  private read(key: string): TicketState | undefined {
    if (this.absentTickets.has(key)) return undefined;
    const json = this.repo.ticket(this.accountId, key);
    if (json === undefined) remember(this.absentTickets, key);
    const ticket = json === undefined ? null : ticketReader()(key, json);
    return ticket ? this.keep(ticket) : undefined;
  }

  private keep(ticket: TicketState): TicketState {
    if (this.live.get(ticket.key)?.deref() === ticket) return ticket;
    this.live.set(ticket.key, new WeakRef(ticket));
    this.collected.register(ticket, ticket.key);
    return ticket;
  }
}

/** Adds the key to a set of ABSENT at most, dropping the oldest. */
function remember(absent: Set<string>, key: string): void {
  absent.add(key);
  if (absent.size > ABSENT) absent.delete(absent.values().next().value!);
}
