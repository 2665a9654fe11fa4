/**
 * The settings page's "Trusted image senders": a sender trusted from the reading pane
 * ("Always show images from …") is listed there, and removing it there blocks its
 * images in the reader again and takes it out of main's settings. Empty, it says how
 * a sender gets there.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { DEFAULT_USERS, startMailServers, type MailServers } from '../support/mail-servers';
import { makeDataDir, startHost, type RunningHost } from '../support/host';
import { addTestAccount } from '../support/account-form';
import { screenshotsAtSizes } from '../support/screenshots';

const alice = DEFAULT_USERS[0]!;
const SENDER = 'deals@store.example';

let servers: MailServers;
let host: RunningHost | null = null;

test.beforeAll(async () => {
  servers = await startMailServers();
  // The image's address is a documentation one: never fetched (not public), only its blocking matters here.
  await servers.deliver(
    alice.username,
    [
      `From: "Store" <${SENDER}>`,
      'To: support@example.test',
      'Subject: Weekend deals',
      `Date: ${new Date(Date.UTC(2026, 10, 20, 9)).toUTCString()}`,
      'Message-ID: <deals@store.example>',
      'MIME-Version: 1.0',
      'Content-Type: text/html; charset=utf-8',
      '',
      '<h1>Weekend deals</h1><img src="http://192.0.2.10/banner.png" width="600" height="200" alt="banner"><p>Everything half price.</p>',
      '',
    ].join('\r\n'),
  );
});

test.afterAll(async () => {
  await host?.stop();
  await servers?.stop();
});

const section = (page: Page) => page.getByRole('region', { name: 'Trusted image senders' });

async function openDeals(page: Page) {
  await page.getByTestId('message-row').filter({ hasText: 'Weekend deals' }).click();
  await expect(page.getByTestId('message-view')).toContainText('Weekend deals');
}

test('trusted image senders: listed in settings after "Always show images", removed there, blocked again in the reader', async ({ page }) => {
  await page.setViewportSize({ width: 1400, height: 900 });
  host = await startHost({ dataDir: makeDataDir() });

  await page.goto(`${host.url}#/mail`);
  await addTestAccount(page, alice, servers);
  await expect(page.getByTestId('message-row')).toHaveCount(1, { timeout: 60_000 });
  // The connection test's toast would cover the list in the screenshots.
  await page.getByRole('button', { name: 'Dismiss' }).click();

  // Empty at first, saying how a sender gets on the list.
  await page.goto(`${host.url}#/settings`);
  await expect(section(page).getByTestId('trusted-image-senders-empty')).toContainText('No trusted senders yet');
  await expect(section(page)).toContainText('choose “Always show images from …”');
  await screenshotsAtSizes(page, 'trusted-image-senders-1-empty', { atSize: () => section(page).scrollIntoViewIfNeeded() });

  // Trusted from the reading pane.
  await page.goto(`${host.url}#/mail`);
  await expect(page.getByTestId('message-row')).toHaveCount(1, { timeout: 30_000 });
  await openDeals(page);
  await page.getByTestId('always-show-images').click();
  await expect(page.getByTestId('remote-images-shown')).toContainText(`Images from ${SENDER} are always shown.`);

  // Listed in settings, with a Remove button named for the sender.
  await page.goto(`${host.url}#/settings`);
  await expect(section(page).getByTestId('trusted-image-sender')).toHaveText([`${SENDER}Remove`]);
  const remove = section(page).getByRole('button', { name: `Remove ${SENDER}` });
  await expect(remove).toBeVisible();
  await screenshotsAtSizes(page, 'trusted-image-senders-2-listed', { atSize: () => section(page).scrollIntoViewIfNeeded() });

  // Removed: the list is empty again, and so is main's setting.
  await remove.click();
  await expect(section(page).getByTestId('trusted-image-senders-empty')).toBeVisible();
  await expect(section(page).getByTestId('trusted-image-sender')).toHaveCount(0);
  const settings = JSON.parse(fs.readFileSync(path.join(host.dataDir, 'settings.json'), 'utf8')) as Record<string, unknown>;
  expect(settings['mail.trustedImageSenders']).toEqual([]);

  // The reader blocks the sender's images again.
  await page.goto(`${host.url}#/mail`);
  await expect(page.getByTestId('message-row')).toHaveCount(1, { timeout: 30_000 });
  await openDeals(page);
  await expect(page.getByTestId('remote-images-blocked')).toContainText('Remote images blocked (1)');
  await expect(page.getByTestId('always-show-images')).toBeVisible();
});
