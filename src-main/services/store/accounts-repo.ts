import {
  AccountDraftSchema,
  type AccountDraft,
  type AccountStatus,
  type ErrorInfo,
  type Security,
  type TrustedCertificate,
} from '../../../src-preload/contract';
import type { Db } from './database';
import type { SearchIndex } from './search-index';

/** An account's settings as stored: the draft minus its secrets. */
export type StoredSettings = Omit<AccountDraft, 'password' | 'oauthSession'>;

/** The settings kept in settings_json (everything without a column of its own). */
type JsonSettings = Omit<StoredSettings, 'name' | 'email' | 'username' | 'imap' | 'smtp'>;

/** The queue an account's new tickets go to when no routing rule names one: the admin's choice, else the account's name. */
export function standardQueueOf(account: Pick<AccountRecord, 'name' | 'import'>): string {
  return account.import.standardQueue || account.name;
}

export interface AccountRecord extends StoredSettings {
  id: string;
  status: AccountStatus;
  lastError: ErrorInfo | null;
  lastSyncAt: number | null;
}

/** The settings part of a record, as update() takes them. */
export function settingsOf(record: AccountRecord): StoredSettings {
  const { id: _id, status: _status, lastError: _error, lastSyncAt: _syncedAt, ...settings } = record;
  return settings;
}

interface Row {
  id: string;
  name: string;
  email: string;
  username: string;
  imap_host: string;
  imap_port: number;
  imap_security: Security;
  imap_trusted_cert: string | null;
  smtp_host: string;
  smtp_port: number;
  smtp_security: Security;
  smtp_trusted_cert: string | null;
  settings_json: string;
  status: AccountStatus;
  last_error: string | null;
  last_sync_at: number | null;
}

const cert = (json: string | null) => (json ? (JSON.parse(json) as TrustedCertificate) : null);

function fromRow(row: Row): AccountRecord {
  // Parsing through the schema fills settings added after the row was written with their defaults.
  const settings = AccountDraftSchema.parse({
    ...(JSON.parse(row.settings_json) as Partial<JsonSettings>),
    name: row.name,
    email: row.email,
    username: row.username,
    imap: { host: row.imap_host, port: row.imap_port, security: row.imap_security, trustedCertificate: cert(row.imap_trusted_cert) },
    smtp: { host: row.smtp_host, port: row.smtp_port, security: row.smtp_security, trustedCertificate: cert(row.smtp_trusted_cert) },
  });
  const { password: _password, oauthSession: _session, ...stored } = settings;
  return {
    ...stored,
    id: row.id,
    status: row.status,
    lastError: row.last_error ? (JSON.parse(row.last_error) as ErrorInfo) : null,
    lastSyncAt: row.last_sync_at,
  };
}

/**
 * A whole draft type-checks as StoredSettings (it only has more fields), so the
 * secrets are dropped here too, whatever the caller did: they never reach a row.
 */
function columns(id: string, s: StoredSettings & Partial<Pick<AccountDraft, 'password' | 'oauthSession'>>) {
  const { name, email, username, imap, smtp, password: _password, oauthSession: _session, ...json } = s;
  return {
    id,
    name,
    email,
    username,
    imapHost: imap.host,
    imapPort: imap.port,
    imapSecurity: imap.security,
    imapCert: imap.trustedCertificate ? JSON.stringify(imap.trustedCertificate) : null,
    smtpHost: smtp.host,
    smtpPort: smtp.port,
    smtpSecurity: smtp.security,
    smtpCert: smtp.trustedCertificate ? JSON.stringify(smtp.trustedCertificate) : null,
    settings: JSON.stringify(json satisfies JsonSettings),
  };
}

export class AccountsRepo {
  constructor(
    private readonly db: Db,
    private readonly searchIndex: SearchIndex,
  ) {}

  list(): AccountRecord[] {
    return (this.db.prepare('SELECT * FROM accounts ORDER BY created_at').all() as Row[]).map(fromRow);
  }

  get(id: string): AccountRecord | null {
    const row = this.db.prepare('SELECT * FROM accounts WHERE id = ?').get(id) as Row | undefined;
    return row ? fromRow(row) : null;
  }

  /** When the account was added on this client (epoch ms): mail dated before it is what its first sync found. */
  createdAt(id: string): number | null {
    return (this.db.prepare('SELECT created_at FROM accounts WHERE id = ?').pluck().get(id) as number | undefined) ?? null;
  }

  insert(id: string, settings: StoredSettings): void {
    this.db.transaction(() => {
      if (settings.primary) this.db.prepare('UPDATE accounts SET settings_json = json_set(settings_json, \'$.primary\', json(\'false\'))').run();
      this.db
        .prepare(
          `INSERT INTO accounts (id, name, email, username, imap_host, imap_port, imap_security, imap_trusted_cert,
             smtp_host, smtp_port, smtp_security, smtp_trusted_cert, settings_json, created_at)
           VALUES (@id, @name, @email, @username, @imapHost, @imapPort, @imapSecurity, @imapCert,
             @smtpHost, @smtpPort, @smtpSecurity, @smtpCert, @settings, @createdAt)`,
        )
        .run({ ...columns(id, settings), createdAt: Date.now() });
    }).immediate();
  }

  update(id: string, settings: StoredSettings): void {
    this.db.transaction(() => {
      if (settings.primary) {
        this.db.prepare("UPDATE accounts SET settings_json = json_set(settings_json, '$.primary', json('false')) WHERE id != ?").run(id);
      }
      this.db
        .prepare(
          `UPDATE accounts SET name = @name, email = @email, username = @username,
             imap_host = @imapHost, imap_port = @imapPort, imap_security = @imapSecurity, imap_trusted_cert = @imapCert,
             smtp_host = @smtpHost, smtp_port = @smtpPort, smtp_security = @smtpSecurity, smtp_trusted_cert = @smtpCert,
             settings_json = @settings
           WHERE id = @id`,
        )
        .run(columns(id, settings));
    }).immediate();
  }

  /** Removes the account; its mailboxes and cached messages go with it (foreign keys cascade). */
  delete(id: string): void {
    this.db.transaction(() => {
      this.searchIndex.removeAccount(id);
      this.db.prepare('DELETE FROM accounts WHERE id = ?').run(id);
      this.searchIndex.rowsDeleted();
    }).immediate();
  }

  setStatus(id: string, status: AccountStatus, error: ErrorInfo | null): void {
    this.db
      .prepare('UPDATE accounts SET status = ?, last_error = ? WHERE id = ?')
      .run(status, error ? JSON.stringify(error) : null, id);
  }

  /**
   * Whether the app counts as online: no account yet, or one not offline. Read from the
   * status column alone: every sync round asks, and list() parses every account's settings.
   */
  anyReachable(): boolean {
    return this.db.prepare("SELECT NOT EXISTS (SELECT 1 FROM accounts) OR EXISTS (SELECT 1 FROM accounts WHERE status != 'offline')").pluck().get() === 1;
  }

  markSynced(id: string, at: number): void {
    this.db.prepare('UPDATE accounts SET last_sync_at = ? WHERE id = ?').run(at, id);
  }
}
