/** What the compose service and the auto-replier hand to the outbox (OutboxService.enqueue). */
import type { Address, OutboxKind, TicketStatus } from '../../../src-preload/contract';

export interface OutgoingAttachment {
  filename: string;
  contentType: string;
  /** The bytes, in the content-addressed attachment store. */
  sha256: string;
  size: number;
}

export interface OutgoingMail {
  accountId: string;
  kind: OutboxKind;
  agentId: string;
  from: Address;
  to: Address[];
  cc: Address[];
  bcc: Address[];
  subject: string;
  /** The whole HTML (template applied); data: URL images become inline parts. The outbox adds the plain-text alternative. */
  html: string;
  attachments: OutgoingAttachment[];
  /** Threading: the answered message's Message-ID, and its References plus it. */
  inReplyTo: string | null;
  references: string[];
  /** Extra headers, e.g. Auto-Submitted: auto-replied (RFC 3834). */
  headers: Record<string, string>;
  /** The ticket the mail answers (its account may differ from the sending account). */
  ticket: { accountId: string; key: string } | null;
  /** The ticket's status once sent (the account's rule), null to leave it. */
  statusAfter: TicketStatus | null;
  /** Not before this time (the undo window's end, or the scheduled time). */
  sendAfter: number;
  undoUntil: number | null;
  /** At most one outbox item per key: repeating a decision (an auto-reply after a restart) returns the existing item. */
  idempotencyKey: string | null;
  /** The draft it was sent from: undo brings it back. */
  draftId: string | null;
}
