/**
 * The Mail workspace by keyboard and at every window size, in Chromium through the browser
 * host with a real Dovecot (issue 15, "Keyboard and focus" and "Layout"): j/k open the
 * next/previous message, Esc closes it, the list's focus ring and announced row, new mail
 * that moves nothing on screen, the unread count in the title, the resizable list, the
 * compact density and the icon sidebar below 1,100 px.
 *
 * Screenshots (test-results/screenshots/mail-layout-*.png) are for people to look at.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { fillTestAccount } from '../support/account-form';
import { plainMessage, sender, subjectFor } from '../support/fixtures';
import { makeDataDir, startHost, type RunningHost } from '../support/host';
import { DEFAULT_USERS, startMailServers, type MailServers } from '../support/mail-servers';
import { SCREEN_SIZES } from '../support/screenshots';

const SHOTS = path.resolve(__dirname, '../../test-results/screenshots');
const support = DEFAULT_USERS[0]!;
const SEEDED = 40;
const ATTACHED = 'Signed contract attached';

let servers: MailServers;
let host: RunningHost;
let page: Page;

test.describe.configure({ mode: 'serial' });

/** The newest message: one with a PDF attached, so its row shows the paperclip. */
function attachmentMail(): string {
  return [
    'From: "Olga Petrova" <olga@customers.example>',
    `To: ${support.email}`,
    `Subject: ${ATTACHED}`,
    `Date: ${new Date(Date.UTC(2026, 5, 1)).toUTCString()}`,
    'Message-ID: <contract-1@customers.example>',
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="b1"',
    '',
    '--b1',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Here is the signed contract.',
    '--b1',
    'Content-Type: application/pdf; name="contract.pdf"',
    'Content-Disposition: attachment; filename="contract.pdf"',
    'Content-Transfer-Encoding: base64',
    '',
    Buffer.from('%PDF-1.4\n%%EOF\n').toString('base64'),
    '--b1--',
    '',
  ].join('\r\n');
}

const rows = () => page.getByTestId('message-row');
/** Subjects repeat every eight fixtures, senders do not. */
const row = (i: number) => rows().filter({ hasText: sender(i).name });
const subjectShown = () => page.getByTestId('message-subject');

test.beforeAll(async ({ browser }) => {
  fs.mkdirSync(SHOTS, { recursive: true });
  servers = await startMailServers();
  await servers.deliverMany(support.username, Array.from({ length: SEEDED }, (_, i) => plainMessage(i)));
  await servers.deliver(support.username, attachmentMail());
  host = await startHost({ dataDir: makeDataDir('mailroom-mailkeys-') });
  page = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
  await page.goto(`${host.url}#/mail`);
  await page.getByTestId('add-account-button').first().click();
  await fillTestAccount(page, support, servers);
  await page.getByTestId('save-account').click();
  await expect(page.getByTestId('account-form')).toBeHidden();
  await expect(rows().first()).toContainText(ATTACHED);
});

test.afterAll(async () => {
  await host?.stop();
  await servers?.stop();
});

test('the window title carries the shown folder’s unread count', async () => {
  await expect(page).toHaveTitle(`(${SEEDED + 1}) Inbox — Mailroom`);
});

test('j/k open the next and previous message at once, Esc closes it', async () => {
  await row(SEEDED - 1).click();
  await expect(subjectShown()).toHaveText(subjectFor(SEEDED - 1));
  // One key each, no Enter in between.
  await page.keyboard.press('j');
  await expect(subjectShown()).toHaveText(subjectFor(SEEDED - 2));
  await page.keyboard.press('j');
  await expect(subjectShown()).toHaveText(subjectFor(SEEDED - 3));
  await page.keyboard.press('k');
  await expect(subjectShown()).toHaveText(subjectFor(SEEDED - 2));
  // Opening marked them read: the title follows.
  await expect(page).toHaveTitle(`(${SEEDED + 1 - 3}) Inbox — Mailroom`);
  await page.keyboard.press('Escape');
  await expect(subjectShown()).toHaveCount(0);
  await expect(page.getByTestId('message-view')).toHaveCount(0);
  // With nothing open, j only moves the highlight.
  await page.keyboard.press('j');
  await expect(page.getByTestId('message-row').and(page.locator('[aria-selected="true"]'))).toContainText(subjectFor(SEEDED - 3));
  await expect(subjectShown()).toHaveCount(0);
});

test('? lists the Mail keys with the others', async () => {
  await page.keyboard.press('?');
  const help = page.getByTestId('shortcuts-help');
  await expect(help).toBeVisible();
  for (const text of ['Close the message', 'Next in the list (in Mail, opens it', 'Reply', 'Forward', 'Mark read or unread', 'Flag or unflag']) {
    await expect(help.getByTestId('shortcut-row').filter({ hasText: text }).first()).toBeVisible();
  }
  await expect(help.getByTestId('shortcut-row').filter({ hasText: 'Close the message' })).toContainText('Esc');
  await page.keyboard.press('Escape');
  await expect(help).toBeHidden();
});

