import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccountDraftSchema, type AccountDraftInput, type Events } from '../../src-preload/contract';
import { createTestServices, removeTestDirs, testAccountInput, until } from '../support/services';
import { DEFAULT_USERS, startMailServers, type MailServers } from '../support/mail-servers';
import { plainMessage } from '../support/fixtures';

let servers: MailServers;
const [alice, bob] = DEFAULT_USERS as [(typeof DEFAULT_USERS)[0], (typeof DEFAULT_USERS)[0]];

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

describe('account management against Dovecot + Postfix', () => {
  it('stores settings, keeps the password out of SQLite, edits, copies and deletes', async () => {
    const { s, dir } = createTestServices();
    try {
      const added = await s.accounts.add(draft(alice, { primary: true, import: { standardQueue: 'First level', afterImport: 'mark-read' } }));
      expect(added).toMatchObject({ key: 'SUP', primary: true, active: true, import: { standardQueue: 'First level', afterImport: 'mark-read' } });
      const db = fs.readFileSync(path.join(dir, 'mailroom.sqlite3'));
      expect(db.includes(alice.password)).toBe(false);

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

  it('deactivating stops sync, refreshing folders lists the server folders, and the test mail arrives', async () => {
    const { s, events } = createTestServices();
    try {
      const account = await s.accounts.add(draft(alice));
      s.sendTestMail(account.id);
      const result = await until('test mail result', () => events.find((e) => e.name === 'testMailResult')?.payload as Events['testMailResult'] | undefined);
      expect(result).toMatchObject({ accountId: account.id, ok: true });

      const folders = await s.accounts.refreshFolders(account.id);
      expect(folders).toEqual(expect.arrayContaining(['INBOX', 'Sent', 'Trash']));
      expect(s.accounts.setActive(account.id, false).active).toBe(false);
      s.sync.start(s.accounts.record(account.id));
      expect(s.sync.requestSync(account.id)).toBe(false);
    } finally {
      await s.close();
    }
  });
});
