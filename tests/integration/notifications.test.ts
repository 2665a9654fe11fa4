/**
 * Desktop notifications between Mailroom clients on one shared mailbox of a real Dovecot,
 * with customer mail sent through Postfix (submission → LMTP) or delivered over LMTP: each
 * client a separate process (tests/support/team-clients.ts) whose notifications are kept
 * as the browser host hands them to its page. What a first sync imports and the history a
 * new client folds announce nothing; new mail does, to the agents who work it; a burst is
 * one notification per queue; a paused agent gets none, nor does an agent for their own
 * split. Absence is checked once the client has folded the event that would have shown it
 * (the notification is decided in the same turn).
 */
import nodemailer from 'nodemailer';
import { describe, expect, it } from 'vitest';
import type { DesktopNotification } from '../../src-preload/contract';
import type { TeamState, TicketState } from '../../src-main/services/teamlog/state';
import type { TestUser } from '../support/mail-servers';
import { eventually, teamClientsPerFile, type TeamClient } from '../support/team-clients';

const user = (name: string): TestUser => ({ username: `${name}@example.test`, password: `${name}-pass-1`, email: `${name}@example.test` });
const NOTIFY = user('notify');
const PAUSE = user('pause');
const CUSTOMER = user('maria');

const env = teamClientsPerFile([NOTIFY, PAUSE, CUSTOMER]);

