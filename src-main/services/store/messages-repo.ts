import type { Address, AttachmentInfo, MessageDetail, MessageSummary } from '../../../src-preload/contract';
import type { BodyInput, HeaderInput } from '../sync/message-input';
import type { Db } from './database';
import { withMessageId, type MessageKeys } from './message-keys';
import { SUMMARY_COLUMNS, readSummary, toSummary, type SummaryRow } from './message-rows';
import { NO_PENDING_FLAG_CHANGE } from './pending-changes';
import type { SearchIndex } from './search-index';
import { sizeClass } from './migrations/021-pending-size-class';
import { rowUids } from './row-uids';

export interface UpsertOptions {
  accountId: string;
  /**
   * Group copies instead of storing them twice: a message whose Gmail ID is already cached
   * in the account (one message in many labels), or one whose Message-ID and content
   * fingerprint match a row of the same folder, is recorded as a copy of that row.
   */
  dedupe: boolean;
  /** The folder's UIDVALIDITY changed: take over old rows of the same message instead of inserting. */
  adopt: boolean;
}

export type AfterImportState = 'marked-read' | 'deleting' | 'deleted';

interface DetailRow extends SummaryRow {
  message_id: string | null;
  to_json: string;
  cc_json: string;
  reply_to_json: string;
  text_body: string | null;
  html_body: string | null;
  /** Set, with the bytes, only when the body is longer than the beginning read. */
  text_chars: number | null;
  text_bytes: number | null;
  html_chars: number | null;
  html_bytes: number | null;
  attachments_json: string;
  parse_warnings_json: string;
  body_loaded: number;
}

/** The columns a parsed body sets (bodyValues gives their values in this order); the message counts as loaded. */
const BODY_ASSIGNMENTS = 'text_body = ?, html_body = ?, snippet = ?, attachments_json = ?, parse_warnings_json = ?, has_attachments = ?, body_loaded = 1';

function bodyValues(body: BodyInput): (string | number | null)[] {
  return [
    body.text,
    body.html,
    body.snippet,
    JSON.stringify(body.attachments),
    JSON.stringify(body.parseWarnings),
    // Images the HTML shows in place are not what the list's paperclip means.
    body.attachments.some((a) => !a.contentId) ? 1 : 0,
  ];
}

/**
 * A body column as the detail reads it: whole, or (with @beginning) its first characters
 * and, when it is longer, its size. SQLite cuts and measures it, so a long body never
 * reaches JavaScript whole; its characters are code points, as messageTextRange's are.
 */
function bodyColumns(column: 'text_body' | 'html_body', prefix: 'text' | 'html', beginning: boolean): string {
  if (!beginning) return `${column}, NULL AS ${prefix}_chars, NULL AS ${prefix}_bytes`;
  const longer = `length(${column}) > @beginning`;
  return `substr(${column}, 1, @beginning) AS ${column}, CASE WHEN ${longer} THEN length(${column}) END AS ${prefix}_chars,
    CASE WHEN ${longer} THEN length(CAST(${column} AS BLOB)) END AS ${prefix}_bytes`;
}

/**
 * Cached messages: storing what the sync fetched (headers, flags, bodies), reading
 * them for the list and the reader, the UID bookkeeping that keeps the cache in step
 * with the server, and the after-import state. The search index follows every change.
 */
export class MessagesRepo {
  /** Prepared once: a first sync stores its headers 100 at a time, and preparing these eight per call took 6 s of a million. */
  private readonly headerStatements: ReturnType<MessagesRepo['prepareHeaderStatements']>;

  constructor(
    private readonly db: Db,
    private readonly searchIndex: SearchIndex,
    private readonly keys: MessageKeys,
  ) {
    this.headerStatements = this.prepareHeaderStatements();
  }

