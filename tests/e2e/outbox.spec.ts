/**
 * The outgoing mail log end to end, in Chromium against the browser host and real Postfix
 * and Dovecot. Mail goes out through the compose channels (draft, then send) as the editor
 * sends it; everything after that is the Outbox area as the agent uses it:
 * - two unknown recipients: the mail fails, the row says why, the preview explains each
 *   refusal with its fix, and the tab's badge counts it;
 * - the mailbox password changed on the server: the mail fails with the 535 explained; the
 *   agent enters the new password in the account and presses Resend: it arrives once;
 * - a mail scheduled for later shows its time and is cancelled before it goes;
 * - a reply from a ticket that fails shows under the ticket's messages and leads to its
 *   explanation in the Outbox; a reply that goes, with no copy filed in Sent, shows in the
 *   ticket from the outbox;
 * - the link drops after the final DATA dot (a proxy swallows Postfix's 250): the mail is
 *   "delivery uncertain", and the agent's decision in the dialog settles it.
 *
 * Screenshots (test-results/screenshots/outbox-*.png) are for people to look at.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import type { AccountDraftInput, SendResult } from '../../src-preload/contract';
import { fillTestAccount } from '../support/account-form';
import { makeDataDir, startHost, type RunningHost } from '../support/host';
import { DEFAULT_USERS, startMailServers, type MailServers } from '../support/mail-servers';
import { copiesOf } from '../support/server-inbox';
import { startSmtpCutProxy, type SmtpCutProxy } from '../support/smtp-cut-proxy';

const SHOTS = path.resolve(__dirname, '../../test-results/screenshots');
const [alice, bob, carol] = DEFAULT_USERS as [(typeof DEFAULT_USERS)[0], (typeof DEFAULT_USERS)[0], (typeof DEFAULT_USERS)[0]];
const NEW_PASSWORD = 'changed-on-the-server-7';

let servers: MailServers;
let host: RunningHost;
let page: Page;
let cutProxy: SmtpCutProxy | undefined;

test.describe.configure({ mode: 'serial' });

interface MailInput {
  to: string[];
  cc?: string[];
  bcc?: string[];
  subject: string;
  html: string;
  scheduleAt?: number;
}

/** A new mail from the account, sent as the composer sends it: start a draft, save what was typed, send. */
async function send(mail: MailInput): Promise<SendResult> {
  return page.evaluate(async ({ to, cc, bcc, subject, html, scheduleAt }) => {
    const api = window.mailroom;
    const view = await api.startDraft({ kind: 'new' });
    const list = (addresses: string[] | undefined) => (addresses ?? []).map((address) => ({ name: '', address }));
    const draft = { ...view.draft, to: list(to), cc: list(cc), bcc: list(bcc), subject, bodyHtml: html };
    await api.saveDraft({ draft });
    return api.sendDraft({ id: draft.id, scheduleAt: scheduleAt ?? null });
  }, mail);
}

function row(subject: string) {
  return page.getByTestId('outbox-row').filter({ hasText: subject });
}

/** The mailbox password as the server checks it (Dovecot re-reads its passwd-file when it changes). */
function setServerPassword(username: string, from: string, to: string): void {
  const file = path.join(servers.dir, 'dovecot', 'users');
  const text = fs.readFileSync(file, 'utf8');
  fs.writeFileSync(file, text.split(`:{PLAIN}${from}:`).join(`:{PLAIN}${to}:`));
  expect(fs.readFileSync(file, 'utf8')).toContain(`${username}:{PLAIN}${to}:`);
}

test.beforeAll(async ({ browser }) => {
  fs.mkdirSync(SHOTS, { recursive: true });
  servers = await startMailServers();
  host = await startHost({ dataDir: makeDataDir('mailroom-outbox-') });
  page = await (await browser.newContext({ viewport: { width: 1280, height: 860 } })).newPage();
  await page.goto(host.url);
  await page.getByTestId('add-account-button').first().click();
  await fillTestAccount(page, alice, servers);
  await page.getByTestId('account-form').locator('[name="key"]').fill('SUP');
  await page.getByTestId('save-account').click();
  await expect(page.getByTestId('account-form')).toBeHidden();
});

test.afterAll(async () => {
  await host?.stop();
  await cutProxy?.close();
  await servers?.stop();
});

