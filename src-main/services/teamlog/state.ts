/**
 * The team state of one account, as folding its log yields it (reducer.ts). Plain JSON
 * (records, arrays, numbers) but for the tickets, which sit in a table with their indexes
 * (ticket-table.ts); a snapshot is this object serialized (snapshot.ts), and every client
 * that folded the same UIDs holds an equal value.
 */
import type { AgentProfile, AgentStatus, Queue, TeamSettings, TicketStatus } from '../../../src-preload/contract/team';
import { TeamSettingsSchema } from '../../../src-preload/contract/team';
import { AutoReplySettingsSchema, type AutoReplySettings } from '../../../src-preload/contract/auto-reply';
import type { CannedAnswer } from '../../../src-preload/contract/canned';
import type { SavedView } from '../../../src-preload/contract/views';
import type { ThreadReason } from './events';
import { MemoryTicketTable, type TicketTable } from './ticket-table';

/** Bumped when the shape below changes: a snapshot of another shape is ignored (fold from the start instead). */
export const STATE_VERSION = 4;

/** Why a message sits in its ticket: as the importer threaded it, or moved or split out by an agent. */
export type TicketMessageReason =
  | ThreadReason
  | { kind: 'moved'; agent: string }
  | { kind: 'split'; agent: string }
  /** Sent from Mailroom (ticket.replied): by this agent, or an auto-reply. */
  | { kind: 'sent'; agent: string; auto: boolean };

export interface TicketMessage {
  key: string;
  reason: TicketMessageReason;
  direction: 'in' | 'out';
  /** The message's own date, epoch ms. */
  date: number;
  /** UID of the event that put it here (the import, or the move or split). */
  uid: number;
}

export interface TicketNote {
  /** The note event's client event id. */
  id: string;
  agent: string;
  at: number;
  uid: number;
  text: string;
}

/** A ticket offered to an agent (by routing or a transfer) who has not accepted yet. */
export interface TicketOffer {
  /** Per-ticket sequence number: accept, decline and expiry name it. */
  seq: number;
  agent: string;
  /** The offering event's author clock: the wait counts from here. */
  at: number;
  uid: number;
  kind: 'routing' | 'transfer';
  /** "agent": waiting for the agent (offerAgentSec); "queue": back in the queue (offerQueueSec). */
  phase: 'agent' | 'queue';
  /** Who had the ticket before a transfer: an unaccepted transfer comes back here, marked unread. */
  returnTo: { assignee: string | null; queue: string } | null;
}

/** One line of the ticket's history: what happened, by whom, at which UID (the collision check reads it). */
export interface TicketActivity {
  uid: number;
  at: number;
  agent: string;
  type: string;
  /** Plain words for the ticket pane, e.g. "took the ticket", "closed it (Solved)". */
  summary: string;
}

export interface TicketState {
  key: string;
  /** Unique per account, the same on every client: tickets are numbered in log order. */
  number: number;
  subject: string;
  customer: { name: string; address: string } | null;
  createdAt: number;
  lastActivityAt: number;
  queue: string;
  status: TicketStatus;
  /**
   * While closed: when (author clock) and by whom; agent null when the import filed it
   * closed (nobody worked it). A reopen clears it, so the reports' resolution time counts
   * to the last close.
   */
  closed: { at: number; agent: string | null } | null;
  assignee: string | null;
  offer: TicketOffer | null;
  /** Offers made so far; the next offer's seq is offers + 1. */
  offers: number;
  tags: readonly string[];
  disposition: string | null;
  notes: readonly TicketNote[];
  /** In the order they joined (by UID); the reader sorts by date. */
  messages: TicketMessage[];
  /** A new customer message or a returned transfer that nobody opened yet. */
  unread: boolean;
  /** Set when the ticket was merged into another: it is kept so its key still resolves. */
  mergedInto: string | null;
  /** Set by ticket.delete: out of every list; kept so its messages are not imported as a new ticket again. */
  deleted: { at: number; agent: string; uid: number; fromServer: boolean } | null;
  /** UID of the event that opened the ticket (an import or a split): the notifications tell a new ticket by it. */
  openedUid: number;
  /** The last take or accept, for the words of a lost take ("Ana took this ticket 3 s before you"). */
  taken: { agent: string; at: number; how: 'took' | 'accepted' } | null;
  /**
   * History lines folded since the team log last saved the state. A save moves them to
   * the saved history (team_ticket_activity: teamlog/state-saver.ts), so 100,000 tickets'
   * history does not live in memory; a fold from nothing (the reducer's tests, a snapshot)
   * holds all of it here.
   */
  activity: readonly TicketActivity[];
}

export interface AgentState {
  id: string;
  profile: AgentProfile;
  status: AgentStatus;
  /** Author clock of the last status change. */
  statusAt: number;
  /** Paused by "mandatory disposition" until they set one on this ticket. */
  pausedFor: string | null;
}