  private prepareHeaderStatements() {
    // Positional parameters: binding 21 named ones looked each up by name, per row of a first sync.
    const insert = this.db.prepare(
      `INSERT INTO messages (mailbox_id, uidvalidity, uid, message_id, in_reply_to, message_refs, headers_json, subject, from_name, from_address,
         to_json, cc_json, reply_to_json, date, seen, flagged, flags_json, size, has_attachments, content_hash, gm_msgid)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (mailbox_id, uidvalidity, uid) DO NOTHING`,
    );
    // A replayed batch: the row is there, only its flags may have moved.
    const refresh = this.db.prepare(
      'UPDATE messages SET seen = @seen, flagged = @flagged, flags_json = @flags WHERE mailbox_id = @mailboxId AND uidvalidity = @uidvalidity AND uid = @uid',
    );
    // Same message, older UIDVALIDITY: match by Message-ID, or by envelope fingerprint when there is none.
    const adoptableById = this.db.prepare(
      `SELECT id FROM messages m WHERE ${withMessageId('m', '@messageId')} AND mailbox_id = @mailboxId AND uidvalidity != @uidvalidity AND uid > 0 LIMIT 1`,
    );
    const adoptableByHash = this.db.prepare(
      'SELECT id FROM messages WHERE message_id IS NULL AND mailbox_id = ? AND content_hash = ? AND uidvalidity != ? AND uid > 0 LIMIT 1',
    );
    const adopt = this.db.prepare('UPDATE messages SET uidvalidity = ?, uid = ?, seen = ?, flagged = ?, flags_json = ? WHERE id = ?');
    // Gmail: the same message in another label, anywhere in the account.
    const duplicateByGmId = this.db.prepare(
      `SELECT m.id FROM messages m JOIN mailboxes b ON b.id = m.mailbox_id
       WHERE m.gm_msgid = @gmMsgId AND b.account_id = @accountId
         AND NOT (m.mailbox_id = @mailboxId AND m.uidvalidity = @uidvalidity AND m.uid = @uid)
       LIMIT 1`,
    );
    // Elsewhere: a copy in the same folder, the same Message-ID with the same content. A
    // reused Message-ID with other content is another message and gets its own row. The
    // unary + keeps SQLite on the Message-ID keys: on the folder's index it read the whole
    // folder per message (a 10,000-message folder took ten times as long to store).
    const copyById = this.db.prepare(
      `SELECT id FROM messages m WHERE ${withMessageId('m', '@messageId')} AND content_hash = @contentHash
         AND +mailbox_id = @mailboxId AND +uidvalidity = @uidvalidity AND uid != @uid
       LIMIT 1`,
    );
    const skip = this.db.prepare(
      'INSERT OR REPLACE INTO skipped_uids (mailbox_id, uidvalidity, uid, reason, message_ref) VALUES (?, ?, ?, ?, ?)',
    );
    return { insert, refresh, adoptableById, adoptableByHash, adopt, duplicateByGmId, copyById, skip };
  }

  /**
   * Idempotent batch upsert of headers and flags in one transaction: a batch
   * replayed after a crash changes nothing but the flags it carries. Returns how
   * many rows were stored or updated; skipped UIDs (duplicates, test mail,
   * filtered) are recorded so later syncs do not fetch them again. New rows reach
   * the search index with SearchIndex.indexNew().
   */
  upsertHeaders(mailboxId: number, uidvalidity: number, headers: HeaderInput[], options: UpsertOptions): number {
    const { insert, refresh, adoptableById, adoptableByHash, adopt, duplicateByGmId, copyById, skip } = this.headerStatements;
    let stored = 0;
    this.db.transaction(() => {
      for (const h of headers) {
        if (h.skip) {
          skip.run(mailboxId, uidvalidity, h.uid, h.skip, null);
          continue;
        }
        const seen = h.flags.includes('\\Seen') ? 1 : 0;
        const flagged = h.flags.includes('\\Flagged') ? 1 : 0;
        if (options.adopt) {
          const old = (h.messageId !== null
            ? adoptableById.get({ messageId: h.messageId, mailboxId, uidvalidity })
            : adoptableByHash.get(mailboxId, h.contentHash, uidvalidity)) as { id: number } | undefined;
          if (old) {
            adopt.run(uidvalidity, h.uid, seen, flagged, JSON.stringify(h.flags), old.id);
            stored += 1;
            continue;
          }
        }
        if (options.dedupe) {
          const where = { mailboxId, uidvalidity, uid: h.uid };
          const original = (h.gmMsgId !== null
            ? duplicateByGmId.get({ ...where, accountId: options.accountId, gmMsgId: h.gmMsgId })
            : h.messageId !== null
              ? copyById.get({ ...where, messageId: h.messageId, contentHash: h.contentHash })
              : undefined) as { id: number } | undefined;
          if (original) {
            skip.run(mailboxId, uidvalidity, h.uid, 'duplicate', original.id);
            this.countCopies(original.id);
            continue;
          }
        }
        const flags = JSON.stringify(h.flags);
        const inserted = insert.run(
          mailboxId,
          uidvalidity,
          h.uid,
          h.messageId,
          h.inReplyTo,
          h.references.length > 0 ? h.references.join(' ') : null,
          h.headers ? JSON.stringify(h.headers) : null,
          h.subject,
          h.from?.name ?? '',
          h.from?.address ?? '',
          JSON.stringify(h.to),
          JSON.stringify(h.cc),
          JSON.stringify(h.replyTo),
          h.date,
          seen,
          flagged,
          flags,
          h.size,
          h.hasAttachments ? 1 : 0,
          h.contentHash,
          h.gmMsgId,
        );
        if (inserted.changes === 0) refresh.run({ seen, flagged, flags, mailboxId, uidvalidity, uid: h.uid });
        else if (h.messageId !== null) this.keys.stage(h.messageId, Number(inserted.lastInsertRowid));
        stored += 1;
      }
    }).immediate();
    return stored;
  }