test('an empty outbox says what will appear there', async () => {
  await page.getByTestId('workspace-outbox').click();
  await expect(page.getByTestId('empty-state')).toHaveAttribute('data-kind', 'no-outbox');
  await expect(page.getByTestId('empty-state')).toContainText('Every mail Mailroom sends appears here');
  await expect(page.getByTestId('outbox-badge')).toHaveCount(0);
});

test('a mail to unknown recipients fails, each refusal explained with its fix, and the badge counts it', async () => {
  const result = await send({ to: ['nobody@example.test', 'no-one@example.test'], subject: 'Your parcel 18233', html: '<p>Hello, your parcel is on its way.</p>' });
  expect(result.outcome).toBe('queued');

  // First the undo window counts down, then the server refuses both.
  await expect(row('Your parcel 18233')).toHaveAttribute('data-state', 'failed');
  await expect(row('Your parcel 18233').getByTestId('outbox-row-error')).toHaveAttribute('data-code', 'smtp/recipient-unknown');
  await expect(page.getByTestId('outbox-badge')).toHaveText('1');

  await row('Your parcel 18233').click();
  const preview = page.getByTestId('outbox-preview');
  await expect(preview).toHaveAttribute('data-state', 'failed');
  await expect(page.getByTestId('outbox-error')).toContainText('How to fix:');
  const refused = preview.getByTestId('outbox-recipient');
  await expect(refused).toHaveCount(2);
  for (const recipient of await refused.all()) {
    await expect(recipient).toHaveAttribute('data-refused', 'true');
    await expect(recipient).toContainText('How to fix:');
  }
  // Failed mail may be sent again or dropped.
  await expect(page.getByTestId('outbox-resend')).toBeVisible();
  await expect(page.getByTestId('outbox-cancel')).toBeVisible();
  await page.screenshot({ path: path.join(SHOTS, 'outbox-01-failed-explained.png') });
});

test('a wrong password fails with the 535 explained; after the account gets the new one, Resend delivers it once', async () => {
  setServerPassword(alice.username, alice.password, NEW_PASSWORD);
  const result = await send({ to: [bob.email], subject: 'Invoice 2291 corrected', html: '<p>Dear Bob,</p><p>here is the <b>corrected</b> invoice.</p>' });
  if (result.outcome !== 'queued') throw new Error(`not queued: ${JSON.stringify(result)}`);
  const messageId = result.item.messageId;

  await expect(row('Invoice 2291 corrected')).toHaveAttribute('data-state', 'failed');
  await expect(row('Invoice 2291 corrected').getByTestId('outbox-row-error')).toHaveAttribute('data-code', 'auth/failed');
  await expect(page.getByTestId('outbox-badge')).toHaveText('2');
  await row('Invoice 2291 corrected').click();
  await expect(page.getByTestId('outbox-error')).toContainText('username or password');
  await expect(page.getByTestId('outbox-error')).toContainText('How to fix:');
  await page.screenshot({ path: path.join(SHOTS, 'outbox-02-wrong-password.png') });

  // The admin enters the new password (the account's connection test checks it before saving).
  await page.evaluate(async (password) => {
    const api = window.mailroom;
    const [account] = await api.listAccounts({});
    if (!account) throw new Error('no account');
    const { id: _id, hasPassword: _has, ...settings } = await api.getAccount({ accountId: account.id });
    const draft: AccountDraftInput = { ...settings, password };
    await api.updateAccount({ accountId: account.id, draft });
  }, NEW_PASSWORD);

  await page.getByTestId('outbox-resend').click();
  await expect(row('Invoice 2291 corrected')).toHaveAttribute('data-state', 'sent');
  await expect(page.getByTestId('outbox-badge')).toHaveText('1');
  await expect(page.getByTestId('outbox-preview')).toHaveAttribute('data-state', 'sent');
  await expect(page.getByTestId('outbox-error')).toHaveCount(0);
  await expect(page.getByTestId('outbox-preview').getByTestId('email-frame')).toBeVisible();
  await expect(page.getByTestId('outbox-preview').getByTestId('email-frame').contentFrame().locator('b')).toHaveText('corrected');

  await expect.poll(async () => (await copiesOf(servers, bob, messageId)).length).toBe(1);
  await page.screenshot({ path: path.join(SHOTS, 'outbox-03-preview-sent.png') });
});

