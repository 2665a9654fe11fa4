import type { Handlers } from '../dispatch';
import type { Services } from '../../services';
import { toSummary } from '../../services/accounts/account-service';

export function accountHandlers(s: Services): Pick<Handlers, 'listAccounts' | 'testConnection' | 'addAccount' | 'syncAccount'> {
  return {
    listAccounts: async () => s.accounts.list(),
    testConnection: (draft) => s.accounts.test(draft),
    addAccount: async (draft) => {
      const account = await s.accounts.add(draft);
      s.sync.start(account);
      s.announceAccounts();
      return toSummary(account);
    },
    syncAccount: async ({ accountId }) => ({ started: s.sync.requestSync(accountId) }),
  };
}
