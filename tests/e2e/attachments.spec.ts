/**
 * Attachments in the reading pane (issue 15), in Chromium through the browser host
 * against Dovecot: a message with a PNG, a text file in Windows-1252, a PDF, an SVG and
 * a forwarded message (message/rfc822, no file name). The image and the text preview in
 * a dialog Escape closes; the SVG offers no preview; Save and Open download the exact
 * bytes under a safe name (the host has no desktop to hand files to); the forwarded
 * message reads in place. Screenshots go to test-results/screenshots/attachments-*.png.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import { expect, test, type Download, type Page } from '@playwright/test';
import { fillTestAccount } from '../support/account-form';
import { makeDataDir, startHost, type RunningHost } from '../support/host';
import { startMailServers, type MailServers, type TestUser } from '../support/mail-servers';
import { INLINE_PNG_BLUE } from '../support/real-world-mail';
import { screenshotsAtSizes } from '../support/screenshots';

const user: TestUser = { username: 'files@example.test', password: 'pass-files-1', email: 'files@example.test' };

const SUBJECT = 'Documents for the printer claim';
const FORWARDED_SUBJECT = 'Original question about the printer';
const FORWARDED_BODY = 'The printer on floor 3 prints every page twice.';
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n' +
    '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 100]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);
// "Café crème, 3 × 2" in Windows-1252 (not UTF-8): the preview must not show replacement characters.
const NOTES = Buffer.concat([Buffer.from('Claim notes\n'), Buffer.from('Café crème, 3 × 2\n', 'latin1')]);
const SVG = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>');
const HIDDEN = Buffer.from('not a dot file once saved\n');

const sha256 = (bytes: Buffer) => crypto.createHash('sha256').update(bytes).digest('hex');

function base64Lines(bytes: Buffer): string {
  return (bytes.toString('base64').match(/.{1,76}/g) ?? []).join('\r\n');
}

function part(type: string, filename: string, bytes: Buffer): string {
  return [`Content-Type: ${type}; name="${filename}"`, `Content-Disposition: attachment; filename="${filename}"`, 'Content-Transfer-Encoding: base64', '', base64Lines(bytes)].join('\r\n');
}

function seedMessage(): string {
  const forwarded = [
    'From: Ana Lopez <ana@customers.example>',
    'To: support@example.test',
    `Subject: ${FORWARDED_SUBJECT}`,
    'Date: Mon, 2 Mar 2026 10:00:00 +0000',
    'Content-Type: text/plain; charset=utf-8',
    '',
    FORWARDED_BODY,
  ].join('\r\n');
  const parts = [
    ['Content-Type: text/plain; charset=utf-8', '', 'Here are the documents, and the customer’s first mail below.'].join('\r\n'),
    part('image/png', 'photo.png', Buffer.from(INLINE_PNG_BLUE, 'base64')),
    part('text/plain', 'notes.txt', NOTES),
    part('application/pdf', 'report.pdf', PDF),
    part('image/svg+xml', 'logo.svg', SVG),
    part('application/octet-stream', '../../.profile', HIDDEN),
    ['Content-Type: message/rfc822', '', forwarded].join('\r\n'),
  ];
  return [
    'From: Bo Chen <bo@customers.example>',
    `To: ${user.email}`,
    `Subject: ${SUBJECT}`,
    `Date: ${new Date(Date.UTC(2026, 2, 3, 9)).toUTCString()}`,
    'Message-ID: <attachments-1@customers.example>',
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="=-files-="',
    '',
    ...parts.flatMap((p) => ['--=-files-=', p]),
    '--=-files-=--',
    '',
  ].join('\r\n');
}

const BIG_SUBJECT = 'Fwd: the whole night log';
const BIG_INNER_SUBJECT = 'Night log of the print server';
const BIG_FIRST_LINE = 'line 000000: spooler started';

/** A forward of a 10 MB message: more than the parser reads in place with its message, so it is read when shown. */
function bigForward(): string {
  const lines = Array.from({ length: 300_000 }, (_, i) => `line ${String(i).padStart(6, '0')}: ${i === 0 ? 'spooler started' : 'job printed, 2 pages'}`);
  const inner = [`From: Print Server <print@customers.example>`, `Subject: ${BIG_INNER_SUBJECT}`, 'Content-Type: text/plain; charset=utf-8', '', ...lines].join('\r\n');
  return [
    'From: Bo Chen <bo@customers.example>',
    `To: ${user.email}`,
    `Subject: ${BIG_SUBJECT}`,
    `Date: ${new Date(Date.UTC(2026, 2, 2, 9)).toUTCString()}`,
    'Message-ID: <attachments-2@customers.example>',
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="=-big-="',
    '',
    '--=-big-=',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'The log you asked for.',
    '--=-big-=',
    'Content-Type: message/rfc822',
    '',
    inner,
    '--=-big-=--',
    '',
  ].join('\r\n');
}

let servers: MailServers;
let host: RunningHost | undefined;

test.describe.configure({ mode: 'serial' });
test.use({ viewport: { width: 1400, height: 900 }, acceptDownloads: true });

test.beforeAll(async () => {
  servers = await startMailServers({ users: [user] });
  await servers.appendMany(user.username, 'INBOX', [seedMessage(), bigForward()]);
});

