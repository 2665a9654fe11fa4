/**
 * Setup that guesses: the account form looks up the servers from the address (a real
 * DNS server and an HTTPS autoconfig server on 127.0.0.1, the host pointed at them), offers
 * them as one-click suggestions that pass the connection test against the test Dovecot and
 * Postfix, and a failed test offers a one-click fix that works.
 */
import { expect, test, type Page } from '@playwright/test';
import { autoconfigXml, startAutoconfigServer, startDnsServer, type AutoconfigServer, type DnsServer } from '../support/discovery-servers';
import { fillAccountForm } from '../support/account-form';
import { makeDataDir, startHost, type RunningHost } from '../support/host';
import { DEFAULT_USERS, startMailServers, type MailServers } from '../support/mail-servers';
import { screenshotsAtSizes } from '../support/screenshots';

const [alice] = DEFAULT_USERS as [(typeof DEFAULT_USERS)[0]];

let servers: MailServers;
let dnsServer: DnsServer;
let autoconfig: AutoconfigServer;
let host: RunningHost;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  servers = await startMailServers();
  dnsServer = await startDnsServer(['address=/example.test/127.0.0.1']);
  // The test servers' certificate names localhost; the file points there, as a provider's names its own hosts.
  autoconfig = await startAutoconfigServer({
    'autoconfig.example.test/mail/config-v1.1.xml': autoconfigXml({
      domain: 'example.test',
      imap: { host: 'localhost', port: servers.imapsPort, socketType: 'SSL' },
      smtp: { host: 'localhost', port: servers.submissionPort, socketType: 'STARTTLS' },
    }),
  });
  host = await startHost({ dataDir: makeDataDir(), args: ['--dns-server', dnsServer.address, '--autoconfig-port', String(autoconfig.port)] });
});

test.afterAll(async () => {
  await host?.stop();
  await autoconfig?.stop();
  await dnsServer?.stop();
  await servers?.stop();
});

async function openManualForm(page: Page) {
  await page.goto(`${host.url}#/settings`);
  await expect(page.getByTestId('settings-page')).toBeVisible();
  await page.getByTestId('add-account-button').first().click();
  await page.getByTestId('provider-choice-manual').click();
  return page.getByTestId('account-form');
}

async function screenshotsAt(page: Page, name: string, scrollTo: string) {
  await screenshotsAtSizes(page, name, { atSize: () => page.getByTestId(scrollTo).evaluate((el) => el.scrollIntoView({ block: 'center' })) });
}

test('the servers found for the address are one click away, and they pass the connection test', async ({ page }) => {
  const form = await openManualForm(page);
  await form.locator('[name="name"]').fill('Customer Support');
  // The key is a value the form saves, not a placeholder.
  await expect(form.locator('[name="key"]')).toHaveValue('CS');
  await form.locator('[name="email"]').fill(alice.email);
  await form.locator('[name="password"]').fill(alice.password);

  const lookup = form.getByTestId('server-lookup');
  await expect(lookup).toHaveAttribute('data-state', 'found');
  await expect(lookup.locator('[data-step="autoconfig"]')).toContainText('Looking up autoconfig.example.test… found');
  await expect(lookup.locator('[data-step="srv"]')).toHaveAttribute('data-outcome', 'skipped');
  // Nothing is filled in behind the admin's back: the server fields stay empty until a suggestion is used.
  await expect(form.locator('[name="imap.host"]')).toHaveValue('');
  await expect(form.locator('[name="imap.host"]')).not.toHaveAttribute('placeholder');
  const imap = form.getByTestId('imap-suggestion-0');
  const smtp = form.getByTestId('smtp-suggestion-0');
  await expect(imap).toHaveText(`Use localhostport ${servers.imapsPort} · SSL/TLS`);
  await expect(smtp).toHaveText(`Use localhostport ${servers.submissionPort} · STARTTLS`);
  await expect(form.getByTestId('lookup-summary')).toContainText('Servers found for example.test.');
  await screenshotsAt(page, '60-setup-suggestions', 'lookup-summary');
  await screenshotsAt(page, '62-setup-lookup-steps', 'server-lookup');

  // One click beside the address takes the best of both; the buttons in the server sections show them in use.
  await form.getByTestId('use-found-servers').click();
  await expect(form.getByTestId('use-found-servers')).toHaveCount(0);
  await expect(smtp).toHaveAttribute('aria-pressed', 'true');
  await expect(form.locator('[name="imap.host"]')).toHaveValue('localhost');
  await expect(form.locator('[name="imap.port"]')).toHaveValue(String(servers.imapsPort));
  await expect(form.locator('[name="smtp.port"]')).toHaveValue(String(servers.submissionPort));
  await expect(form.locator('[name="smtp.security"]')).toHaveValue('starttls');
  await expect(imap).toHaveAttribute('aria-pressed', 'true');

  await page.getByTestId('test-connection').click();
  await expect(page.getByTestId('connection-steps')).toHaveAttribute('data-result', 'ok');
  await page.getByTestId('save-account').click();
  // The key shown is the key saved.
  await expect(page.getByTestId('account-row').filter({ hasText: alice.email })).toContainText('CS');
});

test('a failed test offers a one-click fix, and the fix passes', async ({ page }) => {
  const form = await openManualForm(page);
  // The classic mistake: SSL/TLS on the submission port, which speaks STARTTLS.
  await fillAccountForm(page, {
    name: 'Support EMEA',
    email: 'bob@example.test',
    password: 'bob-pass-1',
    imap: { port: servers.imapsPort, security: 'tls' },
    smtp: { port: servers.submissionPort, security: 'tls' },
  });
  await page.getByTestId('test-connection').click();
  const steps = page.getByTestId('connection-steps');
  await expect(steps).toHaveAttribute('data-result', 'fail');
  const fix = form.getByTestId('connection-fix').filter({ hasText: `Switch to STARTTLS on ${servers.submissionPort}` });
  await expect(fix).toBeVisible();
  await screenshotsAt(page, '61-setup-failed-fix', 'connection-fixes');
  await expect(steps.locator('[data-server="smtp"]').getByTestId('connection-fixes')).toBeVisible();

  await fix.click();
  await expect(steps).toHaveAttribute('data-result', 'ok');
  await expect(form.locator('[name="smtp.security"]')).toHaveValue('starttls');
  await expect(form.locator('[name="smtp.port"]')).toHaveValue(String(servers.submissionPort));
  await expect(form.getByTestId('connection-fixes')).toHaveCount(0);
});

test('a preset asks only for what it needs; the rest is under More settings', async ({ page }) => {
  await page.goto(`${host.url}#/settings`);
  await page.getByTestId('add-account-button').first().click();
  await page.getByTestId('provider-choice-preset').click();
  await page.getByTestId('preset-select').selectOption('fastmail');
  const form = page.getByTestId('account-form');
  await expect(form.locator('[name="password"]')).toBeVisible();
  await expect(form.locator('[name="imap.host"]')).toBeHidden();
  await expect(form.getByTestId('more-settings')).not.toHaveAttribute('open');
  // The section nav opens it.
  await form.getByTestId('form-nav').getByRole('button', { name: 'Import', exact: true }).click();
  await expect(form.getByTestId('more-settings')).toHaveAttribute('open');
  await expect(form.locator('[name="imap.host"]')).toHaveValue('imap.fastmail.com');
  await expect(form.getByLabel('All existing mail and new mail')).toBeChecked();
});
