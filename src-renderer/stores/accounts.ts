import { create } from 'zustand';
import type { AccountSummary, ErrorInfo, SyncProgress } from '../../src-preload/contract';
import { bridge, toErrorInfo } from '../lib/bridge';

interface AccountsState {
  accounts: AccountSummary[];
  loaded: boolean;
  loadError: ErrorInfo | null;
  /** Latest sync progress per account, from syncProgress events. */
  progress: Record<string, SyncProgress>;
  addDialogOpen: boolean;
  load(): Promise<void>;
  setAccounts(accounts: AccountSummary[]): void;
  /** Puts one account in the list at once (after addAccount), before accountsChanged arrives. */
  upsertAccount(account: AccountSummary): void;
  applyProgress(progress: SyncProgress): void;
  openAddDialog(): void;
  closeAddDialog(): void;
}

export const useAccountsStore = create<AccountsState>()((set, get) => ({
  accounts: [],
  loaded: false,
  loadError: null,
  progress: {},
  addDialogOpen: false,

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
    const others = get().accounts.filter((a) => a.id !== account.id);
    set({ accounts: [...others, account], loaded: true });
  },

  applyProgress(p) {
    set({ progress: { ...get().progress, [p.accountId]: p } });
  },

  openAddDialog() {
    set({ addDialogOpen: true });
  },
  closeAddDialog() {
    set({ addDialogOpen: false });
  },
}));

export function accountNeedsAttention(account: AccountSummary): boolean {
  return account.status === 'error' || account.status === 'needs-reconnect';
}
