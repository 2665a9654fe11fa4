import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccountDraftSchema, type AccountDraftInput, type Events } from '../../src-preload/contract';
import { createTestServices, removeTestDirs, testAccountInput, until } from '../support/services';
import { DEFAULT_USERS, startMailServers, type MailServers } from '../support/mail-servers';
import { plainMessage, subjectFor } from '../support/fixtures';
import { filesContaining } from '../support/data-dir';
import { startTcpProxy } from '../support/tcp-proxy';

let servers: MailServers;
const [alice, bob, carol] = DEFAULT_USERS as [(typeof DEFAULT_USERS)[0], (typeof DEFAULT_USERS)[0], (typeof DEFAULT_USERS)[0]];

beforeAll(async () => {
  servers = await startMailServers();
  await servers.deliverMany(alice.username, Array.from({ length: 5 }, (_, i) => plainMessage(i)));
});

afterAll(async () => {
  await servers?.stop();
  removeTestDirs();
});

function draft(user: typeof alice, over: Partial<AccountDraftInput> = {}) {
  return AccountDraftSchema.parse(testAccountInput(servers, user, { key: 'SUP', ...over }));
}

/** A message carrying these files (name → content) as attachments. */
function withAttachments(subject: string, files: Record<string, string>): string {
  const parts = Object.entries(files).map(([name, content]) =>
    [
      '--b',
      `Content-Type: application/octet-stream; name="${name}"`,
      `Content-Disposition: attachment; filename="${name}"`,
      'Content-Transfer-Encoding: base64',
      '',
      Buffer.from(content).toString('base64'),
    ].join('\r\n'),
  );
  return [
    'From: "Customer" <customer@customers.example>',
    `Subject: ${subject}`,
    `Date: ${new Date().toUTCString()}`,
    `Message-ID: <${subject.replace(/\W+/g, '-')}@customers.example>`,
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="b"',
    '',
    '--b',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Files attached.',
    ...parts,
    '--b--',
    '',
  ].join('\r\n');
}

const sha256 = (content: string) => createHash('sha256').update(content).digest('hex');

