/**
 * The outbox and the outgoing mail log: every mail Mailroom sends is a durable outbox
 * item first (final Message-ID and raw MIME fixed), then an SMTP step whose outcome is
 * recorded (../shared/DESIGN.md "Data"). One item, one row of the log.
 */
import { z } from 'zod';
import { IdSchema, type Address, type ErrorInfo } from './shared';

/**
 * queued: waiting for sendAfter (the undo window, a schedule) or the next attempt;
 * sending: an SMTP attempt runs; sent: the server accepted it; failed: refused for good
 * (or retries ran out), resend possible; uncertain: the link dropped after the final
 * DATA dot and before the reply, so nobody knows: the agent decides; cancelled.
 */
export const OutboxStateSchema = z.enum(['queued', 'sending', 'sent', 'failed', 'uncertain', 'cancelled']);
export type OutboxState = z.infer<typeof OutboxStateSchema>;

export const OutboxKindSchema = z.enum(['new', 'reply', 'reply-all', 'forward', 'auto-reply']);
export type OutboxKind = z.infer<typeof OutboxKindSchema>;

export interface OutboxRecipient extends Address {
  kind: 'to' | 'cc' | 'bcc';
  /** The server refused this recipient (550 and the like), explained; the others may have been accepted. */
  refused: ErrorInfo | null;
}

/** What happened after SMTP accepted the mail: filing in Sent, the ticket, the ticket's status. */
export type AfterSendStep = 'done' | 'pending' | 'skipped' | 'failed';

export interface OutboxItem {
  id: string;
  accountId: string;
  accountKey: string;
  kind: OutboxKind;
  /** The agent who sent it (auto-replies: the client that sent them). */
  agentId: string;
  from: Address;
  recipients: OutboxRecipient[];
  subject: string;
  /** The final Message-ID, with angle brackets. */
  messageId: string;
  /** Bytes of the raw MIME. */
  size: number;
  state: OutboxState;
  createdAt: number;
  /** Not before this time: the end of the undo window, or the scheduled time. */
  sendAfter: number;
  /** Undo is offered until this time (null: no undo, e.g. scheduled or automatic mail). */
  undoUntil: number | null;
  attempts: number;
  /** When queued after a failed attempt: the next try. */
  nextAttemptAt: number | null;
  sentAt: number | null;
  /** The last failure, explained (cause and fix). */
  error: ErrorInfo | null;
  ticket: { accountId: string; key: string; number: number | null } | null;
  /** After SMTP accepted it: appended to the Sent folder ("skipped" where the provider files it itself), added to its ticket. */
  sentFolder: AfterSendStep;
  ticketLogged: AfterSendStep;
}

export interface OutboxPreview {
  item: OutboxItem;
  /** The HTML part (sanitized by the reader like any mail), or null for plain text. */
  html: string | null;
  text: string;
  attachments: { filename: string; contentType: string; size: number }[];
}

export const OutboxFilterSchema = z
  .object({
    states: z.array(OutboxStateSchema).max(6).default([]),
    accountId: z.string().max(200).default(''),
    /** Words matched against subject, from and recipients. */
    text: z.string().max(500).default(''),
    /** Only this ticket's mail (the ticket pane's outgoing list). */
    ticket: z.string().max(1000).default(''),
  })
  .strict();
export type OutboxFilter = z.infer<typeof OutboxFilterSchema>;

const OutboxRefSchema = z.object({ id: IdSchema }).strict();

export const outboxChannels = {
  listOutbox: {
    request: z.object({ filter: OutboxFilterSchema, offset: z.number().int().min(0), limit: z.number().int().min(1).max(1000) }).strict(),
    response: {} as { total: number; items: OutboxItem[] },
  },
  getOutboxItem: { request: OutboxRefSchema, response: {} as OutboxPreview },
  /** Queued (waiting, scheduled or retrying) or failed: it will not be sent. */
  cancelOutbox: { request: OutboxRefSchema, response: {} as OutboxItem },
  /** Failed or cancelled: queued again now. Uncertain mail needs resolveUncertain instead. */
  resendOutbox: { request: OutboxRefSchema, response: {} as OutboxItem },
  /** The agent's decision on an uncertain mail: it did arrive (sent, filed), send it again, or drop it. */
  resolveUncertain: {
    request: z.object({ id: IdSchema, outcome: z.enum(['delivered', 'resend', 'cancel']) }).strict(),
    response: {} as OutboxItem,
  },
  /** Within the undo window: the mail is not sent and its draft comes back to the editor. */
  undoSend: { request: OutboxRefSchema, response: {} as { draftId: string } },
} as const;

export const outboxEvents = {
  /** Items of the account were added or changed state. */
  outboxChanged: {} as { accountId: string },
} as const;
