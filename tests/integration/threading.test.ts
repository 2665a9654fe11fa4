/**
 * Threading against real-world reply formats through a real Dovecot: mail in the
 * shapes Thunderbird, Outlook, Apple Mail, webmail and old mailers write (folded
 * References, In-Reply-To with comments, localized and encoded "Re:" prefixes, the
 * ticket token, forwards, no Message-ID) is delivered or appended, synced by the
 * real AccountSync, and turned into mail.imported items by the TicketImporter. The
 * sink stands in for the team log: it folds each event with the real reducer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NewAccountSchema } from '../../src-preload/contract';
import { RoutingRuleSchema, TeamSettingsSchema } from '../../src-preload/contract/team';
import { AccountSync } from '../../src-main/services/sync/account-sync';
import { TicketImporter } from '../../src-main/services/tickets/ticket-importer';
import { foldingSink } from '../support/folding-sink';
import { startMailServers, type MailServers, type TestUser } from '../support/mail-servers';
import { createTestServices, removeTestDirs, testAccountInput, until } from '../support/services';
import { pendingImport } from '../support/store-account';

const user: TestUser = { username: 'threads@example.test', password: 'pass-threads-1', email: 'support@example.test' };
const CRLF = '\r\n';
const mail = (...lines: string[]) => [...lines, '', 'Body.', ''].join(CRLF);
const date = (minute: number) => new Date(Date.UTC(2026, 2, 2, 9, minute)).toUTCString().replace('GMT', '+0000');

/** In date order; the names are what the assertions below refer to. */
const ROOT = mail(
  'From: "Ann Smith" <ann@customer.example>',
  'To: Support <support@example.test>',
  'Subject: Printer broken',
  `Date: ${date(0)}`,
  'Message-ID: <ann-1@customer.example>',
  'User-Agent: Mozilla/5.0 Thunderbird/128.0',
);
/** Our answer, in Sent: carries the token the way Mailroom will send it. */
const OUR_REPLY = mail(
  'From: Support <support@example.test>',
  'To: "Ann Smith" <ann@customer.example>',
  'Subject: Re: [#MR-1] Printer broken',
  `Date: ${date(5)}`,
  'Message-ID: <reply-1@example.test>',
  'In-Reply-To: <ann-1@customer.example>',
  'References: <ann-1@customer.example>',
);
/** Outlook in German: AW:, Thread-Index, References folded over lines. */
const OUTLOOK_REPLY = mail(
  'From: "Ann Smith" <ann@customer.example>',
  'To: Support <support@example.test>',
  'Subject: AW: [#MR-1] Printer broken',
  'Thread-Topic: [#MR-1] Printer broken',
  'Thread-Index: AQHZ1a2b3c4d5e6f7g8h9i0jAAAAAA==',
  `Date: ${date(10)}`,
  'Message-ID: <AM0PR07MB4123@AM0PR07MB4123.eurprd07.prod.outlook.example>',
  'In-Reply-To: <reply-1@example.test>',
  'References: <ann-1@customer.example>',
  '\t<reply-1@example.test>',
);
/** Apple Mail answering a message that never reached this mailbox: References still names the root. */
const BROKEN_CHAIN = mail(
  'From: "Ann Smith" <ann@customer.example>',
  'To: Support <support@example.test>',
  'Subject: Re: Printer broken',
  `Date: ${date(15)}`,
  'Message-ID: <6F2A1B3C-APPLE@customer.example>',
  'In-Reply-To: <lost-in-transit@elsewhere.example>',
  'References: <ann-1@customer.example> <lost-in-transit@elsewhere.example>',
);
/**
 * A webmail that drops references but keeps the subject: Swedish SV: and the token.
 * Arrives after the first import: ticket numbers come from the log, so a token names
 * a ticket the log already holds.
 */
