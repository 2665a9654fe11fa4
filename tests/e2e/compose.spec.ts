/**
 * Answering end to end, in Chromium against the browser host, with the real services,
 * Postfix and Dovecot: a customer (bob@) writes to the shared mailbox (alice@); the agent
 * replies from the ticket (recipient and schedule checks at their fields, the draft kept
 * when the composer closes, the undo window); the reply arrives in the customer's
 * mailbox (read over IMAP) threaded, with the account's greeting, signature, template and
 * ticket token and a text/plain part; the customer's answer then joins the same ticket.
 * A canned answer is inserted with its variables filled; Undo brings a sent draft back.
 *
 * Screenshots (test-results/screenshots/compose-*.png) are for people to look at.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { ImapFlow } from 'imapflow';
import { simpleParser, type ParsedMail } from 'mailparser';
import { fillTestAccount } from '../support/account-form';
import { makeDataDir, startHost, TEST_AGENT, type RunningHost } from '../support/host';
import { DEFAULT_USERS, startMailServers, type MailServers } from '../support/mail-servers';

const SHOTS = path.resolve(__dirname, '../../test-results/screenshots');
const support = DEFAULT_USERS[0]!;
const customer = DEFAULT_USERS[1]!;
const SUBJECT = 'My kettle arrived broken';

let servers: MailServers;
let host: RunningHost;
let page: Page;

test.describe.configure({ mode: 'serial' });

function customerMail(options: { id: string; subject: string; body: string; inReplyTo?: string; references?: string[] }): string {
  return [
    `From: "Bob Customer" <${customer.email}>`,
    `To: ${support.email}`,
    `Subject: ${options.subject}`,
    `Date: ${new Date().toUTCString()}`,
    `Message-ID: ${options.id}`,
    ...(options.inReplyTo ? [`In-Reply-To: ${options.inReplyTo}`] : []),
    ...(options.references ? [`References: ${options.references.join(' ')}`] : []),
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    options.body,
    '',
  ].join('\r\n');
}

/** Every message in the customer's INBOX, parsed, as the customer's mail client would see them. */
async function customerInbox(): Promise<ParsedMail[]> {
  const client = new ImapFlow({
    host: '127.0.0.1',
    port: servers.imapsPort,
    secure: true,
    tls: { ca: [servers.certPem] },
    auth: { user: customer.username, pass: customer.password },
    logger: false,
  });
  await client.connect();
  try {
    const lock = await client.getMailboxLock('INBOX');
    try {
      const parsed: ParsedMail[] = [];
      for await (const message of client.fetch('1:*', { source: true })) {
        if (message.source) parsed.push(await simpleParser(message.source));
      }
      return parsed;
    } finally {
      lock.release();
    }
  } catch (err) {
    // An empty INBOX answers 1:* with an error on some servers: nothing has arrived yet.
    if (err instanceof Error && /Invalid messageset|No matching/i.test(err.message)) return [];
    throw err;
  } finally {
    await client.logout();
  }
}

function ticketRow(subject: string) {
  return page.getByTestId('ticket-row').filter({ hasText: subject });
}

async function editorText(): Promise<string> {
  return (await page.getByTestId('compose-editor-input').textContent()) ?? '';
}

test.beforeAll(async ({ browser }) => {
  fs.mkdirSync(SHOTS, { recursive: true });
  servers = await startMailServers();
  host = await startHost({ dataDir: makeDataDir('mailroom-compose-') });
  page = await (await browser.newContext({ viewport: { width: 1280, height: 860 } })).newPage();
  await page.goto(host.url);

  // The shared mailbox with the identity replies should carry.
  await page.getByTestId('add-account-button').first().click();
  await fillTestAccount(page, support, servers);
  const form = page.getByTestId('account-form');
  await form.locator('[name="identity.senderName"]').fill('Acme Support');
  await form.locator('[name="identity.greeting"]').fill('Hello {{customer.name}},');
  await form.locator('[name="identity.signature"]').fill('Kind regards,\n{{agent.name}}');
  await form.locator('[name="identity.htmlTemplate"]').fill('<div class="acme-template">{{body}}<p>Acme Support, since 1999</p></div>');
  await page.getByTestId('save-account').click();
  await expect(form).toBeHidden();
  await expect(page.getByTestId('workspace-tickets')).toHaveAttribute('aria-current', 'page');
  // Paused: routing offers nothing, so A stays "reply all" and the ticket waits unassigned.
  await page.getByTestId('status-paused').click();
  await page.getByRole('button', { name: 'All tickets', exact: true }).click();
});

test.afterAll(async () => {
  await host?.stop();
  await servers?.stop();
});