/** An event of this client that lost: the UI tells the agent in plain words. */
export interface Rejection {
  /** The losing event's client event id. */
  eventId: string;
  uid: number;
  agent: string;
  ticket: string | null;
  /** Plain words, e.g. "Ana took this ticket 3 s before you." */
  message: string;
}

export interface Presence {
  agent: string;
  mode: 'viewing' | 'replying';
  at: number;
}

export interface ViewEntry {
  view: SavedView;
  /** Author clock and agent of the last change. */
  updatedAt: number;
  updatedBy: string;
}

export interface CannedEntry {
  answer: CannedAnswer;
  /** Author clock and agent of the last change. */
  updatedAt: number;
  updatedBy: string;
}

/** An auto-reply the reducer decided on: `by` (the client whose import placed the mail) sends it. */
export interface AutoReplyDue {
  ticket: string;
  to: { name: string; address: string };
  /** The agent id of the client that sends it. */
  by: string;
  at: number;
  uid: number;
}

export interface TeamState {
  stateVersion: typeof STATE_VERSION;
  /** Highest UID folded. */
  lastUid: number;
  nextNumber: number;
  /** The tickets, which ticket each known message belongs to, and the tickets by number. */
  tickets: TicketTable;
  agents: Record<string, AgentState>;
  queues: Record<string, Queue>;
  settings: TeamSettings;
  /** Round robin: the agent each queue offered to last. */
  lastOffered: Record<string, string>;
  /**
   * Client event ids folded recently (id → UID), so a retried APPEND that landed twice folds
   * once: those of the current window of UIDs (reducer.ts EVENT_ID_WINDOW) here, those of
   * the window before in previousEventIds. Crossing into the next window shifts them
   * instead of walking every id.
   */
  recentEventIds: Record<string, number>;
  previousEventIds: Record<string, number>;
  /** Lost events, newest last (kept short). */
  rejections: Rejection[];
  /** Canned answers by id. */
  canned: Record<string, CannedEntry>;
  /** Team views of the interactions list by id. */
  views: Record<string, ViewEntry>;
  autoReply: { settings: AutoReplySettings; enabledAt: number | null };
  /** Auto-replies decided and not yet done, by the customer message's key. */
  autoReplyDue: Record<string, AutoReplyDue>;
  /** When each sender (lowercased address) last got an auto-reply decided, author clock: the rate limits read it. */
  autoReplied: Record<string, number>;
  /** Per ticket key; not part of snapshots' meaning (old entries are ignored by readers). */
  presence: Record<string, Presence[]>;
}

export function emptyTeamState(): TeamState {
  return {
    stateVersion: STATE_VERSION,
    lastUid: 0,
    nextNumber: 1,
    tickets: new MemoryTicketTable(),
    agents: {},
    queues: {},
    settings: TeamSettingsSchema.parse({}),
    lastOffered: {},
    recentEventIds: {},
    previousEventIds: {},
    rejections: [],
    canned: {},
    views: {},
    autoReply: { settings: AutoReplySettingsSchema.parse({}), enabledAt: null },
    autoReplyDue: {},
    autoReplied: {},
    presence: {},
  };
}

/**
 * The empty list every ticket without tags, notes or unsaved history shares: the reducer
 * replaces these lists instead of changing them (the fields are readonly), and an empty
 * array of its own per ticket and list was 9 MB at 100,000 tickets. Frozen, so a change
 * in place fails loudly.
 */
export const NONE: readonly never[] = Object.freeze([]);

/**
 * The state's tickets numbered from `first` up to `end` (not included), in number order,
 * read together (ticket-table.ts inNumberRange): a range (a group of a snapshot) costs its
 * own tickets only.
 */
export function ticketsByNumber(state: TeamState, first = 1, end = state.nextNumber): TicketState[] {
  return state.tickets.inNumberRange(first, Math.min(end, state.nextNumber));
}

/** The fields a ticket is opened with; the rest start as an open, unassigned ticket has them. */
export type OpenedTicket = Pick<TicketState, 'key' | 'number' | 'subject' | 'customer' | 'createdAt' | 'lastActivityAt' | 'queue' | 'openedUid'>;

/** Every field in one literal, none spread: V8 sizes the object for all of them at once (16 B a ticket less). */
export function openedTicket(fields: OpenedTicket): TicketState {
  return {
    key: fields.key,
    subject: fields.subject,
    customer: fields.customer,
    createdAt: fields.createdAt,
    queue: fields.queue,
    number: fields.number,
    lastActivityAt: fields.lastActivityAt,
    openedUid: fields.openedUid,
    status: 'open',
    closed: null,
    assignee: null,
    offer: null,
    offers: 0,
    tags: NONE,
    disposition: null,
    notes: NONE,
    messages: [],
    unread: false,
    mergedInto: null,
    deleted: null,
    taken: null,
    activity: NONE,
  };
}
