/** Auto-reply's pure parts: RFC 3834 marks, the reducer's rule, the dry run, the reply mail and the settings' problems. */
import { describe, expect, it } from 'vitest';
import { AutoReplySettingsSchema, type AutoReplySettingsInput } from '../../src-preload/contract/auto-reply';
import { autoReplyProblems } from '../../src-preload/auto-reply-text';
import { autoReplyMail } from '../../src-main/services/auto-reply/auto-reply-mail';
import { dryRun } from '../../src-main/services/auto-reply/dry-run';
import { autoReplyMark, type JudgedMail } from '../../src-main/services/auto-reply/rfc3834';
import type { AccountRecord } from '../../src-main/services/store/accounts-repo';
import type { ImportRow } from '../../src-main/services/store/ticket-import-repo';
import { autoReplyRuleSkip } from '../../src-main/services/teamlog/reducer';
import { AccountDraftSchema } from '../../src-preload/contract';
import { foldAll, mail, teamEvent, teamSetup } from '../support/team-events';

const OWN = new Set(['support@example.test', 'sales@example.test']);
const HOUR = 60 * 60_000;

function judged(headers: Record<string, string[]> = {}, from = 'carla@customer.example', over: Partial<JudgedMail> = {}): JudgedMail {
  return { from: { name: 'Carla', address: from }, headers, outgoing: false, ...over };
}

const settings = (over: AutoReplySettingsInput = {}) => AutoReplySettingsSchema.parse({ enabled: true, bodyHtml: '<p>We got your mail.</p>', ...over });

describe('RFC 3834 marks', () => {
  it('lets a person’s mail through, Auto-Submitted: no included', () => {
    expect(autoReplyMark(judged(), OWN)).toBeNull();
    expect(autoReplyMark(judged({ 'auto-submitted': ['no'], 'return-path': ['<carla@customer.example>'], precedence: ['first-class'] }), OWN)).toBeNull();
    expect(autoReplyMark(judged({ 'auto-submitted': ['No (a person)'] }), OWN)).toBeNull();
  });

  it('refuses robots, lists, bounces, ourselves and our own mail, each with its reason', () => {
    const cases: [JudgedMail, string][] = [
      [judged({ 'auto-submitted': ['auto-replied'] }), 'auto-submitted'],
      [judged({ 'auto-submitted': ['auto-generated'] }), 'auto-submitted'],
      [judged({ 'x-auto-response-suppress': ['All'] }), 'auto-submitted'],
      [judged({ 'x-auto-response-suppress': ['OOF, AutoReply'] }), 'auto-submitted'],
      [judged({ precedence: ['bulk'] }), 'bulk-precedence'],
      [judged({ precedence: [' List '] }), 'bulk-precedence'],
      [judged({ precedence: ['junk'] }), 'bulk-precedence'],
      [judged({ 'list-id': ['Users <users.lists.example>'] }), 'mailing-list'],
      [judged({ 'list-unsubscribe': ['<mailto:leave@lists.example>'] }), 'mailing-list'],
      [judged({ 'return-path': ['<>'] }), 'empty-return-path'],
      [judged({}, 'MAILER-DAEMON@mx.example'), 'robot-sender'],
      [judged({}, 'postmaster@example.org'), 'robot-sender'],
      [judged({}, 'no-reply@shop.example'), 'robot-sender'],
      [judged({}, 'noreply+123@shop.example'), 'robot-sender'],
      [judged({}, 'do_not_reply@bank.example'), 'robot-sender'],
      [judged({}, 'owner-users@lists.example'), 'robot-sender'],
      [judged({}, 'users-request@lists.example'), 'robot-sender'],
      [judged({ sender: ['Bounces <users-bounces@lists.example>'] }), 'robot-sender'],
      [judged({ 'return-path': ['<bounces+abc@mailer.example>'] }), 'robot-sender'],
      [judged({}, 'Support@Example.test'), 'own-address'],
      [judged({}, 'sales@example.test'), 'own-address'],
      [judged({}, ''), 'no-sender'],
      [judged({}, 'carla@customer.example', { outgoing: true }), 'outgoing'],
    ];
    for (const [mailIn, reason] of cases) expect({ mail: mailIn, reason: autoReplyMark(mailIn, OWN) }).toEqual({ mail: mailIn, reason });
  });

  it('does not take a person whose name merely contains a robot word for a robot', () => {
    expect(autoReplyMark(judged({}, 'noreen.replyman@example.org'), OWN)).toBeNull();
    expect(autoReplyMark(judged({}, 'bouncer@club.example'), OWN)).toBeNull();
  });
});