test('a mail scheduled for later shows when it goes and can be cancelled before', async () => {
  const at = Date.now() + 3 * 3600_000;
  const result = await send({ to: [bob.email], cc: [carol.email], bcc: [alice.email], subject: 'Reminder: your appointment', html: '<p>See you tomorrow.</p>', scheduleAt: at });
  expect(result.outcome).toBe('queued');
  await expect(row('Reminder: your appointment')).toHaveAttribute('data-state', 'queued');
  await expect(row('Reminder: your appointment').getByTestId('outbox-row-state')).toContainText('scheduled for');
  // Cc and Bcc are told apart by their underline on screen, and in words for screen readers.
  await expect(row('Reminder: your appointment').locator('.outbox-recipient--cc')).toHaveText(/carol@example\.test/);
  await expect(row('Reminder: your appointment').locator('.outbox-recipient--bcc')).toHaveText(/alice@example\.test/);
  await expect(row('Reminder: your appointment')).toContainText('To: bob@example.test; Cc: carol@example.test; Bcc: alice@example.test');

  await row('Reminder: your appointment').click();
  await expect(page.getByTestId('outbox-preview')).toHaveAttribute('data-state', 'queued');
  await expect(page.getByTestId('outbox-preview-state')).toContainText('scheduled for');
  await page.screenshot({ path: path.join(SHOTS, 'outbox-04-scheduled.png') });
  await page.getByTestId('outbox-cancel').click();
  await expect(row('Reminder: your appointment')).toHaveAttribute('data-state', 'cancelled');
  await expect(page.getByTestId('outbox-preview')).toHaveAttribute('data-state', 'cancelled');
  // Cancelled mail can still go if the agent changes their mind.
  await expect(page.getByTestId('outbox-resend')).toBeVisible();

  // The filters: only what needs attention, then words.
  await page.getByTestId('outbox-filter-status').selectOption('attention');
  await expect(page.getByTestId('outbox-row')).toHaveCount(1);
  await expect(row('Your parcel 18233')).toBeVisible();
  await page.getByTestId('outbox-filter-status').selectOption('any');
  await page.getByTestId('outbox-search').fill('appointment');
  await expect(page.getByTestId('outbox-row')).toHaveCount(1);
  await page.getByTestId('outbox-search').fill('');
  await expect(page.getByTestId('outbox-row')).toHaveCount(3);
  await page.screenshot({ path: path.join(SHOTS, 'outbox-05-log.png') });
});

test('a failed reply shows under the ticket and leads to its explanation; a sent one shows in the ticket from the outbox', async () => {
  // No copy in Sent: the ticket can only show the reply from the outbox.
  await page.evaluate(async () => {
    const api = window.mailroom;
    const [account] = await api.listAccounts({});
    if (!account) throw new Error('no account');
    const { id: _id, hasPassword: _has, ...settings } = await api.getAccount({ accountId: account.id });
    await api.updateAccount({ accountId: account.id, draft: { ...settings, password: '', sending: { ...settings.sending, sentCopy: 'never' } } });
  });
  await servers.deliver(
    alice.username,
    [
      'From: "Maria Garcia" <maria@customers.example>',
      `To: ${alice.email}`,
      'Subject: Where is my parcel?',
      `Date: ${new Date().toUTCString()}`,
      'Message-ID: <parcel-question@customers.example>',
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Hello, my parcel has not arrived. Order 18233.',
      '',
    ].join('\r\n'),
  );

  await page.getByTestId('workspace-tickets').click();
  await page.getByTestId('view-all').click();
  const ticketRow = page.getByTestId('ticket-row').filter({ hasText: 'Where is my parcel?' });
  await ticketRow.click();
  await expect(page.getByTestId('ticket-subject')).toHaveText('Where is my parcel?');
  const key = await ticketRow.getAttribute('data-ticket');
  if (!key) throw new Error('the ticket row names no key');

  // A reply as the editor sends it: the draft's greeting, signature and quote, with the agent's words on top.
  const reply = (words: string, to: string | null) =>
    page.evaluate(
      async ({ ticket, words, to }) => {
        const api = window.mailroom;
        const [account] = await api.listAccounts({});
        if (!account) throw new Error('no account');
        const view = await api.startDraft({ kind: 'reply', ticket: { accountId: account.id, ticket } });
        const draft = { ...view.draft, bodyHtml: `<p>${words}</p>${view.draft.bodyHtml}`, ...(to ? { to: [{ name: '', address: to }] } : {}) };
        await api.saveDraft({ draft });
        return api.sendDraft({ id: draft.id, scheduleAt: null, ignoreCollision: false });
      },
      { ticket: key, words, to },
    );

  // A reply the server refuses never joins the messages: it shows under them, with the way to its explanation.
  expect((await reply('Please check your address.', 'nobody@example.test')).outcome).toBe('queued');
  const failed = page.getByTestId('ticket-outgoing-item');
  await expect(failed).toHaveAttribute('data-state', 'failed');
  await expect(failed).toContainText('mailbox does not exist');
  await page.screenshot({ path: path.join(SHOTS, 'outbox-06-ticket-failed-reply.png') });
  await failed.getByTestId('ticket-outgoing-show').click();
  await expect(page.getByTestId('workspace-outbox')).toHaveAttribute('aria-current', 'page');
  await expect(page.getByTestId('outbox-preview')).toHaveAttribute('data-state', 'failed');
  await expect(page.getByTestId('outbox-error')).toContainText('How to fix:');
  await page.getByTestId('outbox-cancel').click();
  await expect(page.getByTestId('outbox-preview')).toHaveAttribute('data-state', 'cancelled');
  await page.getByTestId('workspace-tickets').click();
  await expect(page.getByTestId('ticket-subject')).toHaveText('Where is my parcel?');
  await expect(page.getByTestId('ticket-outgoing-item')).toHaveCount(0);

  const result = await reply('Your parcel left our warehouse today.', null);
  expect(result.outcome).toBe('queued');

  const sentReply = page.locator('[data-testid="ticket-message"].ticket-message--out');
  await expect(sentReply).toHaveCount(1);
  // The newest message of a ticket opens by itself.
  await expect(sentReply.locator('.ticket-message__toggle')).toHaveAttribute('aria-expanded', 'true');
  const sent = sentReply.getByTestId('outbox-preview');
  await expect(sent).toHaveAttribute('data-state', 'sent');
  await expect(sent.getByTestId('email-frame').contentFrame().locator('body')).toContainText('Your parcel left our warehouse today.');
  await sentReply.scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(SHOTS, 'outbox-07-ticket-reply.png') });
});

