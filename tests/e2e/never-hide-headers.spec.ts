/**
 * Mail with odd headers is listed and opens like any other: no Date, a Date in the year
 * 3609, no Subject, a subject in raw 8-bit bytes no header labels, no From. Each row
 * sorts by when the server received it and names what is missing instead of hiding the
 * message. Chromium through the browser host, a real Dovecot.
 */
import { expect, test } from '@playwright/test';
import { DEFAULT_USERS, startMailServers, type MailServers } from '../support/mail-servers';
import { makeDataDir, startHost, type RunningHost } from '../support/host';
import { addTestAccount } from '../support/account-form';
import { SCREEN_SIZES, screenshotsAtSizes } from '../support/screenshots';

const alice = DEFAULT_USERS[0]!;

let servers: MailServers;
let host: RunningHost | null = null;

/** A plain-text message from header lines (null: left out) and a body that names it. */
function message(headers: { from?: string | null; date?: string | null; subject?: string | Buffer | null; id: string }, body: string): Buffer {
  const line = (name: string, value: string | Buffer | null | undefined) => (value == null ? [] : [Buffer.from(`${name}: `), Buffer.from(value), Buffer.from('\r\n')]);
  return Buffer.concat([
    ...line('From', headers.from === undefined ? 'Customer <c@customer.example>' : headers.from),
    Buffer.from('To: support@example.test\r\n'),
    ...line('Date', headers.date === undefined ? 'Mon, 2 Nov 2026 09:00:00 +0000' : headers.date),
    ...line('Subject', headers.subject),
    Buffer.from(`Message-ID: <${headers.id}@customer.example>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${body}\r\n`),
  ]);
}

// "Café “quoted”" in windows-1252, in no encoded word and under no charset label.
const CP1252_SUBJECT = Buffer.from([0x43, 0x61, 0x66, 0xe9, 0x20, 0x93, 0x71, 0x75, 0x6f, 0x74, 0x65, 0x64, 0x94]);

/** Newest arrival first, as the list shows them: [what the row's subject reads, the body's words]. */
const EXPECTED: [string, string][] = [
  ['Nobody signed this', 'A message without a From line.'],
  ['Café “quoted”', 'An 8-bit subject without a label.'],
  ['(no subject)', 'A message without a Subject line.'],
  ['From the year 3609', 'A message dated far in the future.'],
  ['No date at all', 'A message without a Date line.'],
];

test.beforeAll(async () => {
  servers = await startMailServers();
  const raws = [
    message({ id: 'no-date', subject: 'No date at all', date: null }, EXPECTED[4]![1]),
    message({ id: 'future', subject: 'From the year 3609', date: 'Tue, 1 Jan 3609 00:00:00 +0000' }, EXPECTED[3]![1]),
    message({ id: 'no-subject', subject: null }, EXPECTED[2]![1]),
    message({ id: 'cp1252', subject: CP1252_SUBJECT }, EXPECTED[1]![1]),
    message({ id: 'no-from', subject: 'Nobody signed this', from: null }, EXPECTED[0]![1]),
  ];
  // Received an hour apart from 2 Nov 2026 08:00 UTC, in this order.
  await servers.appendMany(alice.username, 'INBOX', raws.map((raw, i) => ({ raw, internalDate: new Date(Date.UTC(2026, 10, 2, 8 + i)) })));
});

test.afterAll(async () => {
  await host?.stop();
  await servers?.stop();
});

test('messages with missing, future or undecodable headers are listed, sorted by arrival, and open', async ({ page }) => {
  await page.setViewportSize(SCREEN_SIZES[1]);
  host = await startHost({ dataDir: makeDataDir() });
  await page.goto(`${host.url}#/mail`);
  await addTestAccount(page, alice, servers);
  const rows = page.getByTestId('message-row');
  await expect(rows).toHaveCount(EXPECTED.length, { timeout: 60_000 });
  await page.getByRole('button', { name: 'Dismiss' }).click();

  for (const [i, [subject]] of EXPECTED.entries()) await expect(rows.nth(i)).toContainText(subject);
  await expect(rows.first()).toContainText('Unknown sender');
  await expect(page.getByTestId('message-list')).not.toContainText('\ufffd');

  for (const [subject, body] of EXPECTED) {
    await rows.filter({ hasText: subject }).click();
    const view = page.getByTestId('message-view');
    await expect(view).toContainText(subject);
    await expect(view).toContainText(body);
  }
  await rows.filter({ hasText: EXPECTED[0]![0] }).click();
  await screenshotsAtSizes(page, 'never-hide-headers');
});
