/**
 * Tickets end to end: two agents, each in their own browser host (separate data dirs,
 * separate processes), work one shared Dovecot mailbox through the team log. First
 * start asks each agent's profile; a customer's mail becomes a ticket both see; Ana
 * takes it, notes, tags and transfers it to Ben, who accepts and closes it with the
 * disposition the account requires; the customer's reply reopens it. Both take a new
 * ticket at once: one owns it on both screens, the other is told in plain words. The
 * supervisor view counts live and adds a note to any ticket.
 *
 * Screenshots (test-results/screenshots/tickets-*.png) are for people to look at.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { fillTestAccount } from '../support/account-form';
import { makeDataDir, startHost, type RunningHost } from '../support/host';
import { DEFAULT_USERS, startMailServers, type MailServers } from '../support/mail-servers';

const SHOTS = path.resolve(__dirname, '../../test-results/screenshots');
const mailbox = DEFAULT_USERS[0]!;

let servers: MailServers;
const hosts: RunningHost[] = [];
let ana: Page;
let ben: Page;

test.describe.configure({ mode: 'serial' });

function customerMail(options: { id: string; subject: string; from?: string; inReplyTo?: string; body?: string }): string {
  return [
    `From: ${options.from ?? '"Maria Garcia" <maria@customers.example>'}`,
    `To: ${mailbox.email}`,
    `Subject: ${options.subject}`,
    `Date: ${new Date().toUTCString()}`,
    `Message-ID: <${options.id}@customers.example>`,
    ...(options.inReplyTo ? [`In-Reply-To: <${options.inReplyTo}@customers.example>`, `References: <${options.inReplyTo}@customers.example>`] : []),
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    options.body ?? 'Hello, my parcel has not arrived. Order 18233.',
    '',
  ].join('\r\n');
}

async function openAgent(browser: Browser, name: string): Promise<Page> {
  const host = await startHost({ dataDir: makeDataDir('mailroom-tickets-'), agent: null });
  hosts.push(host);
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  await page.goto(host.url);

  // First start: the profile comes first, checked by the contract's schema.
  const dialog = page.getByTestId('profile-dialog');
  await expect(dialog).toBeVisible();
  await page.getByTestId('profile-save').click();
  await expect(dialog).toContainText('Enter your name as customers and colleagues should see it.');
  await page.getByTestId('profile-name').fill(name);
  await page.getByTestId('profile-phone').fill('call me');
  await page.getByTestId('profile-save').click();
  await expect(dialog).toContainText('Use digits, spaces and + ( ) - . / only');
  await page.getByTestId('profile-phone').fill('+49 30 1234567');
  // Escape cannot skip the first start.
  await page.keyboard.press('Escape');
  await expect(dialog).toBeVisible();
  await page.getByTestId('profile-save').click();
  await expect(dialog).toBeHidden();

  // The same shared mailbox on both computers.
  await page.getByTestId('add-account-button').first().click();
  await fillTestAccount(page, mailbox, servers);
  await page.getByTestId('save-account').click();
  await expect(page.getByTestId('account-form')).toBeHidden();
  // With an account, the window opens on Tickets.
  await expect(page.getByTestId('workspace-tickets')).toHaveAttribute('aria-current', 'page');
  await expect(page.getByTestId('profile-button')).toHaveText(name);
  return page;
}

function row(page: Page, subject: string) {
  return page.getByTestId('ticket-row').filter({ hasText: subject });
}

/**
 * Clicks the ticket's row until its pane shows: a mail arriving meanwhile inserts a row and
 * moves the others, and a click that lands after the move opens the row now under it.
 */
async function openTicket(page: Page, subject: string): Promise<void> {
  await expect(async () => {
    await row(page, subject).click();
    await expect(page.getByTestId('ticket-subject')).toHaveText(subject, { timeout: 2_000 });
  }).toPass();
}

test.beforeAll(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  servers = await startMailServers();
});

test.afterAll(async () => {
  for (const host of hosts) await host.stop();
  await servers?.stop();
});

