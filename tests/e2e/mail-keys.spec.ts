/**
 * Acting on the open message in Mail by keyboard, in Chromium through the browser host with
 * a real Dovecot (issue 15, "Keyboard and focus"): e archives and # deletes (checked on the
 * server over IMAP) and the next message opens, as in Gmail; r, a and f open the composer
 * with the right recipients; ? lists them. And the folder list keeps one order while the
 * first sync adds the folders' roles ("the folder order does not reshuffle").
 *
 * Screenshots (test-results/screenshots/mail-keys-*.png) are for people to look at.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { fillAccountForm } from '../support/account-form';
import { plainMessage, sender, subjectFor } from '../support/fixtures';
import { makeDataDir, startHost, type RunningHost } from '../support/host';
import { startImapGate, nthMatch, type ImapGate } from '../support/imap-gate';
import { DEFAULT_USERS, startMailServers, type MailServers } from '../support/mail-servers';
import { serverMessageIdCounts } from '../support/server-inbox';

const SHOTS = path.resolve(__dirname, '../../test-results/screenshots');
const support = DEFAULT_USERS[0]!;
const SEEDED = 6;
const TEAM_SUBJECT = 'Team lunch on Friday';
const COLLEAGUE = 'mia@colleagues.example';
const MANAGER = 'noah@colleagues.example';
const CUSTOMER = 'olga@customers.example';

let servers: MailServers;
let gate: ImapGate;
let host: RunningHost;
let page: Page;

test.describe.configure({ mode: 'serial' });

/** The newest message: from a customer to support and a colleague, a manager in Cc. */
function teamMail(): string {
  return [
    `From: "Olga Petrova" <${CUSTOMER}>`,
    `To: ${support.email}, ${COLLEAGUE}`,
    `Cc: ${MANAGER}`,
    `Subject: ${TEAM_SUBJECT}`,
    `Date: ${new Date(Date.UTC(2026, 5, 1)).toUTCString()}`,
    'Message-ID: <team-lunch@customers.example>',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Shall we book the usual place?',
    '',
  ].join('\r\n');
}

const rows = () => page.getByTestId('message-row');
const row = (i: number) => rows().filter({ hasText: sender(i).name });
const subjectShown = () => page.getByTestId('message-subject');
const composer = () => page.getByTestId('composer');
const chips = (field: 'to' | 'cc') => composer().getByTestId(`compose-${field}`).getByTestId('recipient-chip');

/** Whether the fixture's message is in the server folder (Message-ID count). */
async function onServer(i: number, mailbox: string): Promise<number> {
  return (await serverMessageIdCounts(servers, support, mailbox)).get(`<fixture-${i}@customers.example>`) ?? 0;
}

test.beforeAll(async ({ browser }) => {
  fs.mkdirSync(SHOTS, { recursive: true });
  servers = await startMailServers();
  await servers.deliverMany(support.username, Array.from({ length: SEEDED }, (_, i) => plainMessage(i, { to: support.email })));
  await servers.deliver(support.username, teamMail());
  // Plain IMAP through a gate that can hold one command, so the first sync can be stopped mid-way.
  gate = await startImapGate(servers.imapPort);
  host = await startHost({ dataDir: makeDataDir('mailroom-mail-acts-') });
  page = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
  // Every order the folder list ever shows, from the first folder on.
  await page.addInitScript(() => {
    const seen: string[][] = [];
    (window as unknown as { folderOrders: string[][] }).folderOrders = seen;
    new MutationObserver(() => {
      const order = [...document.querySelectorAll('[data-testid="folder-item"]')].map((el) => el.getAttribute('data-path') ?? '');
      const last = seen[seen.length - 1];
      if (order.length > 0 && order.join('\n') !== last?.join('\n')) seen.push(order);
    }).observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-path'] });
  });
  await page.goto(`${host.url}#/mail`);
  await page.getByTestId('add-account-button').first().click();
  await fillAccountForm(page, {
    name: 'Support',
    email: support.email,
    password: support.password,
    imap: { port: gate.port, security: 'none' },
    smtp: { port: servers.submissionPort, security: 'starttls' },
  });
  // The sync's own folder listing (the second full LIST, after the connection test's) waits at
  // the gate: meanwhile the folder list shows only what adding the account stored.
  gate.holdAt(nthMatch(/ LIST "" "\*"/, 2));
  await page.getByTestId('save-account').click();
  await expect(page.getByTestId('account-form')).toBeHidden();
  await expect.poll(() => gate.tripped(), { timeout: 30_000 }).not.toBeNull();
  await expect.poll(() => page.getByTestId('folder-item').count(), { timeout: 30_000 }).toBeGreaterThanOrEqual(6);
  gate.release();
  await expect(rows().first()).toContainText(TEAM_SUBJECT);
  await expect(rows()).toHaveCount(SEEDED + 1);
});

