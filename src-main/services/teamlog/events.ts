/**
 * The team log's event format, version 1: what one client appends to an account's log
 * folder and every client folds (see reducer.ts). An event is a small message whose body
 * is one JSON object: the envelope (format version, client event id, author, the author's
 * clock) and one typed payload. Tickets are named by key, not number: the key is the
 * message key of the mail that opened it (or "split:<event id>"), so two clients that
 * import the same mail propose the same ticket and the earlier UID wins.
 */
import { z } from 'zod';
import {
  AgentIdSchema,
  AgentProfileSchema,
  AgentStatusSchema,
  QueueNameSchema,
  TeamSettingsSchema,
  TicketStatusSchema,
} from '../../../src-preload/contract/team';
import { AutoReplySettingsSchema } from '../../../src-preload/contract/auto-reply';
import { CannedAnswerSchema } from '../../../src-preload/contract/canned';
import { SavedViewSchema } from '../../../src-preload/contract/views';

/** The version this build writes and understands; a newer one is skipped and explained. */
export const EVENT_FORMAT_VERSION = 1;
/** The marker header every event carries: nothing else in the log folder is folded. */
export const EVENT_MARKER_HEADER = 'X-Mailroom-Event';

/** A message's identity on every client: its Message-ID, or "hash:<content hash>" without one. */
export const MessageKeySchema = z.string().min(1).max(1000);
export const TicketKeySchema = z.string().min(1).max(1000);

const AddressSchema = z.object({ name: z.string().max(500), address: z.string().max(500) });

/** Why a message sits in its ticket; shown beside the message. */
export const ThreadReasonSchema = z.discriminatedUnion('kind', [
  /** Opened a new ticket: no reference or token matched a known ticket. */
  z.object({ kind: z.literal('new') }),
  /** In-Reply-To/References named a message of the ticket. */
  z.object({ kind: z.literal('reply'), to: MessageKeySchema }),
  /** The subject carried the ticket token, e.g. [#MR-1042]. */
  z.object({ kind: z.literal('token'), token: z.string().max(40) }),
]);
export type ThreadReason = z.infer<typeof ThreadReasonSchema>;

/** One imported message as the importing client threaded and routed it. */
export const ImportedMessageSchema = z.object({
  message: MessageKeySchema,
  ticket: TicketKeySchema,
  reason: ThreadReasonSchema,
  subject: z.string().max(1000),
  /** The customer: the sender of incoming mail, the first recipient of outgoing mail. */
  customer: AddressSchema.nullable(),
  /** The message's date, epoch ms. */
  date: z.number().int(),
  direction: z.enum(['in', 'out']),
  /** The account's "close automatically" setting filed it closed. */
  closed: z.boolean().default(false),
  /** What the account's routing rules chose for a new ticket (the importer has the headers). */
  route: z
    .object({
      rule: z.string().max(100),
      queue: z.string().max(80).default(''),
      tag: z.string().max(60).default(''),
      agent: z.string().max(100).default(''),
      /**
       * Assign to `agent` at once, no offer and no wait: a personal account's mail goes to its
       * owner alone. Absent in events of earlier builds (false: `agent` gets an offer).
       */
      assign: z.boolean().default(false),
    })
    .nullable()
    .default(null),
  /**
   * The importing client's verdict that this mail may get an auto-reply: incoming, none of
   * RFC 3834's robot or list marks, not from the account's own address, and not mail the
   * client's first sync found (it predates the account). The reducer decides the rest
   * (settings, rate limits) and names the one client that sends it. Absent before: false.
   */
  autoReply: z.boolean().default(false),
  /**
   * The importing client's first sync found it (dated before the account was added
   * there): old mail, announced to nobody. Absent in events of earlier builds: false.
   */
  firstSync: z.boolean().default(false),
});
export type ImportedMessage = z.infer<typeof ImportedMessageSchema>;

const ticket = TicketKeySchema;
/** Offers are numbered per ticket, so an accept, decline or expiry names the offer it answers. */
const offer = z.number().int().min(1);

export const TransferTargetSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('agent'), agent: AgentIdSchema }),
  /** A queue of this account, or a queue another account feeds (queues are named team-wide). */
  z.object({ kind: z.literal('queue'), queue: QueueNameSchema }),
]);
export type TransferTarget = z.infer<typeof TransferTargetSchema>;

