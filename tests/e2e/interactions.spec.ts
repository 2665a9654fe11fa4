/**
 * Interactions end to end: one agent in a browser host on a Dovecot mailbox. Customer mail
 * becomes tickets; the Interactions table lists them across the account, sorts by a header,
 * narrows with quick filters and the words box, and with the advanced search (rows matched
 * all or any, a row switched off without deleting it, a bad value explained at its row).
 * The search is saved as a view that lists again after a reload and reopens the same list.
 * Rows tick for the toolbar (Shift-click, Ctrl+A), hidden columns stay hidden after a reload,
 * a row opens its ticket beside the table. Long names stay on one line; many rows scroll.
 *
 * Screenshots (test-results/screenshots/interactions-*.png) are for people to look at.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { fillTestAccount } from '../support/account-form';
import { makeDataDir, startHost, type RunningHost } from '../support/host';
import { DEFAULT_USERS, startMailServers, type MailServers } from '../support/mail-servers';

const SHOTS = path.resolve(__dirname, '../../test-results/screenshots');
const mailbox = DEFAULT_USERS[0]!;
const MARIA = '"Maria Garcia" <maria@customers.example>';
const JOHN = '"John Smith" <john@customers.example>';
const LEE = '"Lee Chen" <lee@customers.example>';
const LONG_NAME = 'Maximiliane Alexandra Konstantinopoulou-Wittgenstein von Hohenzollern-Sigmaringen';
const LONG_SUBJECT =
  'Our quarterly enterprise licence renewal for all forty-two regional offices, including the invoice discrepancy and the missing purchase order numbers';

let servers: MailServers;
let host: RunningHost;
let page: Page;

test.describe.configure({ mode: 'serial' });

function customerMail(options: { id: string; subject: string; from: string; body?: string }): string {
  return [
    `From: ${options.from}`,
    `To: ${mailbox.email}`,
    `Subject: ${options.subject}`,
    `Date: ${new Date().toUTCString()}`,
    `Message-ID: <${options.id}@customers.example>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    options.body ?? 'Hello, could you help me with this?',
    '',
  ].join('\r\n');
}

const rows = () => page.getByTestId('interaction-row');
const row = (subject: string) => rows().filter({ hasText: subject });
const conditionRows = () => page.getByTestId('condition-row');

async function subjectsInOrder(): Promise<string[]> {
  return page.locator('[data-testid="interaction-row"] [data-column="subject"]').allTextContents();
}

async function openInteractions(): Promise<void> {
  await page.getByTestId('workspace-interactions').click();
  await expect(page.getByTestId('workspace-interactions')).toHaveAttribute('aria-current', 'page');
  await expect(page.getByTestId('interactions-view')).toBeVisible();
}

test.beforeAll(async ({ browser }) => {
  fs.mkdirSync(SHOTS, { recursive: true });
  servers = await startMailServers();
  host = await startHost({ dataDir: makeDataDir('mailroom-interactions-') });
  page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
  await page.goto(host.url);
  await page.getByTestId('add-account-button').first().click();
  await fillTestAccount(page, mailbox, servers);
  await page.getByTestId('save-account').click();
  await expect(page.getByTestId('account-form')).toBeHidden();
  // Paused: routing offers nothing, so every ticket waits unassigned.
  await page.getByTestId('status-paused').click();
  await expect(page.getByTestId('status-switch')).toHaveAttribute('data-status', 'paused');

  await servers.deliverMany(mailbox.username, [
    customerMail({ id: 'refund-1', subject: 'Refund for order 18233', from: MARIA, body: 'The blender arrived broken; please send the money back.' }),
    customerMail({ id: 'refund-2', subject: 'Refund request: damaged parcel', from: JOHN }),
    customerMail({ id: 'parcel-1', subject: 'Where is my parcel?', from: MARIA }),
    customerMail({ id: 'invoice-1', subject: 'Invoice copy needed', from: LEE, body: 'Our accountant needs the invoice with the VAT number on it.' }),
    customerMail({ id: 'long-1', subject: LONG_SUBJECT, from: `"${LONG_NAME}" <maximiliane.konstantinopoulou-wittgenstein@very-long-company-name.example>` }),
  ]);
});

test.afterAll(async () => {
  await host?.stop();
  await servers?.stop();
});

test('the table lists every interaction, sorts by a header, and opens a row beside it', async () => {
  await openInteractions();
  await expect(page.getByTestId('interactions-title')).toHaveText('All interactions');
  await expect(rows()).toHaveCount(5);
  await expect(page.getByTestId('interactions-count')).toHaveText('5 interactions');
  // The table is a labelled region with a labelled grid.
  await expect(page.getByRole('region', { name: 'Interactions list' })).toBeVisible();
  await expect(page.getByRole('grid', { name: 'Interactions' })).toBeVisible();

  // Subject ascending, then descending.
  await page.getByTestId('sort-subject').click();
  await expect(page.getByRole('columnheader', { name: /Subject/ })).toHaveAttribute('aria-sort', 'ascending');
  await expect.poll(subjectsInOrder).toEqual(['Invoice copy needed', LONG_SUBJECT, 'Refund for order 18233', 'Refund request: damaged parcel', 'Where is my parcel?']);
  await page.getByTestId('sort-subject').click();
  await expect(page.getByRole('columnheader', { name: /Subject/ })).toHaveAttribute('aria-sort', 'descending');
  await expect.poll(async () => (await subjectsInOrder())[0]).toBe('Where is my parcel?');

  // A row opens its ticket beside the table.
  await row('Invoice copy needed').click();
  await expect(page.getByTestId('ticket-subject')).toHaveText('Invoice copy needed');
  await expect(row('Invoice copy needed')).toHaveAttribute('aria-current', 'true');
  await page.screenshot({ path: path.join(SHOTS, 'interactions-01-ticket-open.png') });
  await page.getByTestId('interactions-close-ticket').click();
  await expect(page.getByTestId('ticket-pane')).toHaveCount(0);
});

test('quick filters and the words box narrow the list; an impossible range says how to fix it', async () => {
  await page.getByTestId('interactions-search').fill('refund');
  await expect(rows()).toHaveCount(2);
  // Words found only in a message's text need the full-text option.
  await page.getByTestId('interactions-search').fill('blender');
  await expect(page.getByTestId('empty-state')).toHaveAttribute('data-kind', 'no-interactions-match');
  await page.getByTestId('interactions-fulltext').check();
  await expect(rows()).toHaveCount(1);
  await expect(rows()).toContainText('Refund for order 18233');
  await page.getByTestId('interactions-fulltext').uncheck();
  await page.getByTestId('interactions-search').fill('');
  await expect(rows()).toHaveCount(5);

  // Unassigned and open, created today: all five.
  await page.getByTestId('filter-agent').selectOption({ label: 'Unassigned' });
  await page.getByTestId('filter-status').selectOption({ label: 'Open' });
  await page.getByTestId('filter-date').selectOption({ label: 'Today' });
  await expect(rows()).toHaveCount(5);
  await page.getByTestId('filter-agent').selectOption({ label: 'Mine' });
  await expect(page.getByTestId('empty-state')).toContainText('No interactions match');
  await page.getByTestId('filter-agent').selectOption({ label: 'Anyone' });

  // A custom range that ends before it starts is explained, and not applied.
  await page.getByTestId('filter-date').selectOption({ label: 'Custom range…' });
  await page.getByTestId('filter-date-from').fill('2030-03-10');
  await page.getByTestId('filter-date-to').fill('2030-03-01');
  await expect(page.getByTestId('filter-date-error')).toHaveText('The end day comes before the start day: swap them.');
  await page.getByTestId('filter-date-to').fill('2030-03-31');
  await expect(page.getByTestId('filter-date-error')).toHaveCount(0);
  await expect(page.getByTestId('empty-state')).toHaveAttribute('data-kind', 'no-interactions-match');
  await page.getByTestId('filter-date').selectOption({ label: 'Last 7 days' });
  await expect(rows()).toHaveCount(5);

  // Unread: opening a ticket reads it.
  await row('Where is my parcel?').click();
  await expect(page.getByTestId('ticket-subject')).toHaveText('Where is my parcel?');
  await page.getByTestId('interactions-close-ticket').click();
  await page.getByTestId('filter-read').selectOption({ label: 'Unread' });
  await expect.poll(() => rows().count()).toBeLessThan(5);
  await expect(row('Where is my parcel?')).toHaveCount(0);
  await page.getByTestId('filter-read').selectOption({ label: 'Read and unread' });
  await page.getByTestId('filter-status').selectOption({ label: 'Any status' });
  await page.getByTestId('filter-date').selectOption({ label: 'Any date' });
  await expect(rows()).toHaveCount(5);
  await page.screenshot({ path: path.join(SHOTS, 'interactions-02-filters.png') });
});

test('advanced search: all or any, a row switched off, a bad value explained at its row', async () => {
  await page.getByTestId('advanced-toggle').click();
  const first = conditionRows().nth(0);
  await first.getByTestId('condition-field').selectOption({ label: 'Subject' });
  await first.getByTestId('condition-op').selectOption({ label: 'contains' });
  await first.getByTestId('condition-value').fill('refund');
  await expect(rows()).toHaveCount(2);

  await page.getByTestId('condition-add').click();
  const second = conditionRows().nth(1);
  await second.getByTestId('condition-field').selectOption({ label: 'Customer' });
  await second.getByTestId('condition-op').selectOption({ label: 'contains' });
  await second.getByTestId('condition-value').fill('maria');
  // All: refund AND Maria.
  await expect(rows()).toHaveCount(1);
  await expect(rows()).toContainText('Refund for order 18233');
  // Any: refund OR Maria.
  await page.getByTestId('match-any').check();
  await expect(rows()).toHaveCount(3);
  // The second row switched off is kept but ignored.
  await second.getByTestId('condition-enabled').uncheck();
  await expect(second).toHaveAttribute('data-enabled', 'false');
  await expect(rows()).toHaveCount(2);
  await expect(second.getByTestId('condition-value')).toHaveValue('maria');

  // A third row with a word where a number belongs: the row says what to enter, the list keeps the last search.
  await page.getByTestId('condition-add').click();
  const third = conditionRows().nth(2);
  await third.getByTestId('condition-field').selectOption({ label: 'Ticket number' });
  await third.getByTestId('condition-value').fill('abc');
  await expect(third.getByTestId('condition-error')).toHaveText('Enter a whole number, for example 1042.');
  await expect(page.getByTestId('conditions-unapplied')).toContainText('fix or remove the row marked in red');
  await expect(rows()).toHaveCount(2);
  await page.screenshot({ path: path.join(SHOTS, 'interactions-03-advanced-search.png') });
  await third.getByTestId('condition-remove').click();
  await expect(page.getByTestId('conditions-unapplied')).toHaveCount(0);
  await expect(page.getByTestId('advanced-toggle')).toHaveText('Advanced search (1)');
});

test('the search is saved as a view that lists again after a reload and reopens the same list', async () => {
  await page.getByTestId('view-save').click();
  const form = page.getByTestId('save-view-form');
  await form.getByTestId('save-view-confirm').click();
  await expect(form).toContainText('Name the view, for example "Refunds this week".');
  await form.getByTestId('view-name').fill('Refunds');
  await form.getByTestId('save-view-confirm').click();
  await expect(form).toBeHidden();
  await expect(page.getByTestId('interactions-title')).toHaveText('Refunds');
  await expect(page.getByTestId('my-views-list').getByTestId('saved-view')).toHaveText(['Refunds']);

  // The same name again is refused with the fix.
  await page.getByTestId('view-all-interactions').click();
  await expect(rows()).toHaveCount(5);
  await page.getByTestId('view-save').click();
  await form.getByTestId('view-name').fill('Refunds');
  await form.getByTestId('save-view-confirm').click();
  await expect(form.locator('.field__error')).toBeVisible();
  await form.getByRole('button', { name: 'Cancel' }).click();

  await page.reload();
  await openInteractions();
  const saved = page.getByTestId('my-views-list').getByTestId('saved-view');
  await expect(saved).toHaveText(['Refunds']);
  await saved.click();
  await expect(page.getByTestId('interactions-title')).toHaveText('Refunds');
  await expect(rows()).toHaveCount(2);
  // Its builder shows the rows as saved: any, the second switched off.
  await expect(conditionRows()).toHaveCount(2);
  await expect(page.getByTestId('match-any')).toBeChecked();
  await expect(conditionRows().nth(1)).toHaveAttribute('data-enabled', 'false');
  await expect(conditionRows().nth(1).getByTestId('condition-value')).toHaveValue('maria');

  // Renamed, it keeps what it shows.
  await page.getByTestId('view-rename').click();
  await form.getByTestId('view-name').fill('Refund requests');
  await form.getByTestId('save-view-confirm').click();
  await expect(form).toBeHidden();
  await expect(saved).toHaveText(['Refund requests']);
  await expect(page.getByTestId('interactions-title')).toHaveText('Refund requests');

  // Shared with the team: listed under Team views once the team log has it; then deleted.
  await page.getByTestId('view-all-interactions').click();
  await page.getByTestId('filter-status').selectOption({ label: 'Open' });
  await page.getByTestId('view-save').click();
  await form.getByTestId('view-name').fill('Open for the team');
  await form.getByText('The whole team').click();
  await form.getByTestId('save-view-confirm').click();
  await expect(form).toBeHidden();
  const team = page.getByTestId('team-views-list').getByTestId('saved-view');
  await expect(team).toHaveText(['Open for the team']);
  await expect(page.getByTestId('interactions-title')).toHaveText('Open for the team');
  await page.getByTestId('view-delete').click();
  await expect(page.getByTestId('delete-view-form')).toContainText('It goes for every agent of the team');
  await page.getByTestId('delete-view-confirm').click();
  await expect(team).toHaveCount(0);
  await expect(page.getByTestId('interactions-title')).toHaveText('All interactions');
  await expect(saved).toHaveText(['Refund requests']);
});

test('ticked rows feed the toolbar; hidden columns stay hidden after a reload', async () => {
  await page.getByTestId('view-all-interactions').click();
  await expect(rows()).toHaveCount(5);
  await page.getByTestId('sort-subject').click();
  await expect(page.getByRole('columnheader', { name: /Subject/ })).toHaveAttribute('aria-sort', 'ascending');
  await expect(page.getByTestId('interactions-export-zip')).toBeDisabled();
  await expect(page.getByTestId('interactions-delete')).toBeDisabled();

  await rows().nth(0).getByTestId('interaction-select').click();
  await rows().nth(3).getByTestId('interaction-select').click({ modifiers: ['Shift'] });
  await expect(page.getByTestId('interactions-selection')).toContainText('4 selected');
  await expect(page.getByTestId('interactions-export-zip')).toBeEnabled();
  await expect(page.getByTestId('interactions-delete')).toBeEnabled();
  await page.getByTestId('interactions-clear-selection').click();
  await expect(page.getByTestId('interactions-selection')).not.toContainText('selected');

  // Ctrl+A in the table ticks the whole list; Escape clears it.
  await page.getByTestId('interactions-table').focus();
  await page.keyboard.press('Control+a');
  await expect(page.getByTestId('interactions-selection')).toContainText('5 selected');
  await expect(page.getByTestId('interactions-select-all')).toBeChecked();
  await page.screenshot({ path: path.join(SHOTS, 'interactions-04-selection.png') });
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('interactions-selection')).not.toContainText('selected');

  // Arrow keys move, Enter opens.
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('ticket-subject')).toHaveText(LONG_SUBJECT);
  await page.getByTestId('interactions-close-ticket').click();

  await page.getByTestId('interactions-columns').click();
  await page.getByTestId('column-toggle-disposition').uncheck();
  await page.getByTestId('column-toggle-messages').uncheck();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('columnheader', { name: /Disposition/ })).toHaveCount(0);
  await page.reload();
  await openInteractions();
  await expect(rows()).toHaveCount(5);
  await expect(page.getByRole('columnheader', { name: /Disposition/ })).toHaveCount(0);
  await expect(page.getByRole('columnheader', { name: /Messages/ })).toHaveCount(0);
  await expect(page.getByRole('columnheader', { name: /Customer/ })).toHaveCount(1);
});

test('long names stay on one line with the full text on hover', async () => {
  const long = row(LONG_SUBJECT);
  await expect(long.locator('[data-column="customer"]')).toHaveAttribute('title', new RegExp(`^${LONG_NAME}`));
  await expect(long.locator('[data-column="subject"]')).toHaveAttribute('title', LONG_SUBJECT);
  const box = await long.boundingBox();
  expect(box?.height).toBe(40);
  await page.screenshot({ path: path.join(SHOTS, 'interactions-05-long-names.png') });
});

test('many rows scroll and load as they come into view', async () => {
  const MANY = 1500;
  const mails = Array.from({ length: MANY }, (_, i) => customerMail({ id: `bulk-${i}`, subject: `Bulk question ${String(i + 1).padStart(4, '0')}`, from: `"Customer ${i + 1}" <c${i + 1}@customers.example>` }));
  await servers.deliverMany(mailbox.username, mails);
  await expect(page.getByTestId('interactions-count')).toHaveText(`${(MANY + 5).toLocaleString('en-US')} interactions`, { timeout: 120_000 });
  // Only what is on screen exists in the DOM.
  expect(await rows().count()).toBeLessThan(80);
  await page.getByTestId('sort-subject').click();
  await expect(page.getByRole('columnheader', { name: /Subject/ })).toHaveAttribute('aria-sort', 'ascending');
  await expect(rows().first()).toContainText('Bulk question 0001');
  // Half-way down: the rows there load and show.
  await page.getByTestId('interactions-table').evaluate((el) => {
    el.scrollTop = el.scrollHeight / 2;
  });
  await expect(row('Bulk question 0750')).toBeVisible();
  await page.screenshot({ path: path.join(SHOTS, 'interactions-06-many-rows.png') });
});