  /**
   * Applies flags fetched from the server to cached messages. Rows with a flag
   * change of ours still on its way keep the local value (pending-changes.ts);
   * with keepUnread, mail we marked read after import stays unread here.
   */
  updateFlags(mailboxId: number, uidvalidity: number, updates: { uid: number; flags: string[] }[], keepUnread: boolean): void {
    const stmt = this.db.prepare(
      `UPDATE messages SET
         seen = CASE WHEN @keepUnread AND after_import = 'marked-read' THEN seen ELSE @seen END,
         flagged = @flagged, flags_json = @flags
       WHERE mailbox_id = @mailboxId AND uidvalidity = @uidvalidity AND uid = @uid
         AND ${NO_PENDING_FLAG_CHANGE}`,
    );
    this.db.transaction(() => {
      for (const u of updates) {
        stmt.run({
          keepUnread: keepUnread ? 1 : 0,
          seen: u.flags.includes('\\Seen') ? 1 : 0,
          flagged: u.flags.includes('\\Flagged') ? 1 : 0,
          flags: JSON.stringify(u.flags),
          mailboxId,
          uidvalidity,
          uid: u.uid,
        });
      }
    }).immediate();
  }

  /**
   * Stores a parsed body and re-indexes the message with its text. rawSha256 names the
   * original source in the attachment store (null: the server returned none).
   */
  setBody(id: number, body: BodyInput, rawSha256: string | null): void {
    this.setBodies([{ id, body, rawSha256 }]);
  }

  /** setBody for a batch, in one transaction. */
  setBodies(bodies: { id: number; body: BodyInput; rawSha256: string | null }[]): void {
    const update = this.db.prepare(`UPDATE messages SET ${BODY_ASSIGNMENTS}, raw_sha256 = COALESCE(?, raw_sha256) WHERE id = ?`);
    this.db.transaction(() => {
      for (const { id, body, rawSha256 } of bodies) update.run(...bodyValues(body), rawSha256, id);
      this.searchIndex.reindex(bodies.map((b) => b.id));
    }).immediate();
  }

  /**
   * Bodies the deriver parsed from stored sources (sync/deriver.ts), in one transaction:
   * each only if the row still waits for it with that same source, so a message parsed
   * twice (opened while the deriver had it) is stored and indexed once. Returns the ids stored.
   */
  setDerived(bodies: { id: number; body: BodyInput; rawSha256: string }[]): number[] {
    const update = this.db.prepare(`UPDATE messages SET ${BODY_ASSIGNMENTS} WHERE id = ? AND body_loaded = 0 AND raw_sha256 = ?`);
    const stored: number[] = [];
    this.db.transaction(() => {
      for (const { id, body, rawSha256 } of bodies) {
        if (update.run(...bodyValues(body), id, rawSha256).changes === 0) continue;
        stored.push(id);
      }
      this.searchIndex.reindex(stored);
    }).immediate();
    return stored;
  }

