/**
 * Auto-reply against real Dovecot and Postfix, with Mailroom clients as separate processes
 * (tests/support/team-clients.ts): the replies are counted in the customers' mailboxes
 * over IMAP. Each scenario ends when every client has read the whole log, nothing is due
 * and no outbox holds unsent mail: only then are the mailboxes counted, so "exactly one"
 * does not depend on waiting long enough.
 */
import nodemailer from 'nodemailer';
import { describe, expect, it } from 'vitest';
import type { OutboxItem } from '../../src-preload/contract/outbox';
import type { TeamState } from '../../src-main/services/teamlog/state';
import type { TestUser } from '../support/mail-servers';
import { stateText } from '../support/team-fixtures';
import { eventually, teamClientsPerFile, type TeamClient } from '../support/team-clients';

const user = (name: string): TestUser => ({ username: `${name}@example.test`, password: `${name}-pass-1`, email: `${name}@example.test` });
const TEAM = user('team');
const FIRST = user('first');
const ALICE = user('alice');
const BOB = user('bob');
const CAROL = user('carol');
const DAVE = user('dave');

const env = teamClientsPerFile([TEAM, FIRST, ALICE, BOB, CAROL, DAVE]);

const ON = { type: 'autoReply.set' as const, settings: { enabled: true, subject: 'Re: {{ticket.subject}} [{{ticket.token}}]', bodyHtml: '<p>Hello {{customer.name}}, we got your mail.</p>' } };

let sequence = 0;
/** A customer's mail; `headers` adds robot or list marks. */
function customerMail(from: TestUser, to: TestUser, subject: string, headers: string[] = [], date = new Date()): { raw: string; messageId: string } {
  sequence += 1;
  const messageId = `<auto-reply-${sequence}-${Date.now()}@customer.example>`;
  const raw = [
    `From: "${from.username.split('@')[0]}" <${from.email}>`,
    `To: ${to.email}`,
    `Subject: ${subject}`,
    `Date: ${date.toUTCString()}`,
    `Message-ID: ${messageId}`,
    ...headers,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    `Mail number ${sequence}.`,
    '',
  ].join('\r\n');
  return { raw, messageId };
}

interface Received {
  subject: string;
  messageId: string;
  headers: string;
}

/** Every message in the user's INBOX, with its header block. */
function inbox(u: TestUser): Promise<Received[]> {
  return env.team.withServer(u, async (client) => {
    const lock = await client.getMailboxLock('INBOX');
    try {
      // An empty mailbox has no "1:*".
      if (client.mailbox === false || client.mailbox.exists === 0) return [];
      const found: Received[] = [];
      for await (const m of client.fetch('1:*', { envelope: true, headers: true })) {
        found.push({ subject: m.envelope?.subject ?? '', messageId: m.envelope?.messageId ?? '', headers: m.headers?.toString() ?? '' });
      }
      return found;
    } finally {
      lock.release();
    }
  });
}

const autoReplies = async (u: TestUser) => (await inbox(u)).filter((m) => /^auto-submitted:\s*auto-replied/im.test(m.headers));

/**
 * Every client read the whole log, each of `keys` is in a ticket, nothing is due any more and
 * no outbox holds mail not sent yet: the confirmed states and every client's outbox.
 */
async function quiet(u: TestUser, clients: TeamClient[], keys: string[]): Promise<{ states: TeamState[]; outboxes: OutboxItem[][] }> {
  return eventually(
    'the clients to place every mail, act on every auto-reply due and send what they queued',
    async () => {
      const states = await env.team.settled(u, clients, 60_000);
      const outboxes = await Promise.all(clients.map((c) => c.child.outbox()));
      const placed = states.every((s) => keys.every((k) => s.tickets.ticketOfMessage(k) !== undefined));
      const nothingDue = states.every((s) => Object.keys(s.autoReplyDue).length === 0);
      const sent = outboxes.flat().every((item) => item.state === 'sent' && item.ticketLogged === 'done');
      const logged = states.every((s) => outboxes.flat().every((item) => s.tickets.ticketOfMessage(item.messageId) !== undefined));
      return placed && nothingDue && sent && logged && { states, outboxes };
    },
    90_000,
    async () => JSON.stringify({ outboxes: await Promise.all(clients.map((c) => c.child.outbox())), due: (await Promise.all(clients.map((c) => c.child.confirmed()))).map((s) => s.autoReplyDue) }),
  );
}

async function enable(client: TeamClient, u: TestUser, clients: TeamClient[]): Promise<void> {
  await client.child.append(ON);
  await eventually('every client to see auto-reply on', async () => (await env.team.settled(u, clients, 60_000)).every((s) => s.autoReply.enabledAt !== null));
}

