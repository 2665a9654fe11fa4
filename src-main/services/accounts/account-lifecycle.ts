import type { AccountDraft, AccountSummary } from '../../../src-preload/contract';
import type { SyncManager } from '../sync/sync-manager';
import { toSummary, type AccountService } from './account-service';

export interface AccountLifecycleDeps {
  accounts: AccountService;
  sync: SyncManager;
  /** Tells every window the accounts (and the app status) changed. */
  announce(): void;
  /** Sends the test email in the background; its result arrives as testMailResult. */
  sendTestMail(accountId: string): void;
}

/**
 * What follows a change to an account's settings: its sync starts, restarts or stops
 * with it, every window hears of it, and a new account gets a test email. AccountService
 * keeps the settings and secrets; the IPC handlers make one call here each.
 */
export class AccountLifecycle {
  constructor(private readonly deps: AccountLifecycleDeps) {}

  async add(draft: AccountDraft): Promise<AccountSummary> {
    const account = await this.deps.accounts.add(draft);
    this.deps.sync.start(account);
    this.deps.announce();
    this.deps.sendTestMail(account.id);
    return toSummary(account);
  }

  async update(accountId: string, draft: AccountDraft): Promise<AccountSummary> {
    const account = await this.deps.accounts.update(accountId, draft);
    await this.deps.sync.restart(account);
    this.deps.announce();
    return toSummary(account);
  }

  async importFolder(accountId: string, path: string): Promise<AccountSummary> {
    const account = this.deps.accounts.importFolder(accountId, path);
    await this.deps.sync.restart(account);
    this.deps.announce();
    return toSummary(account);
  }

  /** The sync stops before the rows go, so it never writes into a deleted account. */
  async delete(accountId: string, confirmEmail: string): Promise<void> {
    this.deps.accounts.confirmDelete(accountId, confirmEmail);
    await this.deps.sync.stop(accountId);
    await this.deps.accounts.delete(accountId);
    this.deps.announce();
  }

  async setActive(accountId: string, active: boolean): Promise<AccountSummary> {
    const account = this.deps.accounts.setActive(accountId, active);
    if (active) this.deps.sync.start(account);
    else await this.deps.sync.stop(accountId);
    this.deps.announce();
    return toSummary(account);
  }
}
