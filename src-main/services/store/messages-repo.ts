import type { Address, AttachmentInfo, MessageDetail, MessageSummary } from '../../../src-preload/contract';
import type { Db } from './database';

/** What a header fetch yields for one message. */
export interface HeaderInput {
  uid: number;
  messageId: string | null;
  subject: string;
  from: Address | null;
  to: Address[];
  cc: Address[];
  replyTo: Address[];
  date: number;
  flags: string[];
  size: number;
  hasAttachments: boolean;
}

/** What parsing the full source yields. */
export interface BodyInput {
  text: string | null;
  html: string | null;
  snippet: string;
  attachments: AttachmentInfo[];
  parseWarnings: string[];
  /** Plain text for the search index (text part, or HTML stripped of tags). */
  searchText: string;
}

interface SummaryRow {
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
}

interface DetailRow extends SummaryRow {
  message_id: string | null;
  to_json: string;
  cc_json: string;
  reply_to_json: string;
  text_body: string | null;
  html_body: string | null;
  attachments_json: string;
  parse_warnings_json: string;
  body_loaded: number;
}

const SUMMARY_COLUMNS =
  'id, mailbox_id, uid, subject, from_name, from_address, date, seen, flagged, has_attachments, snippet';

function toSummary(row: SummaryRow): MessageSummary {
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
  };
}

function addressesText(list: (Address | null)[]): string {
  return list
    .filter((a): a is Address => a !== null)
    .map((a) => `${a.name} ${a.address}`)
    .join(' ');
}

export class MessagesRepo {
  constructor(private readonly db: Db) {}

  /**
   * Idempotent batch upsert of headers and flags in one transaction: a batch
   * replayed after a crash changes nothing but the flags it carries.
   */
  upsertHeaders(mailboxId: number, uidvalidity: number, headers: HeaderInput[]): void {
    const insert = this.db.prepare(
      `INSERT INTO messages (mailbox_id, uidvalidity, uid, message_id, subject, from_name, from_address,
         to_json, cc_json, reply_to_json, date, seen, flagged, flags_json, size, has_attachments)
       VALUES (@mailboxId, @uidvalidity, @uid, @messageId, @subject, @fromName, @fromAddress,
         @to, @cc, @replyTo, @date, @seen, @flagged, @flags, @size, @hasAttachments)
       ON CONFLICT (mailbox_id, uidvalidity, uid) DO UPDATE SET
         seen = excluded.seen, flagged = excluded.flagged, flags_json = excluded.flags_json
       RETURNING id`,
    );
    const index = this.db.prepare('INSERT INTO messages_fts (rowid, subject, addresses, body) VALUES (?, ?, ?, ?)');
    const indexed = this.db.prepare('SELECT 1 FROM messages_fts WHERE rowid = ?');
    this.db.transaction(() => {
      for (const h of headers) {
        const row = insert.get({
          mailboxId,
          uidvalidity,
          uid: h.uid,
          messageId: h.messageId,
          subject: h.subject,
          fromName: h.from?.name ?? '',
          fromAddress: h.from?.address ?? '',
          to: JSON.stringify(h.to),
          cc: JSON.stringify(h.cc),
          replyTo: JSON.stringify(h.replyTo),
          date: h.date,
          seen: h.flags.includes('\\Seen') ? 1 : 0,
          flagged: h.flags.includes('\\Flagged') ? 1 : 0,
          flags: JSON.stringify(h.flags),
          size: h.size,
          hasAttachments: h.hasAttachments ? 1 : 0,
        }) as { id: number };
        if (!indexed.get(row.id)) {
          index.run(row.id, h.subject, addressesText([h.from, ...h.to, ...h.cc]), '');
        }
      }
    })();
  }

  /** Applies flags fetched from the server to cached messages. */
  updateFlags(mailboxId: number, uidvalidity: number, updates: { uid: number; flags: string[] }[]): void {
    const stmt = this.db.prepare(
      `UPDATE messages SET seen = ?, flagged = ?, flags_json = ?
       WHERE mailbox_id = ? AND uidvalidity = ? AND uid = ? AND flags_json != ?`,
    );
    this.db.transaction(() => {
      for (const u of updates) {
        const flags = JSON.stringify(u.flags);
        stmt.run(u.flags.includes('\\Seen') ? 1 : 0, u.flags.includes('\\Flagged') ? 1 : 0, flags, mailboxId, uidvalidity, u.uid, flags);
      }
    })();
  }

  /** Stores a parsed body and re-indexes the message with its text. */
  setBody(id: number, body: BodyInput): void {
    const row = this.db
      .prepare('SELECT subject, from_name, from_address, to_json, cc_json FROM messages WHERE id = ?')
      .get(id) as { subject: string; from_name: string; from_address: string; to_json: string; cc_json: string } | undefined;
    if (!row) return;
    const addresses = addressesText([
      { name: row.from_name, address: row.from_address },
      ...(JSON.parse(row.to_json) as Address[]),
      ...(JSON.parse(row.cc_json) as Address[]),
    ]);
    this.db.transaction(() => {
      this.db
        .prepare(
          `UPDATE messages SET text_body = ?, html_body = ?, snippet = ?, attachments_json = ?,
             parse_warnings_json = ?, has_attachments = ?, body_loaded = 1 WHERE id = ?`,
        )
        .run(
          body.text,
          body.html,
          body.snippet,
          JSON.stringify(body.attachments),
          JSON.stringify(body.parseWarnings),
          body.attachments.length > 0 ? 1 : 0,
          id,
        );
      this.db.prepare('DELETE FROM messages_fts WHERE rowid = ?').run(id);
      this.db
        .prepare('INSERT INTO messages_fts (rowid, subject, addresses, body) VALUES (?, ?, ?, ?)')
        .run(id, row.subject, addresses, body.searchText);
    })();
  }

