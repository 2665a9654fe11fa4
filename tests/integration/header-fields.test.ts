/**
 * The header phase reads the envelope's fields from header lines (headers.ts) instead of
 * the server's ENVELOPE. Every client of a team must name a message the same way (its
 * Message-ID, or the fingerprint of date, subject, sender and recipients), so here the
 * parsing is held to what Dovecot's ENVELOPE says about the same awkward messages.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FetchMessageObject, ImapFlow, MessageAddressObject } from 'imapflow';
import { createImapClient } from '../../src-main/services/mail/connections';
import { fetchHeaders, headerRequest } from '../../src-main/services/sync/headers';
import { startMailServers, type MailServers, type TestUser } from '../support/mail-servers';

const user: TestUser = { username: 'fields@example.test', password: 'pass-fields-1', email: 'fields@example.test' };
let servers: MailServers;
let client: ImapFlow;

const crlf = (lines: string[]) => Buffer.from(lines.join('\r\n') + '\r\n', 'utf8');
const body = ['', 'Hello.'];

/** Header blocks a mail client meets: encoded words, folding, groups, comments, missing fields, 8-bit. */
const MESSAGES: Buffer[] = [
  crlf(['From: "Doe, Jane" <jane@example.test>', 'To: a@example.test, "B" <b@example.test>', 'Subject: Plain subject', 'Date: Mon, 02 Nov 2026 10:00:00 +0000', 'Message-ID: <plain-1@example.test>', ...body]),
  crlf([
    'From: =?utf-8?Q?Jos=C3=A9_P=C3=A9rez?= <jose@example.test>',
    'To: undisclosed-recipients:;',
    'Cc: team: c1@example.test, "C Two" <c2@example.test>;, d@example.test',
    'Reply-To: =?iso-8859-1?B?Sm9z6SBQ6XJleg==?= <reply@example.test>',
    'Subject: =?utf-8?B?w4lwaXNvZGUgMjogbOKAmWFwcGVs?=',
    '  =?utf-8?Q?_suite?=',
    'Date: Tue, 3 Nov 2026 11:30:00 +0100 (CET)',
    'Message-ID:',
    ' <folded-2@example.test>',
    'In-Reply-To: <plain-1@example.test> (Jane\'s message)',
    'References: <root@example.test>',
    '\t<plain-1@example.test>',
    ...body,
  ]),
  crlf(['From: bare@example.test (Bare Name)', 'To: <angle@example.test>', 'Subject: Re: [Support] Ünïcödé raw UTF-8 ✓', 'Date: not a date', ...body]),
  crlf(['From: Only A Name <>', 'Subject:', 'Date: Wed, 04 Nov 2026 09:00:00 -0500', 'Message-ID: <empty-subject@example.test>', ...body]),
];

/** ENVELOPE's addresses; Dovecot's stand-in for an empty address is its own invention, the message has none. */
function envelopeAddresses(list: MessageAddressObject[] | undefined) {
  return (list ?? []).map((a) => ({ name: a.name ?? '', address: a.address === 'MISSING_MAILBOX@MISSING_DOMAIN' ? '' : (a.address ?? '') }));
}

beforeAll(async () => {
  servers = await startMailServers({ users: [user] });
  for (const message of MESSAGES) await servers.deliver(user.username, message);
  client = createImapClient({ host: '127.0.0.1', port: servers.imapsPort, security: 'tls', trustedCertificate: null }, { user: user.username, pass: user.password });
  await client.connect();
  await client.mailboxOpen('INBOX');
});

afterAll(async () => {
  await client?.logout().catch(() => client.close());
  await servers?.stop();
});

describe('header fields instead of ENVELOPE', () => {
  it('read subject, addresses, Message-ID, In-Reply-To and date as the server\'s ENVELOPE has them', async () => {
    const uids = (await client.search({ all: true }, { uid: true })) || [];
    expect(uids).toHaveLength(MESSAGES.length);
    const rows = await fetchHeaders(client, uids, headerRequest([], false));
    const envelopes = new Map<number, FetchMessageObject>();
    for await (const msg of client.fetch(uids.join(','), { uid: true, envelope: true, internalDate: true }, { uid: true })) envelopes.set(msg.uid, msg);
    for (const row of rows) {
      const env = envelopes.get(row.uid)!.envelope!;
      expect({ uid: row.uid, subject: row.subject }).toEqual({ uid: row.uid, subject: env.subject ?? '' });
      expect(row.from).toEqual(envelopeAddresses(env.from)[0] ?? null);
      expect(row.to).toEqual(envelopeAddresses(env.to));
      expect(row.cc).toEqual(envelopeAddresses(env.cc));
      expect(row.replyTo).toEqual(envelopeAddresses(env.replyTo));
      expect(row.messageId).toEqual(env.messageId ?? null);
      const date = env.date instanceof Date ? env.date.getTime() : null;
      if (date !== null) expect(row.date).toBe(date);
    }
    // The awkward ones read as a person expects, not only as the server does.
    expect(rows.map((r) => r.subject)).toEqual(['Plain subject', 'Épisode 2: l’appel suite', 'Re: [Support] Ünïcödé raw UTF-8 ✓', '']);
    expect(rows[1]).toMatchObject({
      from: { name: 'José Pérez', address: 'jose@example.test' },
      to: [{ name: 'undisclosed-recipients', address: '' }],
      messageId: '<folded-2@example.test>',
      inReplyTo: '<plain-1@example.test>',
      references: ['<root@example.test>', '<plain-1@example.test>'],
    });
    // A second fetch reads its addresses from the parsed ones kept by header text: the same
    // rows, and the shared lists cannot be changed through one row.
    expect(await fetchHeaders(client, uids, headerRequest([], false))).toEqual(rows);
    expect(() => (rows[1]!.to as { name: string; address: string }[]).push({ name: 'x', address: 'x@example.test' })).toThrow(TypeError);
    expect(() => Object.assign(rows[1]!.from!, { name: 'x' })).toThrow(TypeError);
  });
});
