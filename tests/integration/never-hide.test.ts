/**
 * Mail is never hidden: copies share a row with a count, a reused Message-ID with other
 * content keeps its own row, an unlabelled 8-bit subject reads as text, and a Date far in
 * the future sorts by arrival. Through a real Dovecot and the sync.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMailServers, type MailServers, type TestUser } from '../support/mail-servers';
import { addAndSyncInbox, createTestServices, removeTestDirs } from '../support/services';

const user: TestUser = { username: 'neverhide@example.test', password: 'pass-neverhide-1', email: 'neverhide@example.test' };
let servers: MailServers;

function message(o: { id: string; subject: string | Buffer; date: string; body: string }): Buffer {
  return Buffer.concat([
    Buffer.from(`From: Customer <c@customer.example>\r\nTo: support@example.test\r\nDate: ${o.date}\r\nMessage-ID: ${o.id}\r\nSubject: `),
    Buffer.isBuffer(o.subject) ? o.subject : Buffer.from(o.subject),
    Buffer.from(`\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${o.body}\r\n`),
  ]);
}

const exact = message({ id: '<copy@customer.example>', subject: 'Printer on fire', date: 'Mon, 2 Nov 2026 09:00:00 +0000', body: 'Help.' });
const reusedA = message({ id: '<reused@tool.example>', subject: 'Test invalid charset', date: 'Mon, 2 Nov 2026 10:00:00 +0000', body: 'First.' });
const reusedB = message({ id: '<reused@tool.example>', subject: 'Another test', date: 'Mon, 2 Nov 2026 11:00:00 +0000', body: 'Second, longer.' });
// "Café “quoted”" in windows-1252, not labelled as an encoded word.
const cp1252 = message({
  id: '<cp1252@customer.example>',
  subject: Buffer.from([0x43, 0x61, 0x66, 0xe9, 0x20, 0x93, 0x71, 0x75, 0x6f, 0x74, 0x65, 0x64, 0x94]),
  date: 'Mon, 2 Nov 2026 12:00:00 +0000',
  body: 'Caf\u00e9.',
});
const future = message({ id: '<future@customer.example>', subject: 'From the year 3609', date: 'Tue, 1 Jan 3609 00:00:00 +0000', body: 'Time travel.' });
const newest = message({ id: '<newest@customer.example>', subject: 'Newest by arrival', date: 'Mon, 2 Nov 2026 13:00:00 +0000', body: 'Latest.' });
const ON_SERVER = 7;

beforeAll(async () => {
  servers = await startMailServers({ users: [user] });
  // Each arrives an hour after the one before, from 2 Nov 2026 08:00 UTC.
  const raws = [exact, exact, reusedA, reusedB, cp1252, future, newest];
  await servers.appendMany(user.username, 'INBOX', raws.map((raw, i) => ({ raw, internalDate: new Date(Date.UTC(2026, 10, 2, 8 + i)) })));
});

afterAll(async () => {
  await servers?.stop();
  removeTestDirs();
});

describe('never hide mail', () => {
  it('groups exact copies, keeps reused Message-IDs apart, decodes 8-bit subjects and sorts a far-future Date by arrival', async () => {
    const { s } = createTestServices();
    try {
      const { account, inbox } = await addAndSyncInbox(s, servers, user);
      const rows = s.store.messages.list(inbox.id, 0, 100).items;
      const subjects = rows.map((r) => r.subject);

      // The exact duplicate is one row with two copies; both reused-ID messages are listed.
      expect(rows.filter((r) => r.subject === 'Printer on fire').map((r) => r.copies)).toEqual([2]);
      expect(subjects).toContain('Test invalid charset');
      expect(subjects).toContain('Another test');
      expect(rows.filter((r) => r.subject !== 'Printer on fire').every((r) => r.copies === undefined)).toBe(true);
      // The folder's count is the server's.
      const summary = s.store.mailboxes.summaries(account.id, []).find((m) => m.path === 'INBOX');
      expect(summary?.total).toBe(ON_SERVER);

      expect(subjects).toContain('Caf\u00e9 \u201cquoted\u201d');
      expect(subjects.join('')).not.toContain('\ufffd');

      // Arrived last but one, so it sorts second by arrival (13:00), not first by its Date.
      expect(subjects.slice(0, 2)).toEqual(['Newest by arrival', 'From the year 3609']);
      expect(rows[1]?.date).toBe(Date.UTC(2026, 10, 2, 13));
    } finally {
      await s.close();
    }
  });
});
