/**
 * Reports end to end, in Chromium against the browser host with the real services,
 * Postfix and Dovecot: before any mail the view says there is nothing to report; then
 * three customer mails come in (three tickets), the agent answers one from the ticket
 * (the reply goes out through the outbox) and closes another; the report counts them
 * (new, unresolved, first response, resolution) in the charts' summaries and the table,
 * per queue, per agent and in total; the filters narrow it; a custom range checks its days;
 * the table exported as CSV (through the export jobs) reads back with a CSV parser.
 *
 * Screenshots (test-results/screenshots/reports-*.png) are for people to look at.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { parse } from 'csv-parse/sync';
import { fillTestAccount } from '../support/account-form';
import { makeDataDir, startHost, TEST_AGENT, type RunningHost } from '../support/host';
import { DEFAULT_USERS, startMailServers, type MailServers } from '../support/mail-servers';

const SHOTS = path.resolve(__dirname, '../../test-results/screenshots');
const support = DEFAULT_USERS[0]!;
const customer = DEFAULT_USERS[1]!;
const SUBJECTS = ['Invoice 5521 charged twice', 'Cannot log in since Monday', 'Change my delivery address'];

let servers: MailServers;
let host: RunningHost;
let page: Page;

test.describe.configure({ mode: 'serial' });

function customerMail(id: string, subject: string): string {
  return [
    `From: "Bob Customer" <${customer.email}>`,
    `To: ${support.email}`,
    `Subject: ${subject}`,
    `Date: ${new Date().toUTCString()}`,
    `Message-ID: <${id}@example.test>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    `Hello, about "${subject}": please help.`,
    '',
  ].join('\r\n');
}

function ticketRow(subject: string) {
  return page.getByTestId('ticket-row').filter({ hasText: subject });
}

async function openTicket(subject: string): Promise<void> {
  await ticketRow(subject).click();
  await expect(page.getByTestId('ticket-subject')).toHaveText(subject);
}

/** A cell of the report table: the row by group and label, the column by key. */
function cell(group: string, label: string, column: string) {
  return page.locator(`[data-testid="report-row"][data-group="${group}"][data-label="${label}"] [data-col="${column}"]`);
}

test.beforeAll(async ({ browser }) => {
  fs.mkdirSync(SHOTS, { recursive: true });
  servers = await startMailServers();
  host = await startHost({ dataDir: makeDataDir('mailroom-reports-') });
  page = await (await browser.newContext({ viewport: { width: 1360, height: 1000 }, timezoneId: 'Europe/Paris' })).newPage();
  await page.goto(host.url);
  await page.getByTestId('add-account-button').first().click();
  await fillTestAccount(page, support, servers);
  await page.getByTestId('save-account').click();
  await expect(page.getByTestId('account-form')).toBeHidden();
  await expect(page.getByTestId('workspace-tickets')).toHaveAttribute('aria-current', 'page');
  // Paused: routing offers nothing, so the tickets wait unassigned and nobody but this agent acts.
  await page.getByTestId('status-paused').click();
});

test.afterAll(async () => {
  await host?.stop();
  await servers?.stop();
});

test('with no tickets yet, the view says what will fill it', async () => {
  await page.getByTestId('workspace-reports').click();
  await expect(page.getByTestId('reports-view')).toBeVisible();
  await expect(page.getByTestId('empty-state')).toHaveAttribute('data-kind', 'no-report');
  await expect(page.getByTestId('empty-state')).toContainText('Nothing to report yet');
  // The days are the agent's: the browser's zone.
  await expect(page.getByTestId('reports-view')).toContainText('days in Europe/Paris');
  await expect(page.getByTestId('report-period')).toHaveValue('30d');
});

