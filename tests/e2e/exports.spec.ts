/**
 * Exports end to end: one agent in a browser host on a Dovecot mailbox. The interactions
 * list exports as CSV (the dialog says how many rows and columns, the byte-order mark is
 * an option) and a CSV parser reads the file back cell for cell: quotes, commas, a line
 * break (in a tag), non-ASCII and a defused formula. A ticket exports from its pane as a zip whose
 * .eml files are byte for byte the server's copies, with its notes.
 *
 * Screenshots (test-results/screenshots/exports-*.png) are for people to look at.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { expect, test, type Page } from '@playwright/test';
import { fillTestAccount } from '../support/account-form';
import { makeDataDir, startHost, type RunningHost } from '../support/host';
import { DEFAULT_USERS, startMailServers, type MailServers } from '../support/mail-servers';
import { copiesOf } from '../support/server-inbox';
import { unzip } from '../support/unzip';

const SHOTS = path.resolve(__dirname, '../../test-results/screenshots');
const mailbox = DEFAULT_USERS[0]!;
const CRLF = '\r\n';

let servers: MailServers;
let host: RunningHost;
let page: Page;

test.describe.configure({ mode: 'serial' });

const encoded = (text: string) => `=?UTF-8?B?${Buffer.from(text).toString('base64')}?=`;

function customerMail(options: { id: string; subject: string; from: string; inReplyTo?: string; body?: string }): string {
  return [
    `From: ${options.from}`,
    `To: ${mailbox.email}`,
    `Subject: ${options.subject}`,
    `Date: ${new Date().toUTCString()}`,
    `Message-ID: <${options.id}@customers.example>`,
    ...(options.inReplyTo ? [`In-Reply-To: <${options.inReplyTo}@customers.example>`, `References: <${options.inReplyTo}@customers.example>`] : []),
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    options.body ?? 'Hello, could you help me with this?',
    '',
  ].join(CRLF);
}

/** The finished export's file, from the path the exports corner shows. */
async function exportedFile(kind: 'csv' | 'zip'): Promise<string> {
  const job = page.locator(`[data-testid="export-job"][data-kind="${kind}"]`).last();
  await expect(job).toHaveAttribute('data-state', 'done');
  const file = (await job.getByTestId('export-path').textContent()) ?? '';
  expect(file.startsWith(path.join(host.dataDir, 'exports'))).toBe(true);
  return file;
}

test.beforeAll(async ({ browser }) => {
  fs.mkdirSync(SHOTS, { recursive: true });
  servers = await startMailServers();
  await servers.deliver(mailbox.username, customerMail({ id: 'quote-1', subject: 'Refund "order 42", item 3, please', from: `${encoded('Zoë Müller-日本')} <zoe@customers.example>`, body: 'Grüße aus Köln.' }));
  await servers.deliver(mailbox.username, customerMail({ id: 'quote-2', subject: 'Re: Refund "order 42", item 3, please', from: 'Zoe <zoe@customers.example>', inReplyTo: 'quote-1' }));
  await servers.deliver(mailbox.username, customerMail({ id: 'formula-1', subject: '=HYPERLINK("http://evil.example","click")', from: 'mallory@customers.example' }));

  host = await startHost({ dataDir: makeDataDir('mailroom-exports-') });
  page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  await page.goto(host.url);
  await page.getByTestId('add-account-button').first().click();
  await fillTestAccount(page, mailbox, servers);
  await page.getByTestId('save-account').click();
  await expect(page.getByTestId('account-form')).toBeHidden();
});

test.afterAll(async () => {
  await host?.stop();
  await servers?.stop();
});

test('the interactions list exports as CSV that a parser reads back cell for cell', async () => {
  await page.getByTestId('workspace-interactions').click();
  await expect(page.getByTestId('interaction-row')).toHaveCount(2);
  // Subjects and names come unfolded, one line; a tag is the agent's own text and may hold a line break.
  await page.evaluate(async () => {
    const { items } = await window.mailroom.listTickets({ filter: { text: 'HYPERLINK' }, offset: 0, limit: 5 });
    const ticket = items[0];
    if (!ticket) throw new Error('no ticket');
    await window.mailroom.ticketAction({ accountId: ticket.accountId, ticket: ticket.key, action: { type: 'tags', add: ['needs\nreview', 'billing, urgent'] } });
  });
  await page.getByTestId('interactions-export-csv').click();
  const dialog = page.getByTestId('export-csv-dialog');
  // The visible columns are exported: Disposition and Read are hidden until the agent shows them.
  await expect(dialog.getByTestId('export-csv-summary')).toHaveText('2 rows · 11 columns');
  await dialog.getByLabel('Add a byte-order mark (for Excel)').check();
  await page.screenshot({ path: path.join(SHOTS, 'exports-csv-dialog.png') });
  await dialog.getByTestId('export-csv-dialog-submit').click();
  await expect(dialog).toBeHidden();

  const file = await exportedFile('csv');
  await page.screenshot({ path: path.join(SHOTS, 'exports-csv-done.png') });
  const bytes = fs.readFileSync(file);
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const rows = parse(bytes, { bom: true }) as string[][];
  const header = rows[0] ?? [];
  expect(header).toEqual(['Date', 'Account', 'Ticket', 'Customer', 'Subject', 'Status', 'Assignee', 'Queue', 'Tags', 'Last activity', 'Messages']);
  const bySubject = new Map(rows.slice(1).map((r) => [r[4], r]));
  const refund = bySubject.get('Refund "order 42", item 3, please');
  expect(refund?.[3]).toBe('Zoë Müller-日本 <zoe@customers.example>');
  expect(refund?.[10]).toBe('2');
  expect(refund?.[0]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/);
  const formula = bySubject.get(`'=HYPERLINK("http://evil.example","click")`);
  expect(formula?.[8]).toBe('needs\nreview, billing, urgent');
});

test('a ticket exports from its pane as a zip of the server\'s exact messages and its notes', async () => {
  await page.getByTestId('workspace-tickets').click();
  await page.getByRole('button', { name: 'All tickets' }).click();
  await page.getByTestId('ticket-row').filter({ hasText: 'Refund "order 42"' }).first().click();
  await expect(page.getByTestId('ticket-subject')).toHaveText('Refund "order 42", item 3, please');
  await page.getByTestId('note-input').fill('Refund approved by phone.');
  await page.getByTestId('note-submit').click();
  await expect(page.getByTestId('ticket-timeline')).toContainText('Refund approved by phone.');

  await page.getByTestId('action-export').click();
  const dialog = page.getByTestId('export-zip-dialog');
  await expect(dialog).toBeVisible();
  await page.screenshot({ path: path.join(SHOTS, 'exports-zip-dialog.png') });
  await dialog.getByTestId('export-zip-dialog-submit').click();
  await expect(dialog).toBeHidden();

  const file = await exportedFile('zip');
  await page.screenshot({ path: path.join(SHOTS, 'exports-zip-done.png') });
  const entries = await unzip(file);
  const emls = [...entries].filter(([name]) => name.endsWith('.eml'));
  expect(emls).toHaveLength(2);
  for (const [id, [, content]] of [['<quote-1@customers.example>', emls[0]!], ['<quote-2@customers.example>', emls[1]!]] as const) {
    const [server] = await copiesOf(servers, mailbox, id);
    expect(server && content.equals(server)).toBe(true);
  }
  const notes = [...entries].find(([name]) => name.endsWith('/notes.txt'))?.[1].toString('utf8') ?? '';
  expect(notes).toContain('Refund approved by phone.');
});
