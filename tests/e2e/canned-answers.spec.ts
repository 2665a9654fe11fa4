/**
 * Canned answers in the settings page, in the browser host against real Dovecot: the
 * empty state, creating a general answer with the rich-text editor and the variable
 * picker (an unknown variable and a taken shortcut flagged as the admin types), a
 * per-account answer, search, edit and delete with confirmation.
 *
 * Screenshots (test-results/screenshots/canned-*.png) are for people to look at.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { fillTestAccount } from '../support/account-form';
import { makeDataDir, startHost, type RunningHost } from '../support/host';
import { DEFAULT_USERS, startMailServers, type MailServers } from '../support/mail-servers';

const SHOTS = path.resolve(__dirname, '../../test-results/screenshots');
const [alice, bob] = DEFAULT_USERS as [(typeof DEFAULT_USERS)[0], (typeof DEFAULT_USERS)[0]];

let servers: MailServers;
let host: RunningHost;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  servers = await startMailServers();
  host = await startHost({ dataDir: makeDataDir() });
});

test.afterAll(async () => {
  await host?.stop();
  await servers?.stop();
});

async function addAccount(page: Page, user: typeof alice, name: string) {
  await page.getByTestId('add-account-button').first().click();
  await page.getByTestId('provider-choice-manual').click();
  await fillTestAccount(page, user, servers, name);
  await page.getByTestId('save-account').click();
  await expect(page.getByTestId('account-row').filter({ hasText: user.email })).toBeVisible();
}

test('an admin creates, finds, edits and deletes canned answers; each mistake names its fix', async ({ page }) => {
  // Two accounts to add and many steps after: more than the default two minutes on a busy machine.
  test.setTimeout(300_000);
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`${host.url}#/settings`);
  await expect(page.getByTestId('settings-page')).toBeVisible();
  await addAccount(page, alice, 'Support');
  await addAccount(page, bob, 'Sales');

  const section = page.getByTestId('canned-answers');
  await expect(section.getByTestId('canned-empty')).toContainText('No canned answers yet');
  await section.getByTestId('canned-empty').getByRole('button', { name: 'New answer' }).click();

  const editor = page.getByTestId('canned-editor');
  await expect(editor.getByRole('heading', { name: 'New canned answer' })).toBeVisible();
  // Saving an empty form names every fix.
  await editor.getByTestId('canned-save').click();
  await expect(editor).toContainText('Give the answer a title agents will search for');
  await expect(editor).toContainText('Write the answer’s text.');

  await editor.getByLabel('Title').fill('Refund: how long it takes');
  await editor.getByLabel('Shortcut (optional)').fill('Refund Time');
  await expect(editor.getByLabel('Shortcut (optional)')).toHaveValue('refund-time');
  const body = editor.getByTestId('canned-body-input');
  await body.click();
  await page.keyboard.type('Dear ');
  await editor.getByRole('button', { name: 'Insert customer name ({{customer.name}})' }).click();
  await page.keyboard.insertText(', your refund reaches you within five working days. Kind regards, {{agnet.name}}');
  // A misspelt variable is flagged as it is typed.
  await expect(editor).toContainText('{{agnet.name}} is not a variable: check the spelling');
  for (let i = 0; i < '{{agnet.name}}'.length; i += 1) await page.keyboard.press('Backspace');
  await editor.getByRole('button', { name: 'Insert agent name ({{agent.name}})' }).click();
  await expect(editor).not.toContainText('is not a variable');
  await expect(body).toContainText('Dear {{customer.name}}, your refund reaches you within five working days. Kind regards, {{agent.name}}');
  await editor.getByRole('button', { name: 'Bold (Ctrl+B)' }).click();
  await page.keyboard.type(' Thank you!');
  await page.screenshot({ path: path.join(SHOTS, 'canned-editor.png') });
  await editor.getByTestId('canned-save').click();
  await expect(editor).toBeHidden();

  const rows = section.getByTestId('canned-row');
  const refund = rows.filter({ hasText: 'Refund: how long it takes' });
  await expect(refund).toContainText('/refund-time');
  await expect(refund.getByTestId('canned-scope')).toHaveText('All accounts');
  await expect(refund).toContainText('Dear {{customer.name}}, your refund reaches you within five working days.');

  // A per-account answer: the general answer's shortcut is taken on every account.
  await section.getByTestId('canned-new').click();
  await editor.getByLabel('Title').fill('Price list');
  await editor.getByLabel('One account').check();
  // The form gave the account the key its name suggests ("Sales" → SAL).
  await editor.getByTestId('canned-account').selectOption({ label: 'Sales (SAL)' });
  await editor.getByLabel('Shortcut (optional)').fill('refund-time');
  await expect(editor).toContainText('The shortcut /refund-time is already used by “Refund: how long it takes” (a general answer)');
  await editor.getByLabel('Shortcut (optional)').fill('prices');
  await editor.getByTestId('canned-body-input').click();
  await page.keyboard.insertText('Our current prices are in the attached list.');
  await editor.getByTestId('canned-save').click();
  await expect(editor).toBeHidden();
  const prices = rows.filter({ hasText: 'Price list' });
  await expect(prices.getByTestId('canned-scope')).toHaveText('Sales');
  await expect(rows).toHaveCount(2);
  // Shared once the team logs have them.
  await expect(section.getByTestId('canned-pending')).toHaveCount(0, { timeout: 30_000 });
  await section.screenshot({ path: path.join(SHOTS, 'canned-list.png') });

  // Search: by words of the text, by shortcut; nothing found says what to do.
  const search = section.getByTestId('canned-search');
  await search.fill('working days');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('Refund: how long it takes');
  await search.fill('/prices');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('Price list');
  await search.fill('parcel');
  await expect(section.getByTestId('canned-no-match')).toContainText('No answer matches “parcel”');
  await search.press('Escape');
  await expect(rows).toHaveCount(2);

  // Edit: the title changes in the list.
  await prices.getByRole('button', { name: 'Edit Price list' }).click();
  await expect(editor.getByRole('heading', { name: 'Edit “Price list”' })).toBeVisible();
  await editor.getByLabel('Title').fill('Price list 2027');
  await editor.getByTestId('canned-save').click();
  await expect(rows.filter({ hasText: 'Price list 2027' })).toBeVisible();

  // Delete asks first; keeping it changes nothing.
  const priceRow = rows.filter({ hasText: 'Price list 2027' });
  await priceRow.getByRole('button', { name: 'Delete Price list 2027' }).click();
  const confirm = page.getByTestId('delete-canned-dialog');
  await expect(confirm).toContainText('The answer goes for every agent of Sales');
  await confirm.getByRole('button', { name: 'Keep it' }).click();
  await expect(rows).toHaveCount(2);
  await priceRow.getByRole('button', { name: 'Delete Price list 2027' }).click();
  await confirm.getByTestId('delete-canned-confirm').click();
  await expect(rows).toHaveCount(1);

  // The answers live in the team logs: a reload reads them back.
  await page.reload();
  await expect(page.getByTestId('canned-row')).toHaveCount(1);
  await expect(page.getByTestId('canned-row')).toContainText('Refund: how long it takes');
});
