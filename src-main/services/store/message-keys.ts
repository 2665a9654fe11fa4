/**
 * Finding messages by Message-ID without a random index write per stored header
 * (migration 022). upsertHeaders stages a new row's key in a table of this connection
 * (an attached in-memory database: no WAL, no checkpoint); keyNew() moves staged keys
 * into message_keys in Message-ID order, a slice per call, so a pass writes each of the
 * index's pages once for all the keys that fall on it. Lookups read both (withMessageId).
 *
 * A pass is a generation: the rows staged when it began. Each slice moves keys and drops
 * them from the staging table in one transaction; the watermark (message_keys_progress)
 * moves once the generation is done. After a kill the staging table is rebuilt from the
 * rows above the watermark, and keys moved twice are ignored.
 */
import type { Db } from './database';

/** SQL: row `alias` of messages has the Message-ID `param`, keyed or staged. */
export function withMessageId(alias: string, param: string): string {
  return `${alias}.id IN (SELECT id FROM message_keys WHERE message_id = ${param} UNION ALL SELECT id FROM staging.staged_keys WHERE message_id = ${param})`;
}

interface Key {
  message_id: string;
  id: number;
}

/** Before every key ('' sorts first, and row ids start at 1). */
const FIRST: Key = { message_id: '', id: 0 };

/** The staged keys from the first to the last of a slice, of the generation's rows. */
const RANGE = '(message_id, id) >= (@firstKey, @firstId) AND (message_id, id) <= (@lastKey, @lastId) AND id <= @upTo';

function prepare(db: Db) {
  return {
    stage: db.prepare('INSERT OR IGNORE INTO staging.staged_keys (message_id, id) VALUES (?, ?)'),
    slice: db.prepare('SELECT message_id, id FROM staging.staged_keys WHERE (message_id, id) > (?, ?) AND id <= ? ORDER BY message_id, id LIMIT ?'),
    leftBehind: db.prepare('SELECT message_id, id FROM staging.staged_keys WHERE id <= ? ORDER BY message_id, id LIMIT ?'),
    key: db.prepare(`INSERT OR IGNORE INTO message_keys (message_id, id) SELECT message_id, id FROM staging.staged_keys WHERE ${RANGE}`),
    unstage: db.prepare(`DELETE FROM staging.staged_keys WHERE ${RANGE}`),
    count: db.prepare('SELECT count(*) FROM staging.staged_keys').pluck(),
    progress: db.prepare('UPDATE message_keys_progress SET keyed_upto = max(keyed_upto, ?)'),
  };
}

export class MessageKeys {
  private readonly statements: ReturnType<typeof prepare>;
  /** Rows staged and not yet keyed: a big header phase keys a generation when there are many. */
  private staged: number;
  /** The highest row id staged (row ids grow, so a generation is the rows up to it). */
  private lastStaged: number;
  /** The generation being keyed: its last row id, and the last key moved. */
  private generation: { upTo: number; after: Key } | null = null;

  constructor(private readonly db: Db) {
    const attached = (db.pragma('database_list') as { name: string }[]).some((d) => d.name === 'staging');
    if (!attached) db.exec(`ATTACH DATABASE ':memory:' AS staging`);
    // A temp trigger (the connection's own, like the staging table) keeps it exact when
    // rows go, as migration 022's trigger does message_keys: no lookup finds a deleted row's key.
    db.exec(`CREATE TABLE IF NOT EXISTS staging.staged_keys (message_id TEXT NOT NULL, id INTEGER NOT NULL, PRIMARY KEY (message_id, id)) WITHOUT ROWID;
      CREATE TEMP TRIGGER IF NOT EXISTS staged_keys_follow_delete AFTER DELETE ON main.messages WHEN OLD.message_id IS NOT NULL BEGIN
        DELETE FROM staging.staged_keys WHERE message_id = OLD.message_id AND id = OLD.id;
      END;`);
    db.transaction(() => {
      db.exec('DELETE FROM staging.staged_keys');
      db.exec(`INSERT INTO staging.staged_keys (message_id, id) SELECT message_id, id FROM messages
        WHERE id > (SELECT keyed_upto FROM message_keys_progress) AND message_id IS NOT NULL`);
    })();
    this.statements = prepare(db);
    this.staged = this.count();
    this.lastStaged = (db.prepare('SELECT max(id) FROM staging.staged_keys').pluck().get() as number | null) ?? 0;
  }

  private count(): number {
    return this.statements.count.get() as number;
  }

  /** Rows whose key is staged, not yet in message_keys. */
  get pending(): number {
    return this.staged;
  }

  /** A row just stored with its Message-ID (inside the storing transaction). */
  stage(messageId: string, id: number): void {
    this.statements.stage.run(messageId, id);
    this.staged += 1;
    this.lastStaged = Math.max(this.lastStaged, id);
  }

  /**
   * Moves up to `limit` keys of the current generation into message_keys, in Message-ID
   * order (a generation begins with the first call after the last one ended). Returns
   * how many moved; 0 when the generation is done or nothing was staged.
   */
  keyNew(limit: number): number {
    if (this.generation === null) {
      if (this.staged === 0) return 0;
      this.generation = { upTo: this.lastStaged, after: FIRST };
    }
    const { upTo, after } = this.generation;
    const { slice, leftBehind, key, unstage, progress } = this.statements;
    const moved = this.db.transaction(() => {
      const next = slice.all(after.message_id, after.id, upTo, limit) as Key[];
      // A row stored under a reused id (the highest row was deleted meanwhile) can sort before the cursor.
      const moving = next.length > 0 ? next : (leftBehind.all(upTo, limit) as Key[]);
      const first = moving[0];
      const last = moving.at(-1);
      if (!first || !last) {
        progress.run(upTo);
        return 0;
      }
      const range = { firstKey: first.message_id, firstId: first.id, lastKey: last.message_id, lastId: last.id, upTo };
      key.run(range);
      unstage.run(range);
      this.generation = { upTo, after: last };
      return moving.length;
    }).immediate();
    this.staged -= moved;
    if (moved === 0) {
      this.generation = null;
      // Exact again (rows deleted while staged, or a rolled-back batch, left the count high).
      this.staged = this.count();
    }
    return moved;
  }
}
