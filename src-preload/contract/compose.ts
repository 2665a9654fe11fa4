/**
 * Composing: drafts (kept locally as the agent types, and in the server's Drafts folder
 * where the account has one), attachments, and sending a draft through the outbox.
 */
import { z } from 'zod';
import type { CollisionReport } from './tickets';
import type { OutboxItem } from './outbox';
import { IdSchema } from './shared';

export const RecipientSchema = z.object({
  name: z.string().trim().max(500, 'Keep the name under 500 characters.').default(''),
  address: z
    .string()
    .trim()
    .max(254, 'An email address has at most 254 characters.')
    .regex(/^[^\s@<>,;"]+@[^\s@<>,;"]+\.[^\s@<>,;"]+$/, 'Enter a full address like customer@example.com.'),
});
export type Recipient = z.infer<typeof RecipientSchema>;

export const DraftKindSchema = z.enum(['new', 'reply', 'reply-all', 'forward']);
export type DraftKind = z.infer<typeof DraftKindSchema>;

/** A file attached to a draft: its bytes are in the content-addressed attachment store. */
export const DraftAttachmentSchema = z.object({
  id: IdSchema,
  filename: z.string().min(1).max(500),
  contentType: z.string().min(1).max(200),
  size: z.number().int().min(0),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});
export type DraftAttachment = z.infer<typeof DraftAttachmentSchema>;

export const DraftSchema = z.object({
  id: IdSchema,
  /** The sending account: the ticket's by default, any account the agent may send from. */
  accountId: IdSchema,
  kind: DraftKindSchema,
  ticket: z.object({ accountId: IdSchema, key: z.string().min(1).max(1000) }).nullable(),
  /** The cached message answered or forwarded (MessageSummary.id). */
  sourceMessageId: z.string().max(200).nullable(),
  to: z.array(RecipientSchema).max(500, 'Send to at most 500 recipients at once.'),
  cc: z.array(RecipientSchema).max(500, 'Send to at most 500 recipients at once.'),
  bcc: z.array(RecipientSchema).max(500, 'Send to at most 500 recipients at once.'),
  subject: z.string().max(1000, 'Keep the subject under 1,000 characters.'),
  /**
   * The editor's HTML: the agent's text with the greeting, signature and quoted message
   * the draft started with; pasted images as data: URLs (sent as inline parts).
   */
  bodyHtml: z.string().max(30_000_000, 'The text is too long to send: move large content into an attachment.'),
  attachments: z.array(DraftAttachmentSchema).max(100, 'Attach at most 100 files.'),
  inReplyTo: z.string().max(1000).nullable(),
  references: z.array(z.string().max(1000)).max(500),
  updatedAt: z.number().int().min(0),
});
export type Draft = z.infer<typeof DraftSchema>;

/** An account the agent may send from, for the From picker. */
export interface SendingAccount {
  id: string;
  name: string;
  key: string;
  email: string;
  senderName: string;
  /** The account's message size limit (sending.maxMessageMb) in bytes. */
  maxMessageBytes: number;
}

/** A draft with what the editor needs around it. */
export interface ComposeView {
  draft: Draft;
  /** Values for variables by name, e.g. "customer.name" (../templates.ts VARIABLES): canned answers, the check before sending. */
  variables: Partial<Record<string, string>>;
  fromChoices: SendingAccount[];
  /** The ticket's log position when the draft opened: sendDraft's collision check compares with it. */
  seenUid: number | null;
  /** When the draft last reached the server's Drafts folder; null when not (yet) or the account has none. */
  serverSavedAt: number | null;
}

export interface DraftSummary {
  id: string;
  accountId: string;
  kind: DraftKind;
  ticket: { accountId: string; key: string } | null;
  subject: string;
  to: string[];
  updatedAt: number;
}

/** One thing to fix before the mail can go, e.g. ['to'] "Add at least one recipient." */
export interface DraftProblem {
  path: (string | number)[];
  message: string;
}

export type SendResult =
  | { outcome: 'queued'; item: OutboxItem }
  /** Someone replied, took or closed the ticket since the draft opened: show what happened, send again with ignoreCollision. */
  | { outcome: 'collision'; report: CollisionReport }
  /** Fields to fix (no recipient, too large, unknown or empty variables…): nothing was queued. */
  | { outcome: 'invalid'; problems: DraftProblem[] };

export const StartDraftSchema = z
  .object({
    kind: DraftKindSchema,
    /** Defaults to the ticket's or message's account, else the primary account. */
    accountId: IdSchema.optional(),
    ticket: z.object({ accountId: IdSchema, ticket: z.string().min(1).max(1000) }).strict().optional(),
    /** The message to answer or forward; for a ticket, its newest customer message when absent. */
    messageId: z.string().max(200).optional(),
    /** New mail to a contact. */
    contact: RecipientSchema.optional(),
  })
  .strict();

export const composeChannels = {
  /** A new draft: recipients, subject with the ticket token, threading headers, greeting, signature, quote. */
  startDraft: { request: StartDraftSchema, response: {} as ComposeView },
  getDraft: { request: z.object({ id: IdSchema }).strict(), response: {} as ComposeView },
  listDrafts: {
    request: z.object({ accountId: z.string().max(200).default(''), ticket: z.string().max(1000).default('') }).strict(),
    response: {} as DraftSummary[],
  },
  /** Kept locally at once; copied to the server's Drafts folder a little later. */
  saveDraft: { request: z.object({ draft: DraftSchema }).strict(), response: {} as { savedAt: number } },
  deleteDraft: { request: z.object({ id: IdSchema }).strict(), response: {} as { deleted: boolean } },
  /** Bytes come base64-encoded; refused over the account's size limit, with the limit named. */
  addDraftAttachment: {
    request: z
      .object({
        draftId: IdSchema,
        filename: z.string().trim().min(1, 'The file needs a name.').max(500, 'Keep file names under 500 characters.'),
        contentType: z.string().max(200).default('application/octet-stream'),
        dataBase64: z.string().max(210_000_000),
      })
      .strict(),
    response: {} as { draft: Draft },
  },
  removeDraftAttachment: { request: z.object({ draftId: IdSchema, attachmentId: IdSchema }).strict(), response: {} as { draft: Draft } },
  /**
   * Checks the draft, runs the collision check (from a ticket), then writes the mail to the
   * outbox: sent after the undo window, or at scheduleAt. The draft is removed once queued.
   */
  sendDraft: {
    request: z
      .object({
        id: IdSchema,
        scheduleAt: z.number().int().min(0).nullable().default(null),
        ignoreCollision: z.boolean().default(false),
      })
      .strict(),
    response: {} as SendResult,
  },
  sendingAccounts: { request: z.object({}).strict(), response: {} as SendingAccount[] },
} as const;

export const composeEvents = {
  /** A draft changed elsewhere (saved to the server, restored by undo, removed when sent). */
  draftsChanged: {} as { accountId: string },
} as const;
