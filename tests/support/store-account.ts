/** An account as the account form would save it, with its INBOX, in a real store for unit tests. */
import { AccountDraftSchema, type AccountDraftInput } from '../../src-preload/contract';
import type { Store } from '../../src-main/services/store';

export function addStoreAccount(store: Store, id: string, over: Partial<AccountDraftInput> = {}): void {
  const { password: _p, oauthSession: _o, ...settings } = AccountDraftSchema.parse({
    name: 'Support',
    email: 'support@example.test',
    username: 'support@example.test',
    imap: { host: 'imap.example.test', port: 993, security: 'tls' },
    smtp: { host: 'smtp.example.test', port: 465, security: 'tls' },
    ...over,
  });
  store.accounts.insert(id, settings);
  store.mailboxes.upsertAll(id, [{ path: 'INBOX', name: 'INBOX', delimiter: '/', specialUse: null }]);
}
