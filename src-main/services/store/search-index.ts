import type { Address, MessageSummary } from '../../../src-preload/contract';
import type { Statement } from 'better-sqlite3';
import type { Db } from './database';
import { SUMMARY_COLUMNS, toSummary, type SummaryRow } from './message-rows';
import { MessageLogKeys } from './message-log-keys';
import { ID_OF_SEARCH_ROW, SEARCH_KEY } from './search-key';
import { freeWordIsPrefix, isEmptySearch, isPrefixWord, parseSearch, type SearchQuery } from '../../../src-preload/contract/search-query';
import { appError } from '../errors/app-error';
import { dayStart } from '../tickets/days';

/** A row as the search index needs it (read with safeIntegers: the key uses all 64 bits). */
interface IndexedRow {
  id: bigint;
  searchKey: bigint;
  subject: string;
  from_name: string;
  from_address: string;
  to_json: string;
  cc_json: string;
  text_body: string | null;
}

/**
 * Characters of a message's text that search indexes: the start of a 10 MB log or listing
 * is found, its tail is not (the reader still shows all of it). Indexing it whole would
 * hold the text and its tokens in memory and swell the index for words nobody searches.
 */
export const INDEXED_TEXT_CHARS = 1_000_000;

const INDEXED_COLUMNS = `id, ${SEARCH_KEY} AS searchKey, subject, from_name, from_address, to_json, cc_json, substr(text_body, 1, ${INDEXED_TEXT_CHARS}) AS text_body`;

function addressesText(list: Address[]): string {
  return list.map((a) => `${a.name} ${a.address}`).join(' ');
}

function byKey(a: IndexedRow, b: IndexedRow): number {
  return a.searchKey < b.searchKey ? -1 : a.searchKey > b.searchKey ? 1 : 0;
}

/** The words of a text as the index holds them. */
const wordsOf = (text: string): string[] => text.match(/[\p{L}\p{N}@._+-]+/gu) ?? [];

/** An FTS5 string: the phrase's words in order, every FTS operator inside it neutralised. */
function phrase(text: string, prefix: boolean): string | null {
  const terms = wordsOf(text);
  return terms.length === 0 ? null : `"${terms.join(' ').replace(/"/g, '""')}"${prefix ? '*' : ''}`;
}

/**
 * The full-text part of a query, or null when it has none. Only the last free word is a
 * prefix, from three characters on (freeWordIsPrefix: "inv" finds "invoice", "in" the word
 * "in" only): prefixes of earlier words and of short ones match most of the index, and
 * FTS5 reads every match of a prefix before ordering them ("c*" took 105 ms at 100,000
 * messages with their text, the word "c" 0.05). from:/to:/subject: values are prefixes
 * in their own column.
 */
function ftsMatch(q: SearchQuery): string | null {
  const parts = [
    ...q.words.map((w, i) => phrase(w, freeWordIsPrefix(q, i))),
    ...q.phrases.map((p) => phrase(p, false)),
    ...q.subject.map((s) => prefixed('subject', s)),
    ...[...q.from, ...q.to].map((a) => prefixed('addresses', a)),
  ].filter((p): p is string => p !== null);
  return parts.length === 0 ? null : parts.join(' AND ');
}

function prefixed(column: string, text: string): string | null {
  const p = phrase(text, true);
  return p === null ? null : `${column} : ${p}`;
}

