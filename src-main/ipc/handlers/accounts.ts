import type { Handlers } from '../dispatch';
import type { Services } from '../../services';

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
  | 'syncAccount'
  | 'importFolder'
  | 'discoverServers';

export function accountHandlers(s: Services): Pick<Handlers, AccountChannels> {
  return {
    listAccounts: async () => s.accounts.list(),
    getAccount: async ({ accountId }) => s.accounts.get(accountId),
    testConnection: ({ draft, accountId }) => s.accounts.test(draft, accountId),
    addAccount: (draft) => s.accountLifecycle.add(draft),
    updateAccount: ({ accountId, draft }) => s.accountLifecycle.update(accountId, draft),
    copyAccount: async ({ accountId }) => s.accounts.copy(accountId),
    deleteAccount: async ({ accountId, confirmEmail }) => {
      await s.accountLifecycle.delete(accountId, confirmEmail);
      return { deleted: true };
    },
    setAccountActive: ({ accountId, active }) => s.accountLifecycle.setActive(accountId, active),
    refreshFolders: ({ accountId }) => s.accounts.refreshFolders(accountId),
    startOAuth: ({ kind, oauth }) => s.oauth.signIn(kind, oauth),
    discardOAuthSession: async ({ session }) => {
      await s.oauth.discardSession(session);
      return { discarded: true };
    },
    syncAccount: async ({ accountId }) => ({ started: s.sync.requestSync(accountId) }),
    importFolder: ({ accountId, path }) => s.accountLifecycle.importFolder(accountId, path),
    discoverServers: ({ email }) => s.discovery.discover(email),
  };
}
