/**
 * The admin's settings window in the browser host (#/settings), against real
 * Dovecot + Postfix: add, preset, validation, certificates, edit, copy, delete.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { DEFAULT_USERS, startMailServers, type MailServers } from '../support/mail-servers';
import { makeDataDir, startHost, type RunningHost } from '../support/host';
import { fillTestAccount } from '../support/account-form';

const SHOTS = path.resolve(__dirname, '../../test-results/screenshots');
const [alice, bob] = DEFAULT_USERS as [(typeof DEFAULT_USERS)[0], (typeof DEFAULT_USERS)[0]];

let servers: MailServers;
/** Servers whose certificate nobody trusts (a fresh self-signed one each). */
let untrusted: MailServers;
let otherUntrusted: MailServers;
let host: RunningHost;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  servers = await startMailServers();
  untrusted = await startMailServers({ tls: 'generate' });
  otherUntrusted = await startMailServers({ tls: 'generate' });
  host = await startHost({ dataDir: makeDataDir() });
});

test.afterAll(async () => {
  await host?.stop();
  for (const s of [servers, untrusted, otherUntrusted]) await s?.stop();
});

async function openSettings(page: Page) {
  await page.goto(`${host.url}#/settings`);
  await expect(page.getByTestId('settings-page')).toBeVisible();
}

test('add a manual account from settings; the test email arrives', async ({ page }) => {
  await openSettings(page);
  await page.screenshot({ path: path.join(SHOTS, '20-settings-empty.png') });
  await page.getByTestId('add-account-button').first().click();
  await page.getByTestId('provider-choice-manual').click();
  await fillTestAccount(page, alice, servers);
  await page.locator('[name="key"]').fill('SUP');
  await page.getByTestId('test-connection').click();
  await expect(page.getByTestId('connection-steps')).toHaveAttribute('data-result', 'ok');
  await page.screenshot({ path: path.join(SHOTS, '21-settings-tested.png') });
  await page.getByTestId('save-account').click();

  const row = page.getByTestId('account-row').filter({ hasText: alice.email });
  await expect(row).toContainText('SUP');
  await expect(page.getByTestId('test-mail-result')).toContainText(/arrived/i, { timeout: 60_000 });
  await page.screenshot({ path: path.join(SHOTS, '22-settings-list.png') });
});

test('presets fill the servers; every field explains its error', async ({ page }) => {
  await openSettings(page);
  await page.getByTestId('add-account-button').first().click();
  await page.getByTestId('provider-choice-preset').click();
  await page.getByTestId('preset-select').selectOption('fastmail');
  const form = page.getByTestId('account-form');
  // The servers are filled in and wait under "More settings" with the rest.
  await form.getByTestId('more-settings').locator('summary').click();
  await expect(form.locator('[name="imap.host"]')).toHaveValue('imap.fastmail.com');
  await expect(form.locator('[name="smtp.host"]')).toHaveValue('smtp.fastmail.com');

  await form.locator('[name="key"]').fill('TOOLONG');
  await form.locator('[name="email"]').fill('not-an-address');
  await form.locator('[name="imap.port"]').fill('0');
  await form.locator('[name="smtp.host"]').fill('smtp example com');
  await page.getByTestId('save-account').click();
  await expect(form).toContainText('Use at most 5 characters for the key');
  await expect(form).toContainText('Enter a full address like support@example.com.');
  await expect(form).toContainText('Enter a port number from 1 to 65535.');
  await expect(form).toContainText('Give the account a name');
  await expect(form).toContainText('Enter the password');
  await page.screenshot({ path: path.join(SHOTS, '23-settings-validation.png') });
});