export const EventPayloadSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('mail.imported'), items: z.array(ImportedMessageSchema).min(1).max(2000) }),
  z.object({ type: z.literal('ticket.take'), ticket }),
  z.object({ type: z.literal('ticket.release'), ticket }),
  z.object({ type: z.literal('ticket.accept'), ticket, offer }),
  z.object({ type: z.literal('ticket.decline'), ticket, offer }),
  /** Any client may append it once the offer's wait passed on its clock; only the first for that offer counts. */
  z.object({ type: z.literal('ticket.offerExpired'), ticket, offer }),
  z.object({ type: z.literal('ticket.transfer'), ticket, to: TransferTargetSchema }),
  z.object({ type: z.literal('ticket.status'), ticket, status: TicketStatusSchema, disposition: z.string().max(80).optional() }),
  z.object({ type: z.literal('ticket.disposition'), ticket, disposition: z.string().max(80) }),
  z.object({ type: z.literal('ticket.tags'), ticket, add: z.array(z.string().trim().min(1).max(60)).max(50).default([]), remove: z.array(z.string().max(60)).max(50).default([]) }),
  z.object({ type: z.literal('ticket.note'), ticket, text: z.string().min(1).max(50_000) }),
  z.object({ type: z.literal('ticket.read'), ticket }),
  /** An answer went out: the outbox appends it once SMTP accepted the mail; the message joins the ticket. */
  z.object({ type: z.literal('ticket.replied'), ticket, message: MessageKeySchema, auto: z.boolean().default(false) }),
  z.object({ type: z.literal('ticket.merge'), from: ticket, into: ticket }),
  /**
   * The ticket leaves every agent's lists. fromServer: its messages are also moved to Trash
   * and expunged on the server (by the client that deleted it); otherwise they stay there.
   */
  z.object({ type: z.literal('ticket.delete'), ticket, fromServer: z.boolean() }),
  z.object({ type: z.literal('message.move'), message: MessageKeySchema, to: ticket }),
  /** The message leaves its ticket and opens a new one, keyed "split:<this event's id>". */
  z.object({ type: z.literal('message.split'), message: MessageKeySchema }),
  z.object({ type: z.literal('agent.profile'), profile: AgentProfileSchema }),
  z.object({ type: z.literal('agent.status'), status: AgentStatusSchema }),
  z.object({ type: z.literal('queue.set'), queue: QueueNameSchema, members: z.array(AgentIdSchema).max(1000) }),
  z.object({ type: z.literal('queue.delete'), queue: QueueNameSchema }),
  z.object({ type: z.literal('settings.set'), settings: TeamSettingsSchema }),
  /** Creates or replaces a canned answer (general answers are appended to every account's log). */
  z.object({ type: z.literal('canned.set'), answer: CannedAnswerSchema }),
  /** Named answerId: `id` is the envelope's client event id. */
  z.object({ type: z.literal('canned.delete'), answerId: z.string().min(1).max(100) }),
  z.object({ type: z.literal('autoReply.set'), settings: AutoReplySettingsSchema }),
  /** Creates or replaces a team view of the interactions list (appended to every account's log). */
  z.object({ type: z.literal('view.set'), view: SavedViewSchema }),
  /** Named viewId: `id` is the envelope's client event id. */
  z.object({ type: z.literal('view.delete'), viewId: z.string().min(1).max(100) }),
  /** The auto-reply due for this message was dealt with by the client named to send it (sent, or given up with a reason). */
  z.object({ type: z.literal('autoReply.done'), message: MessageKeySchema, outcome: z.enum(['sent', 'skipped']), reason: z.string().max(500).default('') }),
  /** Short-lived: who is viewing or replying. Never decides anything; dropped when old. */
  z.object({ type: z.literal('presence'), ticket, mode: z.enum(['viewing', 'replying', 'left']) }),
  /**
   * The state folded up to UID upTo (serialized by snapshot.ts): a new client starts from
   * the newest valid one and folds only what follows. The state is in `parts` messages of
   * their own, appended before this event (log-writer.ts); a snapshot of an earlier release
   * holds it in `state`, in base64, and names no parts.
   */
  z.object({ type: z.literal('snapshot'), upTo: z.number().int().min(0), state: z.string().max(200_000_000), parts: z.number().int().min(0).max(100_000).default(0) }),
]);
export type EventPayload = z.infer<typeof EventPayloadSchema>;
export type EventType = EventPayload['type'];

/** The JSON body of one event. */
export const TeamEventSchema = z.intersection(
  z.object({
    /** Format version; see EVENT_FORMAT_VERSION. */
    v: z.literal(EVENT_FORMAT_VERSION),
    /** Client event id (UUID): a retried APPEND that did land is folded once. */
    id: z.string().min(8).max(100),
    /** The author's agent id. */
    agent: AgentIdSchema,
    /** The author's clock, epoch ms: shown ("3 s before you") and used for offer waits, never for order. */
    at: z.number().int().min(0),
  }),
  EventPayloadSchema,
);
export type TeamEvent = z.infer<typeof TeamEventSchema>;

/** An event as the log holds it: the server's UID gives the one order every client folds in. */
export interface LoggedEvent {
  uid: number;
  event: TeamEvent;
}
