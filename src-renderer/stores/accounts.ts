import { create } from 'zustand';
import type { AccountSummary, ErrorInfo, SyncProgress } from '../../src-preload/contract';
import { bridge, toErrorInfo } from '../lib/bridge';
import { useAccountEditorStore } from './accountEditor';

interface AccountsState {
  accounts: AccountSummary[];
  loaded: boolean;
  loadError: ErrorInfo | null;
  /** Latest sync progress per account, from syncProgress events. */
  progress: Record<string, SyncProgress>;
  load(): Promise<void>;
  setAccounts(accounts: AccountSummary[]): void;
  /** Puts one account in the list at once (after add/update), before accountsChanged arrives. */
  upsertAccount(account: AccountSummary): void;
  /** Takes an account out at once (after deleteAccount). */
  removeAccount(accountId: string): void;
  applyProgress(progress: SyncProgress): void;
  /**
   * The main window's "Add account": straight to the IMAP/SMTP form, the common
   * case there; its header links back to every sign-in method.
   */
  openAddDialog(): void;
}

export const useAccountsStore = create<AccountsState>()((set, get) => ({
  accounts: [],
  loaded: false,
  loadError: null,
  progress: {},

  async load() {
    try {
      const accounts = await bridge().listAccounts({});
      get().setAccounts(accounts);
    } catch (err) {
      set({ loaded: true, loadError: toErrorInfo(err) });
    }
  },

  setAccounts(accounts) {
    const ids = new Set(accounts.map((a) => a.id));
    const progress = Object.fromEntries(Object.entries(get().progress).filter(([id]) => ids.has(id)));
    set({ accounts, loaded: true, loadError: null, progress });
  },

  upsertAccount(account) {
    const accounts = get().accounts;
    const at = accounts.findIndex((a) => a.id === account.id);
    const next = at >= 0 ? accounts.map((a) => (a.id === account.id ? account : a)) : [...accounts, account];
    set({ accounts: next, loaded: true });
  },

  removeAccount(accountId) {
    const { [accountId]: _gone, ...progress } = get().progress;
    set({ accounts: get().accounts.filter((a) => a.id !== accountId), progress });
  },

  applyProgress(p) {
    set({ progress: { ...get().progress, [p.accountId]: p } });
  },

  openAddDialog() {
    useAccountEditorStore.getState().openAdd({ start: 'manual' });
  },
}));

export function accountNeedsAttention(account: AccountSummary): boolean {
  return account.status === 'error' || account.status === 'needs-reconnect';
}

export function accountIsSyncing(account: AccountSummary, progress: SyncProgress | undefined): boolean {
  return !accountNeedsAttention(account) && (account.status === 'syncing' || (progress !== undefined && progress.phase !== 'done'));
}