  /**
   * Original sources fetched by the body phase (raw_sha256, in the attachment store), in one
   * transaction: the message is readable offline from here on, and waits for the deriver.
   */
  setSources(sources: { id: number; rawSha256: string }[]): void {
    const update = this.db.prepare('UPDATE messages SET raw_sha256 = ? WHERE id = ? AND body_loaded = 0');
    this.db.transaction(() => {
      for (const { id, rawSha256 } of sources) update.run(rawSha256, id);
    }).immediate();
  }

  /** A stored source that is gone from the attachment store: the body phase fetches the message again. */
  forgetSource(id: number, rawSha256: string): void {
    this.db.prepare('UPDATE messages SET raw_sha256 = NULL WHERE id = ? AND body_loaded = 0 AND raw_sha256 = ?').run(id, rawSha256);
  }

  /** Messages with a stored source and no body yet, newest rows first: the deriver's work. */
  underived(limit: number): { id: number; mailboxId: number; rawSha256: string }[] {
    return this.db
      .prepare(
        'SELECT id, mailbox_id AS mailboxId, raw_sha256 AS rawSha256 FROM messages INDEXED BY messages_pending_derive WHERE body_loaded = 0 AND raw_sha256 IS NOT NULL ORDER BY id DESC LIMIT ?',
      )
      .all(limit) as { id: number; mailboxId: number; rawSha256: string }[];
  }

  /** A message's stored source while its body is not derived yet; null otherwise. */
  underivedSource(id: number): { mailboxId: number; rawSha256: string } | null {
    const row = this.db.prepare('SELECT mailbox_id AS mailboxId, raw_sha256 AS rawSha256 FROM messages WHERE id = ? AND body_loaded = 0 AND raw_sha256 IS NOT NULL').get(id) as
      | { mailboxId: number; rawSha256: string }
      | undefined;
    return row ?? null;
  }

  /** Per folder, the stored sources still to derive (the deriver's progress). */
  underivedByMailbox(): { mailboxId: number; accountId: string; count: number }[] {
    return this.db
      .prepare(
        'SELECT m.mailbox_id AS mailboxId, b.account_id AS accountId, COUNT(*) AS count FROM messages m INDEXED BY messages_pending_derive JOIN mailboxes b ON b.id = m.mailbox_id WHERE m.body_loaded = 0 AND m.raw_sha256 IS NOT NULL GROUP BY m.mailbox_id',
      )
      .all() as { mailboxId: number; accountId: string; count: number }[];
  }

  countUnderived(): number {
    return this.db.prepare('SELECT COUNT(*) FROM messages INDEXED BY messages_pending_derive WHERE body_loaded = 0 AND raw_sha256 IS NOT NULL').pluck().get() as number;
  }

  /** The original source's SHA-256 in the attachment store, when this client kept it. */
  rawOf(id: number): string | null {
    const row = this.db.prepare('SELECT raw_sha256 FROM messages WHERE id = ?').get(id) as { raw_sha256: string | null } | undefined;
    return row?.raw_sha256 ?? null;
  }