test('two agents start, set a mandatory disposition, and see a new customer mail as one ticket', async ({ browser }) => {
  ana = await openAgent(browser, 'Ana Lima');
  ben = await openAgent(browser, 'Ben Okafor');

  // The account requires a disposition to close (the team settings form belongs to the settings window).
  await ana.evaluate(async () => {
    const api = window.mailroom;
    const [account] = await api.listAccounts({});
    if (!account) throw new Error('no account');
    const team = await api.getTeam({ accountId: account.id });
    await api.saveTeamSettings({ accountId: account.id, settings: { ...team.settings, dispositions: ['Solved', 'No answer needed'], mandatoryDisposition: true } });
  });

  // Both paused: routing offers nothing, so the new ticket waits unassigned on both screens.
  for (const page of [ana, ben]) {
    await page.getByTestId('status-paused').click();
    await expect(page.getByTestId('status-switch')).toHaveAttribute('data-status', 'paused');
  }

  await servers.deliver(mailbox.username, customerMail({ id: 'parcel-1', subject: 'Where is my parcel?' }));
  for (const page of [ana, ben]) {
    await page.keyboard.press('g');
    await page.keyboard.press('u');
    await expect(page.getByTestId('ticket-view-title')).toHaveText('Unassigned');
    await expect(row(page, 'Where is my parcel?')).toHaveCount(1);
    await expect(row(page, 'Where is my parcel?')).toContainText('Maria Garcia');
  }
  // The same number on both clients.
  const number = await row(ana, 'Where is my parcel?').getAttribute('data-number');
  await expect(row(ben, 'Where is my parcel?')).toHaveAttribute('data-number', number!);
  await ana.screenshot({ path: path.join(SHOTS, 'tickets-01-queue.png') });
});

test('Ana takes, notes and tags the ticket; Ben sees each step; a transfer to Ben is accepted', async () => {
  const subject = 'Where is my parcel?';
  await openTicket(ana, subject);
  await expect(ana.getByTestId('ticket-message').first()).toContainText('Maria Garcia');
  await ana.keyboard.press('t');
  await expect(ana.getByTestId('ticket-owner')).toHaveText('You');

  await ben.getByTestId('view-all').click();
  await openTicket(ben, subject);
  await expect(ben.getByTestId('ticket-owner')).toHaveText('Ana Lima');
  // Ben sees Ana on the ticket.
  await expect(ben.getByTestId('ticket-presence')).toContainText('Ana Lima is viewing');

  // A note, with N and Ctrl+Enter: internal, inline, and on Ben's screen too.
  await ana.keyboard.press('n');
  await expect(ana.getByTestId('note-input')).toBeFocused();
  // Shortcuts never fire while typing: this "t" is text.
  await ana.keyboard.type('Carrier says it is stuck in Leipzig, asked the warehouse.');
  await ana.keyboard.press('Control+Enter');
  await expect(ana.getByTestId('ticket-note')).toContainText('Carrier says it is stuck in Leipzig');
  await expect(ben.getByTestId('ticket-note')).toContainText('Internal note');
  await expect(ben.getByTestId('ticket-note')).toContainText('Carrier says it is stuck in Leipzig');
  await expect(ben.getByTestId('ticket-note')).toHaveAttribute('data-pending', 'false');

  // A tag with L.
  await ana.getByTestId('ticket-pane').click({ position: { x: 5, y: 5 } });
  await ana.keyboard.press('l');
  await ana.getByTestId('tag-input').fill('shipping');
  await ana.getByTestId('tag-input').press('Enter');
  await ana.getByTestId('tags-dialog-submit').click();
  await expect(ana.getByTestId('ticket-tags')).toContainText('shipping');
  await expect(ben.getByTestId('ticket-tags')).toContainText('shipping');
  await ana.screenshot({ path: path.join(SHOTS, 'tickets-02-ticket-pane.png') });

  // Transfer to Ben with Shift+T; Ben accepts with A.
  await ana.keyboard.press('Shift+T');
  await ana.getByTestId('transfer-agent').selectOption({ label: 'Ben Okafor (paused)' });
  await ana.getByTestId('transfer-dialog-submit').click();
  await expect(ben.getByTestId('offer-bar')).toContainText('Offered to you');
  await expect(ben.getByTestId('offer-countdown')).toContainText('left to accept');
  await ben.keyboard.press('a');
  await expect(ben.getByTestId('ticket-owner')).toHaveText('You');
  await expect(ana.getByTestId('ticket-owner')).toHaveText('Ben Okafor');
});

test('closing needs the disposition; the customer replying reopens the ticket', async () => {
  await ben.keyboard.press('c');
  const dialog = ben.getByTestId('close-dialog');
  await expect(dialog).toBeVisible();
  await ben.getByTestId('close-dialog-submit').click();
  await expect(dialog).toContainText('Choose how this ticket ended');
  await ben.getByTestId('close-disposition').selectOption('Solved');
  await ben.getByTestId('close-dialog-submit').click();
  await expect(dialog).toBeHidden();
  await expect(ben.getByTestId('ticket-view')).toHaveAttribute('data-status', 'closed');
  await expect(ana.getByTestId('ticket-view')).toHaveAttribute('data-status', 'closed');
  await expect(ana.getByTestId('disposition-select')).toHaveValue('Solved');

  await servers.deliver(mailbox.username, customerMail({ id: 'parcel-2', subject: 'Re: Where is my parcel?', inReplyTo: 'parcel-1', body: 'Still nothing, sorry.' }));
  await expect(ben.getByTestId('ticket-view')).toHaveAttribute('data-status', 'open');
  await expect(ana.getByTestId('ticket-view')).toHaveAttribute('data-status', 'open');
  await expect(ana.getByTestId('ticket-message')).toHaveCount(2);
  await expect(ana.getByTestId('ticket-message').nth(1)).toContainText('reply to');
});