let sent = 0;
function customerMail(to: TestUser, subject: string, date = new Date()): string {
  sent += 1;
  return [
    `From: "Maria Garcia" <${CUSTOMER.email}>`,
    `To: ${to.email}`,
    `Subject: ${subject}`,
    `Date: ${date.toUTCString()}`,
    `Message-ID: <notify-${sent}-${Date.now()}@customers.example>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Hello, my parcel has not arrived.',
    '',
  ].join('\r\n');
}

/** As a customer's mail program sends it: through Postfix's submission port. */
async function sendThroughPostfix(to: TestUser, subject: string): Promise<void> {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port: env.servers.submissionPort, secure: false, requireTLS: true, auth: { user: CUSTOMER.username, pass: CUSTOMER.password } });
  try {
    await transport.sendMail({ envelope: { from: CUSTOMER.email, to: [to.email] }, raw: customerMail(to, subject) });
  } finally {
    transport.close();
  }
}

function ticketBySubject(state: TeamState, subject: string): TicketState | undefined {
  return [...state.tickets.values()].find((t) => t.subject === subject);
}

/** Waits until the client has folded a ticket with each subject, and returns them. */
function folded(client: TeamClient, subjects: string[]): Promise<TicketState[]> {
  return eventually(`${client.name} to hold tickets ${subjects.join(', ')}`, async () => {
    const state = await client.child.confirmed();
    const tickets = subjects.map((s) => ticketBySubject(state, s));
    return tickets.every((t) => t !== undefined) ? (tickets as TicketState[]) : null;
  }, 60_000);
}

const shown = async (client: TeamClient): Promise<DesktopNotification[]> => (await client.child.notifications()).shown;

/** The count follows the folds a moment later (recounted once per burst of changes). */
const unreadIs = (client: TeamClient, count: number) =>
  eventually(`${client.name}'s unread count to be ${count}`, async () => (await client.child.notifications()).unread === count, 30_000, async () => `it is ${(await client.child.notifications()).unread}`);

/** How many tickets a notification stands for ("3 new in Support" is three). */
const ticketsIn = (n: DesktopNotification) => (n.target.kind === 'ticket' ? 1 : Number(/^(\d+) new in /.exec(n.title)?.[1] ?? 0));

describe('desktop notifications', () => {
  it('new mail notifies; mail a first sync found and the history a new client folds do not; a burst is one per queue', async () => {
    // Before anyone set the account up: what the first sync finds.
    await env.servers.deliver(NOTIFY.username, customerMail(NOTIFY, 'Old question', new Date(Date.now() - 86_400_000)));
    const ana = await env.team.start(NOTIFY, 'Ana', undefined, { import: { syncFrom: '1m' } });
    await folded(ana, ['Old question']);
    expect(await shown(ana)).toEqual([]);

    await sendThroughPostfix(NOTIFY, 'Where is my parcel?');
    const [parcel] = await folded(ana, ['Where is my parcel?']);
    const first = await eventually('Ana to be told about the new mail', async () => (await shown(ana))[0]);
    // The account's default templates; its queue is its name; a click opens the ticket.
    expect(first).toMatchObject({ title: 'New in Support: Maria Garcia', body: 'Where is my parcel?', sound: true, target: { kind: 'ticket', ticket: parcel!.key } });
    // Both unread tickets are Ana's to work (a queue that names nobody is everyone's).
    await unreadIs(ana, 2);

    // A second agent's client folds the log from the start: all of it history.
    const ben = await env.team.start(NOTIFY, 'Ben');
    await env.team.settled(NOTIFY, [ana, ben]);
    expect(await shown(ben)).toEqual([]);

    const burst = ['Refund please', 'Wrong size', 'Invoice missing'];
    await env.servers.deliverMany(NOTIFY.username, burst.map((subject) => customerMail(NOTIFY, subject)));
    await folded(ben, burst);
    for (const agent of [ana, ben]) {
      const before = agent === ana ? 1 : 0;
      // What arrives within a few seconds of a notification waits for the next one, together.
      const told = await eventually(`${agent.name} to be told about the three new tickets`, async () => {
        const list = (await shown(agent)).slice(before);
        return list.reduce((sum, n) => sum + ticketsIn(n), 0) === 3 ? list : null;
      });
      expect(told.length).toBeLessThanOrEqual(2);
      expect(told.some((n) => /^[23] new in Support$/.test(n.title) && n.target.kind === 'queue')).toBe(true);
    }
    await unreadIs(ben, 5);
  });

  it('only the agent a ticket is offered to; none while paused; none for your own split', async () => {
    const [ana, ben] = await Promise.all([env.team.start(PAUSE, 'Ana'), env.team.start(PAUSE, 'Ben')]);
    const ids = await Promise.all([ana, ben].map(async (c) => (await c.child.status()).agentId));
    await ana.child.append({ type: 'queue.set', queue: 'Support', members: ids });
    await eventually('both agents online in the queue everywhere', async () => {
      const states = await Promise.all([ana, ben].map((c) => c.child.confirmed()));
      return states.every((s) => s.queues.Support && ids.every((id) => s.agents[id]?.status === 'online'));
    });

    await sendThroughPostfix(PAUSE, 'Offered to one');
    const [offered] = await folded(ana, ['Offered to one']);
    await folded(ben, ['Offered to one']);
    const to = offered!.offer!.agent;
    const [taker, other] = to === ids[0] ? [ana, ben] : [ben, ana];
    await eventually(`${taker.name}, who is offered it, to be told`, async () => (await shown(taker)).length === 1);
    expect(await shown(other)).toEqual([]);

    // The one who was told pauses: routing offers the next mail to the other, who alone is told.
    await taker.child.setStatus('paused');
    await eventually('the pause to reach both clients', async () =>
      (await Promise.all([ana, ben].map((c) => c.child.confirmed()))).every((s) => s.agents[to]?.status === 'paused'),
    );
    await env.servers.deliver(PAUSE.username, customerMail(PAUSE, 'While one is paused'));
    await folded(taker, ['While one is paused']);
    await eventually(`${other.name} to be told`, async () => (await shown(other)).length === 1);
    expect(await shown(taker)).toHaveLength(1);

    // Both paused: the mail waits in their queue and nobody is told.
    await other.child.setStatus('paused');
    await eventually('both pauses everywhere', async () =>
      (await Promise.all([ana, ben].map((c) => c.child.confirmed()))).every((s) => ids.every((id) => s.agents[id]?.status === 'paused')),
    );
    await env.servers.deliver(PAUSE.username, customerMail(PAUSE, 'Nobody online'));
    await Promise.all([folded(ana, ['Nobody online']), folded(ben, ['Nobody online'])]);
    expect(await shown(taker)).toHaveLength(1);
    expect(await shown(other)).toHaveLength(1);

    // Online again: Ana splits a message out; the new ticket waits in Support. Ben is told, Ana is not.
    await Promise.all([ana, ben].map((c) => c.child.setStatus('online')));
    await eventually('both online everywhere', async () =>
      (await Promise.all([ana, ben].map((c) => c.child.confirmed()))).every((s) => ids.every((id) => s.agents[id]?.status === 'online')),
    );
    const before = { ana: (await shown(ana)).length, ben: (await shown(ben)).length };
    const waiting = ticketBySubject(await ana.child.confirmed(), 'Nobody online')!;
    await ana.child.append({ type: 'message.split', message: waiting.messages[0]!.key });
    const split = await eventually("Ben's client to fold the split", async () =>
      [...(await ben.child.confirmed()).tickets.values()].find((t) => t.key.startsWith('split:')),
    );
    await eventually('Ben to be told about the split-out ticket', async () => (await shown(ben)).length === before.ben + 1);
    expect((await shown(ben)).at(-1)).toMatchObject({ target: { kind: 'ticket', ticket: split.key } });
    await eventually("Ana's client to fold the split", async () => (await ana.child.confirmed()).tickets.get(split.key));
    expect(await shown(ana)).toHaveLength(before.ana);
  });
});
