import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { migrations } from './migrations';

export type Db = Database.Database;

/**
 * Opens (or creates) the one database handle of the process: WAL so readers never
 * block the writer, foreign keys on, and every pending migration applied in a
 * transaction of its own. Only this store module imports better-sqlite3.
 *
 * Every write transaction is IMMEDIATE: it takes the write lock at BEGIN, where SQLite
 * waits busy_timeout for it. A deferred one that reads first and then writes gets
 * SQLITE_BUSY at once, without waiting, if another connection holds the lock at that
 * moment, as the checkpoint worker's connection (checkpoints.ts) briefly can.
 */
export function openDatabase(dataDir: string): Db {
  fs.mkdirSync(dataDir, { recursive: true });
  const db = new Database(path.join(dataDir, 'mailroom.sqlite3'));
  db.pragma('journal_mode = WAL');
  // NORMAL in WAL is durable across process kills (only an OS crash can lose the last commit).
  db.pragma('synchronous = NORMAL');
  // A WAL that grew during a first sync (up to 64 MB, checkpoints.ts) is cut back to this
  // size on disk when it starts over, instead of keeping its largest size until the app closes.
  db.pragma(`journal_size_limit = ${4 * 1024 * 1024}`);
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db);
  return db;
}

function migrate(db: Db): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      db.exec(migration.up);
      db.pragma(`user_version = ${migration.version}`);
    }).immediate();
  }
}
