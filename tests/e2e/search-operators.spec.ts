/**
 * The mail search box end to end: operators, the scope toggle with each result's folder,
 * marks on the matching text, ArrowDown into the results and a mistake explained inline.
 * Chromium drives the browser host against a real Dovecot; screenshots at 1,400×900 go to
 * test-results/screenshots/.
 */
import { expect, test, type Page } from '@playwright/test';
import { DEFAULT_USERS, startMailServers, type MailServers } from '../support/mail-servers';
import { makeDataDir, startHost, type RunningHost } from '../support/host';
import { fillTestAccount } from '../support/account-form';
import { screenshotsAtSizes } from '../support/screenshots';

const alice = DEFAULT_USERS[0]!;

let servers: MailServers;
let host: RunningHost | undefined;

test.use({ viewport: { width: 1400, height: 900 } });

function message(n: number, from: string, subject: string, body: string): string {
  return [
    `From: ${from}`,
    'To: support@example.test',
    `Subject: ${subject}`,
    `Date: ${new Date(Date.UTC(2026, 2, 1 + n, 9)).toUTCString()}`,
    `Message-ID: <search-${n}@customers.example>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    body,
    '',
  ].join('\r\n');
}

test.beforeAll(async () => {
  servers = await startMailServers();
  const anna = '"Anna Berg" <anna@customers.example>';
  await servers.append(alice.username, 'INBOX', message(1, anna, 'Refund for order 501', 'The kettle broke after a week.'));
  await servers.append(alice.username, 'INBOX', message(2, '"Bob Stone" <bob@shop.example>', 'Invoice for March refund', 'Attached is the invoice.'), ['\\Seen']);
  await servers.append(alice.username, 'INBOX', message(3, anna, 'Delivery question', 'Where is my parcel?'), ['\\Seen']);
  await servers.append(alice.username, 'Archive', message(4, anna, 'Refund for order 400', 'Settled last year.'), ['\\Seen']);
});

test.afterAll(async () => {
  await host?.stop();
  await servers?.stop();
});

async function addAccount(page: Page): Promise<void> {
  host = await startHost({ dataDir: makeDataDir() });
  await page.goto(`${host.url}#/mail`);
  await page.getByTestId('add-account-button').first().click();
  await fillTestAccount(page, alice, servers);
  // The inbox alone is synced unless the admin chooses more: the archive too, so there is another folder to search.
  await page.getByTestId('folders-refresh').click();
  await page.locator('[data-testid="folder-choice"][data-path="Archive"] input').check();
  await page.getByTestId('save-account').click();
  await expect(page.getByTestId('account-form')).toBeHidden();
  await expect(page.getByTestId('message-row')).toHaveCount(3, { timeout: 60_000 });
}

test('operators, scope, highlights, ArrowDown and a mistake explained', async ({ page }) => {
  await addAccount(page);
  const search = page.getByTestId('search-input');
  const summary = page.getByTestId('search-summary');
  const rows = page.getByTestId('message-row');
  const thisFolder = page.getByRole('button', { name: 'This folder' });
  const allFolders = page.getByRole('button', { name: 'All folders' });
  await expect(thisFolder).toHaveAttribute('aria-pressed', 'true');

  // Sender and subject operators together: Anna's refund in the inbox only, Bob's refund left out.
  await search.fill('from:anna subject:refund');
  await expect(summary).toHaveText('1 result for “from:anna subject:refund”', { timeout: 30_000 });
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('Refund for order 501');
  await expect(rows.first().locator('mark.search-hit')).toHaveText(['Anna', 'Refund']);
  await expect(page.getByTestId('result-folder')).toHaveCount(0);

  // All folders: the archived refund joins, and every row names its folder. The archive is
  // synced and indexed after the inbox, and a search on screen does not rerun by itself: toggle until it is in.
  await expect(async () => {
    await thisFolder.click();
    await allFolders.click();
    await expect(summary).toHaveText('2 results for “from:anna subject:refund”', { timeout: 1000 });
  }).toPass({ timeout: 60_000 });
  await expect(allFolders).toHaveAttribute('aria-pressed', 'true');
  await expect(rows.filter({ hasText: 'Refund for order 400' }).getByTestId('result-folder')).toHaveText('Archive');
  await expect(rows.filter({ hasText: 'Refund for order 501' }).getByTestId('result-folder')).toHaveText('Inbox');
  await screenshotsAtSizes(page, '90-search-all-folders-highlights');

  // Back to this folder: the archived one goes again.
  await thisFolder.click();
  await expect(summary).toHaveText('1 result for “from:anna subject:refund”');

  // Flags: is:unread finds the one unread message; a free word with it narrows nothing away.
  await search.fill('refund is:unread');
  await expect(summary).toHaveText('1 result for “refund is:unread”');
  await expect(rows.first()).toContainText('Refund for order 501');

  // Two characters are a whole word and three a prefix: "or" finds no "order" and says why; "ord" finds it, marked as far as typed.
  await search.fill('or');
  await expect(page.getByText('“or” is matched as a whole word: type three letters or more to find words that start with them')).toBeVisible();
  await screenshotsAtSizes(page, '92-search-short-word');
  await search.fill('ord');
  await expect(summary).toHaveText('1 result for “ord”');
  await expect(rows.first().locator('mark.search-hit')).toHaveText(['ord']);

  // ArrowDown from the box lands on the first result.
  await search.fill('refund');
  await expect(summary).toHaveText('2 results for “refund”');
  await search.focus();
  await page.keyboard.press('ArrowDown');
  const list = page.getByTestId('message-list');
  await expect(list).toBeFocused();
  await expect(list).toHaveAttribute('aria-activedescendant', 'msg-row-0');
  await expect(rows.first()).toHaveAttribute('aria-selected', 'true');

  // A mistake is explained under the box, naming the fix; the folder shows meanwhile, not an empty list.
  await search.fill('refund label:work');
  const mistake = page.getByTestId('search-mistake');
  await expect(mistake).toContainText('label: is not a search operator.');
  await expect(mistake).toContainText('from:, to:, subject:, has:attachment, is:unread, is:flagged, before: or after:');
  await expect(search).toHaveAttribute('aria-invalid', 'true');
  await expect(summary).toHaveCount(0);
  await expect(rows).toHaveCount(3);
  await screenshotsAtSizes(page, '91-search-mistake');
  await search.fill('before:2026-02-30');
  await expect(mistake).toHaveText('before:2026-02-30 is not a date search can read. Write the day as YYYY-MM-DD, for example before:2026-03-31.');

  // Fixed: the message goes and the dated search runs (messages of 1 and 2 March, in the agent's zone).
  await search.fill('before:2026-03-04');
  await expect(mistake).toHaveCount(0);
  await expect(summary).toHaveText('2 results for “before:2026-03-04”');
});
