/**
 * Contacts end to end: one agent in a browser host on a Dovecot mailbox. Two customers
 * write in (Maria twice, John once); Contacts lists both with their ticket counts,
 * the search narrows to Maria, and choosing her shows her two tickets in Tickets under
 * a "Customer: Maria Garcia" chip that lifts the filter. The ticket pane's "All tickets
 * of …" does the same, and a new customer mail updates the open Contacts list.
 *
 * Screenshots (test-results/screenshots/contacts-*.png) are for people to look at.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { fillTestAccount } from '../support/account-form';
import { makeDataDir, startHost, type RunningHost } from '../support/host';
import { DEFAULT_USERS, startMailServers, type MailServers } from '../support/mail-servers';

const SHOTS = path.resolve(__dirname, '../../test-results/screenshots');
const mailbox = DEFAULT_USERS[0]!;
const MARIA = '"Maria Garcia" <maria@customers.example>';
const JOHN = '"John Smith" <john@customers.example>';

let servers: MailServers;
let host: RunningHost;
let page: Page;

test.describe.configure({ mode: 'serial' });

function customerMail(options: { id: string; subject: string; from: string }): string {
  return [
    `From: ${options.from}`,
    `To: ${mailbox.email}`,
    `Subject: ${options.subject}`,
    `Date: ${new Date().toUTCString()}`,
    `Message-ID: <${options.id}@customers.example>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Hello, could you help me with this?',
    '',
  ].join('\r\n');
}

function ticketRows() {
  return page.getByTestId('ticket-row');
}

function contactRow(address: string) {
  return page.locator(`[data-testid="contact-row"][data-address="${address}"]`);
}

test.beforeAll(async ({ browser }) => {
  fs.mkdirSync(SHOTS, { recursive: true });
  servers = await startMailServers();
  host = await startHost({ dataDir: makeDataDir('mailroom-contacts-'), agent: null });
  page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  await page.goto(host.url);

  // First start asks the agent's profile before anything else.
  await expect(page.getByTestId('profile-dialog')).toBeVisible();
  await page.getByTestId('profile-name').fill('Ana Lima');
  await page.getByTestId('profile-save').click();
  await expect(page.getByTestId('profile-dialog')).toBeHidden();

  await page.getByTestId('add-account-button').first().click();
  await fillTestAccount(page, mailbox, servers);
  await page.getByTestId('save-account').click();
  await expect(page.getByTestId('account-form')).toBeHidden();
  await expect(page.getByTestId('workspace-tickets')).toHaveAttribute('aria-current', 'page');
});

test.afterAll(async () => {
  await host?.stop();
  await servers?.stop();
});

test('Contacts lists who wrote in; a contact shows all their tickets under a removable chip', async () => {
  // Separate conversations (no In-Reply-To): Maria has two tickets, John one.
  await servers.deliver(mailbox.username, customerMail({ id: 'maria-1', subject: 'Where is my parcel?', from: MARIA }));
  await servers.deliver(mailbox.username, customerMail({ id: 'maria-2', subject: 'Invoice address wrong', from: MARIA }));
  await servers.deliver(mailbox.username, customerMail({ id: 'john-1', subject: 'Cancel my subscription', from: JOHN }));
  await page.getByTestId('view-all').click();
  await expect(ticketRows()).toHaveCount(3);

  await page.getByRole('button', { name: 'Contacts', exact: true }).click();
  await expect(page.getByTestId('workspace-contacts')).toHaveAttribute('aria-current', 'page');
  await expect(page.getByTestId('contact-row')).toHaveCount(2);
  await expect(page.getByTestId('contact-count')).toHaveText('2 contacts');
  await expect(contactRow('maria@customers.example')).toContainText('Maria Garcia');
  await expect(contactRow('maria@customers.example').getByTestId('contact-ticket-count')).toHaveText('2 tickets');
  await expect(contactRow('john@customers.example').getByTestId('contact-ticket-count')).toHaveText('1 ticket');
  await page.screenshot({ path: path.join(SHOTS, 'contacts-01.png') });

  // The search narrows by name; a search that finds nobody says what to do.
  await page.getByRole('searchbox', { name: 'Search contacts' }).fill('nobody-like-this');
  await expect(page.getByTestId('empty-state')).toHaveAttribute('data-kind', 'no-contact-match');
  await page.getByRole('searchbox', { name: 'Search contacts' }).fill('garcia');
  await expect(page.getByTestId('contact-row')).toHaveCount(1);
  await expect(page.getByTestId('contact-row')).toHaveAttribute('data-address', 'maria@customers.example');

  // Keyboard: from the search box past its clear button to the contact; Enter opens her tickets.
  await page.getByRole('searchbox', { name: 'Search contacts' }).focus();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Clear search' })).toBeFocused();
  await page.keyboard.press('Tab');
  // The account is named by its key, which the account form saves from the name ("Support" → SUP).
  await expect(page.getByRole('button', { name: /^Maria Garcia, maria@customers\.example: 2 tickets in SUP\. Show all tickets$/ })).toBeFocused();
  await page.keyboard.press('Enter');

  await expect(page.getByTestId('workspace-tickets')).toHaveAttribute('aria-current', 'page');
  await expect(page.getByTestId('customer-chip')).toHaveText('Customer: Maria Garcia');
  await expect(ticketRows()).toHaveCount(2);
  await expect(ticketRows().filter({ hasText: 'Where is my parcel?' })).toHaveCount(1);
  await expect(ticketRows().filter({ hasText: 'Invoice address wrong' })).toHaveCount(1);
  await expect(ticketRows().filter({ hasText: 'Cancel my subscription' })).toHaveCount(0);
  await page.screenshot({ path: path.join(SHOTS, 'contacts-02-tickets.png') });

  await page.getByRole('button', { name: 'Remove the customer filter: Maria Garcia' }).click();
  await expect(page.getByTestId('customer-chip')).toHaveCount(0);
  await expect(ticketRows()).toHaveCount(3);
});

test("the ticket pane's customer link narrows the list the same way", async () => {
  await ticketRows().filter({ hasText: 'Cancel my subscription' }).click();
  await expect(page.getByTestId('ticket-subject')).toHaveText('Cancel my subscription');
  await page.screenshot({ path: path.join(SHOTS, 'contacts-03-ticket-pane.png') });
  await page.getByRole('button', { name: 'All tickets of John Smith' }).click();
  await expect(page.getByTestId('customer-chip')).toHaveText('Customer: John Smith');
  await expect(ticketRows()).toHaveCount(1);
  await expect(ticketRows()).toContainText('Cancel my subscription');
  await page.getByRole('button', { name: 'Remove the customer filter: John Smith' }).click();
  await expect(ticketRows()).toHaveCount(3);
});

test('an open Contacts list follows new customer mail', async () => {
  await page.getByTestId('workspace-contacts').click();
  // The search typed earlier stays: clear it to see everyone again.
  await page.getByRole('button', { name: 'Clear search' }).click();
  await expect(contactRow('john@customers.example').getByTestId('contact-ticket-count')).toHaveText('1 ticket');
  await servers.deliver(mailbox.username, customerMail({ id: 'john-2', subject: 'Change my plan', from: JOHN }));
  await expect(contactRow('john@customers.example').getByTestId('contact-ticket-count')).toHaveText('2 tickets');
});