test('the Sending section: limits explained, and the note for providers that file sent mail themselves', async ({ page }) => {
  await openSettings(page);
  await page.getByTestId('add-account-button').first().click();
  await page.getByTestId('provider-choice-preset').click();
  await page.getByTestId('preset-select').selectOption('gmail');
  const form = page.getByTestId('account-form');
  await page.getByTestId('form-nav').getByRole('button', { name: 'Sending', exact: true }).click();
  const note = form.getByTestId('provider-files-sent');
  await expect(note).toHaveText('Gmail files sent mail itself: Mailroom does not add a copy to Sent.');

  await form.locator('[name="sending.maxMessageMb"]').fill('0');
  await form.locator('[name="sending.maxMessageMb"]').blur();
  await expect(form).toContainText('Allow at least 1 MB.');
  await form.locator('[name="sending.undoSeconds"]').fill('45');
  await form.locator('[name="sending.undoSeconds"]').blur();
  await expect(form).toContainText('Use 0 to 30 seconds.');
  const sentCopy = (value: string) => form.locator(`input[name="sending.sentCopy"][value="${value}"]`);
  await sentCopy('always').check();
  await expect(note).toContainText('with “Always”, every reply shows twice in Sent.');
  await form.getByLabel('Ticket status after a reply').selectOption('closed');
  await form.locator('[name="sending.maxMessageMb"]').fill('20');
  await form.locator('[name="sending.maxMessageMb"]').blur();
  await expect(page.getByTestId('form-nav').locator('[data-section="sending"]')).toContainText('1');
  await form.locator('section[data-section="sending"]').screenshot({ path: path.join(SHOTS, '28-settings-sending.png') });

  // The identity preview fills every variable with sample values (the reply assembly main uses).
  await form.locator('[name="name"]').fill('Support');
  await form.locator('[name="identity.greeting"]').fill('Hello {{customer.name}},');
  await form.locator('[name="identity.signature"]').fill('Kind regards,\n{{agent.name}}\n{{agent.phone}}');
  const preview = page.getByTestId('identity-preview').frameLocator('iframe');
  await expect(preview.locator('body')).toContainText('Hello Jamie Customer,');
  await expect(preview.locator('body')).toContainText('Alex Morgan');
  await form.locator('section[data-section="identity"]').screenshot({ path: path.join(SHOTS, '29-settings-identity-preview.png') });

  await sentCopy('never').check();
  await expect(note).toBeHidden();
  await form.locator('[name="smtp.host"]').fill('smtp.example.com');
  await sentCopy('auto').check();
  await expect(note).toBeHidden();
});

test('an unreachable server is explained', async ({ page }) => {
  await openSettings(page);
  await page.getByTestId('add-account-button').first().click();
  await page.getByTestId('provider-choice-manual').click();
  await fillTestAccount(page, bob, servers);
  await page.locator('[name="imap.port"]').fill('1');
  await page.getByTestId('test-connection').click();
  await expect(page.getByTestId('connection-steps')).toContainText('Nothing accepted the connection at 127.0.0.1:1');
});

test('an untrusted certificate is refused, accepted by fingerprint, and a different one refused again', async ({ page }) => {
  await openSettings(page);
  await page.getByTestId('add-account-button').first().click();
  await page.getByTestId('provider-choice-manual').click();
  await fillTestAccount(page, bob, untrusted, 'Sales');
  await page.getByTestId('test-connection').click();
  const steps = page.getByTestId('connection-steps');
  await expect(steps).toContainText('not signed by an authority');
  await expect(steps).toContainText(untrusted.certFingerprint256);
  await page.screenshot({ path: path.join(SHOTS, '24-untrusted-certificate.png') });
  // One certificate serves IMAP and SMTP here: trusting it once passes both steps, with nothing left to trust.
  await page.getByTestId('trust-certificate').first().click();
  await expect(steps).toHaveAttribute('data-result', 'ok');
  await expect(steps).toContainText(/SMTP/);
  await expect(page.getByTestId('trust-certificate')).toHaveCount(0);
  await page.getByTestId('save-account').click();
  const row = page.getByTestId('account-row').filter({ hasText: bob.email });
  await expect(row).toBeVisible();

  // Point the account at a server with another certificate: refused again.
  await row.getByTestId('account-edit').click();
  const form = page.getByTestId('account-form');
  await form.locator('[name="imap.port"]').fill(String(otherUntrusted.imapsPort));
  await page.getByTestId('test-connection').click();
  await expect(page.getByTestId('connection-steps')).toContainText('different certificate');
  await expect(page.getByTestId('connection-steps')).toContainText(otherUntrusted.certFingerprint256);
  await page.screenshot({ path: path.join(SHOTS, '26-changed-certificate.png') });
  await page.keyboard.press('Escape');
  await page.getByTestId('discard-confirm').click();
  await expect(page.getByTestId('account-editor')).toBeHidden();
});

