import type { Address, AttachmentInfo } from '../../../src-preload/contract';

/** What a header fetch yields for one message: what the sync hands the store per UID. */
export interface HeaderInput {
  uid: number;
  messageId: string | null;
  /** The message this one answers, as `<id>` (the form of messageId), from the envelope. */
  inReplyTo: string | null;
  /** The References header's ids, oldest first, as `<id>`. */
  references: string[];
  /** Other headers the fetch asked for (header filter, routing rules), by lower-case name; null when none were. */
  headers: Record<string, string[]> | null;
  subject: string;
  from: Address | null;
  to: readonly Address[];
  cc: readonly Address[];
  replyTo: readonly Address[];
  date: number;
  flags: string[];
  size: number;
  hasAttachments: boolean;
  /** Fingerprint of envelope and size (contentFingerprint): tells copies from different mail sharing a Message-ID. */
  contentHash: string;
  /** Gmail's X-GM-MSGID: one message in many labels (folders) has one ID. */
  gmMsgId: string | null;
  /** Why this UID is not stored although it is on the server: our own test mail, or the header filter. */
  skip: 'test-mail' | 'filtered' | null;
}

/** What parsing the full source yields: what the sync hands the store per body. */
export interface BodyInput {
  text: string | null;
  html: string | null;
  snippet: string;
  attachments: AttachmentInfo[];
  parseWarnings: string[];
}