const TOKEN_ONLY = mail(
  'From: "Ann Smith" <ann@customer.example>',
  'To: Support <support@example.test>',
  'Subject: SV: [#mr-1] Printer broken',
  `Date: ${date(20)}`,
  'Message-ID: <webmail-77@mail.customer.example>',
);
/** An old mailer's In-Reply-To with a comment, and an encoded Chinese "回复:" subject. */
const OLD_MAILER = mail(
  'From: "Li Wei" <li@customer.example>',
  'To: Support <support@example.test>',
  `Subject: =?UTF-8?B?${Buffer.from('回复：Printer broken').toString('base64')}?=`,
  `Date: ${date(25)}`,
  'Message-ID: <li-1@customer.example>',
  'In-Reply-To: <ann-1@customer.example> (Ann Smith\'s message of "Mon, 2 Mar 2026 09:00:00 +0000")',
);
/** A colleague forwards the ticket's mail, later: a new conversation despite the token of a known ticket. */
const FORWARD = mail(
  'From: Bob <bob@partner.example>',
  'To: Support <support@example.test>',
  'Subject: Fwd: [#MR-1] Printer broken',
  `Date: ${date(30)}`,
  'Message-ID: <fwd-1@partner.example>',
);
/** Another customer, same subject: a ticket of her own. */
const SAME_SUBJECT_OTHER = mail(
  'From: Carol <carol@other.example>',
  'To: Support <support@example.test>',
  'Subject: Printer broken',
  `Date: ${date(35)}`,
  'Message-ID: <carol-1@other.example>',
  'X-Priority: 1 (Highest)',
);
/** Ann writes anew with the old subject: a new ticket. */
const SAME_SUBJECT_AGAIN = mail(
  'From: "Ann Smith" <ann@customer.example>',
  'To: Support <support@example.test>',
  'Subject: Printer broken',
  `Date: ${date(40)}`,
  'Message-ID: <ann-2@customer.example>',
);
/** No Message-ID at all (appended: a delivery path could add one). */
const NO_MESSAGE_ID = mail('From: scanner@customer.example', 'To: support@example.test', 'Subject: Scan 0042', `Date: ${date(45)}`);

let servers: MailServers;

beforeAll(async () => {
  servers = await startMailServers({ users: [user] });
  // Out of date order on purpose: the importer threads in date order, not arrival order.
  for (const raw of [OUTLOOK_REPLY, ROOT, BROKEN_CHAIN, OLD_MAILER, SAME_SUBJECT_OTHER, SAME_SUBJECT_AGAIN]) await servers.deliver(user.username, raw);
  await servers.append(user.username, 'INBOX', NO_MESSAGE_ID);
  await servers.append(user.username, 'Sent', OUR_REPLY, ['\\Seen']);
});

afterAll(async () => {
  await servers?.stop();
  removeTestDirs();
});