test.afterAll(async () => {
  await host?.stop();
  await gate?.close();
  await servers?.stop();
});

test('the folder list never reorders while the first sync adds the folders', async () => {
  const final = await page.getByTestId('folder-item').evaluateAll((els) => els.map((el) => el.getAttribute('data-path') ?? ''));
  expect(final.slice(0, 6)).toEqual(['INBOX', 'Drafts', 'Sent', 'Archive', 'Junk', 'Trash']);
  const orders = await page.evaluate(() => (window as unknown as { folderOrders: string[][] }).folderOrders);
  expect(orders.length).toBeGreaterThan(0);
  // Each order shown is the final one, less the folders not there yet.
  for (const order of orders) expect(order).toEqual(final.filter((p) => order.includes(p)));
});

test('r, a and f open the composer with the right recipients', async () => {
  await rows().filter({ hasText: TEAM_SUBJECT }).click();
  await expect(subjectShown()).toHaveText(TEAM_SUBJECT);

  await page.keyboard.press('r');
  await expect(composer()).toBeVisible();
  await expect(chips('to')).toHaveCount(1);
  await expect(chips('to').first()).toHaveAttribute('data-address', CUSTOMER);
  await expect(composer().getByTestId('compose-subject')).toHaveValue(new RegExp(`^Re: .*${TEAM_SUBJECT}$`));
  await composer().getByTestId('compose-discard').click();
  await expect(composer()).toBeHidden();

  // Reply all: the sender, and the others in Cc; never support itself.
  await page.keyboard.press('a');
  await expect(composer()).toBeVisible();
  await expect(chips('to')).toHaveCount(1);
  await expect(chips('to').first()).toHaveAttribute('data-address', CUSTOMER);
  await expect(chips('cc')).toHaveCount(2);
  expect(await chips('cc').evaluateAll((els) => els.map((el) => el.getAttribute('data-address')))).toEqual([COLLEAGUE, MANAGER]);
  await composer().getByTestId('compose-discard').click();
  await expect(composer()).toBeHidden();

  await page.keyboard.press('f');
  await expect(composer()).toBeVisible();
  await expect(chips('to')).toHaveCount(0);
  await expect(composer().getByTestId('compose-subject')).toHaveValue(new RegExp(`^Fwd: .*${TEAM_SUBJECT}$`));
  await composer().getByTestId('compose-discard').click();
  await expect(composer()).toBeHidden();
});

test('e archives the open message on the server and opens the next one', async () => {
  await row(4).click();
  await expect(subjectShown()).toHaveText(subjectFor(4));
  await page.keyboard.press('e');
  await expect(subjectShown()).toHaveText(subjectFor(3));
  await expect(row(4)).toHaveCount(0);
  await expect(rows()).toHaveCount(SEEDED);
  await expect.poll(() => onServer(4, 'Archive')).toBe(1);
  expect(await onServer(4, 'INBOX')).toBe(0);
});

test('# moves the open message to Trash on the server and opens the next one', async () => {
  await expect(subjectShown()).toHaveText(subjectFor(3));
  await page.keyboard.press('#');
  await expect(subjectShown()).toHaveText(subjectFor(2));
  await expect(row(3)).toHaveCount(0);
  await expect.poll(() => onServer(3, 'Trash')).toBe(1);
  expect(await onServer(3, 'INBOX')).toBe(0);
  // The oldest message has no next one: the previous one opens.
  await row(0).click();
  await expect(subjectShown()).toHaveText(subjectFor(0));
  await page.keyboard.press('#');
  await expect(subjectShown()).toHaveText(subjectFor(1));
  await expect.poll(() => onServer(0, 'Trash')).toBe(1);
  // The cache follows the server: a sync after the moves does not bring them back.
  await expect(rows()).toHaveCount(SEEDED - 2);
});

test('? lists e and # with the other Mail keys', async () => {
  await page.keyboard.press('?');
  const help = page.getByTestId('shortcuts-help');
  await expect(help).toBeVisible();
  await expect(help.getByTestId('shortcut-row').filter({ hasText: 'Archive the message' })).toContainText('E');
  await expect(help.getByTestId('shortcut-row').filter({ hasText: 'Delete the message' })).toContainText('#');
  for (const text of ['Reply', 'Reply all', 'Forward', 'Close the message']) await expect(help.getByTestId('shortcut-row').filter({ hasText: text }).first()).toBeVisible();
  await page.screenshot({ path: path.join(SHOTS, 'mail-keys-help-1400.png') });
  await page.keyboard.press('Escape');
  await expect(help).toBeHidden();
});
