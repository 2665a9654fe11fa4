/**
 * Real-world mail that used to open empty, opened in Chromium through the browser host:
 * Outlook's cid: images shown inside the sandboxed frame from the cache, bounces with
 * each recipient's status, a forwarded message's headers and text, an unknown charset's
 * notice. Screenshots go to test-results/screenshots/.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { startMailServers, type MailServers, type TestUser } from '../support/mail-servers';
import { makeDataDir, startHost, type RunningHost } from '../support/host';
import { fillTestAccount } from '../support/account-form';
import { REAL_WORLD } from '../support/real-world-mail';

const SHOTS = path.resolve(__dirname, '../../test-results/screenshots');
const user: TestUser = { username: 'realworld@example.test', password: 'pass-realworld-1', email: 'realworld@example.test' };

let servers: MailServers;
let host: RunningHost | undefined;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  servers = await startMailServers({ users: [user] });
  for (const m of REAL_WORLD) await servers.append(user.username, 'INBOX', m.raw);
});

test.afterAll(async () => {
  await host?.stop();
  await servers?.stop();
});

const subjectOf = (name: string) => REAL_WORLD.find((m) => m.name === name)!.subject;

async function open(page: Page, name: string): Promise<void> {
  await page.getByTestId('message-row').filter({ hasText: subjectOf(name) }).click();
  await expect(page.getByTestId('message-subject')).toHaveText(subjectOf(name));
  await expect(page.getByTestId('message-loading')).toHaveCount(0);
}

test('real-world mail opens with its content', async ({ page }) => {
  host = await startHost({ dataDir: makeDataDir() });
  await page.goto(`${host.url}#/mail`);
  await page.getByTestId('add-account-button').first().click();
  await fillTestAccount(page, user, servers);
  await page.getByTestId('save-account').click();
  await expect(page.getByTestId('message-row')).toHaveCount(REAL_WORLD.length);

  // Every request from here on: an inline image must not be one of them.
  const requests: string[] = [];
  page.on('request', (request) => requests.push(request.url()));

  await open(page, 'outlook-inline-images');
  const frame = page.frameLocator('[data-testid="email-frame"]');
  const images = frame.locator('img[src^="data:image/png;base64,"]');
  await expect(images).toHaveCount(2);
  for (const img of await images.all()) {
    await expect.poll(() => img.evaluate((el) => (el as HTMLImageElement).complete && (el as HTMLImageElement).naturalWidth)).toBe(160);
  }
  // The remote logo beside them stays blocked.
  await expect(frame.locator('img[alt="Contoso"]')).not.toHaveAttribute('src', /./);
  await expect(page.getByTestId('remote-images-blocked')).toContainText('Remote images blocked (1)');
  await expect(page.getByRole('region', { name: 'Attachments' })).toHaveCount(0);
  expect(requests.filter((url) => !url.startsWith('data:'))).toEqual([]);
  await page.screenshot({ path: path.join(SHOTS, 'real-world-1-outlook-inline-images.png') });

  await open(page, 'exchange-ndr');
  await expect(frame.locator('body')).toContainText("j.doe wasn't found at contoso.example.");
  const exchangeReport = page.getByRole('region', { name: 'Delivery report' });
  await expect(exchangeReport.getByRole('row').nth(1)).toContainText(
    ['j.doe@contoso.example', 'Not delivered', '5.1.10', '550 5.1.10 RESOLVER.ADR.RecipientNotFound'].join(''),
  );
  await expect(page.getByRole('region', { name: 'Attached message: Re: Order 20417 arrived damaged' })).toContainText(
    'Hello, we have sent a replacement for order 20417.',
  );
  await page.screenshot({ path: path.join(SHOTS, 'real-world-2-exchange-ndr.png'), fullPage: true });

  await open(page, 'postfix-bounce');
  await expect(page.getByTestId('message-text')).toContainText('This is the mail system at host mx1.example.test.');
  const postfixReport = page.getByRole('region', { name: 'Delivery report' });
  await expect(postfixReport).toContainText('from mx1.example.test');
  await expect(postfixReport.getByRole('row').nth(1)).toContainText('old.customer@gone.example');
  await expect(postfixReport.getByRole('row').nth(1)).toContainText('5.1.1');
  await expect(postfixReport.getByRole('row').nth(1)).toContainText('User unknown in virtual mailbox table');
  await expect(page.getByRole('region', { name: /^Attached message:/ })).toContainText('old.customer@gone.example');
  await page.screenshot({ path: path.join(SHOTS, 'real-world-3-postfix-bounce.png'), fullPage: true });

  await open(page, 'forwarded-as-attachment');
  await expect(page.getByTestId('message-text')).toHaveText('Can someone pick this up?');
  const forwarded = page.getByRole('region', { name: 'Attached message: Contract renewal question' });
  await expect(forwarded).toContainText('Hiro Tanaka <hiro.tanaka@customers.example>');
  await expect(forwarded).toContainText('Our contract ends on 30 November. Can we renew for two years at the current rate?');
  await page.screenshot({ path: path.join(SHOTS, 'real-world-4-forwarded.png') });

  await open(page, 'unknown-charset');
  await expect(page.getByTestId('parse-warnings')).toContainText("This part's character set 'x-unknown' is not known; shown as Windows-1252");
  await expect(page.getByTestId('message-text')).toHaveText('Please send it to Müllerstraße 5, Köln.');
  await page.screenshot({ path: path.join(SHOTS, 'real-world-5-unknown-charset.png') });
});
