import { create } from 'zustand';
import type { ErrorInfo, MailboxSummary } from '../../src-preload/contract';
import { bridge, toErrorInfo } from '../lib/bridge';
import { selectMailboxId, selectSearchQuery, useMessagesStore } from './messages';
import { useReaderStore } from './reader';

interface MailboxesState {
  byAccount: Record<string, MailboxSummary[]>;
  loadErrors: Record<string, ErrorInfo>;
  selectedAccountId: string | null;
  selectedMailboxId: string | null;
  loadFor(accountId: string): Promise<void>;
  /** Drops folders of accounts that no longer exist and fixes the selection. */
  retainAccounts(accountIds: string[]): void;
  /** Shows an account: its inbox as soon as its folders are known. */
  selectAccount(accountId: string): void;
  selectMailbox(mailbox: MailboxSummary): void;
}

const SPECIAL_ORDER = ['\\Inbox', '\\Flagged', '\\Drafts', '\\Sent', '\\Archive', '\\All', '\\Junk', '\\Trash'];

export function isInbox(m: MailboxSummary): boolean {
  return m.path.toUpperCase() === 'INBOX' || m.specialUse === '\\Inbox';
}

function rank(m: MailboxSummary): number {
  if (isInbox(m)) return 0;
  const i = m.specialUse ? SPECIAL_ORDER.indexOf(m.specialUse) : -1;
  return i >= 0 ? 1 + i : SPECIAL_ORDER.length + 1;
}

/** INBOX first, then the special folders in the usual order, then the rest by path. */
export function sortMailboxes(list: MailboxSummary[]): MailboxSummary[] {
  return [...list].sort((a, b) => rank(a) - rank(b) || a.path.localeCompare(b.path, undefined, { sensitivity: 'base' }));
}

export function findMailbox(state: Pick<MailboxesState, 'byAccount'>, mailboxId: string | null): MailboxSummary | null {
  if (!mailboxId) return null;
  for (const list of Object.values(state.byAccount)) {
    const found = list.find((m) => m.id === mailboxId);
    if (found) return found;
  }
  return null;
}

function showMailbox(mailboxId: string | null): void {
  const messages = useMessagesStore.getState();
  if (selectMailboxId(messages) !== mailboxId || selectSearchQuery(messages)) {
    useMessagesStore.getState().setMailbox(mailboxId);
    useReaderStore.getState().close();
  }
}

export const useMailboxesStore = create<MailboxesState>()((set, get) => {
  /** When the selected account has folders but none is chosen yet, choose its inbox. */
  const settleSelection = () => {
    const { selectedAccountId, selectedMailboxId, byAccount } = get();
    if (!selectedAccountId) return;
    const list = byAccount[selectedAccountId];
    if (!list) return;
    if (selectedMailboxId && list.some((m) => m.id === selectedMailboxId)) return;
    const inbox = list.find(isInbox) ?? list[0] ?? null;
    set({ selectedMailboxId: inbox?.id ?? null });
    showMailbox(inbox?.id ?? null);
  };

  return {
    byAccount: {},
    loadErrors: {},
    selectedAccountId: null,
    selectedMailboxId: null,

    async loadFor(accountId) {
      try {
        const list = sortMailboxes(await bridge().listMailboxes({ accountId }));
        const { [accountId]: _dropped, ...loadErrors } = get().loadErrors;
        set({ byAccount: { ...get().byAccount, [accountId]: list }, loadErrors });
        settleSelection();
      } catch (err) {
        set({ loadErrors: { ...get().loadErrors, [accountId]: toErrorInfo(err) } });
      }
    },

    retainAccounts(accountIds) {
      const keep = new Set(accountIds);
      const byAccount = Object.fromEntries(Object.entries(get().byAccount).filter(([id]) => keep.has(id)));
      set({ byAccount });
      const { selectedAccountId } = get();
      if (selectedAccountId && !keep.has(selectedAccountId)) {
        set({ selectedAccountId: null, selectedMailboxId: null });
        showMailbox(null);
      }
      if (!get().selectedAccountId && accountIds[0]) get().selectAccount(accountIds[0]);
    },

    selectAccount(accountId) {
      const list = get().byAccount[accountId];
      const inbox = list ? (list.find(isInbox) ?? list[0] ?? null) : null;
      set({ selectedAccountId: accountId, selectedMailboxId: inbox?.id ?? null });
      showMailbox(inbox?.id ?? null);
      if (!list) void get().loadFor(accountId);
    },

    selectMailbox(mailbox) {
      set({ selectedAccountId: mailbox.accountId, selectedMailboxId: mailbox.id });
      showMailbox(mailbox.id);
    },
  };
});