describe('the reducer’s rule (autoReplyRuleSkip)', () => {
  it('answers new tickets only, at most once per sender per day (or hour)', () => {
    expect(autoReplyRuleSkip(settings(), true, undefined, 0)).toBeNull();
    expect(autoReplyRuleSkip(settings(), false, undefined, 0)).toBe('reply-in-ticket');
    expect(autoReplyRuleSkip(settings({ newTicketsOnly: false }), false, undefined, 0)).toBeNull();
    expect(autoReplyRuleSkip(settings(), true, 0, 23 * HOUR)).toBe('rate-limited');
    expect(autoReplyRuleSkip(settings(), true, 0, 24 * HOUR)).toBeNull();
    expect(autoReplyRuleSkip(settings({ oncePerSenderPerDay: false }), true, 0, 59 * 60_000)).toBe('rate-limited');
    expect(autoReplyRuleSkip(settings({ oncePerSenderPerDay: false }), true, 0, HOUR)).toBeNull();
  });

  it('folds one decision per sender per day, named for the importing client, and none before it was turned on or for flagged mail', () => {
    const on = teamEvent('ana', 10 * HOUR, { type: 'autoReply.set', settings: settings() });
    const customer = { name: 'Carla', address: 'carla@customer.example' };
    const state = foldAll([
      ...teamSetup(),
      teamEvent('ben', 9 * HOUR, { type: 'mail.imported', items: [mail('early', { autoReply: true, date: 9 * HOUR, customer })] }),
      on,
      teamEvent('ben', 11 * HOUR, { type: 'mail.imported', items: [mail('m1', { autoReply: true, date: 11 * HOUR, customer }), mail('robot', { autoReply: false, date: 11 * HOUR })] }),
      teamEvent('cho', 12 * HOUR, { type: 'mail.imported', items: [mail('m1', { autoReply: true, date: 11 * HOUR, customer }), mail('m2', { autoReply: true, date: 12 * HOUR, customer })] }),
      teamEvent('cho', 12 * HOUR, { type: 'mail.imported', items: [mail('old', { autoReply: true, date: 9 * HOUR, customer: { name: '', address: 'x@y.example' } })] }),
    ]);
    expect(Object.keys(state.autoReplyDue)).toEqual(['m1']);
    expect(state.autoReplyDue['m1']).toMatchObject({ by: 'ben', ticket: 'm1', to: customer });
  });
});

const row = (id: number, over: Partial<ImportRow> = {}): ImportRow => ({
  id,
  messageId: `<m${id}@customer.example>`,
  contentHash: null,
  inReplyTo: null,
  references: [],
  headers: {},
  subject: `Question ${id}`,
  from: { name: `Customer ${id}`, address: `c${id}@customer.example` },
  to: [{ name: 'Support', address: 'support@example.test' }],
  cc: [],
  date: id * HOUR,
  ...over,
});

describe('dry run', () => {
  it('judges the newest mail with the same marks and rule, newest first, each with its reason in words', () => {
    const state = foldAll([teamEvent('ana', 0, { type: 'mail.imported', items: [mail('<m1@customer.example>'), mail('<m4@customer.example>', { ticket: '<m1@customer.example>', reason: { kind: 'reply', to: '<m1@customer.example>' } })] })]);
    const rows = [
      row(6, { from: { name: 'Customer 2', address: 'c2@customer.example' } }),
      row(5, { headers: { 'list-id': ['<users.lists.example>'] } }),
      row(4),
      row(3, { headers: { 'auto-submitted': ['auto-replied'] } }),
      row(2),
      row(1),
    ];
    const result = dryRun(rows, state, settings(), OWN);
    expect(result).toMatchObject({ considered: 6, replies: 2 });
    expect(result.verdicts.map((v) => [v.messageId, v.reason])).toEqual([
      ['<m6@customer.example>', 'rate-limited'],
      ['<m5@customer.example>', 'mailing-list'],
      ['<m4@customer.example>', 'reply-in-ticket'],
      ['<m3@customer.example>', 'auto-submitted'],
      ['<m2@customer.example>', null],
      ['<m1@customer.example>', null],
    ]);
    expect(result.verdicts[0]).toMatchObject({ from: 'Customer 2 <c2@customer.example>', subject: 'Question 6', reply: false });
    expect(result.verdicts[0]!.explanation).toMatch(/already got an auto-reply/);
    expect(result.verdicts[5]!.explanation).toMatch(/would get the auto-reply/);
  });
});