  list(mailboxId: number, offset: number, limit: number): { total: number; items: MessageSummary[] } {
    const current = `mailbox_id = ? AND uidvalidity = (SELECT uidvalidity FROM mailboxes WHERE id = ?)`;
    const total = (this.db.prepare(`SELECT COUNT(*) AS n FROM messages WHERE ${current}`).get(mailboxId, mailboxId) as {
      n: number;
    }).n;
    const rows = this.db
      .prepare(`SELECT ${SUMMARY_COLUMNS} FROM messages WHERE ${current} ORDER BY date DESC, id DESC LIMIT ? OFFSET ?`)
      .all(mailboxId, mailboxId, limit, offset) as SummaryRow[];
    return { total, items: rows.map(toSummary) };
  }

  /**
   * Full-text search over subject, addresses and body, best matches first.
   * Each word is matched as a prefix ("inv" finds "invoice"); FTS syntax in the
   * query is neutralised by quoting every term.
   */
  search(query: string, limit: number): MessageSummary[] {
    const terms = query.match(/[\p{L}\p{N}@._+-]+/gu) ?? [];
    if (terms.length === 0) return [];
    const match = terms.map((t) => `"${t.replace(/"/g, '""')}"*`).join(' ');
    const rows = this.db
      .prepare(
        `SELECT ${SUMMARY_COLUMNS.split(', ').map((c) => `m.${c}`).join(', ')}
         FROM messages_fts JOIN messages m ON m.id = messages_fts.rowid
         JOIN mailboxes b ON b.id = m.mailbox_id AND b.uidvalidity = m.uidvalidity
         WHERE messages_fts MATCH ? ORDER BY rank LIMIT ?`,
      )
      .all(match, limit) as SummaryRow[];
    return rows.map(toSummary);
  }

  get(id: number): MessageDetail | null {
    const row = this.db.prepare('SELECT * FROM messages WHERE id = ?').get(id) as DetailRow | undefined;
    if (!row) return null;
    return {
      ...toSummary(row),
      messageId: row.message_id,
      to: JSON.parse(row.to_json) as Address[],
      cc: JSON.parse(row.cc_json) as Address[],
      replyTo: JSON.parse(row.reply_to_json) as Address[],
      text: row.text_body,
      html: row.html_body,
      attachments: JSON.parse(row.attachments_json) as AttachmentInfo[],
      parseWarnings: JSON.parse(row.parse_warnings_json) as string[],
      bodyLoaded: row.body_loaded === 1,
    };
  }

  /** Where a message lives on the server, to fetch its body on demand. */
  locate(id: number): { mailboxId: number; uidvalidity: number; uid: number } | null {
    const row = this.db.prepare('SELECT mailbox_id, uidvalidity, uid FROM messages WHERE id = ?').get(id) as
      | { mailbox_id: number; uidvalidity: number; uid: number }
      | undefined;
    return row ? { mailboxId: row.mailbox_id, uidvalidity: row.uidvalidity, uid: row.uid } : null;
  }

  idByUid(mailboxId: number, uidvalidity: number, uid: number): number | null {
    const row = this.db
      .prepare('SELECT id FROM messages WHERE mailbox_id = ? AND uidvalidity = ? AND uid = ?')
      .get(mailboxId, uidvalidity, uid) as { id: number } | undefined;
    return row?.id ?? null;
  }

  /** UIDs cached for the mailbox's current UIDVALIDITY, ascending. */
  uids(mailboxId: number, uidvalidity: number): number[] {
    return (
      this.db
        .prepare('SELECT uid FROM messages WHERE mailbox_id = ? AND uidvalidity = ? ORDER BY uid')
        .pluck()
        .all(mailboxId, uidvalidity) as number[]
    );
  }

  countWithoutBody(mailboxId: number, uidvalidity: number): number {
    return this.db
      .prepare('SELECT COUNT(*) FROM messages WHERE mailbox_id = ? AND uidvalidity = ? AND body_loaded = 0')
      .pluck()
      .get(mailboxId, uidvalidity) as number;
  }

  /** Newest messages still waiting for their body. */
  withoutBody(mailboxId: number, uidvalidity: number, limit: number): { id: number; uid: number }[] {
    return this.db
      .prepare(
        `SELECT id, uid FROM messages WHERE mailbox_id = ? AND uidvalidity = ? AND body_loaded = 0
         ORDER BY uid DESC LIMIT ?`,
      )
      .all(mailboxId, uidvalidity, limit) as { id: number; uid: number }[];
  }

  /** Drops messages the server no longer has (expunged, or from an old UIDVALIDITY). */
  remove(mailboxId: number, predicate: { uidvalidityNot: number } | { uids: number[]; uidvalidity: number }): number {
    const ids =
      'uidvalidityNot' in predicate
        ? (this.db
            .prepare('SELECT id FROM messages WHERE mailbox_id = ? AND uidvalidity != ?')
            .pluck()
            .all(mailboxId, predicate.uidvalidityNot) as number[])
        : predicate.uids
            .map((uid) => this.idByUid(mailboxId, predicate.uidvalidity, uid))
            .filter((id): id is number => id !== null);
    const delFts = this.db.prepare('DELETE FROM messages_fts WHERE rowid = ?');
    const delMsg = this.db.prepare('DELETE FROM messages WHERE id = ?');
    this.db.transaction(() => {
      for (const id of ids) {
        delFts.run(id);
        delMsg.run(id);
      }
    })();
    return ids.length;
  }
}
