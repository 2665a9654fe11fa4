/** Mail: mailboxes, messages, flags, search and sync progress. */
import { z } from 'zod';
import { AccountRefSchema, IdSchema, type Address } from './shared';

/**
 * Whether the account imports a folder: imported; proposed (not yet, but suggested, as
 * Sent is); not imported; never (trash and spam). sync/import-state.ts decides.
 */
export type FolderImportState = 'imported' | 'proposed' | 'not-imported' | 'never';

export interface MailboxSummary {
  id: string;
  accountId: string;
  path: string;
  name: string;
  specialUse?: string;
  /** Messages of the folder on the server that the cache holds, copies included. */
  total: number;
  importState: FolderImportState;
  /** Its first sync has looked at every message (before that, an empty list means nothing). */
  synced: boolean;
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
  /** How many messages of the folder on the server this row stands for, when more than one (the same mail stored twice). */
  copies?: number;
}

export interface AttachmentInfo {
  filename: string;
  contentType: string;
  size: number;
  /** Content address of the stored file (dataDir/attachments/ab/<sha256>). */
  sha256?: string;
  /** Set on an image the HTML shows in place (cid:); such parts are not listed as attachments. */
  contentId?: string;
  /** A part the reader can read in place: a delivery report or an attached message. */
  view?: PartView;
}

/** One recipient's outcome in a delivery report (RFC 3464), in the reporting server's words. */
export interface DeliveryRecipient {
  recipient: string;
  /** failed, delayed, delivered, relayed or expanded. */
  action: string;
  /** Enhanced status code, e.g. 5.1.1. */
  status: string;
  /** The remote server's reply, e.g. "550 5.1.1 User unknown". */
  diagnostic: string;
  remoteMta: string;
}

export type PartView =
  | { kind: 'delivery-status'; reportingMta: string; arrivalDate: string; recipients: DeliveryRecipient[] }
  | {
      kind: 'message';
      subject: string;
      from: Address | null;
      to: Address[];
      cc: Address[];
      /** Epoch milliseconds, null when the attached message has no readable date. */
      date: number | null;
      text: string;
      attachments: AttachmentInfo[];
    };

/**
 * A body longer than this many characters (Unicode code points) reaches the reader by
 * its beginning only: 10 MB of text took seconds to send, parse and lay out at once (issue 16).
 */
export const BODY_BEGINNING_CHARS = 256 * 1024;
/** The most characters one messageTextRange call returns: about a megabyte, a short task on both sides of the bridge. */
export const BODY_RANGE_MAX_CHARS = 1024 * 1024;

/** The size of a whole body whose beginning only came with the detail. */
export interface BodyLength {
  /** Unicode code points: the unit of messageTextRange's offset and length. */
  chars: number;
  /** As UTF-8, the size the sender's mail program counted. */
  bytes: number;
}

export interface MessageDetail extends MessageSummary {
  to: Address[];
  cc: Address[];
  replyTo: Address[];
  messageId: string | null;
  /** The plain text, or its first BODY_BEGINNING_CHARS characters when textLength is set. */
  text: string | null;
  /** Set when `text` is only the beginning: the whole text's size; messageTextRange serves the rest. */
  textLength: BodyLength | null;
  /**
   * Unsanitized HTML as received: the renderer sanitizes it before display. Only its
   * first BODY_BEGINNING_CHARS characters when htmlLength is set (maybe ending inside a tag).
   */
  html: string | null;
  /** Set when `html` is only the beginning: the whole HTML's size; messageHtml serves it. */
  htmlLength: BodyLength | null;
  attachments: AttachmentInfo[];
  /** What could not be parsed, shown to the reader as a notice. */
  parseWarnings: string[];
  /** False while only headers are cached and the body is being fetched. */
  bodyLoaded: boolean;
  /**
   * Set while the body is not here because the message is bigger than the account
   * downloads by itself (import.autoDownloadMb): the reader offers downloadMessage.
   */
  onDemand?: { size: number; limitMb: number };
}

/** How far a message downloaded on demand got, in bytes of its source. */
export interface MessageDownloadProgress {
  messageId: string;
  done: number;
  total: number;
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
  /**
   * Characters [offset, offset + length) of a message's plain text, in code points; past
   * the end, the empty string. length above BODY_RANGE_MAX_CHARS is cut to it.
   */
  messageTextRange: {
    request: z
      .object({ messageId: IdSchema, offset: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER), length: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER) })
      .strict(),
    response: {} as string,
  },
  /** The whole HTML of a message whose detail carried its beginning only (htmlLength), cid: images in place as getMessage does. */
  messageHtml: { request: z.object({ messageId: IdSchema }).strict(), response: {} as string | null },
  /** Downloads a message over the account's size limit now (progress as messageDownload events); answers with the whole message. */
  downloadMessage: { request: z.object({ messageId: IdSchema }).strict(), response: {} as MessageDetail },
  /** Marks a message read/unread or flagged in the cache at once; the server follows when reachable. */
  setMessageFlags: {
    request: z.object({ messageId: IdSchema, seen: z.boolean().optional(), flagged: z.boolean().optional() }).strict(),
    response: {} as MessageSummary,
  },
  /**
   * Archive (e) or delete (#, to Trash) a message: it leaves the cache at once and the
   * server follows when reachable. moved: false when it already is in that folder.
   */
  moveMessage: {
    request: z.object({ messageId: IdSchema, to: z.enum(['archive', 'trash']) }).strict(),
    response: {} as { moved: boolean },
  },
  /**
   * Full-text search over the cache, with operators (search-query.ts): works offline. A null
   * mailboxId searches every folder; before:/after: days are read in timeZone (empty: UTC).
   */
  searchMessages: {
    request: z
      .object({
        query: z.string().max(500),
        limit: z.number().int().min(1).max(500),
        mailboxId: IdSchema.nullable().default(null),
        timeZone: z.string().max(100).default(''),
      })
      .strict(),
    response: {} as MessageSummary[],
  },
} as const;

export const mailEvents = {
  syncProgress: {} as SyncProgress,
  messagesChanged: {} as { mailboxId: string },
  messageDownload: {} as MessageDownloadProgress,
} as const;