describe('the auto-reply mail', () => {
  it('fills the variables, wraps the text in the account template, threads and marks it, and copies CC without our addresses', () => {
    const state = foldAll([
      teamEvent('ana', 0, { type: 'settings.set', settings: { tokenPrefix: 'MR' } }),
      teamEvent('ana', 0, { type: 'mail.imported', items: [mail('<m1@customer.example>', { subject: 'Broken <printer>' })] }),
    ]);
    const account: AccountRecord = {
      ...AccountDraftSchema.parse({
        name: 'Support',
        email: 'support@example.test',
        username: 'support',
        password: 'x',
        imap: { host: 'imap.example.test', port: 993, security: 'tls' },
        smtp: { host: 'smtp.example.test', port: 465, security: 'tls' },
        identity: { senderName: 'Example Support', htmlTemplate: '<html><body><div class="frame">{{body}}</div><p>{{account.name}}</p></body></html>', signature: 'Ana {{agent.name}}' },
      }),
      id: 'a1',
      status: 'idle',
      lastError: null,
      lastSyncAt: null,
    };
    const due = { ticket: '<m1@customer.example>', to: { name: 'Carla <C>', address: 'carla@customer.example' }, by: 'ana', at: 0, uid: 2 };
    const out = autoReplyMail(
      {
        account,
        state,
        key: '<m1@customer.example>',
        due,
        mail: { cc: [{ name: '', address: 'Sales@example.test' }, { name: 'Dan', address: 'dan@customer.example' }, { name: '', address: 'carla@customer.example' }], references: ['<m0@customer.example>'] },
        own: OWN,
        agentId: 'ana',
        now: Date.UTC(2026, 11, 2),
      },
      settings({ subject: 'Re: {{ticket.subject}} [{{ticket.token}}]', bodyHtml: '<p>Hello {{customer.name}}, we got it.</p>', includeCc: true }),
    );
    expect(out).toMatchObject({
      kind: 'auto-reply',
      from: { name: 'Example Support', address: 'support@example.test' },
      to: [due.to],
      cc: [{ name: 'Dan', address: 'dan@customer.example' }],
      bcc: [],
      subject: 'Re: Broken <printer> [MR-1]',
      inReplyTo: '<m1@customer.example>',
      references: ['<m0@customer.example>', '<m1@customer.example>'],
      headers: { 'Auto-Submitted': 'auto-replied', 'X-Auto-Response-Suppress': 'All' },
      ticket: { accountId: 'a1', key: '<m1@customer.example>' },
      statusAfter: null,
      undoUntil: null,
      idempotencyKey: 'auto-reply:a1:<m1@customer.example>',
    });
    expect(out.html).toBe('<html><body><div class="frame"><p>Hello Carla &lt;C&gt;, we got it.</p></div><p>Support</p></body></html>');
    expect(out.html).not.toContain('Ana');
  });
});

describe('settings problems', () => {
  it('names the fix for an empty text, an empty subject, a misspelt or an agent variable', () => {
    expect(autoReplyProblems(settings())).toEqual([]);
    expect(autoReplyProblems(settings({ enabled: false, bodyHtml: '' }))).toEqual([]);
    expect(autoReplyProblems(settings({ bodyHtml: '<p> </p>' }))).toEqual([{ field: 'bodyHtml', message: 'Write the text the customer gets before turning auto-reply on.' }]);
    expect(autoReplyProblems(settings({ subject: ' ' }))[0]).toMatchObject({ field: 'subject', message: expect.stringContaining('Write a subject') });
    expect(autoReplyProblems(settings({ subject: 'Re: {{ticket.subjet}}' }))[0]?.message).toBe('{{ticket.subjet}} is not a variable: check the spelling (for example {{customer.name}}).');
    expect(autoReplyProblems(settings({ bodyHtml: '<p>{{agent.name}}</p>' }))[0]?.message).toMatch(/^\{\{agent.name\}\} has no value in an auto-reply/);
  });
});