test.afterAll(async () => {
  await host?.stop();
  await servers?.stop();
});

async function downloaded(page: Page, click: () => Promise<void>): Promise<{ download: Download; bytes: Buffer }> {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  const file = await download.path();
  return { download, bytes: fs.readFileSync(file) };
}

test('attachments preview, save and open; a forwarded message reads in place', async ({ page }) => {
  test.setTimeout(180_000);
  host = await startHost({ dataDir: makeDataDir() });
  await page.goto(`${host.url}#/mail`);
  await page.getByTestId('add-account-button').first().click();
  await fillTestAccount(page, user, servers);
  await page.getByTestId('save-account').click();

  const row = page.getByTestId('message-row').filter({ hasText: SUBJECT });
  await expect(row).toHaveCount(1);
  // The paperclip has a name for screen readers, not only a picture.
  await expect(row.getByText('Has attachments')).toHaveCount(1);
  await row.click();
  await expect(page.getByTestId('message-loading')).toHaveCount(0);
  const list = page.getByRole('region', { name: 'Attachments' }).first();
  await expect(list.getByTestId('attachment')).toHaveCount(5);
  await screenshotsAtSizes(page, 'attachments-1-list');

  // The image: decoded in the page from bytes over the bridge, in a dialog Escape closes.
  await page.getByRole('button', { name: 'Preview photo.png' }).click();
  const imageDialog = page.getByRole('dialog', { name: 'Preview of photo.png' });
  const image = imageDialog.getByTestId('attachment-preview-image');
  await expect(image).toBeVisible();
  await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(160);
  expect(await image.getAttribute('src')).toMatch(/^data:image\/png;base64,/);
  await screenshotsAtSizes(page, 'attachments-2-image-preview');
  await page.keyboard.press('Escape');
  await expect(imageDialog).toHaveCount(0);

  // The text: its charset guessed, shown in a <pre>.
  await page.getByRole('button', { name: 'Preview notes.txt' }).click();
  const textDialog = page.getByRole('dialog', { name: 'Preview of notes.txt' });
  await expect(textDialog.getByTestId('attachment-preview-text')).toHaveText('Claim notes\nCafé crème, 3 × 2\n');
  await expect(textDialog).toContainText('Read as Windows-1252');
  await screenshotsAtSizes(page, 'attachments-3-text-preview');
  await page.keyboard.press('Escape');
  await expect(textDialog).toHaveCount(0);

  // SVG can carry scripts: saved or opened, never drawn in the page.
  await expect(page.getByRole('button', { name: 'Preview logo.svg' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Save logo.svg' })).toBeVisible();
  // No preview for a PDF either: the page's policy allows no blob: frame, so it opens in the system's app.
  await expect(page.getByRole('button', { name: 'Preview report.pdf' })).toHaveCount(0);

  // Save and Open: the host has no desktop, so both download the exact bytes.
  const saved = await downloaded(page, () => page.getByRole('button', { name: 'Save report.pdf' }).click());
  expect(saved.download.suggestedFilename()).toBe('report.pdf');
  expect(sha256(saved.bytes)).toBe(sha256(PDF));
  const opened = await downloaded(page, () => page.getByRole('button', { name: 'Open report.pdf' }).click());
  expect(sha256(opened.bytes)).toBe(sha256(PDF));

  // A name with folders and a leading dot is shown as sent, and saved as one plain file.
  const hidden = await downloaded(page, () => page.getByRole('button', { name: 'Save ../../.profile' }).click());
  expect(hidden.download.suggestedFilename()).toBe('profile');
  expect(hidden.bytes.equals(HIDDEN)).toBe(true);

  // The forwarded message: read in place, not a nameless chip; saved whole as .eml.
  const forwarded = page.getByTestId('attached-message');
  await expect(forwarded).toContainText(FORWARDED_SUBJECT);
  await expect(forwarded).toContainText(FORWARDED_BODY);
  await expect(forwarded).toContainText('Ana Lopez');
  await forwarded.scrollIntoViewIfNeeded();
  await screenshotsAtSizes(page, 'attachments-4-forwarded');
  const eml = await downloaded(page, () => forwarded.getByRole('button', { name: `Save ${FORWARDED_SUBJECT}.eml` }).click());
  expect(eml.download.suggestedFilename()).toBe(`${FORWARDED_SUBJECT}.eml`);
  expect(eml.bytes.toString('utf8')).toContain(FORWARDED_BODY);

  // A forwarded message too big to read with its message is read from the cache when shown.
  await page.getByTestId('message-row').filter({ hasText: BIG_SUBJECT }).click();
  await expect(page.getByTestId('message-loading')).toHaveCount(0, { timeout: 60_000 });
  const big = page.getByTestId('attached-message');
  await expect(big).toContainText(BIG_INNER_SUBJECT);
  await expect(big).toContainText(BIG_FIRST_LINE);
  await expect(page.getByTestId('attachment')).toHaveCount(0);
  await expect(big.getByRole('button', { name: 'Save Attached message.eml' })).toBeVisible();
  await screenshotsAtSizes(page, 'attachments-5-big-forwarded');
});