test('closing the form over unsaved changes asks first; without changes it just closes', async ({ page }) => {
  await openSettings(page);
  const editor = page.getByTestId('account-editor');
  const discard = page.getByTestId('discard-dialog');
  const form = page.getByTestId('account-form');

  // Nothing typed: Escape closes at once.
  await page.getByTestId('add-account-button').first().click();
  await page.getByTestId('provider-choice-manual').click();
  await expect(form).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(editor).toBeHidden();
  await expect(discard).toBeHidden();

  // Typed, then Cancel: asked; "Keep editing" returns to the form as it was.
  await page.getByTestId('add-account-button').first().click();
  await page.getByTestId('provider-choice-manual').click();
  await form.locator('[name="name"]').fill('Half-finished');
  await form.getByRole('button', { name: 'Cancel' }).click();
  await expect(discard).toBeVisible();
  await expect(discard).toContainText('Discard changes?');
  await expect(page.getByTestId('discard-keep-editing')).toBeFocused();
  await page.screenshot({ path: path.join(SHOTS, '27-discard-changes.png') });
  await page.getByTestId('discard-keep-editing').click();
  await expect(discard).toBeHidden();
  await expect(form.locator('[name="name"]')).toHaveValue('Half-finished');

  // Escape on the question keeps editing too; Escape on the form asks again, Discard closes.
  await page.keyboard.press('Escape');
  await expect(discard).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(discard).toBeHidden();
  await expect(editor).toBeVisible();
  await editor.getByRole('button', { name: 'Close', exact: true }).click();
  await expect(discard).toBeVisible();
  await page.getByTestId('discard-confirm').click();
  await expect(editor).toBeHidden();
  await expect(discard).toBeHidden();

  // "All sign-in methods" over a typed form asks too; Discard goes back to the chooser.
  await page.getByTestId('add-account-button').first().click();
  await page.getByTestId('provider-choice-manual').click();
  await form.locator('[name="name"]').fill('Second thoughts');
  await page.getByTestId('editor-back').click();
  await expect(discard).toBeVisible();
  await page.getByTestId('discard-keep-editing').click();
  await expect(form.locator('[name="name"]')).toHaveValue('Second thoughts');
  await page.getByTestId('editor-back').click();
  await page.getByTestId('discard-confirm').click();
  await expect(page.getByTestId('provider-choice-manual')).toBeVisible();
  await expect(editor).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(editor).toBeHidden();
  await expect(discard).toBeHidden();

  // Editing: a change typed and typed back is no change; a real one is discarded, not saved.
  const row = page.getByTestId('account-row').filter({ hasText: bob.email });
  await row.getByTestId('account-edit').click();
  const name = form.locator('[name="name"]');
  const saved = await name.inputValue();
  await name.fill('Renamed');
  await name.fill(saved);
  await page.keyboard.press('Escape');
  await expect(editor).toBeHidden();
  await row.getByTestId('account-edit').click();
  await name.fill('Renamed');
  await page.keyboard.press('Escape');
  await page.getByTestId('discard-confirm').click();
  await expect(editor).toBeHidden();
  await expect(row).not.toContainText('Renamed');
  await row.getByTestId('account-edit').click();
  await expect(name).toHaveValue(saved);
  await page.keyboard.press('Escape');
  await expect(editor).toBeHidden();
});

test('edit, copy and delete with typed confirmation', async ({ page }) => {
  await openSettings(page);
  const row = page.getByTestId('account-row').filter({ hasText: alice.email });
  await row.getByTestId('account-edit').click();
  const form = page.getByTestId('account-form');
  await form.locator('[name="name"]').fill('Support Europe');
  await page.getByTestId('save-account').click();
  await expect(row).toContainText('Support Europe');

  await row.getByTestId('account-copy').click();
  await expect(form.locator('[name="name"]')).toHaveValue('Copy of Support Europe');
  await expect(form.locator('[name="email"]')).toHaveValue('');
  await expect(form.locator('[name="imap.port"]')).toHaveValue(String(servers.imapsPort));
  await page.keyboard.press('Escape');

  await row.getByTestId('account-delete').click();
  const dialog = page.getByTestId('delete-dialog');
  await expect(page.getByTestId('delete-confirm-button')).toBeDisabled();
  await page.getByTestId('delete-confirm-input').fill('wrong@example.test');
  await expect(page.getByTestId('delete-confirm-button')).toBeDisabled();
  await page.getByTestId('delete-confirm-input').fill(alice.email);
  await page.screenshot({ path: path.join(SHOTS, '25-delete-confirm.png') });
  await page.getByTestId('delete-confirm-button').click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('account-row').filter({ hasText: alice.email })).toHaveCount(0);
  expect((await page.evaluate(() => window.mailroom.listAccounts({}))).map((a) => a.email)).toEqual([bob.email]);
});
