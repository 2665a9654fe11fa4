/** Mail: mailboxes, messages, flags, search and sync progress. */
import { z } from 'zod';
import { AccountRefSchema, IdSchema, type Address } from './shared';

export interface MailboxSummary {
  id: string;
  accountId: string;
  path: string;
  name: string;
  specialUse?: string;
  total: number;
  unread: number;
}

export interface MessageSummary {
  id: string;
  mailboxId: string;
  uid: number;
  from: Address | null;
  subject: string;
  /** Epoch milliseconds (internal date when the header is missing or unreadable). */
  date: number;
  seen: boolean;
  flagged: boolean;
  hasAttachments: boolean;
  snippet: string;
}

export interface AttachmentInfo {
  filename: string;
  contentType: string;
  size: number;
  /** Content address of the stored file (dataDir/attachments/ab/<sha256>). */
  sha256?: string;
}

export interface MessageDetail extends MessageSummary {
  to: Address[];
  cc: Address[];
  replyTo: Address[];
  messageId: string | null;
  text: string | null;
  /** Unsanitized HTML as received: the renderer sanitizes it before display. */
  html: string | null;
  attachments: AttachmentInfo[];
  /** What could not be parsed, shown to the reader as a notice. */
  parseWarnings: string[];
  /** False while only headers are cached and the body is being fetched. */
  bodyLoaded: boolean;
}

export interface SyncProgress {
  accountId: string;
  mailboxId: string;
  phase: 'headers' | 'indexing' | 'bodies' | 'done';
  done: number;
  total: number;
}

export const mailChannels = {
  listMailboxes: { request: AccountRefSchema, response: {} as MailboxSummary[] },
  listMessages: {
    request: z
      .object({
        mailboxId: IdSchema,
        offset: z.number().int().min(0),
        limit: z.number().int().min(1).max(1000),
      })
      .strict(),
    response: {} as { total: number; items: MessageSummary[] },
  },
  getMessage: { request: z.object({ messageId: IdSchema }).strict(), response: {} as MessageDetail },
  /** Marks a message read/unread or flagged in the cache at once; the server follows when reachable. */
  setMessageFlags: {
    request: z.object({ messageId: IdSchema, seen: z.boolean().optional(), flagged: z.boolean().optional() }).strict(),
    response: {} as MessageSummary,
  },
  /** Full-text search over the cache: works offline. */
  searchMessages: {
    request: z.object({ query: z.string().max(500), limit: z.number().int().min(1).max(500) }).strict(),
    response: {} as MessageSummary[],
  },
} as const;

export const mailEvents = {
  syncProgress: {} as SyncProgress,
  messagesChanged: {} as { mailboxId: string },
} as const;
