/**
 * Saving one account's folded team state (store/team-repo.ts) without writing all of it
 * each time: the folds are watched for the tickets they reach, and a save writes the
 * header, those tickets and the messages placed since (a row each), and the history lines
 * folded since the last save, in one transaction. The lines then leave memory: a ticket's
 * whole history is its saved lines followed by those still in `activity`.
 *
 * A saved state's tickets are read from the store (stored-ticket-table.ts). A state made
 * in memory (folded from the start, taken from a snapshot, or saved by a release before
 * team_tickets) is written whole by its first save and reads its tickets from the store
 * after it.
 */
import type { TeamRepo } from '../store/team-repo';
import { ticketListRow } from '../tickets/ticket-list-row';
import type { LoggedEvent } from './events';
import { put } from './records';
import { foldEvent } from './reducer';
import { stateHeaderJson, ticketJson, type HistoryOf } from './snapshot';
import { NONE, type TeamState, type TicketActivity, type TicketState } from './state';
import { StoredTicketTable } from './stored-ticket-table';

/** Where in the log the saved state stands. */
export interface SavedAt {
  folder: string;
  uidvalidity: number;
  lastUid: number;
}

export class StateSaver {
  /** Keys of the tickets a fold reached since the last save; null: every ticket (a state in memory). */
  private touched: Set<string> | null = new Set();
  /** The state does not continue the saved one: its saved history is not this state's. */
  private replacesHistory = false;
  /** The state's messages that name no known ticket (ticket-table.ts unplaced): found at the first snapshot of a state, unchanged by folds. */
  private unplaced: Record<string, string> | null = null;

  constructor(
    private readonly repo: TeamRepo,
    private readonly accountId: string,
  ) {}

  /**
   * The state was loaded as saved (its header parsed, and the chunks of an earlier release
   * that saved tickets so): its tickets are read from the store from now on, unless those
   * chunks held some, which the next save moves to the store (true: save at once).
   */
  loaded(state: TeamState): boolean {
    this.unplaced = null;
    if (state.tickets.size === 0) {
      // Without tickets every placement the header holds is an unplaced one (stateHeaderJson); the store has them too.
      const unplaced: Record<string, string> = {};
      for (const [message, ticket] of state.tickets.placements()) put(unplaced, message, ticket);
      this.unplaced = unplaced;
      state.tickets = new StoredTicketTable(this.repo.tickets, this.accountId);
      return false;
    }
    this.touched = null;
    return true;
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
    const table = state.tickets;
    const stored = table instanceof StoredTicketTable;
    const unsaved = stored ? table.unsaved() : { tickets: table.values(), placements: table.placements() };
    const tickets = [...unsaved.tickets];
    this.repo.saveState(this.accountId, {
      ...at,
      header: stateHeaderJson(state, this.unplacedOf(state)),
      tickets: tickets.map((ticket) => ({ key: ticket.key, number: ticket.number, offered: ticket.offer !== null, json: ticketJson(ticket), list: ticketListRow(ticket) })),
      placements: unsaved.placements,
      replacesTickets: !stored,
      activity: (function* () {
        for (const ticket of tickets) for (const line of ticket.activity) yield { ticket: ticket.key, ...line };
      })(),
      replacesHistory: this.replacesHistory,
    });
    // Saved: the lines are read from the store from now on, and so are the tickets.
    for (const ticket of tickets) if (ticket.activity.length > 0) ticket.activity = NONE;
    if (stored) table.saved();
    else state.tickets = new StoredTicketTable(this.repo.tickets, this.accountId);
    this.touched = new Set();
    this.replacesHistory = false;
  }

  /** The ticket's whole history, oldest first: the saved lines, then those folded since. */
  activity(ticket: TicketState): readonly TicketActivity[] {
    if (this.replacesHistory) return ticket.activity;
    return savedThenFolded(this.repo.activity(this.accountId, ticket.key), ticket);
  }

  /** The state's messages naming no known ticket: found once per state (or read with its header), unchanged by folds. */
  unplacedOf(state: TeamState): Record<string, string> {
    this.unplaced ??= state.tickets.unplaced();
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