describe('account management against Dovecot + Postfix', () => {
  it('stores settings, keeps the password out of SQLite, edits, copies and deletes', async () => {
    const { s, dir } = createTestServices();
    try {
      const added = await s.accounts.add(draft(alice, { primary: true, import: { standardQueue: 'First level', afterImport: 'mark-read' } }));
      expect(added).toMatchObject({ key: 'SUP', primary: true, active: true, import: { standardQueue: 'First level', afterImport: 'mark-read' } });
      // Every file of the data dir, the SQLite -wal too (new rows sit there while the store is open).
      expect(filesContaining(dir, alice.username)).toContain('mailroom.sqlite3-wal');
      expect(filesContaining(dir, alice.password)).toEqual([]);

      // Editing without a password keeps the stored one (the connection test still passes).
      const edited = await s.accounts.update(added.id, draft(alice, { name: 'Support EU', password: '' }));
      expect(edited.name).toBe('Support EU');
      await expect(s.accounts.credentials(added.id)).resolves.toMatchObject({ pass: alice.password });

      // A wrong new password is refused and the old one stays.
      await expect(s.accounts.update(added.id, draft(alice, { password: 'nope-nope' }))).rejects.toMatchObject({ info: { code: 'auth/failed' } });
      await expect(s.accounts.credentials(added.id)).resolves.toMatchObject({ pass: alice.password });

      const copy = s.accounts.copy(added.id);
      expect(copy).toMatchObject({ name: 'Copy of Support EU', email: '', password: '', primary: false, key: '' });
      const second = await s.accounts.add(draft(bob, { ...copy, email: bob.email, username: bob.username, password: bob.password, primary: true }));
      expect(s.accounts.list().filter((a) => a.primary).map((a) => a.id)).toEqual([second.id]);

      expect(() => s.accounts.confirmDelete(second.id, 'someone@else')).toThrow(/does not match/);
      s.accounts.confirmDelete(second.id, bob.email.toUpperCase());
      await s.accounts.delete(second.id);
      expect(s.accounts.list().map((a) => a.email)).toEqual([alice.email]);
      expect(await s.platform.secrets.get(`account:${second.id}:password`)).toBeNull();
    } finally {
      await s.close();
    }
  });

  it('stores the folders the connection test found with their roles, so the folder list is in its final order before any sync', async () => {
    const { s } = createTestServices();
    try {
      // The service alone: no sync starts, so what is stored is what the connection test listed.
      const account = await s.accounts.add(draft(bob));
      expect(s.store.mailboxes.byPath(account.id, 'Sent')).toMatchObject({ name: 'Sent', delimiter: '/', specialUse: '\\Sent' });
      expect(s.store.mailboxes.byPath(account.id, 'Trash')).toMatchObject({ specialUse: '\\Trash' });
      expect(s.store.mailboxes.byPath(account.id, 'Archive')).toMatchObject({ specialUse: '\\Archive' });
    } finally {
      await s.close();
    }
  });

  it('adding starts the sync, tells every window and sends the test mail; refreshing folders lists the server folders', async () => {
    const { s, events } = createTestServices();
    try {
      const account = await s.accountLifecycle.add(draft(alice));
      const announced = events.filter((e) => e.name === 'accountsChanged').map((e) => (e.payload as Events['accountsChanged']).map((a) => a.id));
      expect(announced).toContainEqual([account.id]);
      expect(s.sync.requestSync(account.id)).toBe(true);
      const result = await until('test mail result', () => events.find((e) => e.name === 'testMailResult')?.payload as Events['testMailResult'] | undefined);
      expect(result).toMatchObject({ accountId: account.id, ok: true });

      const folders = await s.accounts.refreshFolders(account.id);
      expect(folders).toEqual(expect.arrayContaining(['INBOX', 'Sent', 'Trash']));
    } finally {
      await s.close();
    }
  });

  it('switching an account off and on while it connects leaves no failure unhandled (the host would exit on one)', async () => {
    // What this checks is Vitest's own: an unhandled rejection fails the run. A connection closed during its
    // sign-in rejects connect() and then emits the late failure as an 'error' event, which needs a listener.
    const { s } = createTestServices();
    try {
      const account = await s.accountLifecycle.add(draft(alice));
      // Each stop lands at another point of the connection's sign-in.
      for (let i = 0; i < 10; i++) {
        expect(await s.accountLifecycle.setActive(account.id, false)).toMatchObject({ active: false });
        expect(await s.accountLifecycle.setActive(account.id, true)).toMatchObject({ active: true });
        await new Promise((resolve) => setTimeout(resolve, 15 * i));
      }
    } finally {
      await s.close();
    }
  });

  it('deactivating closes the connections and fetches nothing more; activating again fetches what came meanwhile', async () => {
    // IMAP goes through a proxy, so the test sees every connection the sync holds open on the server.
    const link = await startTcpProxy(servers.imapsPort);
    const { s } = createTestServices();
    const inbox = () => {
      const box = s.store.mailboxes.byPath(account.id, 'INBOX');
      return box ? s.store.messages.list(box.id, 0, 100).items.map((m) => m.subject) : [];
    };
    const account = await s.accountLifecycle.add(draft(carol, { imap: { host: '127.0.0.1', port: link.port, security: 'tls' } }));
    try {
      await until('synced and watching the inbox', () => s.store.accounts.get(account.id)?.status === 'idle' && link.open() === 2);

      expect(await s.accountLifecycle.setActive(account.id, false)).toMatchObject({ active: false });
      await until('both connections closed', () => link.open() === 0);
      await servers.deliver(carol.username, plainMessage(900));
      // Nothing can fetch it: a sync request finds no running sync and opens no connection.
      expect(s.sync.requestSync(account.id)).toBe(false);
      expect(link.open()).toBe(0);
      expect(inbox()).not.toContain(subjectFor(900));

      expect(await s.accountLifecycle.setActive(account.id, true)).toMatchObject({ active: true });
      await until('the mail delivered while inactive', () => inbox().includes(subjectFor(900)));
    } finally {
      await s.close();
      await link.close();
    }
  });

  it('deleting a synced account removes the attachment files only it referenced', async () => {
    await servers.deliver(bob.username, withAttachments('Invoice for bob', { 'invoice.pdf': 'invoice only bob got', 'terms.pdf': 'terms everyone got' }));
    await servers.deliver(carol.username, withAttachments('Terms for carol', { 'terms.pdf': 'terms everyone got' }));
    const { s, dir } = createTestServices();
    const stored = (content: string) => fs.existsSync(path.join(dir, 'attachments', sha256(content).slice(0, 2), sha256(content)));
    const bodiesIn = (accountId: string) => {
      const inbox = s.store.mailboxes.byPath(accountId, 'INBOX');
      return inbox?.uidvalidity != null && s.store.messages.countWithoutBody(inbox.id, inbox.uidvalidity) === 0 && s.store.messages.list(inbox.id, 0, 10).total > 0;
    };
    try {
      const bobs = await s.accounts.add(draft(bob));
      const carols = await s.accounts.add(draft(carol));
      s.sync.start(bobs);
      s.sync.start(carols);
      await until('both accounts synced with bodies', () => bodiesIn(bobs.id) && bodiesIn(carols.id));
      expect(['invoice only bob got', 'terms everyone got'].map(stored)).toEqual([true, true]);
      // Each message's original source is kept beside its attachments (exports write it).
      const sourcesOf = (accountId: string) => {
        const inbox = s.store.mailboxes.byPath(accountId, 'INBOX');
        return inbox ? s.store.messages.list(inbox.id, 0, 10).items.map((m) => s.store.messages.rawOf(Number(m.id)) ?? 'none') : [];
      };
      const [bobSources, carolSources] = [sourcesOf(bobs.id), sourcesOf(carols.id)];
      const sourceStored = (sha: string) => fs.existsSync(path.join(dir, 'attachments', sha.slice(0, 2), sha));
      // Earlier tests of this file may have left mail in these inboxes too: every message counts.
      expect(bobSources.length).toBeGreaterThan(0);
      expect([...bobSources, ...carolSources].filter((sha) => !sourceStored(sha))).toEqual([]);

      await s.accountLifecycle.delete(bobs.id, bob.email);
      expect(s.sync.requestSync(bobs.id)).toBe(false);

      expect(stored('invoice only bob got')).toBe(false);
      expect(stored('terms everyone got')).toBe(true);
      expect(bobSources.filter(sourceStored)).toEqual([]);
      const referenced = s.store.attachmentRefs.referenced();
      expect([sha256('terms everyone got'), ...carolSources].filter((sha) => !referenced.has(sha))).toEqual([]);
      expect([sha256('invoice only bob got'), ...bobSources].filter((sha) => referenced.has(sha))).toEqual([]);
    } finally {
      await s.close();
    }
  });
});
