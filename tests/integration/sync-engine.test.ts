/**
 * The sync engine against a real Dovecot: which mail is imported (folders, date,
 * header filter, test mail, duplicates), what happens on the server after import,
 * cheap CONDSTORE/QRESYNC resyncs, UIDVALIDITY changes, flag changes both ways and
 * malformed mail. Every test has its own mailbox user.
 */
import { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NewAccountSchema, type AccountDraftInput, type ImportSettings } from '../../src-preload/contract';
import { createServices, type Services } from '../../src-main/services';
import { TEST_MAIL_SUBJECT, testMailMessageId } from '../../src-main/services/accounts/test-mail';
import { createNodePlatform } from '../../src-main/services/platform/node-platform';
import { parseHeaderFilter } from '../../src-main/services/sync/import-criteria';
import { syncFolderHeaders } from '../../src-main/services/sync/mailbox-sync';
import { plainMessage, subjectFor } from '../support/fixtures';
import { MALFORMED } from '../support/malformed';
import { startMailServers, type MailServers, type TestUser } from '../support/mail-servers';
import { createTestServices, removeTestDirs, testAccountInput, until } from '../support/services';

const users: TestUser[] = Array.from({ length: 10 }, (_, i) => ({ username: `u${i}@example.test`, password: `pass-u${i}-1`, email: `u${i}@example.test` }));
let servers: MailServers;

beforeAll(async () => {
  servers = await startMailServers({ users });
});

afterAll(async () => {
  await servers?.stop();
  removeTestDirs();
});

function draft(user: TestUser, imports: Partial<ImportSettings> = {}, over: Partial<AccountDraftInput> = {}) {
  return NewAccountSchema.parse(testAccountInput(servers, user, { import: imports, ...over }));
}

async function other<T>(user: TestUser, mailbox: string, work: (client: ImapFlow) => Promise<T>): Promise<T> {
  const client = new ImapFlow({ host: '127.0.0.1', port: servers.imapPort, secure: false, doSTARTTLS: false, auth: { user: user.username, pass: user.password }, logger: false });
  await client.connect();
  const lock = await client.getMailboxLock(mailbox);
  try {
    return await work(client);
  } finally {
    lock.release();
    await client.logout();
  }
}

function box(s: Services, accountId: string, path: string) {
  const found = s.store.mailboxes.byPath(accountId, path);
  if (!found) throw new Error(`no ${path}`);
  return found;
}

const listOf = (s: Services, accountId: string, path: string) => {
  const b = s.store.mailboxes.byPath(accountId, path);
  return b ? s.store.messages.list(b.id, 0, 10_000).items : [];
};

/** Headers and bodies of every active folder are in and the account went back to idle. */
async function settled(s: Services, accountId: string, paths: string[]): Promise<void> {
  await until('sync settled', () => {
    const account = s.store.accounts.get(accountId);
    if (account?.status !== 'idle' || !account.lastSyncAt) return false;
    return paths.every((p) => {
      const b = s.store.mailboxes.byPath(accountId, p);
      return b?.uidvalidity != null && b.uidNext != null && s.store.messages.countWithoutBody(b.id, b.uidvalidity) === 0;
    });
  });
}

const subject = (i: number) => subjectFor(i);

/** Services on an existing data dir, as after an app restart. */
function reopen(dir: string): Services {
  return createServices({ dataDir: dir, platform: createNodePlatform(dir, { MAILROOM_SECRET_KEY: 'b2'.repeat(32) }), host: 'browser', version: 'test', emit: () => undefined });
}

const mail = (i: number, extra: string[] = [], date?: Date) => plainMessage(i, date ? { date } : {}).replace('MIME-Version: 1.0', [...extra, 'MIME-Version: 1.0'].join('\r\n'));

