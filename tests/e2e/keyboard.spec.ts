/**
 * The keyboard end to end, in Chromium through the browser host with a real Dovecot:
 * the command palette (Ctrl+K) drives a reply, ? lists every shortcut, j/Enter open a
 * ticket and # deletes it after a confirmation that says which kind of deletion.
 *
 * Screenshots (test-results/screenshots/keyboard-*.png) are for people to look at.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { fillTestAccount } from '../support/account-form';
import { makeDataDir, startHost, type RunningHost } from '../support/host';
import { DEFAULT_USERS, startMailServers, type MailServers } from '../support/mail-servers';

const SHOTS = path.resolve(__dirname, '../../test-results/screenshots');
const support = DEFAULT_USERS[0]!;

let servers: MailServers;
let host: RunningHost;
let page: Page;

test.describe.configure({ mode: 'serial' });

function customerMail(id: string, subject: string, from: string): string {
  return [
    `From: ${from}`,
    `To: ${support.email}`,
    `Subject: ${subject}`,
    `Date: ${new Date().toUTCString()}`,
    `Message-ID: <${id}@customers.example>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Hello, could you help me with this?',
    '',
  ].join('\r\n');
}

const ticketRow = (subject: string) => page.getByTestId('ticket-row').filter({ hasText: subject });

test.beforeAll(async ({ browser }) => {
  fs.mkdirSync(SHOTS, { recursive: true });
  servers = await startMailServers();
  host = await startHost({ dataDir: makeDataDir('mailroom-keyboard-') });
  page = await (await browser.newContext({ viewport: { width: 1280, height: 860 } })).newPage();
  await page.goto(host.url);
  await page.getByTestId('add-account-button').first().click();
  await fillTestAccount(page, support, servers);
  await page.getByTestId('save-account').click();
  await expect(page.getByTestId('account-form')).toBeHidden();
  // Paused: routing offers nothing, so R and A answer instead of accepting an offer.
  await page.getByTestId('status-paused').click();
  await servers.deliver(support.username, customerMail('kettle-1', 'The kettle arrived cracked', '"Bob Customer" <bob@customers.example>'));
  await servers.deliver(support.username, customerMail('printer-1', 'Printer on fire', '"Maria Garcia" <maria@customers.example>'));
});

test.afterAll(async () => {
  await host?.stop();
  await servers?.stop();
});

test('the command palette lists every action with its shortcut and drives a reply', async () => {
  // g i: the inbox, every open ticket.
  await page.keyboard.press('g');
  await page.keyboard.press('i');
  await expect(page.getByTestId('ticket-view-title')).toHaveText('All tickets');
  await expect(ticketRow('The kettle arrived cracked')).toHaveCount(1);
  await ticketRow('The kettle arrived cracked').click();
  await expect(page.getByTestId('ticket-subject')).toHaveText('The kettle arrived cracked');
  // The row keeps the focus after the click; the palette opens from anywhere.
  await page.keyboard.press('Control+k');
  const palette = page.getByTestId('command-palette');
  await expect(palette).toBeVisible();
  await expect(page.getByTestId('palette-input')).toBeFocused();
  // Every action that applies to the open ticket, each with its key.
  await expect(palette.getByTestId('palette-compose.reply')).toContainText('R');
  await expect(palette.getByTestId('palette-ticket.delete')).toContainText('#');
  await expect(palette.getByTestId('palette-ticket.close')).toContainText('E');
  await expect(palette.getByTestId('palette-go.view.all')).toContainText('G');
  await expect(palette.getByTestId('palette-ticket.export')).toBeVisible();
  // The agent is paused, so "Pause" is not offered, "Go online" is.
  await expect(palette.getByTestId('palette-app.pause')).toHaveCount(0);
  await expect(palette.getByTestId('palette-app.online')).toBeVisible();
  await page.screenshot({ path: path.join(SHOTS, 'keyboard-palette.png') });

  await page.keyboard.type('reply');
  await expect(palette.locator('[cmdk-item][data-selected="true"]')).toHaveText(/^Reply/);
  await page.screenshot({ path: path.join(SHOTS, 'keyboard-palette-reply.png') });
  await page.keyboard.press('Enter');
  await expect(palette).toBeHidden();
  const composer = page.getByTestId('composer');
  await expect(composer).toBeVisible();
  await expect(composer.getByTestId('recipient-chip')).toHaveAttribute('data-address', 'bob@customers.example');
  await expect(composer.getByTestId('compose-subject')).toHaveValue(/^Re: \[#\w+-\d+\] The kettle arrived cracked$/);
  await composer.getByTestId('compose-discard').click();
  await expect(composer).toBeHidden();
});

test('? lists the shortcuts of every workspace', async () => {
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('?');
  const help = page.getByTestId('shortcuts-help');
  await expect(help).toBeVisible();
  for (const text of ['Next in the list', 'Reply', 'Close (asks for a disposition', 'Delete the ticket', 'Take the ticket', 'Search', 'Inbox: all tickets', 'Mark read or unread', 'Command palette', 'Keyboard shortcuts']) {
    await expect(help.getByTestId('shortcut-row').filter({ hasText: text }).first()).toBeVisible();
  }
  // Every command with a key (28 when this was written), Tickets, Mail and the go-to keys alike.
  expect(await help.getByTestId('shortcut-row').count()).toBeGreaterThanOrEqual(28);
  await page.screenshot({ path: path.join(SHOTS, 'keyboard-help.png') });
  await page.keyboard.press('Escape');
  await expect(help).toBeHidden();
});

test('# deletes the open ticket after a confirmation that says which kind of deletion', async () => {
  await page.keyboard.press('g');
  await page.keyboard.press('i');
  // j/Enter through the registry: the newest ticket is first.
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('j');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('ticket-subject')).toHaveText('Printer on fire');

  // Escape cancels: nothing is deleted.
  await page.keyboard.press('#');
  const dialog = page.getByTestId('delete-ticket-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('Printer on fire');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(ticketRow('Printer on fire')).toHaveCount(1);

  await page.keyboard.press('#');
  await expect(dialog).toBeVisible();
  const submit = dialog.getByTestId('delete-ticket-dialog-submit');
  await expect(dialog.getByLabel('From Mailroom only')).toBeChecked();
  await expect(submit).toHaveText('Delete from Mailroom');
  await dialog.getByLabel('Also from the server').check();
  await expect(submit).toHaveText('Delete from Mailroom and the server');
  await expect(dialog).toContainText('moved to the Trash folder on the server, then erased');
  await page.screenshot({ path: path.join(SHOTS, 'keyboard-delete-confirm.png') });
  await dialog.getByLabel('From Mailroom only').check();
  await submit.click();
  await expect(dialog).toBeHidden();
  await expect(ticketRow('Printer on fire')).toHaveCount(0);
  await expect(ticketRow('The kettle arrived cracked')).toHaveCount(1);
  await expect(page.getByTestId('ticket-subject')).toHaveCount(0);
});
