import fs from 'node:fs';
import path from 'node:path';
import { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NewAccountSchema, type AccountDraftInput } from '../../src-preload/contract';
import type { Services } from '../../src-main/services';
import { createTestServices, removeTestDirs, testAccountInput, until } from '../support/services';
import { DEFAULT_USERS, startMailServers, type MailServers } from '../support/mail-servers';
import { plainMessage, sender } from '../support/fixtures';

let servers: MailServers;
const alice = DEFAULT_USERS[0]!;

beforeAll(async () => {
  servers = await startMailServers();
  await servers.deliverMany(alice.username, Array.from({ length: 120 }, (_, i) => plainMessage(i)));
});

afterAll(async () => {
  await servers?.stop();
  removeTestDirs();
});

function draft(over: Partial<AccountDraftInput> = {}) {
  return NewAccountSchema.parse(testAccountInput(servers, alice, over));
}

function inboxOf(s: Services, accountId: string) {
  const box = s.store.mailboxes.byPath(accountId, 'INBOX');
  if (!box) throw new Error('no INBOX');
  return box;
}

describe('sync against Dovecot', () => {
  it('adds an account, fills the inbox newest first with bodies, and pushes new mail', async () => {
    const { s, events } = createTestServices();
    try {
      const account = await s.accounts.add(draft());
      s.sync.start(account);
      const inbox = inboxOf(s, account.id);
      await until('120 headers', () => s.store.messages.list(inbox.id, 0, 1).total === 120);
      const first = s.store.messages.list(inbox.id, 0, 3).items;
      expect(first.map((m) => m.subject)).toEqual([plainMessage(119), plainMessage(118), plainMessage(117)].map((raw) => /Subject: (.*)/.exec(raw)?.[1]));
      await until('all bodies', () => {
        const uidvalidity = inboxOf(s, account.id).uidvalidity;
        return uidvalidity !== null && s.store.messages.countWithoutBody(inbox.id, uidvalidity) === 0;
      });
      const opened = s.store.messages.get(Number(first[0]!.id));
      expect(opened?.text).toContain(sender(119).name);
      expect(events.some((e) => e.name === 'syncProgress')).toBe(true);

      // New mail arrives by push (IDLE), without anyone asking for a sync.
      await servers.deliver(alice.username, plainMessage(500));
      await until('pushed message', () => s.store.messages.list(inbox.id, 0, 1).total === 121);
      expect(s.store.messages.list(inbox.id, 0, 1).items[0]?.subject).toBe(/Subject: (.*)/.exec(plainMessage(500))?.[1]);
    } finally {
      await s.close();
    }
  });

  it('reflects flags and deletions made by another client', async () => {
    const { s } = createTestServices();
    try {
      const account = await s.accounts.add(draft());
      s.sync.start(account);
      const inbox = inboxOf(s, account.id);
      const before = await until('inbox', () => s.store.messages.list(inbox.id, 0, 1).total >= 120 && s.store.messages.list(inbox.id, 0, 1).total);
      const other = new ImapFlow({ host: '127.0.0.1', port: servers.imapPort, secure: false, doSTARTTLS: false, auth: { user: alice.username, pass: alice.password }, logger: false });
      await other.connect();
      const lock = await other.getMailboxLock('INBOX');
      try {
        await other.messageFlagsAdd('1:10', ['\\Seen'], { uid: true });
        await other.messageDelete('11', { uid: true });
      } finally {
        lock.release();
        await other.logout();
      }
      await until('flags and expunge', () => {
        const { total, items } = s.store.messages.list(inbox.id, 0, 1000);
        if (items.some((m) => m.uid === 11)) return false;
        const seen = items.filter((m) => m.seen).map((m) => m.uid).sort((a, b) => a - b);
        return total === before - 1 && seen.join() === '1,2,3,4,5,6,7,8,9,10';
      });
    } finally {
      await s.close();
    }
  });

  it('refuses a wrong password, explains it and saves nothing', async () => {
    const { s, dir } = createTestServices();
    try {
      await expect(s.accounts.add(draft({ password: 'wrong-password-123' }))).rejects.toMatchObject({ info: { code: 'auth/failed' } });
      expect(s.accounts.list()).toEqual([]);
      expect(fs.existsSync(path.join(dir, 'secrets.json'))).toBe(false);
    } finally {
      await s.close();
    }
  });

  it('tests a connection step by step and lists folders', async () => {
    const { s } = createTestServices();
    try {
      const result = await s.accounts.test(draft());
      expect(result.ok).toBe(true);
      expect(result.steps.map((x) => x.step)).toEqual(['imap-dns', 'imap-tcp', 'imap-tls', 'imap-login', 'folders', 'smtp-dns', 'smtp-tcp', 'smtp-tls', 'smtp-login']);
      expect(result.folders).toContain('INBOX');
      const refused = await s.accounts.test(draft({ imap: { host: '127.0.0.1', port: 1, security: 'tls' } }));
      expect(refused.steps.find((x) => !x.ok)).toMatchObject({ step: 'imap-tcp', error: { code: 'net/refused' } });
    } finally {
      await s.close();
    }
  });
});
