/**
 * The host goes away in the middle of a first sync (SIGKILL) and is started again on
 * the same data dir. The open page must say that it lost Mailroom and stay responsive:
 * it used to spin at 100 % CPU in a retry loop (a failed page fetch fetching again from
 * its own completion) and never navigate. A second host on the same data dir is
 * refused while the first runs. The new host's page finishes the sync with every
 * message exactly once. Screenshots go to test-results/screenshots/.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import type { MessageSummary } from '../../src-preload/contract';
import { fillAccountForm } from '../support/account-form';
import { DEFAULT_USERS, startMailServers, type MailServers } from '../support/mail-servers';
import { plainMessage } from '../support/fixtures';
import { makeDataDir, startHost, type RunningHost } from '../support/host';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy';

const SHOTS = path.resolve(__dirname, '../../test-results/screenshots');
const alice = DEFAULT_USERS[0]!;
const SEEDED = 3000;
const dateOf = (i: number) => Date.UTC(2026, 0, 1) + i * 60_000;
/** Slow enough that the first sync of 3,000 messages is still running when the host dies. */
const SLOW_LINK = 40_000;

let servers: MailServers;
let proxy: TcpProxy;
const hosts: RunningHost[] = [];
const dataDir = makeDataDir('mailroom-restart-');

test.beforeAll(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  servers = await startMailServers();
  await servers.appendMany(
    alice.username,
    'INBOX',
    Array.from({ length: SEEDED }, (_, i) => ({ raw: plainMessage(i), internalDate: new Date(dateOf(i)) })),
  );
  proxy = await startTcpProxy(servers.imapsPort);
});

test.afterAll(async () => {
  for (const host of hosts) await host.stop();
  await proxy?.close();
  await servers?.stop();
});

async function launch(): Promise<RunningHost> {
  const host = await startHost({ dataDir });
  hosts.push(host);
  return host;
}

/** How many conversations the list header counts. */
async function listedCount(page: Page): Promise<number> {
  const text = (await page.locator('.list-header__meta').textContent()) ?? '';
  const match = /([\d,]+) conversations?/.exec(text);
  return match ? Number(match[1]!.replace(/,/g, '')) : 0;
}

/** Every row of the inbox, read through the page's own bridge (the cache as the app sees it). */
function inboxRows(page: Page): Promise<MessageSummary[]> {
  return page.evaluate(async () => {
    const api = window.mailroom;
    const [account] = await api.listAccounts({});
    const inbox = (await api.listMailboxes({ accountId: account!.id })).find((m) => m.path === 'INBOX')!;
    const rows: MessageSummary[] = [];
    for (let offset = 0; ; offset += 1000) {
      const { items, total } = await api.listMessages({ mailboxId: inbox.id, offset, limit: 1000 });
      rows.push(...items);
      if (offset + 1000 >= total) return rows;
    }
  });
}

test('the host dies during a first sync: the page says so and stays responsive, the new host finishes with every message once', async ({ page }) => {
  test.setTimeout(480_000);
  proxy.throttleNew(SLOW_LINK);
  const first = await launch();
  await page.goto(`${first.url}#/mail`);
  await page.getByTestId('add-account-button').first().click();
  await fillAccountForm(page, {
    name: 'Support',
    email: alice.email,
    password: alice.password,
    imap: { port: proxy.port, security: 'tls' },
    smtp: { port: servers.submissionPort, security: 'starttls' },
  });
  await page.getByTestId('save-account').click();
  await expect(page.getByTestId('account-form')).toBeHidden();

  // The first sync runs: more than a page of rows is listed, and not all of them.
  await expect.poll(() => listedCount(page), { timeout: 120_000, intervals: [500] }).toBeGreaterThan(150);
  await expect(page.getByTestId('sync-progress')).toBeVisible();
  expect(await listedCount(page)).toBeLessThan(SEEDED);

  // While it runs, a second host on the same data dir is refused and names the first.
  const refusal = await launch().then(
    () => 'started',
    (err: unknown) => String(err),
  );
  expect(refusal).toContain(`Another Mailroom host is using the data directory ${dataDir} (pid ${first.process.pid},`);
  expect(refusal).toContain(first.url);

  await first.kill();

  // Rows that were never loaded scroll into view: each page is asked for once, and fails at once.
  await page.getByTestId('message-list').evaluate((list) => list.scrollTo(0, list.scrollHeight / 2));
  // The page still runs its timers and answers (it used to loop here forever): a timer
  // set after the list's scroll debounce (60 ms) fires.
  expect(await page.evaluate(() => new Promise((resolve) => setTimeout(() => resolve(6 * 7), 200)))).toBe(42);
  const lost = page.getByTestId('connection-lost');
  await expect(lost).toBeVisible();
  await expect(lost).toHaveAttribute('data-code', 'host/disconnected');
  await expect(lost).toContainText('Not connected to Mailroom');
  await expect(lost).toContainText('open the address it prints');
  await page.screenshot({ path: path.join(SHOTS, '60-host-lost-unloaded-rows.png') });
  // What was loaded before stays readable.
  await page.getByTestId('message-list').evaluate((list) => list.scrollTo(0, 0));
  await expect(page.getByTestId('message-row').first()).toBeVisible();
  await page.screenshot({ path: path.join(SHOTS, '60-host-lost.png') });

  // Start again on the same data dir, on a fast link: the killed host's lock is taken over.
  proxy.throttleNew(null);
  const second = await launch();

  // The old page navigates to the new address: the inbox is there and the sync completes.
  await page.goto(`${second.url}#/mail`);
  await expect(page.getByTestId('message-row').first()).toBeVisible();
  await expect(page.getByTestId('connection-lost')).toHaveCount(0);
  await expect(page.getByTestId('folder-item').first()).toContainText('3,000', { timeout: 180_000 });
  await expect(page.getByTestId('sync-progress')).toBeHidden({ timeout: 180_000 });

  // Every seeded message once: none lost, none doubled.
  const rows = await inboxRows(page);
  expect(rows).toHaveLength(SEEDED);
  expect(new Set(rows.map((r) => r.uid)).size).toBe(SEEDED);
  const dates = rows.map((r) => r.date).sort((a, b) => a - b);
  expect(dates).toEqual(Array.from({ length: SEEDED }, (_, i) => dateOf(i)));
  await page.screenshot({ path: path.join(SHOTS, '62-host-restarted-synced.png') });

  // The old address's token on the new host (as when the host always runs on the same --port): refused, and said so.
  const oldToken = new URL(first.url).searchParams.get('token')!;
  const stale = await page.context().newPage();
  await stale.goto(`${new URL(second.url).origin}/?token=${oldToken}`);
  await expect(stale.getByTestId('connection-lost')).toHaveAttribute('data-code', 'host/refused');
  await expect(stale.getByTestId('connection-lost')).toContainText('earlier run of the host');
  await stale.screenshot({ path: path.join(SHOTS, '61-host-refused-old-address.png') });
  await stale.close();
});
