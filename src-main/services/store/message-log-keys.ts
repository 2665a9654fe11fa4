import type { Db } from './database';

/**
 * messages.id → team log key (Message-ID, or "hash:<content hash>") of every message row of
 * a current folder, per account, in memory. Full-text filters map tens of thousands of
 * index hits to tickets: reading the keys from SQLite per hit took 100–200 ms a word at
 * 196,000 messages, the hits' ids alone 10–20 ms. Rows are read in slices by ascending id
 * (readNew), so the services can fill it in the background after opening; the search
 * index (its only user) drops what is removed.
 */
export class MessageLogKeys {
  private readonly byAccount = new Map<string, Map<number, string>>();
  /** Highest messages.id read. */
  private readUpTo = 0;

  constructor(private readonly db: Db) {}

  /** Reads up to `limit` rows stored since the last call; returns how many it read. */
  readNew(limit: number): number {
    // Read ahead between other work: the store may have closed meanwhile.
    if (!this.db.open) return 0;
    const rows = this.db
      .prepare(
        `SELECT m.id, b.account_id, CASE WHEN m.message_id IS NOT NULL THEN m.message_id ELSE 'hash:' || m.content_hash END
         FROM messages m INDEXED BY messages_log_keys JOIN mailboxes b ON b.id = m.mailbox_id AND b.uidvalidity = m.uidvalidity
         WHERE m.id > ? AND (m.message_id IS NOT NULL OR m.content_hash IS NOT NULL) ORDER BY m.id LIMIT ?`,
      )
      .raw()
      .all(this.readUpTo, limit) as [number, string, string][];
    for (const [id, accountId, key] of rows) {
      let keys = this.byAccount.get(accountId);
      if (!keys) this.byAccount.set(accountId, (keys = new Map()));
      keys.set(id, key);
    }
    // A slice that ends on rows without a key still moves on: the last id read bounds it.
    const last = rows.at(-1);
    if (last) this.readUpTo = last[0];
    return rows.length;
  }

  /** Per account id, the keys of these message ids (everything stored is read first). */
  keysOf(ids: readonly number[]): Map<string, string[]> {
    while (this.readNew(50_000) > 0);
    const found = new Map<string, string[]>();
    for (const [accountId, keys] of this.byAccount) {
      const list: string[] = [];
      for (const id of ids) {
        const key = keys.get(id);
        if (key !== undefined) list.push(key);
      }
      if (list.length > 0) found.set(accountId, list);
    }
    return found;
  }

  removed(id: number): void {
    for (const keys of this.byAccount.values()) keys.delete(id);
  }

  accountRemoved(accountId: string): void {
    this.byAccount.delete(accountId);
  }

  /** Rows above `maxId` are gone (their ids may be given again): forget them and read from there. */
  rowsDeletedAbove(maxId: number): void {
    if (maxId >= this.readUpTo) return;
    for (const keys of this.byAccount.values()) for (const id of keys.keys()) if (id > maxId) keys.delete(id);
    this.readUpTo = maxId;
  }
}