test('a reply from the ticket reaches the customer threaded, with the identity and token, and the answer joins the ticket', async () => {
  await servers.deliver(
    support.username,
    customerMail({ id: '<kettle-1@example.test>', subject: SUBJECT, body: 'The kettle was cracked when it arrived. Order 4471.', references: ['<order-4471@shop.example>'] }),
  );
  await expect(ticketRow(SUBJECT)).toHaveCount(1);
  await ticketRow(SUBJECT).click();
  await expect(page.getByTestId('ticket-subject')).toHaveText(SUBJECT);
  const token = (await page.getByTestId('ticket-token').textContent())?.trim() ?? '';
  expect(token).toMatch(/\d+$/);
  const number = /(\d+)$/.exec(token)![1]!;

  // R opens the reply: the customer as recipient, "Re:" and the ticket token, the greeting and the quote.
  await page.keyboard.press('r');
  const composer = page.getByTestId('composer');
  await expect(composer).toBeVisible();
  await expect(composer.getByTestId('recipient-chip')).toHaveAttribute('data-address', customer.email);
  const subject = await composer.getByTestId('compose-subject').inputValue();
  expect(subject).toMatch(new RegExp(`^Re: \\[#[A-Z]+-${number}\\] ${SUBJECT}$`));
  await expect(composer.getByTestId('compose-editor-input')).toContainText('Hello Bob Customer,');
  await expect(composer.getByTestId('compose-editor-input')).toContainText('The kettle was cracked');

  // Write under the greeting.
  await composer.getByTestId('compose-editor-input').click();
  await page.keyboard.press('Control+Home');
  await page.keyboard.press('End');
  await page.keyboard.press('Enter');
  await page.keyboard.type('A replacement kettle ships today; the tracking number follows by mail.');
  await expect(composer.getByTestId('compose-saved')).toHaveAttribute('data-state', /saved|server/);

  // Closing keeps the draft: the reopened ticket offers it back, text and all.
  await page.keyboard.press('Escape');
  await expect(composer).toBeHidden();
  await expect(page.getByTestId('ticket-draft')).toHaveCount(1);
  await page.getByTestId('ticket-draft-continue').click();
  await expect(composer).toBeVisible();
  expect(await editorText()).toContain('A replacement kettle ships today');

  // Recipients are checked as typed, and sendDraft's problems land at their field.
  await composer.getByRole('button', { name: `Remove Bob Customer <${customer.email}> from To` }).click();
  await composer.getByTestId('compose-send').click();
  await expect(composer.getByTestId('compose-to')).toContainText(/recipient/i);
  await composer.getByTestId('compose-to-input').fill('bob@');
  await composer.getByTestId('compose-to-input').press('Enter');
  await expect(composer.getByTestId('compose-to')).toContainText('“bob@” is not an email address');
  await composer.getByTestId('compose-to-input').fill(`Bob Customer <${customer.email}>`);
  await composer.getByTestId('compose-to-input').press('Enter');
  await expect(composer.getByTestId('recipient-chip')).toHaveAttribute('data-address', customer.email);

  // "Send later" wants a time in the future.
  await composer.getByTestId('compose-send-later').click();
  await composer.getByTestId('compose-schedule-at').fill('2020-01-01T09:00');
  await composer.getByTestId('compose-schedule').click();
  await expect(composer).toContainText('Pick a time in the future');
  await composer.getByRole('button', { name: 'Cancel', exact: true }).click();

  await page.screenshot({ path: path.join(SHOTS, 'compose-01-reply.png') });

  // Send: the undo window counts down, then the mail goes.
  await composer.getByTestId('compose-send').click();
  await expect(composer).toBeHidden();
  await expect(page.getByTestId('undo-send')).toBeVisible();
  await expect(page.getByTestId('undo-seconds')).toHaveText(/^\d+$/);
  await page.screenshot({ path: path.join(SHOTS, 'compose-02-undo.png') });
  await expect(page.getByTestId('undo-send')).toBeHidden({ timeout: 15_000 });

  // The customer's mailbox, read over IMAP.
  let reply: ParsedMail | undefined;
  await expect
    .poll(
      async () => {
        reply = (await customerInbox()).find((m) => m.inReplyTo === '<kettle-1@example.test>');
        return Boolean(reply);
      },
      { timeout: 30_000 },
    )
    .toBe(true);
  const mail = reply!;
  expect(mail.subject).toBe(subject);
  const references = Array.isArray(mail.references) ? mail.references : mail.references ? [mail.references] : [];
  expect(references).toEqual(expect.arrayContaining(['<order-4471@shop.example>', '<kettle-1@example.test>']));
  expect(mail.from?.value[0]?.address).toBe(support.email);
  expect(mail.from?.value[0]?.name).toBe('Acme Support');
  const html = typeof mail.html === 'string' ? mail.html : '';
  expect(html).toContain('acme-template');
  expect(html).toContain('Acme Support, since 1999');
  expect(html).toContain('Hello Bob Customer,');
  expect(html).toContain('A replacement kettle ships today');
  expect(html).toContain('Kind regards,');
  expect(html).toContain(TEST_AGENT.name);
  // The plain-text alternative, for clients that do not show HTML.
  expect(mail.text ?? '').toContain('A replacement kettle ships today');
  expect(mail.text ?? '').toContain(TEST_AGENT.name);
  expect(mail.text ?? '').not.toContain('<p>');

  // The customer answers the reply: it joins the same ticket.
  const replyId = mail.messageId!;
  await servers.deliver(
    support.username,
    customerMail({
      id: '<kettle-2@example.test>',
      subject: mail.subject ?? '',
      body: 'Thanks, the new kettle works fine.',
      inReplyTo: replyId,
      references: [...references, replyId],
    }),
  );
  // Three messages in one ticket: the customer's, the reply sent from here, and the answer to it.
  await expect(page.getByTestId('ticket-message')).toHaveCount(3);
  const answer = page.getByTestId('ticket-message').filter({ hasText: 'reply to an earlier message' });
  await expect(answer).toHaveCount(1);
  await expect(answer).toContainText('Bob Customer');
  await expect(page.getByTestId('ticket-subject')).toHaveText(SUBJECT);
  await expect(ticketRow(SUBJECT)).toHaveCount(1);
  await page.screenshot({ path: path.join(SHOTS, 'compose-03-answer-joined.png') });
});

