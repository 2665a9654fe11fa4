import { randomUUID } from 'node:crypto';
import type { AccountDraft, AccountSummary, ConnectionTestResult } from '../../../src-preload/contract';
import { appError } from '../errors/app-error';
import type { SecretStore } from '../platform/interfaces';
import type { Store } from '../store';
import type { AccountRecord } from '../store/accounts-repo';
import { loginName, testConnection } from './connection-test';

const passwordKey = (accountId: string) => `account:${accountId}:password`;

export function toSummary(record: AccountRecord): AccountSummary {
  const { lastError, lastSyncAt, ...rest } = record;
  return { ...rest, ...(lastError ? { lastError } : {}), ...(lastSyncAt ? { lastSyncAt } : {}) };
}

/**
 * Accounts: the row in SQLite holds the settings, the secret store holds the
 * password. An account is saved only after its connection test passes.
 */
export class AccountService {
  constructor(
    private readonly store: Store,
    private readonly secrets: SecretStore,
  ) {}

  list(): AccountSummary[] {
    return this.store.accounts.list().map(toSummary);
  }

  test(draft: AccountDraft): Promise<ConnectionTestResult> {
    return testConnection(draft);
  }

  async add(draft: AccountDraft): Promise<AccountRecord> {
    const email = draft.email.trim().toLowerCase();
    if (this.store.accounts.list().some((a) => a.email.toLowerCase() === email)) {
      throw appError('accounts/duplicate', `${email} is already connected.`, 'Open the existing account instead of adding it again.');
    }
    const result = await testConnection(draft);
    const failed = result.steps.find((s) => !s.ok);
    if (failed?.error) throw appError(failed.error.code, failed.error.cause, failed.error.fix, failed.error.detail);

    const id = randomUUID();
    // Secret first: a crash between the two leaves an orphan secret, never an account without its password.
    await this.secrets.set(passwordKey(id), draft.password);
    this.store.accounts.insert({
      id,
      name: draft.name.trim(),
      email: draft.email.trim(),
      username: loginName(draft),
      imap: draft.imap,
      smtp: draft.smtp,
    });
    // Folders known now, so the INBOX can be shown at once; the sync refines names and roles.
    this.store.mailboxes.upsertAll(
      id,
      result.folders.map((path) => ({ path, name: path, delimiter: null, specialUse: null })),
    );
    const account = this.store.accounts.get(id);
    if (!account) throw new Error('account vanished after insert');
    return account;
  }

  async credentials(accountId: string): Promise<{ user: string; pass: string }> {
    const account = this.store.accounts.get(accountId);
    const pass = await this.secrets.get(passwordKey(accountId));
    if (!account || pass === null) {
      throw appError('auth/missing-secret', 'The password for this account is not stored on this computer.', 'Reconnect the account and enter its password again.');
    }
    return { user: account.username, pass };
  }
}
