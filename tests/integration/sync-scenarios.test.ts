/**
 * What a user lives through while an account syncs, against a real Dovecot: mail
 * that lands before the IDLE connection has opened INBOX, a password that stops
 * working mid-sync, a server certificate that changes. Nothing may be missed or
 * lost, and other accounts go on.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NewAccountSchema, type AccountDraftInput } from '../../src-preload/contract';
import type { Services } from '../../src-main/services';
import { createHandlers } from '../../src-main/ipc/handlers';
import { createImapClient } from '../../src-main/services/mail/connections';
import { fetchHeaders, headerRequest } from '../../src-main/services/sync/headers';
import { searchUids } from '../../src-main/services/sync/imap-reads';
import { plainMessage, subjectFor } from '../support/fixtures';
import { startMailServers, type MailServers, type TestUser } from '../support/mail-servers';
import { createTestServices, removeTestDirs, testAccountInput, until } from '../support/services';
import { startTcpProxy } from '../support/tcp-proxy';
import { TEST_CERT_FILE, TEST_KEY_FILE } from '../support/host';
import { selfSignedPair, startTlsFront } from '../support/tls-front';

const users: TestUser[] = Array.from({ length: 4 }, (_, i) => ({ username: `s${i}@example.test`, password: `pass-s${i}-1`, email: `s${i}@example.test` }));
let servers: MailServers;

beforeAll(async () => {
  servers = await startMailServers({ users });
});

afterAll(async () => {
  await servers?.stop();
  removeTestDirs();
});

/** IMAP through a proxy on `port`; polling only hourly, so only push (or nothing) brings new mail within a test. */
function draft(user: TestUser, port: number, over: Partial<AccountDraftInput> = {}) {
  return NewAccountSchema.parse(testAccountInput(servers, user, { imap: { host: '127.0.0.1', port, security: 'tls' }, import: { pollIntervalSec: 3600 }, ...over }));
}

/** As an admin changing the password on the server: Dovecot reads its passwd-file again at the next login. */
function setPassword(user: TestUser, password: string): void {
  const file = path.join(path.dirname(servers.dovecotConfig), 'users');
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  fs.writeFileSync(file, lines.map((l) => (l.startsWith(`${user.username}:`) ? l.replace(`{PLAIN}${user.password}:`, `{PLAIN}${password}:`) : l)).join('\n'));
}

function inbox(s: Services, accountId: string) {
  const box = s.store.mailboxes.byPath(accountId, 'INBOX');
  const items = box ? s.store.messages.list(box.id, 0, 10_000).items : [];
  const withoutBody = box?.uidvalidity != null ? s.store.messages.countWithoutBody(box.id, box.uidvalidity) : Infinity;
  return { subjects: items.map((m) => m.subject), withoutBody };
}