test('a canned answer goes in with its variables filled; undo brings a sent mail back as a draft', async () => {
  const account = await page.evaluate(async () => (await window.mailroom.listAccounts({}))[0]!);
  await page.evaluate(
    async (accountId) => {
      await window.mailroom.saveCanned({
        answer: { id: 'kettle-refund', scope: 'general', accountId: '', title: 'Refund: how long', shortcut: 'refund', bodyHtml: '<p>Dear {{customer.name}}, your refund reaches you within 5 working days.</p>' },
      });
      await window.mailroom.saveCanned({
        answer: { id: 'kettle-care', scope: 'account', accountId, title: 'Descaling the kettle', shortcut: 'descale', bodyHtml: '<p>Descale it monthly with citric acid.</p>' },
      });
    },
    account.id,
  );

  await ticketRow(SUBJECT).click();
  await page.getByTestId('action-reply').click();
  const composer = page.getByTestId('composer');
  await expect(composer).toBeVisible();
  // The reply opens with the caret on the empty line between greeting and signature: no click needed.
  await expect(composer.getByTestId('compose-editor-input')).toBeFocused();
  await page.keyboard.press('Control+Shift+I');
  const picker = page.getByTestId('canned-picker');
  await expect(picker).toBeVisible();
  await expect(picker.getByTestId('canned-option')).toHaveCount(2);
  await expect(picker.getByTestId('canned-option').filter({ hasText: 'Refund: how long' })).toContainText('All accounts');
  await expect(picker.getByTestId('canned-option').filter({ hasText: 'Descaling the kettle' })).toContainText('Support');
  await page.screenshot({ path: path.join(SHOTS, 'compose-05-canned-picker.png') });
  await picker.getByTestId('canned-search').fill('refund');
  await expect(picker.getByTestId('canned-option')).toHaveCount(1);
  await picker.getByTestId('canned-search').press('Enter');
  await expect(picker).toBeHidden();
  await expect(composer.getByTestId('compose-editor-input')).toContainText('Dear Bob Customer, your refund reaches you within 5 working days.');
  // Where the agent writes: after the greeting, before the signature and the quote.
  const body = await composer.getByTestId('compose-editor-input').innerText();
  expect(body.indexOf('Hello Bob Customer')).toBeLessThan(body.indexOf('your refund reaches you'));
  expect(body.indexOf('your refund reaches you')).toBeLessThan(body.indexOf('Kind regards'));

  // A variable typed by hand that has no value here is flagged before sending.
  await page.keyboard.type(' See you, {{agnet.name}}');
  await expect(composer.getByTestId('compose-variable-problems')).toContainText('{{agnet.name}} is not a variable');
  await page.screenshot({ path: path.join(SHOTS, 'compose-04-canned-answer.png') });
  for (let i = 0; i < ' See you, {{agnet.name}}'.length; i++) await page.keyboard.press('Backspace');
  await expect(composer.getByTestId('compose-variable-problems')).toHaveCount(0);

  // Send, then Undo inside the window: the draft comes back and the outbox holds nothing to send.
  const waiting = () => page.evaluate(async () => (await window.mailroom.listOutbox({ filter: { states: ['queued', 'sending'], accountId: '', text: '', ticket: '' }, offset: 0, limit: 10 })).total);
  await composer.getByTestId('compose-send').click();
  await expect(page.getByTestId('undo-send')).toBeVisible();
  expect(await waiting()).toBe(1);
  await page.getByTestId('undo-send-button').click();
  await expect(composer).toBeVisible();
  expect(await editorText()).toContain('your refund reaches you within 5 working days');
  expect(await waiting()).toBe(0);
  await composer.getByTestId('compose-discard').click();
  await expect(composer).toBeHidden();
  await expect(page.getByTestId('ticket-draft')).toHaveCount(0);
});
