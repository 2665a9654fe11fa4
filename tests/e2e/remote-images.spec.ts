/**
 * The reading pane and remote images, end to end through the browser host: blocked at
 * first with not one request to the sender's server, shown on "Show images" with the
 * bytes fetched by the services (never by the page), "Always show images from" kept
 * in main's settings across a reload and revocable; a wide newsletter scaled to fit
 * the pane; the search's word marked in the open message, plain and HTML. The image
 * server is on 127.0.0.1, which the services refuse unless the host's test flag allows it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { DEFAULT_USERS, startMailServers, type MailServers } from '../support/mail-servers';
import { makeDataDir, startHost, type RunningHost } from '../support/host';
import { addTestAccount } from '../support/account-form';
import { startImageServer, type ImageServer } from '../support/image-server';
import { screenshotsAtSizes } from '../support/screenshots';

const alice = DEFAULT_USERS[0]!;
const NEWS = 'news@shop.example';

let servers: MailServers;
let images: ImageServer;
let host: RunningHost | null = null;

function mail(subject: string, from: string, id: string, type: 'text/html' | 'text/plain', body: string, day: number): string {
  return [
    `From: "Shop" <${from}>`,
    'To: support@example.test',
    `Subject: ${subject}`,
    `Date: ${new Date(Date.UTC(2026, 10, day, 9)).toUTCString()}`,
    `Message-ID: <${id}@shop.example>`,
    'MIME-Version: 1.0',
    `Content-Type: ${type}; charset=utf-8`,
    '',
    body,
    '',
  ].join('\r\n');
}

/** A fixed-width newsletter as shops send them: a 900 px table, a banner image and a logo from the sender's server. */
const newsletter = (at: string, season: string) => `<!doctype html><html><body style="margin:0">
<table id="layout" width="900" cellpadding="0" cellspacing="0" style="width:900px;background:#f4f1ea"><tr><td style="padding:24px">
<h1 style="font:600 28px Georgia,serif;margin:0 0 12px">${season} collection</h1>
<img id="banner" src="${at}/pixel.png?${season}-banner" width="600" height="200" alt="${season} banner">
<p style="font-size:16px">Your parcel ships free this ${season}. Every order over 40 € ships in one parcel.</p>
<table width="852"><tr><td width="426"><img id="logo" src="${at}/pixel.png?${season}-logo" width="120" height="40" alt="logo"></td><td width="426" style="text-align:right">Shop &amp; Co</td></tr></table>
</td></tr></table></body></html>`;

/** Images a newsletter gives only in srcset (per pixel density) and as a table's background= attribute. */
const retina = (at: string) => `<!doctype html><html><body>
<table id="backdrop" background="${at}/pixel.png?backdrop" width="600"><tr><td style="padding:24px">
<h1 style="margin:0">Sharper pictures</h1>
<img id="sharp" srcset="${at}/pixel.png?sharp-1x 1x, ${at}/pixel.png?sharp-2x 2x" width="120" height="40" alt="sharp logo">
</td></tr></table></body></html>`;
/** The messages in the Inbox. */
const ROWS = 4;

test.beforeAll(async () => {
  images = await startImageServer();
  servers = await startMailServers();
  await servers.deliver(alice.username, mail('Spring newsletter', NEWS, 'spring', 'text/html', newsletter(images.origin, 'spring'), 20));
  await servers.deliver(alice.username, mail('Summer newsletter', NEWS, 'summer', 'text/html', newsletter(images.origin, 'summer'), 21));
  await servers.deliver(alice.username, mail('Retina newsletter', NEWS, 'retina', 'text/html', retina(images.origin), 19));
  await servers.deliver(alice.username, mail('Order shipped', 'orders@shop.example', 'order', 'text/plain', 'Hello,\r\n\r\nYour parcel left our warehouse today.\r\n', 22));
});

test.afterAll(async () => {
  await host?.stop();
  await servers?.stop();
  await images?.stop();
});

const frame = (page: Page) => page.frameLocator('[data-testid="email-frame"]');

