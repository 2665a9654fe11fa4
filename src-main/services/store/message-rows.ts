import type { MessageSummary } from '../../../src-preload/contract';
import type { Db } from './database';

/** The columns of a message list row, as the list, search and flag changes return it. */
export interface SummaryRow {
  id: number;
  mailbox_id: number;
  uid: number;
  subject: string;
  from_name: string;
  from_address: string;
  date: number;
  seen: number;
  flagged: number;
  has_attachments: number;
  snippet: string;
  copies: number;
}

export const SUMMARY_COLUMNS =
  'id, mailbox_id, uid, subject, from_name, from_address, date, seen, flagged, has_attachments, snippet, copies';

export function toSummary(row: SummaryRow): MessageSummary {
  return {
    id: String(row.id),
    mailboxId: String(row.mailbox_id),
    uid: row.uid,
    from: row.from_address || row.from_name ? { name: row.from_name, address: row.from_address } : null,
    subject: row.subject,
    date: row.date,
    seen: row.seen === 1,
    flagged: row.flagged === 1,
    hasAttachments: row.has_attachments === 1,
    snippet: row.snippet,
    ...(row.copies > 1 ? { copies: row.copies } : {}),
  };
}

/** One summary by messages.id. */
export function readSummary(db: Db, id: number): MessageSummary | null {
  const row = db.prepare(`SELECT ${SUMMARY_COLUMNS} FROM messages WHERE id = ?`).get(id) as SummaryRow | undefined;
  return row ? toSummary(row) : null;
}
