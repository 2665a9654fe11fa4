/**
 * OAuth end to end: a local OpenID Connect provider (oidc-provider), Dovecot
 * validating its tokens by introspection, Postfix taking XOAUTH2 through Dovecot,
 * and the browser host's settings page signing in through a real login page.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { DEFAULT_USERS, startMailServers, type MailServers } from '../support/mail-servers';
import { dovecotOAuthConfig, startOAuthServer, type OAuthTestServer } from '../support/oauth-server';
import { makeDataDir, startHost, type RunningHost } from '../support/host';
import { plainMessage, subjectFor } from '../support/fixtures';

const SHOTS = path.resolve(__dirname, '../../test-results/screenshots');
const [alice, bob] = DEFAULT_USERS as [(typeof DEFAULT_USERS)[0], (typeof DEFAULT_USERS)[0]];

let oauth: OAuthTestServer;
let servers: MailServers;
let host: RunningHost;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  oauth = await startOAuthServer();
  servers = await startMailServers({ dovecotExtraConfig: dovecotOAuthConfig(oauth) });
  await servers.deliverMany(alice.username, [plainMessage(1), plainMessage(2)]);
  host = await startHost({ dataDir: makeDataDir() });
});

test.afterAll(async () => {
  await host?.stop();
  await servers?.stop();
  await oauth?.stop();
});

/** Plays the person at the provider's login page that the app opened in a new tab. */
async function signInAtProvider(page: Page, user: typeof alice, start: () => Promise<void>) {
  const [popup] = await Promise.all([page.waitForEvent('popup'), start()]);
  await popup.locator('[name="username"]').fill(user.email);
  await popup.locator('[name="password"]').fill(user.password);
  await popup.getByRole('button', { name: 'Sign in' }).click();
  await expect(popup.locator('body')).toContainText('return to Mailroom');
  await popup.close();
}

async function addOAuthAccount(page: Page, user: typeof alice, name: string) {
  await page.goto(`${host.url}#/settings`);
  await page.getByTestId('add-account-button').first().click();
  await page.getByTestId('provider-choice-oauth').click();
  const form = page.getByTestId('account-form');
  await form.locator('[name="name"]').fill(name);
  await form.locator('[name="oauth.issuer"]').fill(oauth.issuer);
  await form.locator('[name="oauth.clientId"]').fill(oauth.clientId);
  await form.locator('[name="oauth.scopes"]').fill('openid email offline_access');
  for (const kind of ['imap', 'smtp'] as const) {
    await form.locator(`[name="${kind}.host"]`).fill('127.0.0.1');
    await form.locator(`[name="${kind}.security"]`).selectOption(kind === 'imap' ? 'tls' : 'starttls');
    await form.locator(`[name="${kind}.port"]`).fill(String(kind === 'imap' ? servers.imapsPort : servers.submissionPort));
  }
  await signInAtProvider(page, user, () => page.getByTestId('oauth-signin').click());
  await expect(form.locator('[name="email"]')).toHaveValue(user.email);
  await page.getByTestId('test-connection').click();
  await expect(page.getByTestId('connection-steps')).toHaveAttribute('data-result', 'ok');
  await page.screenshot({ path: path.join(SHOTS, '30-oauth-signed-in.png') });
  await page.getByTestId('save-account').click();
  await expect(page.getByTestId('account-row').filter({ hasText: user.email })).toBeVisible();
}

test('sign in with OAuth; two sign-ins make two different accounts', async ({ page }) => {
  await addOAuthAccount(page, alice, 'Support (SSO)');
  await addOAuthAccount(page, bob, 'Sales (SSO)');
  const accounts = await page.evaluate(() => window.mailroom.listAccounts({}));
  expect(accounts.map((a) => [a.kind, a.email])).toEqual([
    ['oauth', alice.email],
    ['oauth', bob.email],
  ]);
  await page.screenshot({ path: path.join(SHOTS, '31-oauth-accounts.png') });
});

test('closing the form after signing in discards that sign-in instead of keeping its tokens', async ({ page }) => {
  const sessionKeys = () =>
    Object.keys(JSON.parse(fs.readFileSync(path.join(host.dataDir, 'secrets.json'), 'utf8')) as object).filter((k) => k.startsWith('oauth-session:'));
  await page.goto(`${host.url}#/settings`);
  await page.getByTestId('add-account-button').first().click();
  await page.getByTestId('provider-choice-oauth').click();
  const form = page.getByTestId('account-form');
  await form.locator('[name="oauth.issuer"]').fill(oauth.issuer);
  await form.locator('[name="oauth.clientId"]').fill(oauth.clientId);
  await form.locator('[name="oauth.scopes"]').fill('openid email offline_access');
  await signInAtProvider(page, bob, () => page.getByTestId('oauth-signin').click());
  await expect(form.locator('[name="email"]')).toHaveValue(bob.email);
  expect(sessionKeys()).toHaveLength(1);

  await page.keyboard.press('Escape');
  await page.getByTestId('discard-confirm').click();
  await expect(page.getByTestId('account-editor')).toBeHidden();
  await expect.poll(sessionKeys).toEqual([]);
});

test('a revoked token asks for reconnect; reconnecting restores the account', async ({ page }) => {
  await page.goto(`${host.url}#/mail`);
  await expect(page.getByTestId('message-row').first()).toBeVisible();

  await oauth.revokeAll(alice.email);
  // Drop the open IMAP session so the app must sign in again with its (now revoked) token.
  await servers.doveadm(['kick', alice.username]);
  const banner = page.getByTestId('reconnect-banner');
  await expect(banner).toContainText('Support (SSO)', { timeout: 60_000 });
  await page.screenshot({ path: path.join(SHOTS, '32-reconnect-banner.png') });

  await signInAtProvider(page, alice, () => page.getByTestId('reconnect-button').click());
  await expect(banner).toBeHidden({ timeout: 60_000 });
  const status = await page.evaluate(async () => (await window.mailroom.listAccounts({})).map((a) => a.status));
  expect(status).not.toContain('needs-reconnect');
  // Sync resumed with the new grant: mail delivered now shows up.
  await servers.deliver(alice.username, plainMessage(3));
  await expect(page.getByTestId('message-row').filter({ hasText: subjectFor(3) })).toBeVisible({ timeout: 60_000 });
});
