import { randomUUID } from 'node:crypto';
import type {
  AccountDraft,
  AccountDraftInput,
  AccountSettings,
  AccountSummary,
  ConnectionTestResult,
} from '../../../src-preload/contract';
import type { OAuthService } from '../auth/oauth-service';
import { appError } from '../errors/app-error';
import { connectionOptionsOf, createImapClient, type Credentials } from '../mail/connections';
import type { SecretStore } from '../platform/interfaces';
import type { Store } from '../store';
import type { AttachmentStore } from '../store/attachments';
import { settingsOf, standardQueueOf, type AccountRecord, type StoredSettings } from '../store/accounts-repo';
import { listFolders } from '../mail/listed-folders';
import { inspectConnection, loginName, testConnection } from './connection-test';

/** Where an IMAP account's password is kept in the secret store. */
export const passwordKey = (accountId: string) => `account:${accountId}:password`;

export function toSummary(record: AccountRecord): AccountSummary {
  return {
    id: record.id,
    kind: record.kind,
    name: record.name,
    key: record.key,
    email: record.email,
    username: record.username,
    shared: record.shared,
    active: record.active,
    primary: record.primary,
    imap: record.imap,
    smtp: record.smtp,
    queue: standardQueueOf(record),
    status: record.status,
    ...(record.lastError ? { lastError: record.lastError } : {}),
    ...(record.lastSyncAt ? { lastSyncAt: record.lastSyncAt } : {}),
  };
}

function storedSettings(draft: AccountDraft): StoredSettings {
  const { password: _password, oauthSession: _session, ...settings } = draft;
  return { ...settings, email: draft.email.trim(), username: loginName(draft) };
}

/**
 * Accounts: SQLite holds the settings, the secret store holds passwords and
 * tokens. An account is saved (added or changed) only after its connection
 * test passes, so a saved account is one that worked.
 */
export class AccountService {
  constructor(
    private readonly store: Store,
    private readonly secrets: SecretStore,
    private readonly oauth: OAuthService,
    private readonly attachments: AttachmentStore,
  ) {}

  list(): AccountSummary[] {
    return this.store.accounts.list().map(toSummary);
  }

  get(accountId: string): AccountSettings {
    const settings = settingsOf(this.record(accountId));
    return { ...settings, id: accountId, hasPassword: settings.kind === 'imap' };
  }

  record(accountId: string): AccountRecord {
    const record = this.store.accounts.get(accountId);
    if (!record) throw appError('accounts/not-found', 'That account no longer exists.', 'Close this form; the list shows the current accounts.');
    return record;
  }

  async test(draft: AccountDraft, accountId?: string): Promise<ConnectionTestResult> {
    return testConnection(draft, await this.draftCredentials(draft, accountId));
  }

  async add(draft: AccountDraft): Promise<AccountRecord> {
    const email = draft.email.trim().toLowerCase();
    if (this.store.accounts.list().some((a) => a.email.toLowerCase() === email)) {
      throw appError('accounts/duplicate', `${email} is already connected.`, 'Edit the existing account instead of adding it again.');
    }
    const { result, mailboxes } = await inspectConnection(draft, await this.draftCredentials(draft));
    this.throwIfFailed(result);

    const id = randomUUID();
    // Secrets first: a crash between the two leaves an orphan secret, never an account without its credentials.
    if (draft.kind === 'imap') await this.secrets.set(passwordKey(id), draft.password);
    else await this.oauth.claimSession(draft.oauthSession, id);
    this.store.accounts.insert(id, storedSettings(draft));
    // Folders known now, with their roles, so the INBOX shows at once and the order the sync finds is the same.
    this.store.mailboxes.upsertAll(id, mailboxes);
    return this.record(id);
  }

  async update(accountId: string, draft: AccountDraft): Promise<AccountRecord> {
    const before = this.record(accountId);
    const email = draft.email.trim().toLowerCase();
    if (this.store.accounts.list().some((a) => a.id !== accountId && a.email.toLowerCase() === email)) {
      throw appError('accounts/duplicate', `${email} is already connected as another account.`, 'Use a different address, or edit that account.');
    }
    this.throwIfFailed(await this.test(draft, accountId));
    if (draft.kind === 'imap' && draft.password) await this.secrets.set(passwordKey(accountId), draft.password);
    if (draft.kind !== 'imap' && draft.oauthSession) await this.oauth.claimSession(draft.oauthSession, accountId);
    if (before.kind === 'imap' && draft.kind !== 'imap') await this.secrets.delete(passwordKey(accountId));
    this.store.accounts.update(accountId, storedSettings(draft));
    this.store.accounts.setStatus(accountId, 'idle', null);
    return this.record(accountId);
  }

