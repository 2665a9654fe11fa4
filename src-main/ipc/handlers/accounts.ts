import type { Handlers } from '../dispatch';
import type { Services } from '../../services';
import { toSummary } from '../../services/accounts/account-service';

type AccountChannels =
  | 'listAccounts'
  | 'getAccount'
  | 'testConnection'
  | 'addAccount'
  | 'updateAccount'
  | 'copyAccount'
  | 'deleteAccount'
  | 'setAccountActive'
  | 'refreshFolders'
  | 'startOAuth'
  | 'discardOAuthSession'
  | 'syncAccount';

export function accountHandlers(s: Services): Pick<Handlers, AccountChannels> {
  return {
    listAccounts: async () => s.accounts.list(),
    getAccount: async ({ accountId }) => s.accounts.get(accountId),
    testConnection: ({ draft, accountId }) => s.accounts.test(draft, accountId),
    addAccount: async (draft) => {
      const account = await s.accounts.add(draft);
      s.sync.start(account);
      s.announceAccounts();
      s.sendTestMail(account.id);
      return toSummary(account);
    },
    updateAccount: async ({ accountId, draft }) => {
      const account = await s.accounts.update(accountId, draft);
      await s.sync.restart(account);
      s.announceAccounts();
      return toSummary(account);
    },
    copyAccount: async ({ accountId }) => s.accounts.copy(accountId),
    deleteAccount: async ({ accountId, confirmEmail }) => {
      s.accounts.confirmDelete(accountId, confirmEmail);
      await s.sync.stop(accountId);
      await s.accounts.delete(accountId);
      s.announceAccounts();
      return { deleted: true };
    },
    setAccountActive: async ({ accountId, active }) => {
      const account = s.accounts.setActive(accountId, active);
      if (active) s.sync.start(account);
      else await s.sync.stop(accountId);
      s.announceAccounts();
      return toSummary(account);
    },
    refreshFolders: ({ accountId }) => s.accounts.refreshFolders(accountId),
    startOAuth: ({ kind, oauth }) => s.oauth.signIn(kind, oauth),
    discardOAuthSession: async ({ session }) => {
      await s.oauth.discardSession(session);
      return { discarded: true };
    },
    syncAccount: async ({ accountId }) => ({ started: s.sync.requestSync(accountId) }),
  };
}
