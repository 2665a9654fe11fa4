/**
 * Auto-reply per account (RFC 3834). Its settings travel through the account's team log,
 * so every client of the team agrees on them, and the reducer decides which single client
 * sends each auto-reply.
 */
import { z } from 'zod';
import { IdSchema } from './shared';

export const AutoReplySettingsSchema = z.object({
  enabled: z.boolean().default(false),
  subject: z.string().trim().max(300, 'Keep the subject under 300 characters.').default('Re: {{ticket.subject}} [#{{ticket.token}}]'),
  /** HTML with variables; wrapped in the account's template like any reply. */
  bodyHtml: z.string().max(200_000, 'Keep the text under 200,000 characters.').default(''),
  /** At most one auto-reply per sender per day (there is always a limit of one per sender per hour). */
  oncePerSenderPerDay: z.boolean().default(true),
  /** Also send it to the customer mail's CC recipients. */
  includeCc: z.boolean().default(false),
  /** Not for a customer's reply within an existing ticket, only for new tickets. */
  newTicketsOnly: z.boolean().default(true),
});
export type AutoReplySettings = z.infer<typeof AutoReplySettingsSchema>;
export type AutoReplySettingsInput = z.input<typeof AutoReplySettingsSchema>;

/** Why a mail gets no auto-reply, in plain words for the dry run. */
export type AutoReplySkipReason =
  | 'disabled'
  | 'auto-submitted'
  | 'bulk-precedence'
  | 'mailing-list'
  | 'robot-sender'
  | 'empty-return-path'
  | 'own-address'
  | 'before-enabled'
  | 'reply-in-ticket'
  | 'rate-limited'
  | 'no-sender'
  | 'outgoing';

export interface AutoReplyVerdict {
  messageId: string;
  date: number;
  from: string;
  subject: string;
  reply: boolean;
  /** null when it would get one. */
  reason: AutoReplySkipReason | null;
  /** The reason in words, e.g. "It carries Auto-Submitted: auto-replied (RFC 3834): answering robots makes loops." */
  explanation: string;
}

export interface AutoReplyDryRun {
  /** How many of the newest mails were judged (up to 100). */
  considered: number;
  replies: number;
  verdicts: AutoReplyVerdict[];
}

export interface AutoReplyView {
  accountId: string;
  settings: AutoReplySettings;
  /** When the log turned it on (mail dated before gets none), null while off. */
  enabledAt: number | null;
  /** Saved by this client, not yet confirmed by the log. */
  pending: boolean;
}

export const autoReplyChannels = {
  getAutoReply: { request: z.object({ accountId: IdSchema }).strict(), response: {} as AutoReplyView },
  saveAutoReply: { request: z.object({ accountId: IdSchema, settings: AutoReplySettingsSchema }).strict(), response: {} as AutoReplyView },
  /** What these settings (saved or not) would do to the account's newest 100 incoming mails, and why. */
  autoReplyDryRun: { request: z.object({ accountId: IdSchema, settings: AutoReplySettingsSchema }).strict(), response: {} as AutoReplyDryRun },
} as const;
