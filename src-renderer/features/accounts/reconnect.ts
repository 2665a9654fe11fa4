import { useState } from 'react';
import { MailroomError, type AccountSummary, type ErrorInfo } from '../../../src-preload/contract';
import { bridge, toErrorInfo } from '../../lib/bridge';
import { useAccountEditorStore } from '../../stores/accountEditor';
import { useAccountsStore } from '../../stores/accounts';
import { discardSession } from './useAccountForm';

/**
 * Signs an OAuth account in again and hands the fresh tokens to main. Everything
 * else about the account stays as saved; the password field is empty ("keep").
 */
async function reconnectOAuth(account: AccountSummary): Promise<AccountSummary> {
  const api = bridge();
  const { id: _id, hasPassword: _hasPassword, ...settings } = await api.getAccount({ accountId: account.id });
  if (!settings.oauth) {
    throw new MailroomError({
      code: 'oauth/not-configured',
      cause: `${settings.name} has no sign-in settings.`,
      fix: 'Open the account in Settings and sign in there.',
    });
  }
  const signIn = await api.startOAuth({ kind: settings.kind, oauth: settings.oauth });
  try {
    if (signIn.email && signIn.email.toLowerCase() !== settings.email.toLowerCase()) {
      throw new MailroomError({
        code: 'oauth/wrong-account',
        cause: `You signed in as ${signIn.email}, but this account is ${settings.email}.`,
        fix: `Reconnect again and choose ${settings.email} on the sign-in page.`,
      });
    }
    return await api.updateAccount({ accountId: account.id, draft: { ...settings, password: '', oauthSession: signIn.session } });
  } catch (err) {
    // Not claimed: nothing will use this sign-in.
    discardSession(signIn.session);
    throw err;
  }
}

/**
 * Reconnect for one account: OAuth accounts sign in again right here; password
 * accounts open their settings with the cursor in the password field.
 */
export function useReconnect(account: AccountSummary) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorInfo | null>(null);

  const reconnect = async () => {
    if (account.kind === 'imap') {
      useAccountEditorStore.getState().openEdit(account.id, 'password');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      useAccountsStore.getState().upsertAccount(await reconnectOAuth(account));
    } catch (err) {
      setError(toErrorInfo(err));
    } finally {
      setBusy(false);
    }
  };

  return { busy, error, reconnect, clearError: () => setError(null) };
}
