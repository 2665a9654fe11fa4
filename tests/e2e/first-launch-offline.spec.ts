/**
 * First launch while the mail server cannot be reached, with nothing cached yet:
 * the account says why and what to do, the list says nothing was downloaded yet
 * (not that the inbox is empty), and the app does not spin in an error loop.
 */
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { fillTestAccount } from '../support/account-form';
import { makeDataDir, startHost, type RunningHost } from '../support/host';
import { DEFAULT_USERS, startMailServers, type MailServers } from '../support/mail-servers';
import { plainMessage } from '../support/fixtures';

const SHOTS = path.resolve(__dirname, '../../test-results/screenshots');
const alice = DEFAULT_USERS[0]!;

let servers: MailServers;
let host: RunningHost;
let link: net.Server;

test.beforeAll(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  servers = await startMailServers();
  await servers.deliver(alice.username, plainMessage(1));
  host = await startHost({ dataDir: makeDataDir('mailroom-offline-') });
});

test.afterAll(async () => {
  await host?.stop();
  await servers?.stop();
  link?.close();
});

/**
 * A way to the IMAP server for the account form's connection test only: it opens
 * two connections (the TLS check, then the sign-in); the listener closes on the
 * second, so the sync's first connection is refused, as by a server gone offline.
 */
async function reachableForTheTestOnly(): Promise<number> {
  let accepted = 0;
  link = net.createServer((client) => {
    accepted += 1;
    if (accepted === 2) link.close();
    const upstream = net.connect(servers.imapsPort, '127.0.0.1');
    client.pipe(upstream).pipe(client);
    for (const socket of [client, upstream]) socket.on('error', () => socket.destroy());
  });
  await new Promise<void>((resolve) => link.listen(0, '127.0.0.1', resolve));
  const address = link.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

test('an unreachable server on first launch shows why, says nothing is downloaded yet, and does not loop', async ({ page }) => {
  const port = await reachableForTheTestOnly();
  await page.goto(`${host.url}#/mail`);
  await page.getByTestId('add-account-button').first().click();
  await fillTestAccount(page, alice, servers);
  await page.getByTestId('account-form').locator('[name="imap.port"]').fill(String(port));
  await page.getByTestId('save-account').click();
  await expect(page.getByTestId('account-form')).toBeHidden();

  // Count what goes over the bridge from the page on from the reload.
  let sent = 0;
  let received = 0;
  page.on('websocket', (ws) => {
    ws.on('framesent', () => (sent += 1));
    ws.on('framereceived', () => (received += 1));
  });
  await page.reload();

  const account = page.getByTestId('account-item');
  await expect(account).toHaveAttribute('data-status', 'offline');
  const [summary] = await page.evaluate(() => window.mailroom.listAccounts({}));
  const cause = summary!.lastError!.cause;
  expect(cause).toMatch(/refused|reach|connect/i);
  await expect(account).toHaveAttribute('title', `${cause} ${summary!.lastError!.fix}`);
  const empty = page.getByTestId('empty-state');
  await expect(empty).toHaveAttribute('data-kind', 'not-downloaded');
  await expect(empty).toContainText('Nothing downloaded yet');
  await expect(empty).toContainText(cause);
  await expect(empty).toContainText(`How to fix: ${summary!.lastError!.fix}`);
  await expect(page.getByText('No conversations')).toHaveCount(0);
  await page.screenshot({ path: path.join(SHOTS, 'first-launch-offline.png') });

  // A few seconds later the page still answers and the traffic stayed small: no retry storm.
  const before = { sent, received };
  await page.waitForTimeout(5000);
  expect(await page.evaluate(async () => (await window.mailroom.listAccounts({})).length)).toBe(1);
  expect(sent - before.sent).toBeLessThan(10);
  expect(received - before.received).toBeLessThan(10);
});
