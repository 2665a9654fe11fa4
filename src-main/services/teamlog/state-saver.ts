/**
 * Saving one account's folded team state (store/team-repo.ts) without writing all of it
 * each time: the folds are watched for the tickets they reach, and a save writes the
 * header, the chunks holding those tickets (snapshot.ts savedParts) and the history
 * lines folded since the last save, in one transaction. The lines then leave memory:
 * a ticket's whole history is its saved lines followed by those still in `activity`.
 *
 * At 100,000 tickets writing every chunk took seconds of the event loop every two seconds
 * while a first sync folded events, and the history was the largest part of the heap.
 */
import type { TeamRepo } from '../store/team-repo';
import type { LoggedEvent } from './events';
import { foldEvent } from './reducer';
import { chunkCount, chunkOf, savedParts, unplacedMessages, type HistoryOf } from './snapshot';
import { NONE, type TeamState, type TicketActivity, type TicketState } from './state';

/** Where in the log the saved state stands. */
export interface SavedAt {
  folder: string;
  uidvalidity: number;
  lastUid: number;
}

export class StateSaver {
  /** Keys of the tickets a fold reached since the last save; null: every ticket (a new state). */
  private touched: Set<string> | null = new Set();
  /** The state does not continue the saved one: its saved history is not this state's. */
  private replacesHistory = false;
  /** The state's messages that name no known ticket (snapshot.ts unplacedMessages): found at the first save of a state, unchanged by folds. */
  private unplaced: Record<string, string> | null = null;

  constructor(
    private readonly repo: TeamRepo,
    private readonly accountId: string,
  ) {}

  /**
   * The state was loaded as saved: lines still in its tickets come from a save of an
   * earlier release, which kept the history inside the chunks, and are moved out by the
   * next save (true when there are any).
   */
  loaded(state: TeamState): boolean {
    this.unplaced = null;
    for (const ticket of state.tickets.values()) {
      if (ticket.activity.length === 0) continue;
      this.touched = null;
      return true;
    }
    return false;
  }

  /** The state replaces the saved one (a snapshot, a fold from the start): the next save writes all of it. */
  replaced(): void {
    this.touched = null;
    this.unplaced = null;
    this.replacesHistory = true;
  }

  /** Folds one event into the state, noting the tickets it reaches; returns their keys. */
  fold(state: TeamState, logged: LoggedEvent): ReadonlySet<string> {
    const reached = new Set<string>();
    // A get may come before a change (the reducer changes the tickets it gets in place): both count.
    state.tickets.reached = (key) => {
      reached.add(key);
      this.touched?.add(key);
    };
    try {
      foldEvent(state, logged);
    } finally {
      state.tickets.reached = null;
    }
    return reached;
  }

  /** Whether a save would write anything but the header. */
  dirty(): boolean {
    return this.owes(1);
  }

  /** Whether the next save writes at least `tickets` tickets (every ticket after a replace). */
  owes(tickets: number): boolean {
    return this.touched === null || this.touched.size >= tickets;
  }

  save(state: TeamState, at: SavedAt): void {
    const tickets = this.touched === null ? [...state.tickets.values()] : [...this.touched].flatMap((key) => state.tickets.get(key) ?? []);
    const seqs = this.touched === null ? Array.from({ length: chunkCount(state) }, (_, seq) => seq) : [...new Set(tickets.map(chunkOf))];
    const { header, chunks } = savedParts(state, seqs, this.unplacedOf(state));
    this.repo.saveState(this.accountId, {
      ...at,
      header,
      chunks,
      chunkCount: chunkCount(state),
      activity: (function* () {
        for (const ticket of tickets) for (const line of ticket.activity) yield { ticket: ticket.key, ...line };
      })(),
      replacesHistory: this.replacesHistory,
    });
    // Saved: the lines are read from the store from now on.
    for (const ticket of tickets) if (ticket.activity.length > 0) ticket.activity = NONE;
    this.touched = new Set();
    this.replacesHistory = false;
  }

  /** The ticket's whole history, oldest first: the saved lines, then those folded since. */
  activity(ticket: TicketState): readonly TicketActivity[] {
    if (this.replacesHistory) return ticket.activity;
    return savedThenFolded(this.repo.activity(this.accountId, ticket.key), ticket);
  }

  /** The state's messages naming no known ticket: found once per state (a walk of every message), unchanged by folds. */
  unplacedOf(state: TeamState): Record<string, string> {
    this.unplaced ??= unplacedMessages(state);
    return this.unplaced;
  }

  /**
   * Whole histories a group of tickets at a time, for a snapshot (snapshot.ts HistoryOf):
   * each group's saved lines are read when the group is written, so a save between two
   * groups, which moves lines from the tickets to the store, loses none and repeats none.
   */
  history(): HistoryOf {
    return (tickets) => {
      if (this.replacesHistory) return (ticket) => ticket.activity;
      const saved = this.repo.activityOfTickets(this.accountId, tickets.map((ticket) => ticket.key));
      return (ticket) => savedThenFolded(saved.get(ticket.key) ?? NONE, ticket);
    };
  }
}

/** A ticket's whole history: its saved lines, then those folded since the last save. */
function savedThenFolded(saved: readonly TicketActivity[], ticket: TicketState): readonly TicketActivity[] {
  if (ticket.activity.length === 0) return saved;
  return saved.length === 0 ? ticket.activity : [...saved, ...ticket.activity];
}
