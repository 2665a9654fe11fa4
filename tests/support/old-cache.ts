/** A cache as an older version of Mailroom left it, for tests of what opening it migrates. */
import path from 'node:path';
import Database from 'better-sqlite3';
import { migrations } from '../../src-main/services/store/migrations';

/** Writes the database of `dir` at schema `version`, with account a1 and its INBOX (mailbox 1, UIDVALIDITY 7), then `rows` (SQL). */
export function writeOldCache(dir: string, version: number, rows: string): void {
  const db = new Database(path.join(dir, 'mailroom.sqlite3'));
  try {
    for (const m of migrations.filter((m) => m.version <= version)) db.exec(m.up);
    db.pragma(`user_version = ${version}`);
    db.exec(`INSERT INTO accounts (id, name, email, username, imap_host, imap_port, imap_security, smtp_host, smtp_port, smtp_security, created_at)
             VALUES ('a1', 'S', 's@example.test', 's', 'i', 993, 'tls', 's', 465, 'tls', 0);
             INSERT INTO mailboxes (id, account_id, path, name, uidvalidity) VALUES (1, 'a1', 'INBOX', 'INBOX', 7);`);
    db.exec(rows);
  } finally {
    db.close();
  }
}