test('both take a new ticket at once: one owner on both screens, the other is told', async () => {
  const subject = 'Invoice address wrong';
  await servers.deliver(mailbox.username, customerMail({ id: 'invoice-1', subject, from: '"John Smith" <john@customers.example>' }));
  for (const page of [ana, ben]) {
    await page.getByTestId('view-unassigned').click();
    await openTicket(page, subject);
    await expect(page.getByTestId('action-take')).toBeEnabled();
  }
  // At once: a click's checks (visible, stable, scrolled) took up to half a second on a busy machine, long enough for
  // Ana's take to reach Ben's screen and replace his button before his click landed. Both clicks go out together here.
  await Promise.all([ana.getByTestId('action-take').dispatchEvent('click'), ben.getByTestId('action-take').dispatchEvent('click')]);

  const anaOwner = ana.getByTestId('ticket-owner');
  const benOwner = ben.getByTestId('ticket-owner');
  await expect(anaOwner).not.toHaveText(/Unassigned|Offered/);
  await expect(benOwner).not.toHaveText(/Unassigned|Offered/);
  // Both show their own take as "You" while it is pending: the winner is known once the log has decided on both screens.
  await expect
    .poll(async () => ((await anaOwner.textContent()) === 'You') !== ((await benOwner.textContent()) === 'You'), { timeout: 20_000 })
    .toBe(true);
  const winner = (await anaOwner.textContent()) === 'You' ? 'ana' : 'ben';
  const [winPage, losePage, winName] = winner === 'ana' ? [ana, ben, 'Ana Lima'] : [ben, ana, 'Ben Okafor'];
  await expect(winPage.getByTestId('ticket-owner')).toHaveText('You');
  await expect(losePage.getByTestId('ticket-owner')).toHaveText(winName);
  const notice = losePage.getByTestId('ticket-notice');
  await expect(notice).toHaveAttribute('data-kind', 'rejected');
  await expect(notice).toContainText(new RegExp(`${winName} took this ticket .*before you`));
  await expect(winPage.getByTestId('ticket-notice')).toHaveCount(0);
  await losePage.screenshot({ path: path.join(SHOTS, 'tickets-03-collision.png') });
});

test('the supervisor view counts live and adds a note to any ticket', async () => {
  await ana.getByTestId('workspace-supervisor').click();
  const queues = ana.getByTestId('supervisor-queues');
  await expect(queues).toBeVisible();
  const agents = ana.getByTestId('supervisor-agents');
  await expect(agents.getByTestId('supervisor-agent-row').filter({ hasText: 'Ana Lima' })).toBeVisible();
  await expect(agents.getByTestId('supervisor-agent-row').filter({ hasText: 'Ben Okafor' })).toBeVisible();
  const queueRow = queues.getByTestId('supervisor-queue-row').first();
  const unassignedBefore = Number(await queueRow.locator('[data-col="unassigned"]').textContent());

  // A new mail lands unassigned (both paused): the count follows without a reload.
  await servers.deliver(mailbox.username, customerMail({ id: 'upgrade-1', subject: 'Upgrade to the team plan', from: '"Aiko Tanaka" <aiko@customers.example>' }));
  await expect(queueRow.locator('[data-col="unassigned"]')).toHaveText(String(unassignedBefore + 1));

  // A note on the parcel ticket, by number, without opening it.
  await ben.getByTestId('view-all').click();
  await openTicket(ben, 'Where is my parcel?');
  const parcelNumber = await ben.getByTestId('ticket-view').getAttribute('data-number');
  expect(parcelNumber).toMatch(/^\d+$/);
  await ana.getByTestId('supervisor-note-number').fill(String(parcelNumber));
  await ana.getByTestId('supervisor-note-text').fill('Please offer a voucher, we lost this one.');
  await ana.getByTestId('supervisor-note-submit').click();
  // "#12", or "SUP-12" once the account has a key.
  await expect(ana.getByTestId('supervisor-note-done')).toHaveText(new RegExp(`[#-]${parcelNumber}\\.$`));
  await expect(ben.getByTestId('ticket-note').filter({ hasText: 'Please offer a voucher' })).toBeVisible();
  await ana.screenshot({ path: path.join(SHOTS, 'tickets-04-supervisor.png') });
});