describe('sync scenarios', () => {
  it('fetches mail that arrived after the first sync but before the IDLE connection opened INBOX', async () => {
    const user = users[0]!;
    await servers.deliver(user.username, plainMessage(1));
    const link = await startTcpProxy(servers.imapsPort);
    const { s } = createTestServices();
    try {
      const account = await s.accounts.add(draft(user, link.port));
      // Let the work connection through and keep the next one (the IDLE watcher's) waiting.
      link.hold(true);
      s.sync.start(account);
      await until('the work connection is waiting', () => link.held() === 1, 60_000, 20);
      link.hold(false);
      link.hold(true);
      await until('first sync done', () => s.store.accounts.get(account.id)?.status === 'idle' && inbox(s, account.id).subjects.length === 1);
      expect(link.held()).toBe(1);
      await servers.deliver(user.username, plainMessage(2));
      // INBOX opens on the watcher with the new mail already in it: no EXISTS event will ever come for it.
      link.hold(false);
      await until('the mail that came before IDLE', () => inbox(s, account.id).subjects.includes(subjectFor(2)));
    } finally {
      await s.close();
      await link.close();
    }
  });

  it('a header fetch on a connection that has closed fails, instead of returning no headers as if the messages were gone', async () => {
    const user = users[0]!;
    await servers.deliver(user.username, plainMessage(50));
    const client = createImapClient({ host: '127.0.0.1', port: servers.imapsPort, security: 'tls', trustedCertificate: null }, { user: user.username, pass: user.password });
    await client.connect();
    await client.mailboxOpen('INBOX');
    const uids = (await client.search({ all: true }, { uid: true })) || [];
    expect(uids.length).toBeGreaterThan(0);
    expect(await fetchHeaders(client, uids, headerRequest([], false))).toHaveLength(uids.length);
    // As the heartbeat does to a dead link.
    client.close();
    await expect(fetchHeaders(client, uids, headerRequest([], false))).rejects.toMatchObject({ code: 'NoConnection' });
  });

  it('a UID search on a connection that has closed fails, instead of answering that the folder holds nothing', async () => {
    const user = users[0]!;
    await servers.deliver(user.username, plainMessage(51));
    const client = createImapClient({ host: '127.0.0.1', port: servers.imapsPort, security: 'tls', trustedCertificate: null }, { user: user.username, pass: user.password });
    await client.connect();
    await client.mailboxOpen('INBOX');
    const uids = await searchUids(client, { all: true }, 'the expunge check');
    expect(uids.length).toBeGreaterThan(0);
    client.close();
    // imapflow's own answer here is no list at all (undefined, or false after a failed command);
    // read as "no UIDs", the expunge check dropped every cached message.
    expect(Array.isArray(await client.search({ all: true }, { uid: true }))).toBe(false);
    await expect(searchUids(client, { all: true }, 'the expunge check')).rejects.toMatchObject({ code: 'NoConnection' });
  });

  it('a password that stops working mid-sync stops that account with the explanation; the other goes on and nothing is lost', async () => {
    const [changing, steady] = [users[1]!, users[2]!];
    const SEEDED = 400;
    await servers.appendMany(changing.username, 'INBOX', Array.from({ length: SEEDED }, (_, i) => plainMessage(3000 + i)));
    const link = await startTcpProxy(servers.imapsPort);
    const { s } = createTestServices();
    try {
      const broken = await s.accounts.add(draft(changing, link.port));
      const other = await s.accounts.add(draft(steady, servers.imapsPort));
      s.sync.start(broken);
      s.sync.start(other);
      // A slow link, so the password changes while bodies are still coming.
      await until('the work connection', () => link.open() >= 1, 60_000, 10);
      link.throttleAll(100_000);
      await until('headers in, bodies under way', () => inbox(s, broken.id).subjects.length === SEEDED && inbox(s, broken.id).withoutBody < SEEDED);
      expect(inbox(s, broken.id).withoutBody).toBeGreaterThan(0);
      setPassword(changing, 'changed-elsewhere-1');
      link.cutAll();

      await until('the account stopped', () => s.store.accounts.get(broken.id)?.status === 'needs-reconnect');
      expect(s.accounts.list().find((a) => a.id === broken.id)?.lastError).toMatchObject({ code: 'auth/failed' });
      // Nothing it had stored is gone.
      expect(inbox(s, broken.id).subjects).toHaveLength(SEEDED);

      // The other account goes on: new mail is pushed to it.
      await servers.deliver(steady.username, plainMessage(3900));
      await until('the other account still syncs', () => inbox(s, other.id).subjects.includes(subjectFor(3900)));
      expect(s.accounts.list().find((a) => a.id === other.id)?.lastError).toBeUndefined();

      // With the new password saved, the sync completes: every header and body.
      await createHandlers(s).updateAccount({ accountId: broken.id, draft: { ...draft(changing, link.port), password: 'changed-elsewhere-1' } });
      await until('completed after the new password', () => inbox(s, broken.id).withoutBody === 0);
      expect(inbox(s, broken.id).subjects).toHaveLength(SEEDED);
    } finally {
      await s.close();
      await link.close();
    }
  });

  it('a server certificate that changes while the account syncs stops it with the explanation; the other goes on and nothing is lost', async () => {
    const [changing, steady] = [users[3]!, users[0]!];
    await servers.deliverMany(changing.username, [plainMessage(4000), plainMessage(4001)]);
    const trusted = { cert: fs.readFileSync(TEST_CERT_FILE, 'utf8'), key: fs.readFileSync(TEST_KEY_FILE, 'utf8') };
    const front = await startTlsFront(servers.imapPort, trusted);
    const { s } = createTestServices();
    try {
      const fronted = await s.accounts.add(draft(changing, front.port));
      const other = await s.accounts.add(draft(steady, servers.imapsPort));
      s.sync.start(fronted);
      s.sync.start(other);
      await until('both synced', () => inbox(s, fronted.id).subjects.length === 2 && inbox(s, fronted.id).withoutBody === 0 && s.store.accounts.get(other.id)?.status === 'idle');

      // The server now presents a certificate nobody trusts, and drops the sessions (a restart).
      front.present(selfSignedPair());
      front.cutAll();
      await until('the account stopped on the certificate', () => s.accounts.list().find((a) => a.id === fronted.id)?.lastError?.code === 'net/tls-untrusted');
      expect(s.store.accounts.get(fronted.id)?.status).toBe('error');
      expect(inbox(s, fronted.id).subjects).toEqual([subjectFor(4001), subjectFor(4000)]);

      // The other account goes on.
      await servers.deliver(steady.username, plainMessage(4100));
      await until('the other account still syncs', () => inbox(s, other.id).subjects.includes(subjectFor(4100)));

      // Mail that arrives meanwhile is fetched once the trusted certificate is back and the user presses Sync.
      await servers.deliver(changing.username, plainMessage(4002));
      front.present(trusted);
      expect(s.sync.requestSync(fronted.id)).toBe(true);
      await until('synced again', () => inbox(s, fronted.id).subjects.length === 3 && inbox(s, fronted.id).withoutBody === 0);
      expect(s.accounts.list().find((a) => a.id === fronted.id)?.lastError).toBeUndefined();
    } finally {
      await s.close();
      await front.close();
    }
  });
});