test('the keyboard-focused list shows a ring and names the highlighted row', async () => {
  // Focus away from the list (the page itself), then a key brings the focus back to the list.
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press('k');
  const list = page.getByTestId('message-list');
  await expect(list).toBeFocused();
  await expect(list).toHaveAttribute('role', 'listbox');
  const activeId = await list.getAttribute('aria-activedescendant');
  expect(activeId).toBeTruthy();
  const active = page.locator(`#${activeId}`);
  await expect(active).toHaveAttribute('role', 'option');
  await expect(active).toHaveAttribute('aria-selected', 'true');
  await expect(active).toHaveAccessibleName(new RegExp(`^${sender(SEEDED - 2).name}, ${escape(subjectFor(SEEDED - 2))}, `));
  // The ring: keyboard focus (:focus-visible), an outline on the highlighted row.
  expect(await list.evaluate((el) => el.matches(':focus-visible'))).toBe(true);
  const outline = await active.evaluate((el) => getComputedStyle(el).outlineStyle);
  expect(outline).toBe('solid');
  await page.screenshot({ path: path.join(SHOTS, 'mail-layout-focus-ring.png') });
  // The same ring at each window size the layout is judged at, the highlighted row in view.
  const before = page.viewportSize()!;
  for (const size of SCREEN_SIZES) {
    await page.setViewportSize(size);
    await expect(list).toBeFocused();
    expect(await list.evaluate((el) => el.matches(':focus-visible'))).toBe(true);
    expect(await active.evaluate((el) => getComputedStyle(el).outlineStyle)).toBe('solid');
    await expect(active).toBeInViewport();
    await page.screenshot({ path: path.join(SHOTS, `mail-layout-focus-ring-${size.width}x${size.height}.png`) });
  }
  await page.setViewportSize(before);

  // The paperclip says what it means, to a screen reader too.
  const attached = rows().filter({ hasText: ATTACHED });
  await expect(attached.locator('.msg-row__clip')).toHaveAttribute('title', 'Has attachments');
  await expect(attached.locator('.msg-row__clip')).toContainText('Has attachments');
  await expect(attached).toHaveAccessibleName(/Has attachments/);
});

test('new mail moves neither the open message nor the row under the mouse', async () => {
  // Scroll a little so rows exist above, then open one in the middle of the screen.
  const list = page.getByTestId('message-list');
  await list.evaluate((el) => (el.scrollTop = 300));
  const target = row(SEEDED - 10);
  await target.click();
  await expect(subjectShown()).toHaveText(subjectFor(SEEDED - 10));
  const before = await target.boundingBox();
  // Newest by date: it lands on top, above everything on screen.
  await servers.deliver(support.username, plainMessage(SEEDED + 1, { date: new Date(Date.UTC(2026, 6, 1)) }));
  // This test is about what the list does when rows arrive, not how they are noticed (the sync's
  // tests cover IDLE): a sync is asked for as "Try again" does, so the arrival does not wait on a push.
  const accountId = await page.getByTestId('account-item').getAttribute('data-account-id');
  await page.evaluate((id) => window.mailroom.syncAccount({ accountId: id! }), accountId);
  await expect(page.getByTestId('list-pane-meta')).toContainText(`${SEEDED + 2} conversations`);
  const after = await target.boundingBox();
  expect(after?.y).toBe(before?.y);
  await expect(subjectShown()).toHaveText(subjectFor(SEEDED - 10));
});