describe('sync engine', () => {
  it('imports the chosen folders from the sync-from date, never Trash or Junk', async () => {
    const user = users[0]!;
    const old = new Date(Date.UTC(2026, 0, 5));
    const recent = new Date(Date.UTC(2026, 9, 5));
    await servers.appendMany(user.username, 'INBOX', [
      { raw: mail(1, [], old), internalDate: old },
      { raw: mail(2, [], recent), internalDate: recent },
      { raw: mail(3, [], recent), internalDate: recent },
    ]);
    await servers.appendMany(user.username, 'Sales', [{ raw: mail(4, [], recent), internalDate: recent }]);
    await servers.appendMany(user.username, 'Trash', [{ raw: mail(5, [], recent), internalDate: recent }]);
    await servers.appendMany(user.username, 'Junk', [{ raw: mail(6, [], recent), internalDate: recent }]);
    const { s, events } = createTestServices();
    try {
      const account = await s.accounts.add(draft(user, { folders: ['INBOX', 'Sales', 'Trash', 'Junk'], syncFrom: 'date', syncFromDate: '2026-06-01' }));
      s.sync.start(account);
      await settled(s, account.id, ['INBOX', 'Sales']);
      expect(listOf(s, account.id, 'INBOX').map((m) => m.uid).sort()).toEqual([2, 3]);
      expect(listOf(s, account.id, 'Sales')).toHaveLength(1);
      expect(listOf(s, account.id, 'Trash')).toHaveLength(0);
      expect(listOf(s, account.id, 'Junk')).toHaveLength(0);
      const sales = String(box(s, account.id, 'Sales').id);
      expect(events.some((e) => e.name === 'syncProgress' && (e.payload as { mailboxId: string }).mailboxId === sales)).toBe(true);
    } finally {
      await s.close();
    }
  });

  it('imports only mail matching the header filter (terms OR-ed, exact values) and skips test mail', async () => {
    const user = users[1]!;
    await servers.deliverMany(user.username, [
      mail(10, ['X-Queue: Support']),
      mail(11, ['X-Queue: support']),
      mail(12, ['List-Id: <news.example.test>']),
      mail(13),
      // Our own connection test mail, recognised by its envelope: never imported, even when it matches.
      mail(14, ['X-Queue: Support'])
        .replace(/^Subject: .*$/m, `Subject: ${TEST_MAIL_SUBJECT}`)
        .replace(/^Message-ID: .*$/m, `Message-ID: ${testMailMessageId('3f2b8c1e-4d5a-4e6f-8a7b-9c0d1e2f3a4b', 'example.test')}`),
    ]);
    const { s } = createTestServices();
    try {
      const account = await s.accounts.add(draft(user, { headerFilter: 'X-Queue=Support, list-id' }));
      s.sync.start(account);
      await settled(s, account.id, ['INBOX']);
      expect(listOf(s, account.id, 'INBOX').map((m) => m.uid).sort()).toEqual([1, 3]);
      // New mail goes through the same filter.
      await servers.deliverMany(user.username, [mail(15, ['X-Queue: Support']), mail(16, ['X-Queue: Sales'])]);
      await until('filtered new mail', () => listOf(s, account.id, 'INBOX').length === 3);
    } finally {
      await s.close();
    }
  });

  it('groups copies of a message within a folder, lists it in every folder it is in, and stores each copy with the check off', async () => {
    const user = users[2]!;
    await servers.appendMany(user.username, 'INBOX', [mail(20), mail(20), mail(21)]);
    await servers.appendMany(user.username, 'Sales', [mail(20), mail(22)]);
    const { s } = createTestServices();
    try {
      const account = await s.accounts.add(draft(user, { folders: ['INBOX', 'Sales'] }));
      s.sync.start(account);
      await settled(s, account.id, ['INBOX', 'Sales']);
      expect(listOf(s, account.id, 'INBOX').map((m) => m.copies ?? 1).sort()).toEqual([1, 2]);
      expect(listOf(s, account.id, 'Sales').map((m) => m.uid).sort()).toEqual([1, 2]);
    } finally {
      await s.close();
    }
    const { s: s2 } = createTestServices();
    try {
      const account = await s2.accounts.add(draft(user, { folders: ['INBOX', 'Sales'], disableDuplicateCheck: true }));
      s2.sync.start(account);
      await settled(s2, account.id, ['INBOX', 'Sales']);
      expect(listOf(s2, account.id, 'INBOX')).toHaveLength(3);
    } finally {
      await s2.close();
    }
  });

  it('marks imported mail read on the server, every copy of it, and keeps it unread for agents with keepUnread', async () => {
    const user = users[3]!;
    // mail(30) appended twice, byte for byte (delivery would add differing Received lines): one row with a copy, both server messages marked.
    await servers.appendMany(user.username, 'INBOX', [mail(30), mail(30), mail(31)]);
    const { s } = createTestServices();
    try {
      const account = await s.accounts.add(draft(user, { afterImport: 'mark-read', keepUnread: true }));
      s.sync.start(account);
      await settled(s, account.id, ['INBOX']);
      await eventually('seen on the server', async () => (await serverFlags(user, 'INBOX')).every((f) => f.flags.includes('\\Seen')));
      s.sync.requestSync(account.id);
      await settled(s, account.id, ['INBOX']);
      expect(listOf(s, account.id, 'INBOX').map((m) => m.seen)).toEqual([false, false]);
    } finally {
      await s.close();
    }
  });

  it('deletes imported mail on the server, copies too, only once it is stored with its body', async () => {
    const user = users[4]!;
    await servers.appendMany(user.username, 'INBOX', [mail(40), mail(41), mail(41), mail(42)]);
    const { s } = createTestServices();
    try {
      const account = await s.accounts.add(draft(user, { afterImport: 'delete' }));
      s.sync.start(account);
      await eventually('server INBOX emptied', async () => (await serverFlags(user, 'INBOX')).length === 0);
      const rows = listOf(s, account.id, 'INBOX');
      expect(rows).toHaveLength(3);
      for (const row of rows) expect(s.store.messages.get(Number(row.id))).toMatchObject({ bodyLoaded: true, text: expect.any(String) as unknown });
      await servers.deliver(user.username, mail(43));
      await eventually('new mail imported and deleted', async () => listOf(s, account.id, 'INBOX').length === 4 && (await serverFlags(user, 'INBOX')).length === 0);
      expect(s.store.messages.get(Number(listOf(s, account.id, 'INBOX')[0]!.id))?.bodyLoaded).toBe(true);
    } finally {
      await s.close();
    }
  });

  it('resyncs an unchanged folder with one STATUS, then picks up other clients\' flags and expunges without SEARCH', async () => {
    const user = users[5]!;
    await servers.appendMany(user.username, 'INBOX', Array.from({ length: 60 }, (_, i) => mail(100 + i)));
    const { s } = createTestServices();
    try {
      const account = await s.accounts.add(draft(user));
      s.sync.start(account);
      await settled(s, account.id, ['INBOX']);
      await s.sync.stop(account.id);
      const commands: string[] = [];
      const client = new ImapFlow({ host: '127.0.0.1', port: servers.imapPort, secure: false, doSTARTTLS: false, auth: { user: user.username, pass: user.password }, logger: false, qresync: true, emitLogs: true });
      client.on('log', (entry: { src?: string; msg?: string }) => {
        if (entry.src === 'c' && entry.msg) commands.push(entry.msg.replace(/^\S+ /, ''));
      });
      await client.connect();
      const record = s.store.accounts.get(account.id)!;
      const resync = async () => {
        commands.length = 0;
        await syncFolderHeaders(
          { client, store: s.store, accountId: account.id, settings: record.import, terms: parseHeaderFilter(''), routeHeaders: [], since: null, headerWorker: null, hooks: { progress: () => undefined, changed: () => undefined, cancelled: () => false } },
          box(s, account.id, 'INBOX'),
        );
      };
      try {
        // Its cost is measured by the benchmark; here, that it is one command.
        await resync();
        expect(commands).toEqual([expect.stringMatching(/^STATUS INBOX \(UIDNEXT UIDVALIDITY HIGHESTMODSEQ\)/) as unknown]);

        await other(user, 'INBOX', async (c) => {
          await c.messageFlagsAdd('1:5', ['\\Seen'], { uid: true });
          await c.messageDelete('7', { uid: true });
        });
        await resync();
        expect(commands.some((c) => /^UID FETCH 1:\* \(UID FLAGS MODSEQ\) \(CHANGEDSINCE \d+ VANISHED\)/.test(c))).toBe(true);
        expect(commands.some((c) => /SEARCH/.test(c))).toBe(false);
        const items = listOf(s, account.id, 'INBOX');
        expect(items).toHaveLength(59);
        expect(items.some((m) => m.uid === 7)).toBe(false);
        expect(items.filter((m) => m.seen).map((m) => m.uid).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5]);
      } finally {
        await client.logout();
      }
    } finally {
      await s.close();
    }
  });

  it('survives a UIDVALIDITY change: same messages keep their rows and bodies, nothing doubles, gone mail goes', async () => {
    const user = users[6]!;
    const raws = [mail(60), mail(61), mail(62).replace(/Message-ID: .*\r\n/, '')];
    await servers.appendMany(user.username, 'Queue', raws);
    const { s } = createTestServices();
    try {
      const account = await s.accounts.add(draft(user, { folders: ['Queue'] }));
      s.sync.start(account);
      await settled(s, account.id, ['Queue']);
      const before = listOf(s, account.id, 'Queue');
      const oldValidity = box(s, account.id, 'Queue').uidvalidity!;
      await s.sync.stop(account.id);

      await servers.doveadm(['mailbox', 'delete', '-u', user.username, 'Queue']);
      await servers.doveadm(['mailbox', 'create', '-u', user.username, 'Queue']);
      await servers.doveadm(['mailbox', 'update', '-u', user.username, '--uid-validity', String(oldValidity + 1000), 'Queue']);
      await servers.appendMany(user.username, 'Queue', [raws[2]!, raws[0]!, mail(63)]);

      s.sync.start(s.store.accounts.get(account.id)!);
      await until('remapped', () => box(s, account.id, 'Queue').uidvalidity === oldValidity + 1000 && listOf(s, account.id, 'Queue').length === 3);
      await settled(s, account.id, ['Queue']);
      const after = listOf(s, account.id, 'Queue');
      expect(after.map((m) => m.subject).sort()).toEqual([before.find((m) => m.uid === 1)!.subject, before.find((m) => m.uid === 3)!.subject, subject(63)].sort());
      // Same rows (ids), so bodies and anything attached to them survived.
      expect(after.find((m) => m.subject === before.find((b) => b.uid === 1)!.subject)?.id).toBe(before.find((m) => m.uid === 1)!.id);
      expect(after.find((m) => m.subject === before.find((b) => b.uid === 3)!.subject)?.id).toBe(before.find((m) => m.uid === 3)!.id);
      expect(s.store.messages.hasOtherUidValidity(box(s, account.id, 'Queue').id, oldValidity + 1000)).toBe(false);
    } finally {
      await s.close();
    }
  });

  it('sends flag changes made offline after a restart, and the cache shows them at once', async () => {
    const user = users[7]!;
    await servers.deliverMany(user.username, [mail(70), mail(71)]);
    const { s, dir } = createTestServices();
    const account = await s.accounts.add(draft(user));
    s.sync.start(account);
    await settled(s, account.id, ['INBOX']);
    const target = listOf(s, account.id, 'INBOX').find((m) => m.uid === 1)!;
    await s.close();

    // Unreachable server: nothing listens on port 1.
    const offline = reopen(dir);
    const record = offline.store.accounts.get(account.id)!;
    const { id: _id, status: _s, lastError: _e, lastSyncAt: _t, ...settings } = record;
    offline.store.accounts.update(account.id, { ...settings, imap: { ...settings.imap, port: 1 } });
    offline.sync.start(offline.store.accounts.get(account.id)!);
    const summary = offline.sync.setMessageFlags(Number(target.id), { seen: true, flagged: true });
    expect(summary).toMatchObject({ seen: true, flagged: true });
    await until('offline', () => offline.store.accounts.get(account.id)?.status === 'offline');
    await offline.close();

    const online = reopen(dir);
    try {
      online.store.accounts.update(account.id, settings);
      online.sync.start(online.store.accounts.get(account.id)!);
      await eventually('flags on the server', async () => {
        const flags = (await serverFlags(user, 'INBOX')).find((m) => m.uid === 1)?.flags ?? [];
        return flags.includes('\\Seen') && flags.includes('\\Flagged');
      });
      await settled(online, account.id, ['INBOX']);
      expect(online.store.pendingFlags.forFolder(box(online, account.id, 'INBOX').id, box(online, account.id, 'INBOX').uidvalidity!)).toEqual([]);
      expect(online.store.messages.summary(Number(target.id))).toMatchObject({ seen: true, flagged: true });
    } finally {
      await online.close();
    }
  });

  it('imports every malformed message, with warnings where parsing failed', async () => {
    const user = users[8]!;
    const refused: string[] = [];
    for (const m of MALFORMED) {
      // Dovecot refuses an empty literal on APPEND; every other one must go in.
      await servers.append(user.username, 'INBOX', m.raw).catch(() => refused.push(m.name));
    }
    expect(refused).toEqual(['empty']);
    const accepted = MALFORMED.filter((m) => !refused.includes(m.name));
    const { s } = createTestServices();
    try {
      const account = await s.accounts.add(draft(user));
      s.sync.start(account);
      await settled(s, account.id, ['INBOX']);
      expect(await serverFlags(user, 'INBOX')).toHaveLength(accepted.length);
      const rows = listOf(s, account.id, 'INBOX');
      expect(rows).toHaveLength(accepted.length);
      const details = rows.map((r) => s.store.messages.get(Number(r.id))!);
      expect(details.every((d) => d.bodyLoaded)).toBe(true);
      // Dovecot may clean NULs on APPEND, so that warning is checked in the parser's unit test.
      const warned = accepted.filter((m) => m.warns && m.name !== 'nul-bytes').map((m) => m.name);
      expect(warned).toEqual(expect.arrayContaining(['only-headers', 'headers-no-blank-line']));
      for (const name of warned) {
        expect(details.find((d) => d.subject === `malformed ${name}`)?.parseWarnings.length, name).toBeGreaterThan(0);
      }
      expect(details.every((d) => !(d.text ?? '').includes('\0'))).toBe(true);
      expect(details.find((d) => d.subject === 'malformed nested-50')?.text).toContain('innermost');
    } finally {
      await s.close();
    }
  });
});

async function serverFlags(user: TestUser, mailbox: string): Promise<{ uid: number; flags: string[] }[]> {
  return other(user, mailbox, async (c) => {
    if (!c.mailbox || c.mailbox.exists === 0) return [];
    const out: { uid: number; flags: string[] }[] = [];
    for await (const m of c.fetch('1:*', { uid: true, flags: true }, { uid: true })) out.push({ uid: m.uid, flags: [...(m.flags ?? [])] });
    return out;
  });
}

/** Like until(), for probes that ask the server. */
async function eventually(what: string, probe: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