async function open(page: Page, subject: string) {
  await page.getByTestId('message-row').filter({ hasText: subject }).click();
  await expect(page.getByTestId('message-view')).toContainText(subject);
  await expect(frame(page).locator('h1')).toBeVisible();
}

/** The frame's <img id> is decoded and has pixels. */
const naturalWidth = (page: Page, id: string) => frame(page).locator(`#${id}`).evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth);

test('remote images: blocked, shown on request, trusted per sender; wide mail fits; search marked', async ({ page }) => {
  const browserRequests: string[] = [];
  page.on('request', (request) => {
    if (request.url().startsWith(images.origin)) browserRequests.push(request.url());
  });
  await page.setViewportSize({ width: 1024, height: 700 });
  // The image server is on 127.0.0.1: only this test flag lets the services fetch from loopback.
  host = await startHost({ dataDir: makeDataDir(), args: ['--remote-images-from-loopback'] });
  await page.goto(`${host.url}#/mail`);
  await addTestAccount(page, alice, servers);
  await expect(page.getByTestId('message-row')).toHaveCount(ROWS, { timeout: 60_000 });

  // Blocked at first: the notice offers both buttons, and the sender's server heard nothing.
  await open(page, 'Spring newsletter');
  const blocked = page.getByTestId('remote-images-blocked');
  await expect(blocked).toContainText('Remote images blocked (2)');
  await expect(page.getByTestId('always-show-images')).toHaveText(`Always show images from ${NEWS}`);
  expect(await frame(page).locator('img[src^="http"]').count()).toBe(0);
  expect(images.requests).toEqual([]);

  // The 900 px newsletter is scaled to the pane: nothing to scroll sideways.
  const frameElement = page.getByTestId('email-frame');
  const fit = await frameElement.evaluate((el: HTMLIFrameElement) => {
    const root = el.contentDocument!.documentElement;
    return { frameWidth: el.clientWidth, scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, zoom: root.style.zoom };
  });
  expect(fit.frameWidth).toBeLessThan(900);
  expect(Number(fit.zoom)).toBeLessThan(1);
  expect(fit.scrollWidth).toBeLessThanOrEqual(fit.clientWidth);
  expect(fit.scrollWidth).toBeLessThanOrEqual(fit.frameWidth);
  await screenshotsAtSizes(page, 'remote-images-1-blocked');

  // Show images: main fetches both, the frame shows their pixels, the page itself asked nothing.
  await page.getByTestId('show-images').click();
  await expect(page.getByTestId('remote-images-state')).toHaveAttribute('data-state', 'done');
  await expect(page.getByTestId('remote-images-state')).toHaveText('Images shown.');
  await expect.poll(() => naturalWidth(page, 'banner')).toBeGreaterThan(0);
  await expect.poll(() => naturalWidth(page, 'logo')).toBeGreaterThan(0);
  expect(images.requests.map((r) => r.path).sort()).toEqual(['/pixel.png?spring-banner', '/pixel.png?spring-logo']);
  for (const { headers } of images.requests) {
    expect(headers['user-agent'] ?? '').not.toMatch(/Mozilla|Chrome/);
    expect(headers.cookie).toBeUndefined();
    expect(headers.referer).toBeUndefined();
  }
  expect(await frame(page).locator('img[src^="http"]').count()).toBe(0);
  await screenshotsAtSizes(page, 'remote-images-2-shown');

  // Another message from the same sender is blocked again until the sender is trusted.
  await open(page, 'Summer newsletter');
  await expect(blocked).toBeVisible();
  expect(images.requests.some((r) => r.path.includes('summer'))).toBe(false);
  await page.getByTestId('always-show-images').click();
  await expect(page.getByTestId('remote-images-shown')).toContainText(`Images from ${NEWS} are always shown.`);
  await expect.poll(() => naturalWidth(page, 'banner')).toBeGreaterThan(0);

  // Trust lives in main's settings: after a reload, both newsletters show their images unasked.
  const settings = JSON.parse(fs.readFileSync(path.join(host.dataDir, 'settings.json'), 'utf8')) as Record<string, unknown>;
  expect(settings['mail.trustedImageSenders']).toEqual([NEWS]);
  await page.reload();
  await expect(page.getByTestId('message-row')).toHaveCount(ROWS, { timeout: 30_000 });
  await open(page, 'Spring newsletter');
  await expect(page.getByTestId('remote-images-shown')).toBeVisible();
  await expect(blocked).toHaveCount(0);
  await expect.poll(() => naturalWidth(page, 'banner')).toBeGreaterThan(0);
  await screenshotsAtSizes(page, 'remote-images-3-trusted');

  // Stop trusting: the next opening blocks them again.
  await page.getByTestId('stop-always-show-images').click();
  await expect(page.getByTestId('always-show-images')).toBeVisible();
  await open(page, 'Summer newsletter');
  await expect(blocked).toBeVisible();
  await page.setViewportSize({ width: 1024, height: 700 });

  // A search marks its word in the open message: plain text, then HTML inside the frame.
  await page.getByTestId('search-input').fill('parcel');
  await expect(page.getByTestId('search-summary')).toHaveText('3 results for “parcel”', { timeout: 30_000 });
  await page.getByTestId('message-row').filter({ hasText: 'Order shipped' }).click();
  await expect(page.getByTestId('message-text').locator('mark.search-hit')).toHaveText(['parcel']);
  await page.getByTestId('message-row').filter({ hasText: 'Spring newsletter' }).click();
  await expect(frame(page).locator('mark.mailroom-search-hit')).toHaveText(['parcel', 'parcel']);
  await screenshotsAtSizes(page, 'remote-images-4-search-marked');

  expect(browserRequests).toEqual([]);
});