test('the list pane resizes by mouse and keyboard, never below 280 px, and is remembered', async () => {
  const pane = page.locator('#mail-list-pane');
  const splitter = page.getByTestId('list-splitter');
  await expect(splitter).toHaveAttribute('role', 'separator');
  await expect(splitter).toHaveAccessibleName('Resize the conversation list');
  const start = (await pane.boundingBox())!.width;
  const box = (await splitter.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + 200);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 + 60, box.y + 200, { steps: 4 });
  await page.mouse.move(box.x + box.width / 2 + 120, box.y + 200, { steps: 4 });
  await page.mouse.up();
  const dragged = (await pane.boundingBox())!.width;
  expect(Math.abs(dragged - (start + 120))).toBeLessThanOrEqual(2);

  await splitter.focus();
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  const keyed = Number(await splitter.getAttribute('aria-valuenow'));
  expect(Math.abs(keyed - (dragged - 32))).toBeLessThanOrEqual(2);
  await page.keyboard.press('Home');
  await expect(splitter).toHaveAttribute('aria-valuenow', '280');
  await page.keyboard.press('ArrowLeft');
  await expect(splitter).toHaveAttribute('aria-valuenow', '280');
  expect(Math.round((await pane.boundingBox())!.width)).toBe(280);
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');

  await page.reload();
  await expect(rows().first()).toBeVisible();
  await expect(page.getByTestId('list-splitter')).toHaveAttribute('aria-valuenow', '328');
  expect(Math.round((await page.locator('#mail-list-pane').boundingBox())!.width)).toBe(328);
  // At each window size the layout is judged at, the remembered width holds and the keys still resize.
  const before = page.viewportSize()!;
  for (const size of SCREEN_SIZES) {
    await page.setViewportSize(size);
    const sized = page.getByTestId('list-splitter');
    await expect(sized).toBeInViewport();
    await expect(sized).toHaveAttribute('aria-valuenow', '328');
    expect(Math.round((await page.locator('#mail-list-pane').boundingBox())!.width)).toBe(328);
    await sized.focus();
    await page.keyboard.press('ArrowRight');
    expect(Math.round((await page.locator('#mail-list-pane').boundingBox())!.width)).toBe(344);
    await page.keyboard.press('ArrowLeft');
    await expect(sized).toHaveAttribute('aria-valuenow', '328');
  }
  await page.setViewportSize(before);
  // Back to the usual width for the screenshots.
  await page.getByTestId('list-splitter').focus();
  for (let i = 0; i < 5; i += 1) await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Shift+ArrowRight');
});

/** Rows wholly inside the list's viewport. */
async function rowsOnScreen(): Promise<number> {
  return page.getByTestId('message-list').evaluate((list) => {
    const view = list.getBoundingClientRect();
    return [...list.querySelectorAll('[data-testid="message-row"]')].filter((r) => {
      const box = r.getBoundingClientRect();
      return box.top >= view.top - 1 && box.bottom <= view.bottom + 1;
    }).length;
  });
}

test('a compact density shows about 18 rows on a 900 px window, and is remembered', async () => {
  const comfortable = await rowsOnScreen();
  const toggle = page.getByTestId('density-toggle');
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  await expect(rows().first()).toBeVisible();
  const compact = await rowsOnScreen();
  expect(compact).toBeGreaterThanOrEqual(17);
  expect(compact).toBeLessThanOrEqual(20);
  expect(compact).toBeGreaterThan(comfortable * 1.8);
  await page.reload();
  await expect(page.getByTestId('density-toggle')).toHaveAttribute('aria-pressed', 'true');
  await expect(rows().first()).toBeVisible();
  expect(await rowsOnScreen()).toBe(compact);
});

test('below 1,100 px the sidebar shrinks to icons that keep their names and tooltips', async () => {
  await page.setViewportSize({ width: 1024, height: 700 });
  const sidebar = page.getByTestId('sidebar');
  await expect.poll(async () => (await sidebar.boundingBox())!.width).toBeLessThanOrEqual(64);
  const inbox = sidebar.getByRole('button', { name: /^Inbox/ });
  await expect(inbox).toBeVisible();
  await expect(inbox).toHaveAttribute('title', 'INBOX');
  const settings = sidebar.getByRole('button', { name: 'Settings' });
  await expect(settings).toBeVisible();
  await expect(settings).toHaveAttribute('title', 'Settings');
  await expect(sidebar.getByRole('button', { name: 'Add account' })).toHaveAttribute('title', 'Add account');
  await expect(sidebar.getByTestId('account-item')).toHaveAccessibleName(/Support/);
  // The folder's visible name is clipped away, its icon stays.
  expect((await inbox.locator('.folder-item__name').boundingBox())!.width).toBeLessThanOrEqual(1);
  await page.setViewportSize({ width: 1400, height: 900 });
  await expect.poll(async () => (await sidebar.boundingBox())!.width).toBeGreaterThan(200);
});

test('screenshots of the mail workspace at three sizes, compact and comfortable', async () => {
  await row(SEEDED - 4).click();
  await expect(subjectShown()).toHaveText(subjectFor(SEEDED - 4));
  for (const density of ['compact', 'comfortable'] as const) {
    const toggle = page.getByTestId('density-toggle');
    if ((await toggle.getAttribute('aria-pressed')) !== String(density === 'compact')) await toggle.click();
    for (const [width, height] of [
      [1024, 700],
      [1400, 900],
      [1920, 1080],
    ] as const) {
      await page.setViewportSize({ width, height });
      await expect(page.getByTestId('message-view')).toBeVisible();
      await page.screenshot({ path: path.join(SHOTS, `mail-layout-${width}x${height}-${density}.png`) });
    }
  }
  // At 1,920 px the message uses the width beside the list instead of a narrow column.
  const pane = (await page.locator('.reading-pane').boundingBox())!;
  const view = (await page.getByTestId('message-view').boundingBox())!;
  expect(view.width).toBeGreaterThan(pane.width * 0.9);
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
