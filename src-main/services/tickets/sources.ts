/**
 * What the ticket service reads and writes, as small interfaces: the team logs
 * (teamlog/team-log.ts) and the accounts. Unit tests pass hand-built states through them.
 */
import type { TeamLogStatus } from '../../../src-preload/contract/team';
import type { EventPayload } from '../teamlog/events';
import type { LogListOverlay } from '../teamlog/pending-view';
import type { TeamState, TicketActivity, TicketState } from '../teamlog/state';

/** The members of one account's TeamLog the ticket service uses. */
export interface TeamLogView {
  /** The confirmed state with this client's pending events folded over it: what the agent sees. */
  state(): TeamState;
  /** Keys of tickets touched by events of this client the log has not confirmed yet. */
  pendingTickets(): ReadonlySet<string>;
  /**
   * For the ticket list in SQL: what of state() the stored rows do not describe (whole: none
   * of it), after saving what the confirmed state held unsaved; null when they describe all.
   */
  listOverlay(): LogListOverlay | null;
  /** A ticket's whole history, oldest first (the state keeps only the lines since its last save). */
  activity(ticket: TicketState): readonly TicketActivity[];
  /** The highest UID folded into the confirmed state. */
  seenUid(): number;
  /** Queues the event (durably) for the log; returns its client event id. A named id already queued or folded is not queued again. */
  append(payload: EventPayload, eventId?: string): string;
  /** Re-reads the log now; false when it could not (offline). */
  refresh(): Promise<boolean>;
  status(): TeamLogStatus;
  /** Called after the state (confirmed or pending) changed; returns the unsubscribe. */
  onChange(listener: () => void): () => void;
}

/** An account as the ticket lists show it. */
export interface TicketAccount {
  id: string;
  /** Short code shown on tickets, e.g. SUP. */
  key: string;
  name: string;
  shared: boolean;
  /** The queue the account feeds ("" = none chosen). */
  standardQueue: string;
}

export interface TicketSources {
  /** This installation's agent id. */
  agentId(): string;
  accounts(): TicketAccount[];
  /** The account's team log, or null while it has none. */
  log(accountId: string): TeamLogView | null;
}