describe('threading real-world mail from Dovecot', () => {
  it('stores In-Reply-To and References and turns the mail into tickets with the reason for each', async () => {
    const { s } = createTestServices();
    const settings = TeamSettingsSchema.parse({
      routing: [RoutingRuleSchema.parse({ id: 'urgent', field: 'header', header: 'X-Priority', operator: 'starts-with', value: '1', queue: 'Urgent', tag: 'urgent' })],
    });
    const sink = foldingSink(settings);
    const items = () => sink.events.flat();
    const account = await s.accounts.add(NewAccountSchema.parse(testAccountInput(servers, user, { import: { folders: ['INBOX', 'Sent'], standardQueue: 'Support' } })));
    const sync = new AccountSync(s.store.accounts.get(account.id)!, {
      store: s.store,
      attachments: s.attachments,
      credentials: (id) => s.accounts.credentials(id),
      statusChanged: () => undefined,
      progress: () => undefined,
      messagesChanged: () => undefined,
      tickets: new TicketImporter({ store: s.store, sink, agentId: () => 'agent-me' }),
    });
    try {
      sync.start();
      await until('eight items', () => items().length >= 8);
      expect(pendingImport(s.store, account.id)).toEqual([]);

      // What the store keeps: normalized ids, folded References unfolded, comments dropped.
      const rows = s.store.ticketImport.rows(pendingImport(s.store, account.id, 0));
      const row = (messageId: string | null, subject?: string) => rows.find((r) => r.messageId === messageId && (subject === undefined || r.subject === subject))!;
      expect(row('<AM0PR07MB4123@AM0PR07MB4123.eurprd07.prod.outlook.example>')).toMatchObject({
        inReplyTo: '<reply-1@example.test>',
        references: ['<ann-1@customer.example>', '<reply-1@example.test>'],
      });
      expect(row('<li-1@customer.example>')).toMatchObject({ inReplyTo: '<ann-1@customer.example>', references: [], subject: '回复：Printer broken' });
      expect(row('<ann-1@customer.example>')).toMatchObject({ inReplyTo: null, references: [] });
      // The routing rule's header, and the Return-Path Dovecot's delivery adds (the auto-reply's robot checks read it).
      expect(row('<carol-1@other.example>').headers).toEqual({ 'x-priority': ['1 (Highest)'], 'return-path': ['<carol@other.example>'] });

      const by = (key: string) => items().find((i) => i.message === key)!;
      const hashKey = items().find((i) => i.message.startsWith('hash:'));
      expect(items().map((i) => i.message)).toEqual([
        '<ann-1@customer.example>',
        '<reply-1@example.test>',
        '<AM0PR07MB4123@AM0PR07MB4123.eurprd07.prod.outlook.example>',
        '<6F2A1B3C-APPLE@customer.example>',
        '<li-1@customer.example>',
        '<carol-1@other.example>',
        '<ann-2@customer.example>',
        hashKey?.message,
      ]);
      const root = '<ann-1@customer.example>';
      expect(by(root)).toMatchObject({
        ticket: root,
        reason: { kind: 'new' },
        subject: 'Printer broken',
        customer: { name: 'Ann Smith', address: 'ann@customer.example' },
        direction: 'in',
        closed: false,
        route: { rule: '', queue: 'Support', tag: '', agent: '' },
      });
      expect(by('<reply-1@example.test>')).toMatchObject({
        ticket: root,
        reason: { kind: 'reply', to: root },
        direction: 'out',
        customer: { address: 'ann@customer.example' },
        route: null,
      });
      expect(by('<AM0PR07MB4123@AM0PR07MB4123.eurprd07.prod.outlook.example>')).toMatchObject({ ticket: root, reason: { kind: 'reply', to: '<reply-1@example.test>' } });
      expect(by('<6F2A1B3C-APPLE@customer.example>')).toMatchObject({ ticket: root, reason: { kind: 'reply', to: root } });
      expect(by('<li-1@customer.example>')).toMatchObject({ ticket: root, reason: { kind: 'reply', to: root } });
      expect(by('<carol-1@other.example>')).toMatchObject({
        ticket: '<carol-1@other.example>',
        reason: { kind: 'new' },
        route: { rule: 'urgent', queue: 'Urgent', tag: 'urgent', agent: '' },
      });
      expect(by('<ann-2@customer.example>')).toMatchObject({ ticket: '<ann-2@customer.example>', reason: { kind: 'new' } });
      expect(hashKey).toMatchObject({ ticket: hashKey?.message, reason: { kind: 'new' }, customer: { address: 'scanner@customer.example' } });

      expect(sink.events).toHaveLength(1);
      // As the reducer folds them: four tickets, the first numbered 1 (the token below names it).
      const state = sink.state();
      expect(state.tickets.size).toBe(4);
      expect(state.tickets.get(root)).toMatchObject({ number: 1, subject: 'Printer broken', queue: 'Support', status: 'open' });
      expect(state.tickets.get(root)?.messages.map((m) => m.key)).toEqual([
        root,
        '<reply-1@example.test>',
        '<AM0PR07MB4123@AM0PR07MB4123.eurprd07.prod.outlook.example>',
        '<6F2A1B3C-APPLE@customer.example>',
        '<li-1@customer.example>',
      ]);
      expect(state.tickets.get('<carol-1@other.example>')).toMatchObject({ queue: 'Urgent', tags: ['urgent'] });

      // New mail later threads onto tickets the log already holds: by reference, by token (not for a forward).
      const before = items().length;
      await servers.deliver(user.username, TOKEN_ONLY);
      await servers.deliver(user.username, FORWARD);
      await servers.deliver(
        user.username,
        mail(
          'From: Carol <carol@other.example>',
          'To: Support <support@example.test>',
          'Subject: Re: Printer broken',
          `Date: ${date(50)}`,
          'Message-ID: <carol-2@other.example>',
          'In-Reply-To: <carol-1@other.example>',
          'References: <carol-1@other.example>',
        ),
      );
      await until('the three pushed messages', () => items().length >= before + 3);
      expect(items().slice(before)).toEqual([
        expect.objectContaining({ message: '<webmail-77@mail.customer.example>', ticket: root, reason: { kind: 'token', token: 'MR-1' } }),
        expect.objectContaining({ message: '<fwd-1@partner.example>', ticket: '<fwd-1@partner.example>', reason: { kind: 'new' }, subject: 'Printer broken' }),
        expect.objectContaining({ message: '<carol-2@other.example>', ticket: '<carol-1@other.example>', reason: { kind: 'reply', to: '<carol-1@other.example>' } }),
      ]);
    } finally {
      await sync.stop();
      await s.close();
    }
  });
});
