/** Tickets: the queue lists, the ticket pane, ticket actions, collision checks, contacts and the supervisor's counts. */
import { z } from 'zod';
import { AgentIdSchema, QueueNameSchema, TicketStatusSchema, type AgentStatus, type TicketStatus } from './team';
import { IdSchema, type Address } from './shared';
import { ConditionSchema, DateRangeSchema } from './interactions';

/** A ticket is named by its account and its key (stable on every client); its number is for people. */
export const TicketRefSchema = z.object({ accountId: IdSchema, ticket: z.string().min(1).max(1000) }).strict();
export type TicketRef = z.infer<typeof TicketRefSchema>;

export interface AgentRef {
  id: string;
  name: string;
}

export interface TicketSummary {
  accountId: string;
  /** The account's short key, e.g. SUP. */
  accountKey: string;
  key: string;
  number: number;
  /** The token put in subjects of what Mailroom sends, e.g. "MR-1042". */
  token: string;
  subject: string;
  customer: Address | null;
  queue: string;
  status: TicketStatus;
  assignee: AgentRef | null;
  /** Offered to this agent, waiting for them (or back in the queue) until expiresAt. */
  offer: { agent: AgentRef; phase: 'agent' | 'queue'; expiresAt: number } | null;
  tags: string[];
  disposition: string | null;
  unread: boolean;
  createdAt: number;
  lastActivityAt: number;
  messageCount: number;
  /** Changed by an action of this client that the log has not confirmed yet (offline or in flight). */
  pending: boolean;
}

/** How people name a ticket: its account's key and number (SUP-12), or #12 without a key. */
export function ticketLabel(t: { accountKey: string; number: number }): string {
  return t.accountKey ? `${t.accountKey}-${t.number}` : `#${t.number}`;
}

export interface TicketMessageView {
  /** The message's key (Message-ID or content hash) as the log knows it. */
  key: string;
  /** The cached message (getMessage), or null when this client has not downloaded it (yet). */
  messageId: string | null;
  /** Sent from this client: its outbox item (getOutboxItem shows it), whether or not Sent was synced. */
  outboxId: string | null;
  direction: 'in' | 'out';
  date: number;
  from: Address | null;
  subject: string;
  snippet: string;
  /** Why it is in this ticket: "new conversation", "reply to …", "token MR-1042", "moved by Ana". */
  reason: string;
}

export interface TicketNoteView {
  id: string;
  author: AgentRef;
  at: number;
  text: string;
  pending: boolean;
}

export interface TicketActivityView {
  at: number;
  author: AgentRef;
  summary: string;
}

export interface PresenceView {
  agent: AgentRef;
  mode: 'viewing' | 'replying';
  at: number;
}

export interface TicketDetail extends TicketSummary {
  messages: TicketMessageView[];
  notes: TicketNoteView[];
  activity: TicketActivityView[];
  /** Other agents viewing or replying now. */
  presence: PresenceView[];
  /** What this agent may do now, with the reason when not (e.g. "Transfers are turned off for this account"). */
  can: { take: boolean; accept: boolean; transfer: boolean; close: boolean; reason: string };
  /** The account's dispositions, and whether closing needs one. */
  dispositions: string[];
  dispositionRequired: boolean;
  /** The log position this view reflects: pass it to checkCollision before sending. */
  seenUid: number;
}

export const TicketSortSchema = z.enum(['lastActivity', 'created', 'number', 'customer', 'subject', 'status', 'assignee', 'queue', 'account', 'tags', 'disposition', 'unread', 'messages']);
export type TicketSort = z.infer<typeof TicketSortSchema>;

export const TicketFilterSchema = z
  .object({
    /** mine: assigned or offered to me; unassigned: in a queue with nobody; all: everything I may see. */
    scope: z.enum(['mine', 'unassigned', 'all']).default('all'),
    status: z.array(TicketStatusSchema).max(3).default([]),
    queue: z.string().max(80).default(''),
    agent: z.string().max(100).default(''),
    tag: z.string().max(60).default(''),
    accountId: z.string().max(200).default(''),
    /**
     * Words that must all occur in the ticket's number, token, subject, customer or tags; with
     * fullText, also found when they occur in its messages' text or its notes (the full-text index).
     */
    text: z.string().max(500).default(''),
    fullText: z.boolean().default(false),
    /** The tickets of one customer address, across accounts (the contact view). */
    customer: z.string().max(500).default(''),
    /** The ticket's date (created), in timeZone. */
    date: DateRangeSchema.default(DateRangeSchema.parse({})),
    read: z.enum(['any', 'read', 'unread']).default('any'),
    /** Advanced search rows; rows switched off are kept and ignored. */
    conditions: z.array(ConditionSchema).max(50, 'Keep the search to 50 rows.').default([]),
    /** all: every enabled row must match; any: one is enough. */
    match: z.enum(['all', 'any']).default('all'),
    /** IANA time zone the days of date and conditions are read in (the agent's); empty = UTC. */
    timeZone: z.string().max(100).default(''),
  })
  .strict();