test('a mail whose answer was lost after the final dot is uncertain, and the agent decides', async () => {
  cutProxy = await startSmtpCutProxy(servers.smtpsPort, servers.certPem);
  const port = cutProxy.port;
  await page.evaluate(async (proxyPort) => {
    const api = window.mailroom;
    const [account] = await api.listAccounts({});
    if (!account) throw new Error('no account');
    const { id: _id, hasPassword: _has, ...settings } = await api.getAccount({ accountId: account.id });
    await api.updateAccount({ accountId: account.id, draft: { ...settings, password: '', smtp: { host: '127.0.0.1', port: proxyPort, security: 'tls', trustedCertificate: null } } });
  }, port);
  cutProxy.cutAfterNextDot();

  const result = await send({ to: [bob.email], subject: 'Your refund of 40 EUR', html: '<p>We refunded 40 EUR today.</p>' });
  if (result.outcome !== 'queued') throw new Error(`not queued: ${JSON.stringify(result)}`);
  await page.getByTestId('workspace-outbox').click();
  await expect(row('Your refund of 40 EUR')).toHaveAttribute('data-state', 'uncertain');
  expect(cutProxy.swallowed()).toHaveLength(1);
  await expect(page.getByTestId('outbox-badge')).toHaveText('2');

  await row('Your refund of 40 EUR').click();
  await expect(page.getByTestId('outbox-preview')).toHaveAttribute('data-state', 'uncertain');
  // Never a blind resend: the only way on is the decision.
  await expect(page.getByTestId('outbox-resend')).toHaveCount(0);
  await page.getByTestId('outbox-decide').click();
  const dialog = page.getByTestId('uncertain-dialog');
  await expect(dialog).toContainText('Check first');
  await page.screenshot({ path: path.join(SHOTS, 'outbox-08-uncertain-dialog.png') });

  // It did arrive (Postfix had queued it): the agent says so.
  await expect.poll(async () => (await copiesOf(servers, bob, result.item.messageId)).length).toBe(1);
  await dialog.getByTestId('uncertain-delivered').click();
  await expect(dialog).toBeHidden();
  await expect(row('Your refund of 40 EUR')).toHaveAttribute('data-state', 'sent');
  await expect(page.getByTestId('outbox-badge')).toHaveText('1');
  expect((await copiesOf(servers, bob, result.item.messageId)).length).toBe(1);
});