  /** The settings of an account as a starting point for a new one: no address, secrets or sign-in. */
  copy(accountId: string): AccountDraftInput {
    const settings = settingsOf(this.record(accountId));
    return { ...settings, name: `Copy of ${settings.name}`.slice(0, 80), key: '', email: '', username: '', password: '', primary: false, oauthSession: '' };
  }

  /** Deleting asks the admin to type the account's address: a slip of the mouse must not wipe a mailbox. */
  confirmDelete(accountId: string, confirmEmail: string): void {
    const record = this.record(accountId);
    if (confirmEmail.trim().toLowerCase() !== record.email.toLowerCase()) {
      throw appError('accounts/confirm-mismatch', 'The typed address does not match this account.', `Type ${record.email} exactly to confirm.`);
    }
  }

  /** Deletes the account, its cache and its secrets, revoking an OAuth sign-in where the provider allows; the mail is not touched. */
  async delete(accountId: string): Promise<void> {
    // Rows first: a kill before the files go leaves only unreferenced files, which the next collection removes.
    this.store.accounts.delete(accountId);
    await this.collectAttachments();
    await this.secrets.delete(passwordKey(accountId));
    await this.oauth.forget(accountId);
  }

  /**
   * Removes the attachment files no remaining message references (contents are shared
   * between accounts, so only those). Never throws: leftovers wait for the next run.
   */
  async collectAttachments(): Promise<void> {
    try {
      await this.attachments.collectGarbage(() => this.store.attachmentRefs.referenced());
    } catch (err) {
      console.warn('[attachments] removing unused attachment files failed:', err);
    }
  }

  /** Adds a folder to the chosen ones (INBOX stays when none were chosen, which meant INBOX). */
  importFolder(accountId: string, path: string): AccountRecord {
    const settings = settingsOf(this.record(accountId));
    const chosen = settings.import.folders.length > 0 ? settings.import.folders : ['INBOX'];
    if (!chosen.includes(path)) this.store.accounts.update(accountId, { ...settings, import: { ...settings.import, folders: [...chosen, path] } });
    return this.record(accountId);
  }

  setActive(accountId: string, active: boolean): AccountRecord {
    this.store.accounts.update(accountId, { ...settingsOf(this.record(accountId)), active });
    return this.record(accountId);
  }

  async refreshFolders(accountId: string): Promise<string[]> {
    const record = this.record(accountId);
    const client = createImapClient(record.imap, await this.credentials(accountId), connectionOptionsOf(record));
    try {
      await client.connect();
      const folders = await listFolders(client);
      this.store.mailboxes.upsertAll(accountId, folders);
      return folders.map((f) => f.path);
    } finally {
      await client.logout().catch(() => client.close());
    }
  }

  /** Credentials for a saved account: its password, or a fresh OAuth access token. */
  async credentials(accountId: string): Promise<Credentials> {
    const record = this.record(accountId);
    if (record.kind !== 'imap') return { user: record.username, accessToken: await this.oauth.accessToken(accountId) };
    const pass = await this.secrets.get(passwordKey(accountId));
    if (pass === null) {
      throw appError('auth/missing-secret', 'The password for this account is not stored on this computer.', 'Reconnect the account and enter its password again.');
    }
    return { user: record.username, pass };
  }

  /** A form's credentials: what it carries, else (when editing) what is stored. */
  private async draftCredentials(draft: AccountDraft, accountId?: string): Promise<Credentials> {
    const user = loginName(draft);
    if (draft.kind === 'imap') {
      if (draft.password) return { user, pass: draft.password };
      if (accountId) return this.credentials(accountId);
      throw appError('accounts/password-required', 'No password was entered.', 'Enter the password (or app password) for this mailbox.');
    }
    if (draft.oauthSession) return { user, accessToken: await this.oauth.sessionAccessToken(draft.oauthSession) };
    if (accountId) return this.credentials(accountId);
    throw appError('auth/oauth-sign-in-required', 'This account has not been signed in yet.', 'Press "Sign in" and complete the provider sign-in first.');
  }

  private throwIfFailed(result: ConnectionTestResult): void {
    const failed = result.steps.find((s) => !s.ok);
    if (failed?.error) throw appError(failed.error.code, failed.error.cause, failed.error.fix, failed.error.detail);
  }
}