export type TicketFilter = z.infer<typeof TicketFilterSchema>;
export type TicketFilterInput = z.input<typeof TicketFilterSchema>;

export const TicketActionSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('take') }),
  z.object({ type: z.literal('release') }),
  z.object({ type: z.literal('accept') }),
  z.object({ type: z.literal('decline') }),
  z.object({ type: z.literal('transfer'), to: z.discriminatedUnion('kind', [z.object({ kind: z.literal('agent'), agent: AgentIdSchema }), z.object({ kind: z.literal('queue'), queue: QueueNameSchema })]) }),
  z.object({ type: z.literal('status'), status: TicketStatusSchema, disposition: z.string().max(80).optional() }),
  z.object({ type: z.literal('disposition'), disposition: z.string().trim().min(1, 'Choose a disposition.').max(80) }),
  z.object({ type: z.literal('tags'), add: z.array(z.string().trim().min(1, 'A tag needs at least one character.').max(60, 'Keep tags under 60 characters.')).max(50).default([]), remove: z.array(z.string().max(60)).max(50).default([]) }),
  z.object({ type: z.literal('note'), text: z.string().trim().min(1, 'Write the note first.').max(50_000, 'Keep a note under 50,000 characters.') }),
  z.object({ type: z.literal('read') }),
  z.object({ type: z.literal('merge'), into: z.string().min(1).max(1000) }),
  z.object({ type: z.literal('moveMessage'), message: z.string().min(1).max(1000), to: z.string().min(1).max(1000) }),
  z.object({ type: z.literal('splitMessage'), message: z.string().min(1).max(1000) }),
]);
export type TicketAction = z.infer<typeof TicketActionSchema>;

/** What happened since the agent's view (seenUid) that they should know before sending. */
export interface CollisionReport {
  /** True when someone else replied, took or closed the ticket meanwhile. */
  collided: boolean;
  events: TicketActivityView[];
  /** False when the log could not be re-read (offline): the report is from the cache. */
  fresh: boolean;
}

export interface QueueCount {
  accountId: string;
  accountKey: string;
  queue: string;
  open: number;
  unassigned: number;
  /** Offered and not accepted yet. */
  waiting: number;
}

export interface AgentLoad {
  agent: AgentRef;
  status: AgentStatus;
  open: number;
  pending: number;
}

export interface SupervisorStats {
  queues: QueueCount[];
  agents: AgentLoad[];
}

export interface Contact {
  address: string;
  name: string;
  ticketCount: number;
  /** Ids of the accounts the contact has tickets in. */
  accounts: string[];
}

export const ticketChannels = {
  listTickets: {
    request: z.object({ filter: TicketFilterSchema, sort: TicketSortSchema.default('lastActivity'), descending: z.boolean().default(true), offset: z.number().int().min(0), limit: z.number().int().min(1).max(1000) }).strict(),
    response: {} as { total: number; items: TicketSummary[] },
  },
  getTicket: { request: TicketRefSchema, response: {} as TicketDetail },
  /** Appends the action to the account's team log (queued while offline); the answer shows it applied locally, pending until confirmed. */
  ticketAction: { request: z.object({ accountId: IdSchema, ticket: z.string().min(1).max(1000), action: TicketActionSchema }).strict(), response: {} as TicketSummary },
  /** Re-reads the log and reports what others did to the ticket since seenUid. Call before sending from a ticket. */
  checkCollision: { request: z.object({ accountId: IdSchema, ticket: z.string().min(1).max(1000), seenUid: z.number().int().min(0) }).strict(), response: {} as CollisionReport },
  setPresence: { request: z.object({ accountId: IdSchema, ticket: z.string().min(1).max(1000), mode: z.enum(['viewing', 'replying', 'left']) }).strict(), response: {} as { ok: true } },
  /**
   * Deletes the ticket for the whole team (a ticket.delete event). fromServer: this client
   * also moves its messages to the server's Trash and erases them there (a persisted task
   * that resumes after a restart); otherwise they stay on the server.
   */
  deleteTicket: { request: z.object({ accountId: IdSchema, ticket: z.string().min(1).max(1000), fromServer: z.boolean() }).strict(), response: {} as { ok: true } },
  listContacts: { request: z.object({ text: z.string().max(500).default(''), limit: z.number().int().min(1).max(500).default(100) }).strict(), response: {} as Contact[] },
  supervisorStats: { request: z.object({}).strict(), response: {} as SupervisorStats },
} as const;

export const ticketEvents = {
  /** The account's tickets changed (a folded event, a local action): lists and open tickets re-read. */
  ticketsChanged: {} as { accountId: string },
  /** An action of this agent lost against another's, in plain words. */
  actionRejected: {} as { accountId: string; ticket: string | null; message: string },
} as const;