test('without the test flag, an image on the reader’s own machine is refused and its server hears nothing', async ({ page }) => {
  await host?.stop();
  await page.setViewportSize({ width: 1024, height: 700 });
  host = await startHost({ dataDir: makeDataDir() });
  await page.goto(`${host.url}#/mail`);
  await addTestAccount(page, alice, servers);
  await expect(page.getByTestId('message-row')).toHaveCount(ROWS, { timeout: 60_000 });
  const heard = images.requests.length;
  await open(page, 'Spring newsletter');
  await page.getByTestId('show-images').click();
  await expect(page.getByTestId('remote-images-state')).toHaveAttribute('data-state', 'done');
  await expect(page.getByTestId('remote-images-state')).toHaveText('Images shown; 2 could not be loaded (refused: 127.0.0.1 is not a public address (loopback)).');
  expect(images.requests.length).toBe(heard);
  expect(await frame(page).locator('img[src^="data:"]').count()).toBe(0);
});

test('srcset and background= images wait for Show images like src, then show the fetched bytes', async ({ page }) => {
  await host?.stop();
  await page.setViewportSize({ width: 1400, height: 900 });
  host = await startHost({ dataDir: makeDataDir(), args: ['--remote-images-from-loopback'] });
  await page.goto(`${host.url}#/mail`);
  await addTestAccount(page, alice, servers);
  await expect(page.getByTestId('message-row')).toHaveCount(ROWS, { timeout: 60_000 });
  const asked = () => images.requests.filter((r) => /sharp|backdrop/.test(r.path)).map((r) => r.path).sort();

  await open(page, 'Retina newsletter');
  await expect(page.getByTestId('remote-images-blocked')).toContainText('Remote images blocked (2)');
  expect(asked()).toEqual([]);
  expect(await frame(page).locator('#sharp').getAttribute('srcset')).toBeNull();
  expect(await frame(page).locator('#backdrop').getAttribute('background')).toBeNull();

  await page.getByTestId('show-images').click();
  await expect(page.getByTestId('remote-images-state')).toHaveText('Images shown.');
  expect(asked()).toEqual(['/pixel.png?backdrop', '/pixel.png?sharp-1x', '/pixel.png?sharp-2x']);
  await expect.poll(() => naturalWidth(page, 'sharp')).toBeGreaterThan(0);
  expect(await frame(page).locator('#sharp').getAttribute('srcset')).toMatch(/^data:image\/png;base64,\S+ 1x, data:image\/png;base64,\S+ 2x$/);
  expect(await frame(page).locator('#backdrop').getAttribute('background')).toMatch(/^data:image\/png;base64,/);
});
