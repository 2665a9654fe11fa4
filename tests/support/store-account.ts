/** Real stores for unit tests: one in a temporary dir, and accounts as the account form would save them. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';
import { AccountDraftSchema, type AccountDraftInput } from '../../src-preload/contract';
import { openStore, type Store } from '../../src-main/services/store';

/**
 * A store in a temporary dir with these accounts, for the test file (or the describe block
 * it is called in): closed and removed after it.
 */
export function tempStore(name: string, ...accountIds: string[]): Store {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `mailroom-${name}-`));
  const store = openStore(dir);
  for (const id of accountIds) addStoreAccount(store, id);
  afterAll(() => {
    store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return store;
}

/** An account as the account form would save it, with its INBOX. */
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

/** Every message id the ticket importer would take now (after `after`, the account's mark by default), in its order. */
export function pendingImport(store: Store, accountId: string, after = store.ticketImport.mark(accountId)): number[] {
  return [...store.ticketImport.pendingIdPages(accountId, after, store.ticketImport.newestId())].flat();
}