describe('auto-reply', () => {
  it('two clients of one team send one auto-reply per sender per day, none to Auto-Submitted, list or bulk mail', { timeout: 240_000 }, async () => {
    const ana = await env.team.start(TEAM, 'Ana');
    const ben = await env.team.start(TEAM, 'Ben');
    await enable(ana, TEAM, [ana, ben]);

    const now = Date.now();
    const mails = [
      customerMail(CAROL, TEAM, 'Printer broken', [], new Date(now)),
      customerMail(CAROL, TEAM, 'And the scanner too', [], new Date(now + 1000)),
      customerMail(DAVE, TEAM, 'Out of office: Printer', ['Auto-Submitted: auto-replied'], new Date(now + 2000)),
      customerMail(DAVE, TEAM, 'Weekly digest', ['List-Id: Users <users.lists.example.test>', 'List-Unsubscribe: <mailto:leave@lists.example.test>'], new Date(now + 3000)),
      customerMail(DAVE, TEAM, 'Special offer', ['Precedence: bulk'], new Date(now + 4000)),
    ];
    for (const m of mails) await env.servers.deliver(TEAM.username, m.raw);

    const { states, outboxes } = await quiet(TEAM, [ana, ben], mails.map((m) => m.messageId));
    // One client sent it: the one the log named.
    expect(outboxes.map((o) => o.length).sort()).toEqual([0, 1]);
    const item = outboxes.flat()[0]!;
    expect(item).toMatchObject({ kind: 'auto-reply', state: 'sent', recipients: [{ address: CAROL.email, kind: 'to', refused: null }] });
    expect(stateText(states[0]!)).toBe(stateText(states[1]!));

    const toCarol = await autoReplies(CAROL);
    expect(toCarol).toHaveLength(1);
    const first = states[0]!.tickets.get(mails[0]!.messageId)!;
    expect(toCarol[0]!.subject).toBe(`Re: Printer broken [MR-${first.number}]`);
    expect(toCarol[0]!.headers).toMatch(new RegExp(`^in-reply-to:\\s*${mails[0]!.messageId}`, 'im'));
    expect(toCarol[0]!.headers).toMatch(/^x-auto-response-suppress:\s*All/im);
    expect(await autoReplies(DAVE)).toEqual([]);
    // The auto-reply sits in the customer's ticket, said so in its activity.
    expect(first.messages.map((m) => m.key)).toContain(item.messageId);
    expect(first.activity.map((a) => a.summary)).toContain('an auto-reply was sent to carol');
  });

  it('two Mailroom accounts auto-replying to each other stop after one exchange', { timeout: 240_000 }, async () => {
    const atAlice = await env.team.start(ALICE, 'Alice desk');
    const atBob = await env.team.start(BOB, 'Bob desk');
    await enable(atAlice, ALICE, [atAlice]);
    await enable(atBob, BOB, [atBob]);

    // Bob writes to Alice from his own mail program: Alice's Mailroom answers automatically,
    // Bob's Mailroom sees the answer is automatic (Auto-Submitted) and does not answer it.
    const first = customerMail(BOB, ALICE, 'Hello Alice');
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port: env.servers.submissionPort, secure: false, requireTLS: true, auth: { user: BOB.username, pass: BOB.password } });
    await transport.sendMail({ envelope: { from: BOB.email, to: [ALICE.email] }, raw: first.raw });
    transport.close();

    const alice = await quiet(ALICE, [atAlice], [first.messageId]);
    const reply = alice.outboxes[0]![0]!;
    expect(reply).toMatchObject({ kind: 'auto-reply', state: 'sent' });
    const bob = await quiet(BOB, [atBob], [reply.messageId]);
    expect(bob.outboxes[0]).toEqual([]);
    expect((await inbox(ALICE)).map((m) => m.messageId)).toEqual([first.messageId]);
    expect((await inbox(BOB)).map((m) => m.messageId)).toEqual([reply.messageId]);
  });

  it('gives none to mail the first sync of a new client finds, even after auto-reply was turned on', { timeout: 240_000 }, async () => {
    const early = await env.team.start(FIRST, 'Early');
    await enable(early, FIRST, [early]);
    await env.team.stop(early, 'close');

    const waiting = customerMail(CAROL, FIRST, 'Sent while nobody was running');
    await env.servers.deliver(FIRST.username, waiting.raw);
    const newcomer = await env.team.start(FIRST, 'Newcomer');
    const { states, outboxes } = await quiet(FIRST, [newcomer], [waiting.messageId]);
    expect(states[0]!.autoReply.enabledAt).not.toBeNull();
    expect(outboxes[0]).toEqual([]);
    expect((await autoReplies(CAROL)).filter((m) => m.headers.includes(waiting.messageId))).toEqual([]);
  });
});
