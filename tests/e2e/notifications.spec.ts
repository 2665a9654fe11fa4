/**
 * Desktop notifications end to end in Chromium through the browser host: the page has
 * notification permission, and every Notification it constructs is recorded (init script)
 * so the test reads what would have shown and clicks it. The admin writes the account's
 * template in the form (an unknown variable is refused with the fix); a new customer mail
 * shows one notification in that wording and the unread count in the title; clicking it
 * opens the ticket; none is shown while the agent is paused.
 *
 * Screenshot (test-results/screenshots/notifications-settings.png) is for people to look at.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { fillTestAccount } from '../support/account-form';
import { makeDataDir, startHost, type RunningHost } from '../support/host';
import { DEFAULT_USERS, startMailServers, type MailServers } from '../support/mail-servers';

const SHOTS = path.resolve(__dirname, '../../test-results/screenshots');
const mailbox = DEFAULT_USERS[0]!;

let servers: MailServers;
let host: RunningHost;
let page: Page;

test.describe.configure({ mode: 'serial' });

interface Recorded {
  title: string;
  body: string;
  silent: boolean | null;
}

declare global {
  interface Window {
    __notifications: Notification[];
  }
}

/** Every Notification the page constructs, kept so the test can read and click it. */
function recordNotifications(): void {
  const Real = window.Notification;
  window.__notifications = [];
  class Recording extends Real {
    constructor(title: string, options?: NotificationOptions) {
      super(title, options);
      window.__notifications.push(this);
    }
  }
  window.Notification = Recording as typeof Notification;
}

const recorded = (): Promise<Recorded[]> => page.evaluate(() => window.__notifications.map((n) => ({ title: n.title, body: n.body, silent: n.silent })));

function customerMail(id: string, subject: string): string {
  return [
    `From: "Maria Garcia" <maria@customers.example>`,
    `To: ${mailbox.email}`,
    `Subject: ${subject}`,
    `Date: ${new Date().toUTCString()}`,
    `Message-ID: <${id}@customers.example>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Hello, my parcel has not arrived. Order 18233.',
    '',
  ].join('\r\n');
}

test.beforeAll(async ({ browser }) => {
  fs.mkdirSync(SHOTS, { recursive: true });
  servers = await startMailServers();
  host = await startHost({ dataDir: makeDataDir('mailroom-notifications-') });
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.grantPermissions(['notifications'], { origin: new URL(host.url).origin });
  await context.addInitScript(recordNotifications);
  page = await context.newPage();
  await page.goto(host.url);
});

test.afterAll(async () => {
  await host?.stop();
  await servers?.stop();
});

test("the account's notification settings: a template with variables, refused when a name is not one", async () => {
  await page.getByTestId('add-account-button').first().click();
  await fillTestAccount(page, mailbox, servers);
  const form = page.getByTestId('account-form');
  await form.getByTestId('form-nav').getByRole('button', { name: 'Notifications' }).click();
  const title = form.locator('[name="notifications.title"]');
  await title.fill('{{account}} · {{ticket}}');
  await title.blur();
  await expect(form.getByText('{{ticket}} is not a variable here: use {{customer}}, {{subject}}, {{account}} or {{queue}}.')).toBeVisible();
  await title.fill('{{account}} · ');
  // The chips put a variable where the cursor is.
  await form.getByRole('button', { name: '{{customer}}' }).click();
  await expect(title).toHaveValue('{{account}} · {{customer}}');
  await expect(form.getByTestId('notification-preview-title')).toHaveText('Support · Maria Garcia');
  // Permission is granted to this page: no notice about the browser.
  await expect(form.getByTestId('notification-permission')).toHaveCount(0);
  await form.locator('section[data-section="notifications"]').scrollIntoViewIfNeeded();
  await form.screenshot({ path: path.join(SHOTS, 'notifications-settings.png') });

  await page.getByTestId('save-account').click();
  await expect(form).toBeHidden();
  await expect(page.getByTestId('workspace-tickets')).toHaveAttribute('aria-current', 'page');
  await expect(page).toHaveTitle('Mailroom');
});

test('a new mail shows one notification in the account\'s words and the unread count in the title; clicking opens the ticket', async () => {
  await servers.deliver(mailbox.username, customerMail('parcel-1', 'Where is my parcel?'));
  await expect.poll(recorded).toEqual([{ title: 'Support · Maria Garcia', body: 'Where is my parcel?', silent: false }]);
  await expect(page).toHaveTitle('(1) Mailroom');

  // Somewhere else first, so the click visibly brings the ticket.
  await page.getByTestId('workspace-mail').click();
  await page.evaluate(() => window.__notifications[0]!.dispatchEvent(new Event('click')));
  await expect(page.getByTestId('workspace-tickets')).toHaveAttribute('aria-current', 'page');
  await expect(page.getByTestId('ticket-subject')).toHaveText('Where is my parcel?');
  // Opening it read it: nothing unread is left.
  await expect(page).toHaveTitle('Mailroom');
});

test('no notification while the agent is paused; the title still counts the unread ticket', async () => {
  await page.getByTestId('status-paused').click();
  await expect(page.getByTestId('status-switch')).toHaveAttribute('data-status', 'paused');
  await servers.deliver(mailbox.username, customerMail('refund-1', 'Refund for order 18240'));
  await page.getByTestId('view-all').click();
  await expect(page.getByTestId('ticket-row').filter({ hasText: 'Refund for order 18240' })).toHaveCount(1);
  // The page heard of the ticket (main decided in the same turn it folded it): still only the first notification.
  await expect(page).toHaveTitle('(1) Mailroom');
  expect(await recorded()).toHaveLength(1);
});

test('the settings keep the template; a browser that was not asked gets a notice with the button that asks', async ({ browser }) => {
  // Another browser profile on the same host, which never allowed notifications.
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const settings = await context.newPage();
  await settings.goto(`${host.url}#/settings`);
  await settings.getByTestId('account-row').filter({ hasText: mailbox.email }).getByTestId('account-edit').click();
  const form = settings.getByTestId('account-form');
  await form.getByTestId('form-nav').getByRole('button', { name: 'Notifications' }).click();
  await expect(form.locator('[name="notifications.title"]')).toHaveValue('{{account}} · {{customer}}');
  const notice = form.getByTestId('notification-permission');
  await expect(notice).toBeVisible();
  if ((await notice.getAttribute('data-state')) === 'default') {
    await expect(notice).toContainText('has not been asked yet');
    await expect(notice.getByRole('button', { name: 'Allow notifications' })).toBeVisible();
  } else {
    await expect(notice).toContainText('blocks notifications from Mailroom');
  }
  await form.locator('section[data-section="notifications"]').scrollIntoViewIfNeeded();
  await form.screenshot({ path: path.join(SHOTS, 'notifications-settings-permission.png') });
  await context.close();
});
