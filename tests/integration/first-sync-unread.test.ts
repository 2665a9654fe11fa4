/**
 * A folder's unread count is the server's when copies are grouped: a row standing for two
 * unread copies counts two, and reading or flagging the row reads or flags both copies on
 * the server. Through a real Dovecot and the sync.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMailServers, type MailServers, type TestUser } from '../support/mail-servers';
import { serverFlagCounts } from '../support/server-inbox';
import { addAndSyncInbox, createTestServices, removeTestDirs, until } from '../support/services';

const user: TestUser = { username: 'unreadcopies@example.test', password: 'pass-unreadcopies-1', email: 'unreadcopies@example.test' };
let servers: MailServers;

function message(id: string, subject: string): string {
  return [
    'From: Customer <c@customer.example>',
    'To: support@example.test',
    'Date: Mon, 2 Nov 2026 09:00:00 +0000',
    `Message-ID: <${id}@customer.example>`,
    `Subject: ${subject}`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    `About ${subject}.`,
    '',
  ].join('\r\n');
}

beforeAll(async () => {
  servers = await startMailServers({ users: [user] });
  const unreadCopy = message('twice', 'Imported twice');
  const readCopy = message('read-twice', 'Read, imported twice');
  await servers.appendMany(user.username, 'INBOX', [
    { raw: unreadCopy },
    { raw: unreadCopy },
    { raw: readCopy, flags: ['\\Seen'] },
    { raw: readCopy, flags: ['\\Seen'] },
    ...[1, 2, 3].map((i) => ({ raw: message(`single-${i}`, `Single ${i}`) })),
    { raw: message('single-read', 'Single, read'), flags: ['\\Seen'] },
  ]);
});

afterAll(async () => {
  await servers?.stop();
  removeTestDirs();
});

describe('unread counts with copies grouped', () => {
  it('counts each unread copy after the first sync, and reads and flags every copy of a row on the server', async () => {
    const { s } = createTestServices();
    try {
      const { account, inbox } = await addAndSyncInbox(s, servers, user);
      const counts = () => s.store.mailboxes.summaries(account.id, []).find((m) => m.path === 'INBOX')!;
      const rows = s.store.messages.list(inbox.id, 0, 100).items;
      expect(rows.map((r) => r.copies ?? 1).sort()).toEqual([1, 1, 1, 1, 2, 2]);

      // Two unread copies in one row, three unread singles: the server's five.
      expect(await serverFlagCounts(servers, user)).toEqual({ unread: 5, flagged: 0 });
      expect({ total: counts().total, unread: counts().unread }).toEqual({ total: 8, unread: 5 });

      // Read and flagged in the app: both copies change on the server, and the counts agree.
      const twice = rows.find((r) => r.subject === 'Imported twice')!;
      s.sync.setMessageFlags(Number(twice.id), { seen: true, flagged: true });
      expect(counts().unread).toBe(3);
      await until('flag changes sent', () => s.store.pendingFlags.forFolder(inbox.id, inbox.uidvalidity!).length === 0);
      expect(await serverFlagCounts(servers, user)).toEqual({ unread: 3, flagged: 2 });
    } finally {
      await s.close();
    }
  });
});