/** A LIKE pattern for the text anywhere in the value (% and _ taken literally). */
function likeAny(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * Full-text search over cached messages (messages_fts, FTS5, contentless). Rows
 * reach it in passes after a folder's headers are stored (indexNew), so the list
 * fills first; search_progress is the watermark of messages.id rows indexed. The
 * messages repository tells it when a row's text changes or the row goes.
 */
/** How many words' hits keysWithWord keeps (a common word's can be tens of thousands of keys). */
const CACHED_WORDS = 32;

export class SearchIndex {
  /** Bumped whenever the index's content changes: cached hits are only good for one value. */
  private changes = 0;
  private readonly hitsByWord = new Map<string, ReadonlyMap<string, readonly string[]>>();
  private readonly logKeys: MessageLogKeys;
  /** The per-row statements (a body commit re-indexes every row it stores): prepared once, not per row. */
  private readonly rows: { indexed: Statement; remove: Statement; read: Statement; delete: Statement; insert: Statement };

  constructor(private readonly db: Db) {
    this.logKeys = new MessageLogKeys(db);
    this.rows = {
      indexed: db.prepare('SELECT 1 FROM search_progress WHERE indexed_upto >= ?'),
      remove: db.prepare(`DELETE FROM messages_fts WHERE rowid = (SELECT ${SEARCH_KEY} FROM messages WHERE id = ?)`),
      read: db.prepare(`SELECT ${INDEXED_COLUMNS} FROM messages WHERE id = ?`).safeIntegers(),
      delete: db.prepare('DELETE FROM messages_fts WHERE rowid = ?'),
      insert: db.prepare('INSERT INTO messages_fts (rowid, subject, addresses, body) VALUES (?, ?, ?, ?)'),
    };
    // FTS5's deletemerge (on by default for contentless_delete tables) merges a segment
    // whose rows are mostly deleted inside the write that tipped it: re-indexing rows as
    // their bodies arrive held a body commit for up to a second at 50,000 messages, and
    // doubled the body phase's index work. automerge still merges in small steps per write,
    // deleted rows included; at 8 segments a level (4 by default) it merges less often, and
    // the deriver's commits wait less (README, Benchmark). Kept in the index's own config:
    // setting it again is harmless.
    db.prepare("INSERT INTO messages_fts (messages_fts, rank) VALUES ('deletemerge', 0)").run();
    db.prepare("INSERT INTO messages_fts (messages_fts, rank) VALUES ('automerge', 8)").run();
  }

  /** Changes whenever the indexed content does. */
  version(): number {
    return this.changes;
  }

  /**
   * Reads up to `limit` of the messages' team log keys that keysWithWord maps hits to, ahead
   * of the first full-text filter (the services call it in slices after opening); returns
   * how many it read.
   */
  readLogKeys(limit: number): number {
    return this.logKeys.readNew(limit);
  }

  /**
   * Per account id, the team log keys (Message-ID, or "hash:<content hash>") of every cached
   * message whose subject, addresses or text holds the word; from three characters on the
   * word is also a prefix ("refund" finds "refunds"). The index gives the messages' ids,
   * the keys come from memory (message-log-keys.ts). The interactions list asks for the
   * same words over and over while an agent filters: answers are kept until the index changes.
   */
  keysWithWord(word: string): ReadonlyMap<string, readonly string[]> {
    const known = this.hitsByWord.get(word);
    if (known) return known;
    const terms = wordsOf(word);
    // Each piece a phrase of its own, a prefix if long enough.
    const match = terms.map((t) => phrase(t, isPrefixWord(t))).join(' ');
    const ids = terms.length === 0 ? [] : (this.db.prepare(`SELECT ${ID_OF_SEARCH_ROW} FROM messages_fts WHERE messages_fts MATCH ?`).pluck().all(match) as number[]);
    const found = this.logKeys.keysOf(ids);
    if (this.hitsByWord.size >= CACHED_WORDS) this.hitsByWord.clear();
    this.hitsByWord.set(word, found);
    return found;
  }

  private changed(): void {
    this.changes += 1;
    this.hitsByWord.clear();
  }

  /**
   * Adds rows stored since the last call to the search index, oldest id first, at
   * most `limit` per call (each call one transaction); returns how many it added.
   * Header batches leave this to a pass after the folder's headers are in, so the
   * list fills first.
   */
  indexNew(limit: number): number {
    const pass = this.db.transaction(() => {
      const rows = this.db
        .prepare(`SELECT ${INDEXED_COLUMNS} FROM messages WHERE id > (SELECT indexed_upto FROM search_progress) ORDER BY id LIMIT ?`)
        .safeIntegers()
        .all(limit) as IndexedRow[];
      const last = rows.at(-1);
      if (!last) return 0;
      this.add(rows);
      this.db.prepare('UPDATE search_progress SET indexed_upto = ?').run(last.id);
      return rows.length;
    });
    // IMMEDIATE: the read of the watermark and its update must not interleave with another writer's.
    return pass.immediate();
  }

  /** Rows indexNew has still to add. */
  countUnindexed(): number {
    return this.db.prepare('SELECT count(*) FROM messages WHERE id > (SELECT indexed_upto FROM search_progress)').pluck().get() as number;
  }

  /**
   * Search over the cache, newest first like the list: the text terms go to the full-text
   * index (relevance ranking scored every match and was the slow part at 100,000 messages;
   * the date-ordered rowid lets the index stop after `limit` rows), the operators become
   * SQL conditions on the message row. The last free word is a prefix from three
   * characters on ("inv" finds "invoice"); FTS syntax in the query is neutralised by
   * quoting every term. A null mailboxId searches every folder; before:/after: days are
   * read in timeZone. Throws mail/bad-search for a query search-query.ts rejects.
   */
  find(text: string, limit: number, scope: { mailboxId?: string | null; timeZone?: string } = {}): MessageSummary[] {
    const parsed = parseSearch(text);
    if (!parsed.ok) throw appError('mail/bad-search', parsed.mistake.problem, parsed.mistake.fix);
    const q = parsed.query;
    if (isEmptySearch(q)) return [];
    const timeZone = scope.timeZone ?? '';
    const fts = ftsMatch(q);
    const where: string[] = [];
    const params: unknown[] = [];
    if (fts !== null) {
      where.push('messages_fts MATCH ?');
      params.push(fts);
    }
    // The FTS column holds from, to and cc together: these say which one matched.
    for (const from of q.from) {
      where.push("(m.from_name LIKE ? ESCAPE '\\' OR m.from_address LIKE ? ESCAPE '\\')");
      params.push(likeAny(from), likeAny(from));
    }
    for (const to of q.to) {
      where.push("(m.to_json LIKE ? ESCAPE '\\' OR m.cc_json LIKE ? ESCAPE '\\')");
      params.push(likeAny(to), likeAny(to));
    }
    if (q.hasAttachment) where.push('m.has_attachments = 1');
    if (q.unread) where.push('m.seen = 0');
    if (q.flagged) where.push('m.flagged = 1');
    if (q.after !== null) {
      where.push('m.date >= ?');
      params.push(dayStart(q.after, timeZone));
    }
    if (q.before !== null) {
      where.push('m.date < ?');
      params.push(dayStart(q.before, timeZone));
    }
    if (scope.mailboxId) {
      where.push('m.mailbox_id = ?');
      params.push(scope.mailboxId);
    }
    const columns = SUMMARY_COLUMNS.split(', ').map((c) => `m.${c}`).join(', ');
    const sql =
      fts !== null
        ? `SELECT ${columns} FROM messages_fts f JOIN messages m ON m.id = (f.${ID_OF_SEARCH_ROW})
           JOIN mailboxes b ON b.id = m.mailbox_id AND b.uidvalidity = m.uidvalidity
           WHERE ${where.join(' AND ')} ORDER BY f.rowid DESC LIMIT ?`
        : // Flags, dates or attachments alone: no text to look up, the rows are read newest first.
          `SELECT ${columns} FROM messages m JOIN mailboxes b ON b.id = m.mailbox_id AND b.uidvalidity = m.uidvalidity
           WHERE ${where.length > 0 ? where.join(' AND ') : '1'} ORDER BY m.date DESC, m.id DESC LIMIT ?`;
    const rows = this.db.prepare(sql).all(...params, limit) as SummaryRow[];
    return rows.map(toSummary);
  }

  /**
   * The rows' text changed (their bodies arrived): indexes again those indexNew got to
   * already. Inside the caller's transaction. All the deletions go first, then the
   * insertions, each in key order (see add).
   */
  reindex(ids: readonly number[]): void {
    const rows = ids.filter((id) => this.rows.indexed.get(id) !== undefined).flatMap((id) => this.rows.read.all(id) as IndexedRow[]);
    if (rows.length === 0) return;
    rows.sort(byKey);
    for (const row of rows) this.rows.delete.run(row.searchKey);
    this.add(rows);
  }

  /** The message's row is about to go: out of the search index (its row still gives the key) and of the log keys. */
  remove(id: number): void {
    // Not indexed yet (indexNew has not reached the row): nothing to remove.
    if (this.rows.indexed.get(id) !== undefined) {
      this.rows.remove.run(id);
      this.changed();
    }
    this.logKeys.removed(id);
  }

  /** Removes the indexed messages of an account's folders, before the account's rows go. */
  removeAccount(accountId: string): void {
    this.db
      .prepare(
        `DELETE FROM messages_fts WHERE rowid IN (SELECT ${SEARCH_KEY} FROM messages
           WHERE mailbox_id IN (SELECT id FROM mailboxes WHERE account_id = ?) AND id <= (SELECT indexed_upto FROM search_progress))`,
      )
      .run(accountId);
    this.logKeys.accountRemoved(accountId);
    this.changed();
  }

  /**
   * Call after deleting message rows. SQLite gives a new row the highest id plus one,
   * so once the newest rows are gone a new row could get an id at or below the
   * watermark and never be indexed; the watermark comes down to the highest id left.
   */
  rowsDeleted(): void {
    const maxId = this.db.prepare('SELECT COALESCE(MAX(id), 0) FROM messages').pluck().get() as number;
    this.db.prepare('UPDATE search_progress SET indexed_upto = MIN(indexed_upto, ?)').run(maxId);
    this.logKeys.rowsDeletedAbove(maxId);
  }

  /**
   * Subject, addresses and text body (empty until the body is here) under the row's
   * date-ordered key, in key order: FTS5 writes its pending terms out as a new segment
   * whenever a write's rowid is below the previous one's, so rows written newest first
   * (the deriver's order) made a segment per row, and merging them held a body commit for
   * up to 300 ms at 100,000 messages.
   */
  private add(rows: IndexedRow[]): void {
    if (rows.length > 0) this.changed();
    for (const row of [...rows].sort(byKey)) {
      const addresses = addressesText([
        { name: row.from_name, address: row.from_address },
        ...(JSON.parse(row.to_json) as Address[]),
        ...(JSON.parse(row.cc_json) as Address[]),
      ]);
      this.rows.insert.run(row.searchKey, row.subject, addresses, row.text_body ?? '');
    }
  }
}