  /** Records the original source fetched for a message cached before sources were kept. */
  setRaw(id: number, rawSha256: string): void {
    this.db.prepare('UPDATE messages SET raw_sha256 = ? WHERE id = ?').run(rawSha256, id);
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
   * A cached message. With `beginning`, a text or HTML body longer than that many
   * characters comes by its beginning and its whole size (the reader's detail);
   * without, whole (a reply's quote).
   */
  get(id: number, beginning?: number): MessageDetail | null {
    const cut = beginning !== undefined;
    const row = this.db
      .prepare(
        `SELECT ${SUMMARY_COLUMNS}, message_id, to_json, cc_json, reply_to_json, attachments_json, parse_warnings_json, body_loaded,
           ${bodyColumns('text_body', 'text', cut)}, ${bodyColumns('html_body', 'html', cut)}
         FROM messages WHERE id = @id`,
      )
      .get(cut ? { id, beginning } : { id }) as DetailRow | undefined;
    if (!row) return null;
    return {
      ...toSummary(row),
      messageId: row.message_id,
      to: JSON.parse(row.to_json) as Address[],
      cc: JSON.parse(row.cc_json) as Address[],
      replyTo: JSON.parse(row.reply_to_json) as Address[],
      text: row.text_body,
      textLength: row.text_chars === null ? null : { chars: row.text_chars, bytes: row.text_bytes ?? 0 },
      html: row.html_body,
      htmlLength: row.html_chars === null ? null : { chars: row.html_chars, bytes: row.html_bytes ?? 0 },
      attachments: JSON.parse(row.attachments_json) as AttachmentInfo[],
      parseWarnings: JSON.parse(row.parse_warnings_json) as string[],
      bodyLoaded: row.body_loaded === 1,
    };
  }

  /**
   * Characters [offset, offset + length) of a message's text or HTML body, counted in
   * code points as get()'s beginning is; empty past the end or without that body, null
   * for an unknown message.
   */
  bodyRange(id: number, part: 'text' | 'html', offset: number, length: number): string | null {
    const column = part === 'text' ? 'text_body' : 'html_body';
    const row = this.db.prepare(`SELECT substr(${column}, @start, @length) AS piece FROM messages WHERE id = @id`).get({ id, start: offset + 1, length }) as
      | { piece: string | null }
      | undefined;
    return row ? (row.piece ?? '') : null;
  }

  /** Where a message lives on the server, and its size there (RFC822.SIZE), to fetch its body on demand. */
  locate(id: number): { mailboxId: number; uidvalidity: number; uid: number; size: number } | null {
    const row = this.db.prepare('SELECT mailbox_id, uidvalidity, uid, size FROM messages WHERE id = ?').get(id) as
      | { mailbox_id: number; uidvalidity: number; uid: number; size: number }
      | undefined;
    return row ? { mailboxId: row.mailbox_id, uidvalidity: row.uidvalidity, uid: row.uid, size: row.size } : null;
  }

  idByUid(mailboxId: number, uidvalidity: number, uid: number): number | null {
    const row = this.db
      .prepare('SELECT id FROM messages WHERE mailbox_id = ? AND uidvalidity = ? AND uid = ?')
      .get(mailboxId, uidvalidity, uid) as { id: number } | undefined;
    return row?.id ?? null;
  }

  /**
   * UIDs of this UIDVALIDITY the cache accounts for, ascending: stored rows that still
   * follow the server, plus UIDs deliberately skipped. Rows whose server copy
   * after-import deletes are not listed: their disappearance is expected. With `fromUid`,
   * only UIDs from there on: a new-mail round reads the few above the old UIDNEXT through
   * the (mailbox, uidvalidity, uid) indexes instead of every row of the folder.
   */
  knownUids(mailboxId: number, uidvalidity: number, fromUid = 1): number[] {
    return this.db
      .prepare(
        `SELECT uid FROM messages WHERE mailbox_id = @mailboxId AND uidvalidity = @uidvalidity AND uid >= @fromUid
           AND after_import IS NOT 'deleting' AND after_import IS NOT 'deleted'
         UNION SELECT uid FROM skipped_uids WHERE mailbox_id = @mailboxId AND uidvalidity = @uidvalidity AND uid >= @fromUid
         ORDER BY uid`,
      )
      .pluck()
      .all({ mailboxId, uidvalidity, fromUid }) as number[];
  }

  /**
   * Messages not yet readable offline: no body and no stored source to derive it from; with
   * maxBytes, only those the sync downloads by itself (the account's size limit).
   */
  countWithoutBody(mailboxId: number, uidvalidity: number, maxBytes: number | null = null): number {
    // Pinned to partial indexes of rows without a source: without ANALYZE statistics SQLite
    // took the folder-count index (migration 018) and walked every row of the folder, at
    // every sync round (tens of ms per new mail at 100,000 messages). Under a size limit the
    // index by size class counts the classes below the limit's without reading a row, and
    // reads the rows of the limit's own class only, not those waiting for the reader (migration 021).
    const pending = 'mailbox_id = @mailboxId AND uidvalidity = @uidvalidity AND body_loaded = 0 AND raw_sha256 IS NULL';
    if (maxBytes === null) {
      return this.db.prepare(`SELECT COUNT(*) FROM messages INDEXED BY messages_pending_source WHERE ${pending}`).pluck().get({ mailboxId, uidvalidity }) as number;
    }
    const byClass = `FROM messages INDEXED BY messages_pending_size_class WHERE ${pending} AND (${sizeClass('size')})`;
    return this.db
      .prepare(`SELECT (SELECT COUNT(*) ${byClass} < (${sizeClass('@maxBytes')})) + (SELECT COUNT(*) ${byClass} = (${sizeClass('@maxBytes')}) AND size <= @maxBytes)`)
      .pluck()
      .get({ mailboxId, uidvalidity, maxBytes }) as number;
  }

  /**
   * Newest messages not yet readable offline (see countWithoutBody), up to maxBytes each
   * (bigger ones wait for the reader to ask); with belowUid, those under that UID (the next page).
   */
  withoutBody(mailboxId: number, uidvalidity: number, limit: number, maxBytes: number | null = null, belowUid: number | null = null): { id: number; uid: number }[] {
    return this.db
      .prepare(
        `SELECT id, uid FROM messages WHERE mailbox_id = @mailboxId AND uidvalidity = @uidvalidity AND body_loaded = 0 AND raw_sha256 IS NULL AND (@maxBytes IS NULL OR size <= @maxBytes)
           AND (@belowUid IS NULL OR uid < @belowUid)
         ORDER BY uid DESC LIMIT @limit`,
      )
      .all({ mailboxId, uidvalidity, maxBytes, limit, belowUid }) as { id: number; uid: number }[];
  }

  /** Rows left from an earlier UIDVALIDITY of the folder (a remap is due or under way). */
  hasOtherUidValidity(mailboxId: number, uidvalidity: number): boolean {
    return this.db.prepare('SELECT 1 FROM messages WHERE mailbox_id = ? AND uidvalidity != ? AND uid > 0 LIMIT 1').get(mailboxId, uidvalidity) !== undefined;
  }

  /** Whether any UID of this UIDVALIDITY is cached, as a row or a skipped UID: a first sync that finds one was interrupted. */
  hasAnyOf(mailboxId: number, uidvalidity: number): boolean {
    const known = (table: string) =>
      this.db.prepare(`SELECT 1 FROM ${table} WHERE mailbox_id = ? AND uidvalidity = ? AND uid > 0 LIMIT 1`).get(mailboxId, uidvalidity) !== undefined;
    return known('messages') || known('skipped_uids');
  }

  /** Rows whose server copy after-import is deleting (committed locally, maybe still on the server). */
  countDeleting(mailboxId: number, uidvalidity: number): number {
    return this.db
      .prepare(`SELECT COUNT(*) FROM messages WHERE mailbox_id = ? AND uidvalidity = ? AND after_import = 'deleting'`)
      .pluck()
      .get(mailboxId, uidvalidity) as number;
  }

  /** Forgets UIDs the server expunged; rows after-import deleted stay (they are the team's copy now). */
  removeUids(mailboxId: number, uidvalidity: number, uids: number[]): void {
    const find = this.db.prepare(
      `SELECT id FROM messages WHERE mailbox_id = ? AND uidvalidity = ? AND uid = ?
         AND after_import IS NOT 'deleting' AND after_import IS NOT 'deleted'`,
    );
    const unskip = this.db.prepare('DELETE FROM skipped_uids WHERE mailbox_id = ? AND uidvalidity = ? AND uid = ? RETURNING message_ref');
    this.db.transaction(() => {
      for (const uid of uids) {
        const row = find.get(mailboxId, uidvalidity, uid) as { id: number } | undefined;
        if (row) this.deleteRow(row.id);
        const copyOf = unskip.get(mailboxId, uidvalidity, uid) as { message_ref: number | null } | undefined;
        if (copyOf?.message_ref != null) this.countCopies(copyOf.message_ref);
      }
      this.searchIndex.rowsDeleted();
    }).immediate();
  }

  /**
   * Ends a UIDVALIDITY change: rows no new UID took over are gone from the server
   * and are dropped, except mail after-import removed from the server, which stays
   * under a UID no server message can have (its negative row id).
   */
  dropStale(mailboxId: number, uidvalidity: number): void {
    this.db.transaction(() => {
      this.db
        .prepare(
          `UPDATE messages SET uidvalidity = ?, uid = -id, after_import = 'deleted'
           WHERE mailbox_id = ? AND uidvalidity != ? AND after_import IN ('deleting', 'deleted')`,
        )
        .run(uidvalidity, mailboxId, uidvalidity);
      const stale = this.db
        .prepare('SELECT id FROM messages WHERE mailbox_id = ? AND uidvalidity != ?')
        .pluck()
        .all(mailboxId, uidvalidity) as number[];
      for (const id of stale) this.deleteRow(id);
      this.searchIndex.rowsDeleted();
      this.db.prepare('DELETE FROM skipped_uids WHERE mailbox_id = ? AND uidvalidity != ?').run(mailboxId, uidvalidity);
    }).immediate();
  }

  /** Drops rows whose server copies are gone for good (a ticket deleted from the server). Call inside the caller's transaction or alone. */
  forget(ids: number[]): void {
    this.db.transaction(() => {
      for (const id of ids) this.deleteRow(id);
      this.searchIndex.rowsDeleted();
    }).immediate();
  }

  /** Recounts a row's copies in its own folder from skipped_uids, so a replayed batch counts nothing twice. */
  private countCopies(id: number): void {
    this.db
      .prepare(
        `UPDATE messages SET copies = 1 + (SELECT COUNT(*) FROM skipped_uids s
           WHERE s.message_ref = messages.id AND s.reason = 'duplicate' AND s.mailbox_id = messages.mailbox_id) WHERE id = ?`,
      )
      .run(id);
  }

  private deleteRow(id: number): void {
    this.searchIndex.remove(id);
    this.db.prepare('DELETE FROM messages WHERE id = ?').run(id);
  }

  /**
   * Stored messages (the body, or the original source it is derived from) whose after-import
   * step is still to do on the server, oldest UID first, each with its grouped copies' UIDs (row-uids.ts).
   */
  awaitingAfterImport(mailboxId: number, uidvalidity: number, action: 'mark-read' | 'delete', limit: number): { id: number; uids: number[] }[] {
    const state = action === 'mark-read' ? `after_import IS NULL` : `(after_import IS NULL OR after_import IN ('marked-read', 'deleting'))`;
    const rows = this.db
      .prepare(
        `SELECT id, uid FROM messages WHERE mailbox_id = ? AND uidvalidity = ? AND uid > 0 AND (body_loaded = 1 OR raw_sha256 IS NOT NULL) AND ${state}
         ORDER BY uid LIMIT ?`,
      )
      .all(mailboxId, uidvalidity, limit) as { id: number; uid: number }[];
    return rows.map((r) => ({ id: r.id, uids: rowUids(this.db, { id: r.id, mailboxId, uidvalidity, uid: r.uid }) }));
  }

  setAfterImport(ids: number[], state: AfterImportState): void {
    const stmt = this.db.prepare('UPDATE messages SET after_import = ? WHERE id = ?');
    this.db.transaction(() => {
      for (const id of ids) stmt.run(state, id);
    }).immediate();
  }

  /**
   * Cached messages of an account by their team log key: the Message-ID, or
   * "hash:<content hash>" for mail without one. Keys not cached are absent.
   */
  byKeys(accountId: string, keys: string[]): Map<string, MessageSummary> {
    const found = new Map<string, MessageSummary>();
    const byId = this.db.prepare(
      `SELECT ${SUMMARY_COLUMNS} FROM messages m WHERE ${withMessageId('m', '@key')}
         AND mailbox_id IN (SELECT id FROM mailboxes WHERE account_id = @accountId) ORDER BY id LIMIT 1`,
    );
    const byHash = this.db.prepare(
      `SELECT ${SUMMARY_COLUMNS} FROM messages WHERE message_id IS NULL AND content_hash = ?
         AND mailbox_id IN (SELECT id FROM mailboxes WHERE account_id = ?) ORDER BY id LIMIT 1`,
    );
    for (const key of keys) {
      const row = (key.startsWith('hash:') ? byHash.get(key.slice(5), accountId) : byId.get({ key, accountId })) as SummaryRow | undefined;
      if (row) found.set(key, toSummary(row));
    }
    return found;
  }

  /** The message's References ids, oldest first, as `<id>` (what a reply's References continues); empty for rows stored before migration 007. */
  referencesOf(id: number): string[] {
    const refs = this.db.prepare('SELECT message_refs FROM messages WHERE id = ?').pluck().get(id) as string | null | undefined;
    return refs ? refs.split(' ').filter(Boolean) : [];
  }

  summary(id: number): MessageSummary | null {
    return readSummary(this.db, id);
  }
}
