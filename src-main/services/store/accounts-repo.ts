import type { AccountStatus, AccountSummary, ErrorInfo, Security } from '../../../src-preload/contract';
import type { Db } from './database';

/** An account as stored: everything but the password, which only the secret store holds. */
export type AccountRecord = Omit<AccountSummary, 'status' | 'lastError' | 'lastSyncAt'> & {
  status: AccountStatus;
  lastError: ErrorInfo | null;
  lastSyncAt: number | null;
};

interface Row {
  id: string;
  name: string;
  email: string;
  username: string;
  imap_host: string;
  imap_port: number;
  imap_security: Security;
  smtp_host: string;
  smtp_port: number;
  smtp_security: Security;
  status: AccountStatus;
  last_error: string | null;
  last_sync_at: number | null;
}

function fromRow(row: Row): AccountRecord {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    username: row.username,
    imap: { host: row.imap_host, port: row.imap_port, security: row.imap_security },
    smtp: { host: row.smtp_host, port: row.smtp_port, security: row.smtp_security },
    status: row.status,
    lastError: row.last_error ? (JSON.parse(row.last_error) as ErrorInfo) : null,
    lastSyncAt: row.last_sync_at,
  };
}

export class AccountsRepo {
  constructor(private readonly db: Db) {}

  list(): AccountRecord[] {
    return (this.db.prepare('SELECT * FROM accounts ORDER BY created_at').all() as Row[]).map(fromRow);
  }

  get(id: string): AccountRecord | null {
    const row = this.db.prepare('SELECT * FROM accounts WHERE id = ?').get(id) as Row | undefined;
    return row ? fromRow(row) : null;
  }

  insert(account: Omit<AccountRecord, 'status' | 'lastError' | 'lastSyncAt'>): void {
    this.db
      .prepare(
        `INSERT INTO accounts (id, name, email, username, imap_host, imap_port, imap_security,
           smtp_host, smtp_port, smtp_security, created_at)
         VALUES (@id, @name, @email, @username, @imapHost, @imapPort, @imapSecurity,
           @smtpHost, @smtpPort, @smtpSecurity, @createdAt)`,
      )
      .run({
        id: account.id,
        name: account.name,
        email: account.email,
        username: account.username,
        imapHost: account.imap.host,
        imapPort: account.imap.port,
        imapSecurity: account.imap.security,
        smtpHost: account.smtp.host,
        smtpPort: account.smtp.port,
        smtpSecurity: account.smtp.security,
        createdAt: Date.now(),
      });
  }

  setStatus(id: string, status: AccountStatus, error: ErrorInfo | null): void {
    this.db
      .prepare('UPDATE accounts SET status = ?, last_error = ? WHERE id = ?')
      .run(status, error ? JSON.stringify(error) : null, id);
  }

  markSynced(id: string, at: number): void {
    this.db.prepare('UPDATE accounts SET last_sync_at = ? WHERE id = ?').run(at, id);
  }
}
