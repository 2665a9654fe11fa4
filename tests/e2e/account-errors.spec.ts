/**
 * What the admin sees when connecting goes wrong: field validation that names
 * the fix, and a rejected password explained in plain words with nothing saved.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { DEFAULT_USERS, startMailServers, type MailServers } from '../support/mail-servers';
import { makeDataDir, startHost, type RunningHost } from '../support/host';
import { fillAccountForm } from '../support/account-form';

const SHOTS = path.resolve(__dirname, '../../test-results/screenshots');
const alice = DEFAULT_USERS[0]!;
const WRONG_PASSWORD = 'Wr0ng-Passw0rd-For-Grep';

let servers: MailServers;
let host: RunningHost;
const dataDir = makeDataDir();

test.beforeAll(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  servers = await startMailServers();
  host = await startHost({ dataDir });
});

test.afterAll(async () => {
  await host?.stop();
  await servers?.stop();
});

test('every field says what is wrong and how to fix it', async ({ page }) => {
  await page.goto(host.url);
  await page.getByTestId('add-account-button').first().click();
  const form = page.getByTestId('account-form');
  await form.locator('[name="email"]').fill('support-at-example');
  await form.locator('[name="imap.host"]').fill('imap://mail.example.com');
  await form.locator('[name="imap.port"]').fill('70000');
  await page.getByTestId('save-account').click();

  await expect(form).toContainText('Give the account a name');
  await expect(form).toContainText('Enter a full address like support@example.com.');
  await expect(form).toContainText('without "imap://"');
  await expect(form).toContainText('Enter a port number from 1 to 65535.');
  await expect(form).toContainText('Enter the password');
  await page.screenshot({ path: path.join(SHOTS, '10-validation.png') });
});

test('a wrong password is explained and nothing is saved', async ({ page }) => {
  await page.goto(host.url);
  await page.getByTestId('add-account-button').first().click();
  const form = page.getByTestId('account-form');
  await fillAccountForm(page, {
    name: 'Support',
    email: alice.email,
    password: WRONG_PASSWORD,
    imap: { port: servers.imapsPort, security: 'tls' },
    smtp: { port: servers.smtpsPort, security: 'tls' },
  });

  await page.getByTestId('test-connection').click();
  const steps = page.getByTestId('connection-steps');
  await expect(steps).toContainText('IMAP server rejected the username or password');
  await expect(steps).toContainText('SMTP server rejected the username or password');
  await expect(steps).toContainText(/app password/);
  await page.screenshot({ path: path.join(SHOTS, '11-wrong-password.png') });

  await page.getByTestId('save-account').click();
  await expect(page.getByTestId('form-error')).toContainText('rejected the username or password');
  await expect(form).toBeVisible();
  expect(await page.evaluate(() => window.mailroom.listAccounts({}))).toEqual([]);

  // The typed password must not be anywhere in the data directory.
  for (const file of fs.readdirSync(dataDir, { recursive: true }) as string[]) {
    const full = path.join(dataDir, file);
    if (fs.statSync(full).isFile()) expect(fs.readFileSync(full).includes(WRONG_PASSWORD), file).toBe(false);
  }
});
