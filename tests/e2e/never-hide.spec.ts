/**
 * Never hide mail, never claim emptiness that is not true: a first sync shows skeleton
 * rows with how many messages are downloading, copies of one message are one row with a
 * count, folders not imported are dimmed and say so, with an Import button that works.
 * Chromium through the browser host, a real Dovecot behind a gate that holds the first
 * header fetch, so the first sync's state stays on screen until the test lets it go.
 */
import { expect, test, type Page } from '@playwright/test';
import { DEFAULT_USERS, startMailServers, type MailServers } from '../support/mail-servers';
import { plainMessage, subjectFor } from '../support/fixtures';
import { makeDataDir, startHost, type RunningHost } from '../support/host';
import { fillAccountForm } from '../support/account-form';
import { startImapGate, type ImapGate } from '../support/imap-gate';
import { SCREEN_SIZES, screenshotsAtSizes } from '../support/screenshots';

const alice = DEFAULT_USERS[0]!;
const SEEDED = 300;
// The newest message, appended twice: one row, "2 copies".
const COPIED = SEEDED + 1;

let servers: MailServers;
let gate: ImapGate;
let host: RunningHost | undefined;

test.beforeAll(async () => {
  servers = await startMailServers();
  await servers.appendMany(alice.username, 'INBOX', [...Array.from({ length: SEEDED }, (_, i) => plainMessage(i)), plainMessage(COPIED), plainMessage(COPIED)]);
  await servers.appendMany(alice.username, 'Archive', [plainMessage(1000), plainMessage(1001)]);
  await servers.appendMany(alice.username, 'Sent', [plainMessage(2000)]);
  gate = await startImapGate(servers.imapPort);
});

test.afterAll(async () => {
  await host?.stop();
  await gate?.close();
  await servers?.stop();
});

const shoot = (page: Page, name: string) => screenshotsAtSizes(page, `never-hide-${name}`);

test('first sync skeleton, copies badge, and a folder not imported imported with one click', async ({ page }) => {
  host = await startHost({ dataDir: makeDataDir() });
  await page.setViewportSize(SCREEN_SIZES[1]);
  await page.goto(`${host.url}#/mail`);
  await page.getByTestId('add-account-button').first().click();
  await fillAccountForm(page, {
    name: 'Support',
    email: alice.email,
    password: alice.password,
    imap: { port: gate.port, security: 'none' },
    smtp: { port: servers.submissionPort, security: 'starttls' },
  });
  // The first header fetch (the one naming the envelope's headers) waits at the gate.
  gate.holdAt(/UID FETCH .*HEADER\.FIELDS \(DATE SUBJECT FROM/i);
  await page.getByTestId('save-account').click();
  await expect(page.getByTestId('account-form')).toBeHidden();

  const skeleton = page.getByTestId('list-skeleton');
  await expect(skeleton).toContainText(/Downloading 30[23] messages…/, { timeout: 60_000 });
  await expect(page.getByText(/No conversations/)).toHaveCount(0);
  expect(gate.tripped()).not.toBeNull();
  await shoot(page, 'first-sync');
  gate.release();

  const rows = page.getByTestId('message-row');
  await expect(rows.first()).toContainText(subjectFor(COPIED), { timeout: 60_000 });
  await expect(rows.first().getByTestId('copies-badge')).toHaveText('2 copies');
  await expect(rows.first()).toHaveAttribute('aria-label', /, 2 copies$/);
  await expect(page.getByTestId('copies-badge')).toHaveCount(1);
  await expect(skeleton).toHaveCount(0);
  // Every copy unread on the server counts, as the server counts it: 300 + 2.
  const folder = (p: string) => page.locator(`[data-testid="folder-item"][data-path="${p}"]`);
  await expect(folder('INBOX').locator('.folder-item__count')).toHaveAccessibleName(`${COPIED + 1} unread`);
  await shoot(page, 'copies');

  // The sidebar: Sent proposed with its own Import, Archive dimmed and described, Trash never.
  await expect(folder('INBOX')).toHaveAttribute('data-import-state', 'imported');
  await expect(folder('Sent')).toHaveAttribute('data-import-state', 'proposed');
  await expect(folder('Archive')).toHaveAttribute('data-import-state', 'not-imported');
  await expect(folder('Trash')).toHaveAttribute('data-import-state', 'never');
  await expect(folder('Archive')).toHaveAccessibleName("Archive (not imported)");
  await expect(page.getByRole('button', { name: 'Import Sent' })).toBeVisible();
  await shoot(page, 'sidebar');

  await folder('Archive').click();
  const empty = page.getByTestId('empty-state');
  await expect(empty).toHaveAttribute('data-kind', 'not-imported');
  await expect(empty).toContainText('Not imported');
  await expect(page.getByText('Nothing has been filed in this folder yet')).toHaveCount(0);
  await shoot(page, 'not-imported');

  await empty.getByRole('button', { name: 'Import this folder' }).click();
  await expect(folder('Archive')).toHaveAttribute('data-import-state', 'imported', { timeout: 30_000 });
  await expect(rows).toHaveCount(2, { timeout: 60_000 });
  await expect(rows.first()).toContainText(subjectFor(1001));
});
