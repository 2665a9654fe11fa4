/**
 * The first slice end to end: Chromium drives the browser host, which runs the
 * real services against a real Dovecot and Postfix. Screenshots go to
 * test-results/screenshots/ for people to look at.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { DEFAULT_USERS, startMailServers, type MailServers } from '../support/mail-servers';
import { hostileHtmlMessage, plainMessage, subjectFor } from '../support/fixtures';
import { makeDataDir, startHost, type RunningHost } from '../support/host';
import { fillTestAccount } from '../support/account-form';

const SHOTS = path.resolve(__dirname, '../../test-results/screenshots');
const alice = DEFAULT_USERS[0]!;
const SEEDED = 40;

let servers: MailServers;
let tracker: http.Server;
let trackerHits = 0;
let trackerUrl = '';
const hosts: RunningHost[] = [];

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  // A local "remote image" server: any request to it means the reader leaked a load.
  tracker = http.createServer((_req, res) => {
    trackerHits += 1;
    res.writeHead(200, { 'Content-Type': 'image/gif' }).end();
  });
  await new Promise<void>((resolve) => tracker.listen(0, '127.0.0.1', resolve));
  const address = tracker.address();
  trackerUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/pixel.gif`;

  servers = await startMailServers();
  await servers.deliverMany(alice.username, Array.from({ length: SEEDED }, (_, i) => plainMessage(i)));
  await servers.deliver(alice.username, hostileHtmlMessage(trackerUrl, { date: new Date(Date.UTC(2026, 10, 20)) }));
});

test.afterAll(async () => {
  for (const host of hosts) await host.stop();
  await servers?.stop();
  tracker?.close();
});

async function openHost(page: Page, dataDir: string): Promise<RunningHost> {
  const host = await startHost({ dataDir });
  hosts.push(host);
  await page.goto(`${host.url}#/mail`);
  return host;
}


const dataDir = makeDataDir();

test('add an account against Dovecot, see the inbox, open messages safely', async ({ page }) => {
  await openHost(page, dataDir);
  await expect(page.getByTestId('empty-state').first()).toBeVisible();
  await page.screenshot({ path: path.join(SHOTS, '01-empty.png') });

  await page.getByTestId('add-account-button').first().click();
  await fillTestAccount(page, alice, servers);
  await page.getByTestId('test-connection').click();
  const steps = page.getByTestId('connection-steps');
  await expect(steps).toContainText('INBOX');
  await expect(steps).not.toContainText('✗');
  await page.screenshot({ path: path.join(SHOTS, '02-account-form-tested.png') });

  await page.getByTestId('save-account').click();
  await expect(page.getByTestId('account-form')).toBeHidden();
  await expect(page.getByTestId('account-item')).toContainText('Support');

  // Newest first: the HTML newsletter (Nov 2026), then the plain messages by date.
  // (The connection test mail sent after saving is not imported.)
  const rows = page.getByTestId('message-row');
  await expect(rows.first()).toContainText('Spring sale');
  await expect(rows.nth(1)).toContainText(subjectFor(SEEDED - 1));
  await expect(page.getByTestId('folder-item').first()).toContainText(String(SEEDED + 1));
  await page.screenshot({ path: path.join(SHOTS, '03-inbox.png') });

  // A plain message reads as text.
  await rows.nth(1).click();
  await expect(page.getByTestId('message-subject')).toHaveText(subjectFor(SEEDED - 1));
  await expect(page.getByTestId('message-view')).toContainText('Hello');

  // The hostile HTML message: content shows, scripts and handlers never run, the remote image never loads.
  await rows.first().click();
  const frame = page.frameLocator('[data-testid="email-frame"]');
  await expect(frame.locator('#headline')).toHaveText('Spring sale');
  // The handler is gone, so the click runs nothing (the frame's scripts ran, if at all, while it loaded).
  await expect(frame.locator('p').first()).not.toHaveAttribute('onclick');
  await frame.locator('p').first().click();
  expect(await page.evaluate(() => document.body.dataset.pwned ?? null)).toBeNull();
  expect(await page.locator('[data-testid="email-frame"]').getAttribute('sandbox')).not.toContain('allow-scripts');
  expect(await frame.locator('script').count()).toBe(0);
  // The tracker stays in the layout with no source at all, the banner counts it, and its server saw nothing.
  await expect(frame.locator('#tracker')).toHaveCount(1);
  await expect(frame.locator('#tracker')).not.toHaveAttribute('src');
  await expect(page.getByTestId('remote-images-blocked')).toContainText('Remote images blocked (1).');
  expect(trackerHits).toBe(0);
  await page.screenshot({ path: path.join(SHOTS, '04-html-message.png') });

  // The password went to the secret store only: it appears nowhere in the data directory.
  for (const file of fs.readdirSync(dataDir, { recursive: true }) as string[]) {
    const full = path.join(dataDir, file);
    if (fs.statSync(full).isFile()) expect(fs.readFileSync(full).includes(alice.password), file).toBe(false);
  }
});

test('restart with the servers gone: the cached inbox is still there, marked offline', async ({ page }) => {
  for (const host of hosts.splice(0)) await host.stop();
  await servers.stop();

  await openHost(page, dataDir);
  const rows = page.getByTestId('message-row');
  await expect(rows.first()).toContainText('Spring sale');
  await expect(page.getByTestId('offline-indicator')).toBeVisible();
  await rows.nth(2).click();
  await expect(page.getByTestId('message-subject')).toHaveText(subjectFor(SEEDED - 2));
  await expect(page.getByTestId('message-view')).toContainText(`the parcel for order ${10_000 + SEEDED - 2}`);
  await page.screenshot({ path: path.join(SHOTS, '05-offline.png') });
});
