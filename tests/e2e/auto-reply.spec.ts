/**
 * The auto-reply settings in the browser host, against real Dovecot: problems named as
 * you type, the note that only new mail is answered, saving through the team log, and the
 * dry run over the account's received mail (people, robots, lists, bulk mail, a sender
 * writing twice), each mail with its reason.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { DEFAULT_USERS, startMailServers, type MailServers } from '../support/mail-servers';
import { makeDataDir, startHost, type RunningHost } from '../support/host';
import { fillTestAccount } from '../support/account-form';

const SHOTS = path.resolve(__dirname, '../../test-results/screenshots');
const [alice] = DEFAULT_USERS as [(typeof DEFAULT_USERS)[0]];

let servers: MailServers;
let host: RunningHost;

test.beforeAll(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  servers = await startMailServers();
  host = await startHost({ dataDir: makeDataDir() });
});

test.afterAll(async () => {
  await host?.stop();
  await servers?.stop();
});

function mail(i: number, from: string, subject: string, headers: string[] = []): string {
  return [
    `From: ${from}`,
    `To: ${alice.email}`,
    `Subject: ${subject}`,
    `Date: ${new Date(Date.UTC(2026, 10, 20, 9, 0) + i * 3_600_000).toUTCString()}`,
    `Message-ID: <auto-reply-e2e-${i}@customers.example>`,
    ...headers,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    `Mail ${i}.`,
    '',
  ].join('\r\n');
}

const SEED = [
  mail(1, '"Nora Lindqvist" <nora@customers.example>', 'Invoice 2291 is wrong'),
  mail(2, '"Nora Lindqvist" <nora@customers.example>', 'Also: my address changed'),
  mail(3, '"Omar Haddad" <omar@customers.example>', 'Cannot sign in since Monday'),
  mail(4, '"Omar Haddad" <omar@customers.example>', 'Out of office: Cannot sign in', ['Auto-Submitted: auto-replied']),
  mail(5, '"Product news" <news@vendor.example>', 'November release notes', ['List-Id: Product news <news.vendor.example>', 'List-Unsubscribe: <mailto:leave@vendor.example>']),
  mail(6, '"Shop" <no-reply@shop.example>', 'Your order has shipped'),
  mail(7, '"Mail Delivery System" <MAILER-DAEMON@mx.example>', 'Undelivered Mail Returned to Sender', ['Return-Path: <>']),
  mail(8, '"Deals" <deals@offers.example>', '50% off everything', ['Precedence: bulk']),
  mail(9, '"Pia Costa" <pia@customers.example>', 'Refund for order 7781?'),
];

test('an admin writes the auto-reply, sees each problem named as it is typed, and tries it on the received mail', async ({ page }) => {
  await servers.deliverMany(alice.username, SEED);
  await page.goto(`${host.url}#/settings`);
  await expect(page.getByTestId('settings-page')).toBeVisible();
  await page.getByTestId('add-account-button').first().click();
  await page.getByTestId('provider-choice-manual').click();
  await fillTestAccount(page, alice, servers);
  await page.getByTestId('save-account').click();
  await expect(page.getByTestId('account-row').filter({ hasText: alice.email })).toBeVisible();

  const section = page.getByTestId('auto-reply-settings');
  const form = section.getByRole('form', { name: 'Auto-reply settings' });
  await expect(form).toBeVisible({ timeout: 30_000 });
  await expect(section.getByTestId('auto-reply-note')).toContainText('Only mail that arrives after auto-reply is turned on gets one.');

  // Turned on without a text, and a variable misspelt or meaningless in an auto-reply: each named with its fix.
  await form.getByLabel('Send an auto-reply to customers who write to this account').check();
  await form.getByLabel('Subject').fill('Re: {{ticket.subjet}} [{{ticket.token}}]');
  await expect(form).toContainText('{{ticket.subjet}} is not a variable: check the spelling (for example {{customer.name}}).');
  await expect(form).toContainText('Write the text the customer gets before turning auto-reply on.');
  await expect(form.getByTestId('auto-reply-save')).toBeDisabled();
  await form.getByLabel('Subject').fill('Re: {{ticket.subject}} [{{ticket.token}}]');
  const text = form.getByRole('textbox', { name: 'Text' });
  await text.click();
  await page.keyboard.type('Hello ');
  await form.getByLabel('Insert a variable').selectOption('customer.name');
  await page.keyboard.type(', thank you for your mail. We answer within one working day. {{agent.name}}');
  await expect(form).toContainText('{{agent.name}} has no value in an auto-reply');
  for (let i = 0; i < '{{agent.name}}'.length; i++) await page.keyboard.press('Backspace');
  await page.keyboard.type('The support team of {{account.name}}');
  await expect(form.getByText('has no value in an auto-reply')).toHaveCount(0);

  await form.getByTestId('auto-reply-save').click();
  await expect(page.getByTestId('auto-reply-saved')).toBeVisible();
  await expect(section.getByTestId('auto-reply-note')).toContainText('On since');

  // The dry run reads the cached mail: once the first sync stored all nine, it judges all nine.
  const summary = section.getByTestId('auto-reply-dry-summary');
  await expect(async () => {
    await form.getByTestId('auto-reply-dry-run').click();
    await expect(section.getByRole('heading', { name: 'Tried on the last 9 received mails' })).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 60_000 });
  await expect(summary).toContainText('3 would get an auto-reply, 6 would not');
  const verdicts = section.getByTestId('auto-reply-verdict');
  await expect(verdicts).toHaveCount(9);
  const reasonOf = (subject: string) => verdicts.filter({ hasText: subject });
  await expect(reasonOf('Invoice 2291 is wrong')).toContainText('Would get one');
  await expect(reasonOf('Also: my address changed')).toContainText('already got an auto-reply');
  await expect(reasonOf('Out of office')).toContainText('sent by a program');
  await expect(reasonOf('November release notes')).toContainText('mailing list');
  await expect(reasonOf('Your order has shipped')).toContainText('robot address');
  // Dovecot's delivery puts the envelope sender's Return-Path first: the bounce shows as its robot sender.
  await expect(reasonOf('Undelivered Mail')).toContainText(/robot address|Return-Path is empty/);
  await expect(reasonOf('50% off everything')).toContainText('bulk');
  await expect(reasonOf('Refund for order 7781?')).toContainText('Would get one');
  // The settings page scrolls inside its main area: a tall window shows the form and the dry run together.
  await page.setViewportSize({ width: 1280, height: 1900 });
  await section.getByRole('heading', { name: 'Auto-reply', exact: true }).evaluate((h) => h.scrollIntoView({ block: 'start' }));
  await page.screenshot({ path: path.join(SHOTS, '85-auto-reply-dry-run.png') });

  // Only those that would get one.
  await section.getByLabel('Would get one (3)').check();
  await expect(verdicts).toHaveCount(3);
});