test('three mails in, one answered and one closed: the report counts them per queue, per agent and in total', async () => {
  await servers.deliverMany(
    support.username,
    SUBJECTS.map((subject, i) => customerMail(`report-${i}`, subject)),
  );
  await page.getByTestId('workspace-tickets').click();
  await page.getByRole('button', { name: 'All tickets', exact: true }).click();
  for (const subject of SUBJECTS) await expect(ticketRow(subject)).toHaveCount(1);

  // An answer from the ticket, through the composer and the outbox.
  await openTicket(SUBJECTS[0]!);
  await page.getByTestId('action-reply').click();
  const composer = page.getByTestId('composer');
  await expect(composer.getByTestId('recipient-chip')).toHaveAttribute('data-address', customer.email);
  await composer.getByTestId('compose-editor-input').click();
  await page.keyboard.type('We refunded the second charge; it shows within three days.');
  await composer.getByTestId('compose-send').click();
  await expect(composer).toBeHidden();
  await expect(page.getByTestId('undo-send')).toBeHidden({ timeout: 30_000 });
  await expect(page.getByTestId('ticket-message')).toHaveCount(2, { timeout: 30_000 });

  // Another is closed.
  await openTicket(SUBJECTS[1]!);
  await page.getByTestId('action-close').click();
  await expect(page.getByTestId('ticket-view')).toHaveAttribute('data-status', 'closed');

  await page.getByTestId('workspace-reports').click();
  const total = (column: string) => cell('total', 'All tickets', column);
  await expect(total('newTickets')).toHaveText('3');
  await expect(total('unresolved')).toHaveText('2');
  await expect(total('firstResponseCount')).toHaveText('1');
  await expect(total('resolutionCount')).toHaveText('1');
  // Answered and closed within minutes of the mail.
  await expect(total('firstResponseMedian')).toHaveText(/^(under 1 min|\d+ min)$/);
  await expect(total('resolutionMedian')).toHaveText(/^(under 1 min|\d+ min)$/);
  // The agent answered first and closed; nothing is assigned to them.
  await expect(cell('agent', TEST_AGENT.name, 'firstResponseCount')).toHaveText('1');
  await expect(cell('agent', TEST_AGENT.name, 'resolutionCount')).toHaveText('1');
  await expect(cell('agent', TEST_AGENT.name, 'newTickets')).toHaveText('—');
  await expect(page.locator('[data-testid="report-row"][data-group="queue"]')).toHaveCount(1);
  await expect(page.locator('[data-testid="report-row"][data-group="queue"] [data-col="newTickets"]')).toHaveText('3');

  // The charts are drawn, each with its numbers in words for screen readers.
  await expect(page.getByTestId('report-chart-new')).toHaveAttribute('aria-label', /3 in all, most on \d{4}-\d{2}-\d{2} \(3\)/);
  await expect(page.getByTestId('report-chart-age')).toHaveAttribute('aria-label', 'Unresolved tickets now, by age: Under 1 day 2, 1–3 days 0, 3–7 days 0, 1–4 weeks 0, Over 30 days 0.');
  await expect(page.getByTestId('report-chart-firstResponse')).toHaveAttribute('aria-label', /^First response time: .+ median /);
  await expect(page.getByTestId('report-chart-resolution')).toBeVisible();
  await page.getByTestId('report-times-agents').check();
  await expect(page.getByTestId('report-chart-firstResponse')).toHaveAttribute('aria-label', new RegExp(`^First response time: ${TEST_AGENT.name} median`));
  // The canvas holds a drawn chart: some pixels are not blank.
  const painted = await page.getByTestId('report-chart-new').evaluate((canvas) => {
    const c = canvas as HTMLCanvasElement;
    const data = c.getContext('2d')?.getImageData(0, 0, c.width, c.height).data ?? new Uint8ClampedArray();
    return data.some((v, i) => i % 4 === 3 && v > 0);
  });
  expect(painted).toBe(true);
  // Tall enough to show the whole view (it scrolls inside its pane).
  await page.setViewportSize({ width: 1360, height: 1500 });
  await page.screenshot({ path: path.join(SHOTS, 'reports-01-view.png') });
  await page.setViewportSize({ width: 1360, height: 1000 });
});

test('filters: a queue, a past range, and a range whose end comes first', async () => {
  // The account's standard queue holds all three.
  const queues = await page.getByTestId('report-queue').locator('option').allTextContents();
  expect(queues[0]).toBe('All queues');
  const queue = queues[1]!;
  await page.getByTestId('report-queue').selectOption({ label: queue });
  await expect(cell('total', 'All tickets', 'newTickets')).toHaveText('3');

  await page.getByTestId('report-period').selectOption('custom');
  await page.getByTestId('report-from').fill('2020-01-10');
  await page.getByTestId('report-to').fill('2020-01-01');
  await expect(page.getByText('The end day comes before the start day: swap them.')).toBeVisible();
  await page.getByTestId('report-to').fill('2020-01-31');
  await expect(page.getByText('The end day comes before the start day: swap them.')).toBeHidden();
  // Nothing happened then; what is unresolved now still shows.
  await expect(cell('total', 'All tickets', 'newTickets')).toHaveText('0');
  await expect(cell('total', 'All tickets', 'firstResponseCount')).toHaveText('0');
  await expect(cell('total', 'All tickets', 'firstResponseMedian')).toHaveText('—');
  await expect(cell('total', 'All tickets', 'unresolved')).toHaveText('2');
  await expect(page.getByText('No first answers in this period.')).toBeVisible();
  await expect(page.getByTestId('report-chart-new')).toHaveAttribute('aria-label', 'New tickets per day from 2020-01-10 to 2020-01-31: 0 in all.');

  await page.getByTestId('report-period').selectOption('today');
  await expect(cell('total', 'All tickets', 'newTickets')).toHaveText('3');
  await page.getByTestId('report-queue').selectOption({ label: 'All queues' });
  await expect(cell('total', 'All tickets', 'resolutionCount')).toHaveText('1');
});

test('the table exports as CSV with the same numbers, read back with a CSV parser', async () => {
  await expect(cell('total', 'All tickets', 'newTickets')).toHaveText('3');
  await page.getByTestId('report-export-bom').check();
  await page.getByTestId('report-export').click();
  const job = page.getByTestId('export-job').filter({ has: page.getByTestId('export-path') });
  await expect(job).toHaveAttribute('data-state', 'done');
  const file = (await job.getByTestId('export-path').textContent())?.trim() ?? '';
  expect(path.basename(file)).toMatch(/^Report \d{4}-\d{2}-\d{2} to \d{4}-\d{2}-\d{2}\.csv$/);
  expect(file.startsWith(host.dataDir)).toBe(true);
  const bytes = fs.readFileSync(file);
  // The byte-order mark asked for, then RFC 4180 lines.
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const rows = parse(bytes, { bom: true }) as string[][];
  expect(rows[0]).toEqual([
    'Group',
    'Name',
    'New tickets',
    'Unresolved now',
    'First responses',
    'First response median (min)',
    'First response p90 (min)',
    'Resolved',
    'Resolution median (min)',
    'Resolution p90 (min)',
  ]);
  const total = rows.find((r) => r[0] === 'Total');
  expect(total?.slice(0, 5)).toEqual(['Total', 'All tickets', '3', '2', '1']);
  expect(total?.[7]).toBe('1');
  // Minutes as numbers a spreadsheet can sum: answered and closed within minutes.
  expect(Number(total?.[5])).toBeLessThan(10);
  expect(Number(total?.[8])).toBeLessThan(10);
  expect(rows.find((r) => r[0] === 'Agent')?.slice(0, 5)).toEqual(['Agent', TEST_AGENT.name, '', '0', '1']);
  await page.screenshot({ path: path.join(SHOTS, 'reports-02-exported.png') });
});
