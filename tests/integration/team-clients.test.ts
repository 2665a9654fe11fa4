/**
 * Ticket scenarios between two and three Mailroom clients on one shared mailbox of a real
 * Dovecot: each client a separate process on its own data dir (tests/support/team-clients.ts).
 * Every scenario ends with the clients' confirmed states compared whole, so "the same on
 * every client" is checked on everything the reducer keeps, not only on the field asserted.
 * Each test has a mailbox of its own, so the agents, queues and round robin of one test
 * never reach another. The last test holds a sync round at one IMAP command to show that
 * an event appended meanwhile still reaches the client after the round.
 */
import { describe, expect, it } from 'vitest';
import type { AccountDraftInput } from '../../src-preload/contract';
import type { TeamSettingsInput } from '../../src-preload/contract/team';
import type { TeamState, TicketState } from '../../src-main/services/teamlog/state';
import type { TestUser } from '../support/mail-servers';
import { startImapGate } from '../support/imap-gate';
import { testAccountInput } from '../support/services';
import { eventually, teamClientsPerFile, type TeamClient } from '../support/team-clients';
import { mail } from '../support/team-events';

/** One mailbox per test. */
const USERS: TestUser[] = ['race', 'edits', 'offline', 'routing', 'timeout', 'transfer', 'import', 'rounds'].map((name) => ({
  username: `${name}@example.test`,
  password: `${name}-pass-1`,
  email: `${name}@example.test`,
}));
const mailbox = (name: string) => USERS.find((u) => u.username.startsWith(`${name}@`))!;

const env = teamClientsPerFile(USERS);

interface Agent extends TeamClient {
  id: string;
}

/**
 * Starts one client per name on the mailbox (at once) and waits until every client knows
 * every agent, online (each client tells its log its profile and status when it starts).
 */
async function startTeam(user: TestUser, names: string[], account?: Partial<AccountDraftInput>): Promise<Agent[]> {
  return teamOf(await Promise.all(names.map((name) => env.team.start(user, name, undefined, account))));
}

/** The started clients as agents, once every client sees every agent online. */
async function teamOf(clients: TeamClient[]): Promise<Agent[]> {
  const agents = await Promise.all(clients.map(async (client) => ({ ...client, id: (await client.child.status()).agentId })));
  const views = () => Promise.all(agents.map((a) => a.child.confirmed()));
  await eventually(
    'every client to see every agent online',
    async () => (await views()).every((state) => agents.every((a) => state.agents[a.id]?.status === 'online' && state.agents[a.id]?.profile.name === a.name)),
    60_000,
    async () => {
      const seen = (await views()).map((state, i) => `${agents[i]!.name} sees ${JSON.stringify(Object.values(state.agents).map((a) => [a.profile.name, a.status]))}`);
      const statuses = await Promise.all(agents.map(async (a) => `${a.name} ${JSON.stringify(await a.child.status())}`));
      return [...seen, ...statuses].join('; ');
    },
  );
  return agents;
}

/** Waits until every client read the whole log, checks they all hold the same state, and returns it. */
async function sameEverywhere(user: TestUser, agents: Agent[]): Promise<TeamState> {
  const [first, ...others] = await env.team.settled(user, agents);
  for (const other of others) expect(other).toEqual(first);
  return first!;
}

function ticketOf(state: TeamState, key: string): TicketState {
  const ticket = state.tickets.get(key);
  if (!ticket) throw new Error(`ticket ${key} is not in the state`);
  return ticket;
}

/** Waits until `agent`'s client holds the ticket in a state `holds` accepts, and returns it. */
function ticketOn(agent: Agent, key: string, what: string, holds: (t: TicketState) => boolean): Promise<TicketState> {
  return eventually(`${agent.name}'s client to see ${key} ${what}`, async () => {
    const t = (await agent.child.confirmed()).tickets.get(key);
    return t && holds(t) ? t : null;
  });
}

const summaries = (t: TicketState) => t.activity.map((a) => a.summary);
const byId = (agents: Agent[]) => [...agents].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
const settings = (over: TeamSettingsInput) => ({ type: 'settings.set' as const, settings: over });
const queue = (name: string, members: Agent[]) => ({ type: 'queue.set' as const, queue: name, members: members.map((a) => a.id) });
const customerMail = (name: string, options: Parameters<typeof mail>[1] = {}) => mail(`<${name}@customer.example>`, options);
const key = (name: string) => `<${name}@customer.example>`;

/** A customer's mail as their mailer sends it to the shared mailbox. */
function customerMessage(to: TestUser, from: string, subject: string, messageId: string | null, extra: string[] = []): string {
  return [
    `From: ${from}`,
    `To: Support <${to.email}>`,
    `Subject: ${subject}`,
    `Date: ${new Date().toUTCString()}`,
    ...(messageId ? [`Message-ID: ${messageId}`] : []),
    ...extra,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    `${subject}: please help.`,
    '',
  ].join('\r\n');
}

describe('tickets between clients', () => {
  it('customer mail delivered to the inbox becomes the same tickets on every client, offered round robin', async () => {
    const user = mailbox('import');
    // Every client syncs the inbox and imports what it finds; the account feeds queue Support.
    const agents = await startTeam(user, ['Ana', 'Ben', 'Cho'], { import: { standardQueue: 'Support' } });
    const [first, second] = byId(agents);
    await agents[0]!.child.append(settings({ offerAgentSec: 3600 }));
    await agents[0]!.child.append(queue('Support', agents));
    await sameEverywhere(user, agents);

    await env.servers.deliver(user.username, customerMessage(user, 'Carla Customer <carla@customer.example>', 'Order 1001 arrived broken', '<order-1001@customer.example>'));
    await env.servers.deliver(user.username, customerMessage(user, 'Dan Doe <dan@customer.example>', 'Invoice question', '<invoice-77@customer.example>'));
    for (const agent of agents) await eventually(`${agent.name}'s client to import both mails`, async () => (await agent.child.confirmed()).tickets.size === 2);
    const opened = await sameEverywhere(user, agents);
    const numberOf = (key: string) => ticketOf(opened, key).number;
    expect([numberOf('<order-1001@customer.example>'), numberOf('<invoice-77@customer.example>')].sort()).toEqual([1, 2]);
    const tokenTicket = opened.tickets.keyOfNumber(2)!;

    // Carla answers (In-Reply-To), and a mail carries the second ticket's token in its subject.
    await env.servers.deliver(
      user.username,
      customerMessage(user, 'Carla Customer <carla@customer.example>', 'Re: Order 1001 arrived broken', '<order-1001-re@customer.example>', [
        'In-Reply-To: <order-1001@customer.example>',
        'References: <order-1001@customer.example>',
      ]),
    );
    await env.servers.deliver(user.username, customerMessage(user, 'Dan Doe <dan@customer.example>', 'AW: [#MR-2] Invoice question', null));
    for (const agent of agents) {
      await eventually(`${agent.name}'s client to place all four mails`, async () => [...(await agent.child.confirmed()).tickets.placements()].length === 4);
    }
    const state = await sameEverywhere(user, agents);
    expect([...state.tickets.values()].map((t) => t.key).sort()).toEqual(['<invoice-77@customer.example>', '<order-1001@customer.example>']);
    const order = ticketOf(state, '<order-1001@customer.example>');
    expect(order.messages.map((m) => [m.key, m.reason])).toEqual([
      ['<order-1001@customer.example>', { kind: 'new' }],
      ['<order-1001-re@customer.example>', { kind: 'reply', to: '<order-1001@customer.example>' }],
    ]);
    expect(order.customer).toEqual({ name: 'Carla Customer', address: 'carla@customer.example' });
    const byToken = ticketOf(state, tokenTicket);
    expect(byToken.messages.at(-1)?.reason).toEqual({ kind: 'token', token: 'MR-2' });
    // Routed from the standard queue: ticket 1 to the first agent by id, ticket 2 to the second.
    expect([1, 2].map((n) => ticketOf(state, state.tickets.keyOfNumber(n)!).offer?.agent)).toEqual([first!.id, second!.id]);
  });

  it('three agents take the same tickets at once: one owner each, the same everywhere, each loser told once', async () => {
    const user = mailbox('race');
    const agents = await startTeam(user, ['Ana', 'Ben', 'Cho']);
    const tickets = ['race-1', 'race-2', 'race-3'];
    await agents[0]!.child.append({ type: 'mail.imported', items: tickets.map((t) => customerMail(t)) });
    await sameEverywhere(user, agents);

    await Promise.all(tickets.flatMap((t) => agents.map((a) => a.child.append({ type: 'ticket.take', ticket: key(t) }))));
    const state = await sameEverywhere(user, agents);

    for (const t of tickets) {
      const owner = agents.find((a) => a.id === ticketOf(state, key(t)).assignee);
      expect(owner, `${t} has an owner among the agents`).toBeDefined();
      // The log records each losing take, in words naming the winner.
      const lost = state.rejections.filter((r) => r.ticket === key(t));
      expect(lost.map((r) => r.agent).sort()).toEqual(agents.filter((a) => a !== owner).map((a) => a.id).sort());
      for (const r of lost) expect(r.message).toMatch(new RegExp(`^${owner!.name} took this ticket`));
    }
    // Each agent is told of each take it lost, once: one more round through the log tells nobody again.
    await Promise.all(agents.map((a) => a.child.append({ type: 'ticket.note', ticket: key('race-1'), text: `${a.name} was here` })));
    const after = await sameEverywhere(user, agents);
    for (const agent of agents) {
      const told = await agent.child.rejections();
      const lostHere = tickets.filter((t) => ticketOf(after, key(t)).assignee !== agent.id);
      expect(told.map((r) => r.ticket).sort()).toEqual(lostHere.map(key).sort());
      for (const r of told) {
        const owner = agents.find((a) => a.id === ticketOf(after, r.ticket!).assignee)!;
        expect(r.message).toMatch(new RegExp(`^${owner.name} took this ticket`));
      }
    }
  });

  it("notes, tags, status and transfers made on one client show on the others", async () => {
    const user = mailbox('edits');
    const [ana, ben, cho] = await startTeam(user, ['Ana', 'Ben', 'Cho']);
    const agents = [ana!, ben!, cho!];
    // Long offers: accepting must not race the wait on a loaded machine.
    await ana!.child.append(settings({ offerAgentSec: 3600 }));
    await ana!.child.append(queue('Billing', [cho!]));
    await ana!.child.append({ type: 'mail.imported', items: [customerMail('edits-1')] });
    const ticket = key('edits-1');
    await ticketOn(ben!, ticket, 'opened', () => true);

    await ana!.child.append({ type: 'ticket.take', ticket });
    await ana!.child.append({ type: 'ticket.note', ticket, text: 'Customer called, wants a refund.' });
    await ana!.child.append({ type: 'ticket.tags', ticket, add: ['billing', 'vip'] });
    await ana!.child.append({ type: 'ticket.status', ticket, status: 'pending' });
    const seen = await ticketOn(cho!, ticket, 'with Ana\'s changes', (t) => t.status === 'pending');
    expect(seen.assignee).toBe(ana!.id);
    expect(seen.notes.map((n) => n.text)).toEqual(['Customer called, wants a refund.']);
    expect(seen.tags).toEqual(['billing', 'vip']);

    // Ana hands it to Ben, who accepts; Ben sends it on to the Billing queue, whose only member (Cho) accepts and closes it.
    await ana!.child.append({ type: 'ticket.transfer', ticket, to: { kind: 'agent', agent: ben!.id } });
    const toBen = await ticketOn(ben!, ticket, 'offered to Ben', (t) => t.offer?.agent === ben!.id);
    await ben!.child.append({ type: 'ticket.accept', ticket, offer: toBen.offer!.seq });
    await ben!.child.append({ type: 'ticket.note', ticket, text: 'Refund approved, Billing please book it.' });
    await ben!.child.append({ type: 'ticket.tags', ticket, remove: ['vip'] });
    await ben!.child.append({ type: 'ticket.transfer', ticket, to: { kind: 'queue', queue: 'Billing' } });
    const toCho = await ticketOn(cho!, ticket, 'offered to Cho', (t) => t.offer?.agent === cho!.id);
    await cho!.child.append({ type: 'ticket.accept', ticket, offer: toCho.offer!.seq });
    await cho!.child.append({ type: 'ticket.status', ticket, status: 'closed', disposition: 'Refunded' });

    const t = ticketOf(await sameEverywhere(user, agents), ticket);
    expect(t).toMatchObject({ assignee: cho!.id, queue: 'Billing', status: 'closed', disposition: 'Refunded', tags: ['billing'], offer: null });
    expect(t.notes.map((n) => [n.agent, n.text])).toEqual([
      [ana!.id, 'Customer called, wants a refund.'],
      [ben!.id, 'Refund approved, Billing please book it.'],
    ]);
    expect(summaries(t)).toEqual(
      expect.arrayContaining(['took the ticket', 'transferred it to Ben', 'accepted the ticket', 'transferred it to queue Billing; offered to Cho', 'closed it (Refunded)']),
    );
    for (const agent of agents) expect(await agent.child.rejections()).toEqual([]);
  });

  it('an agent offline for a while queues actions, catches up on reconnect, and hears what lost', async () => {
    const user = mailbox('offline');
    const [ana, ben] = await startTeam(user, ['Ana', 'Ben']);
    const agents = [ana!, ben!];
    await ben!.child.append({ type: 'mail.imported', items: ['off-x', 'off-y', 'off-z'].map((t) => customerMail(t)) });
    await sameEverywhere(user, agents);

    ana!.proxy.limit(0);
    ana!.proxy.cutAll();
    await eventually('Ana to notice she is offline', async () => (await ana!.child.status()).connections === 'offline');
    await ana!.child.append({ type: 'ticket.take', ticket: key('off-x') });
    await ana!.child.append({ type: 'ticket.note', ticket: key('off-y'), text: 'written offline' });
    await ana!.child.append({ type: 'ticket.tags', ticket: key('off-y'), add: ['followup'] });
    await ana!.child.append({ type: 'ticket.take', ticket: key('off-z') });
    // Shown at once as pending: Ana's view has them, the log does not.
    expect((await ana!.child.status()).pendingEvents).toBe(4);
    const pendingView = await ana!.child.state();
    expect(ticketOf(pendingView, key('off-x')).assignee).toBe(ana!.id);
    expect(ticketOf(pendingView, key('off-y')).tags).toEqual(['followup']);
    expect(ticketOf(await ana!.child.confirmed(), key('off-x')).assignee).toBeNull();

    // Meanwhile Ben takes one of them and writes on another.
    await ben!.child.append({ type: 'ticket.take', ticket: key('off-x') });
    await ben!.child.append({ type: 'ticket.note', ticket: key('off-y'), text: 'written meanwhile' });
    await ticketOn(ben!, key('off-x'), 'taken by Ben', (t) => t.assignee === ben!.id);

    ana!.proxy.limit(null);
    const state = await sameEverywhere(user, agents);
    expect(ticketOf(state, key('off-x')).assignee).toBe(ben!.id);
    expect(ticketOf(state, key('off-z')).assignee).toBe(ana!.id);
    expect(ticketOf(state, key('off-y')).notes.map((n) => n.text)).toEqual(['written meanwhile', 'written offline']);
    expect(ticketOf(state, key('off-y')).tags).toEqual(['followup']);
    const told = await ana!.child.rejections();
    expect(told).toEqual([{ ticket: key('off-x'), message: expect.stringMatching(/^Ben took this ticket/) }]);
    expect(await ben!.child.rejections()).toEqual([]);
  });

  it('routing offers each new ticket to the same online agent on every client, round robin', async () => {
    const user = mailbox('routing');
    const agents = await startTeam(user, ['Ana', 'Ben', 'Cho']);
    const [first, second, third] = byId(agents);
    await agents[0]!.child.append(settings({ offerAgentSec: 3600 }));
    await agents[0]!.child.append(queue('Support', agents));
    await sameEverywhere(user, agents);

    // Three clients import a new ticket each at once: the log's order numbers them and picks the agents.
    await Promise.all(agents.map((a, i) => a.child.append({ type: 'mail.imported', items: [customerMail(`route-${i}`, { queue: 'Support' })] })));
    let state = await sameEverywhere(user, agents);
    const offeredTo = (s: TeamState) =>
      [...s.tickets.values()]
        .sort((a, b) => a.number - b.number)
        .map((t) => [t.number, t.assignee, t.offer?.phase, t.offer?.agent]);
    expect(offeredTo(state)).toEqual([
      [1, null, 'agent', first!.id],
      [2, null, 'agent', second!.id],
      [3, null, 'agent', third!.id],
    ]);

    // Online agents only: with the second paused, the round goes on over the first and the third.
    await second!.child.append({ type: 'agent.status', status: 'paused' });
    await eventually('every client to see the second agent paused', async () =>
      (await Promise.all(agents.map((a) => a.child.confirmed()))).every((s) => s.agents[second!.id]?.status === 'paused'),
    );
    await second!.child.append({ type: 'mail.imported', items: [customerMail('route-3', { queue: 'Support' }), customerMail('route-4', { queue: 'Support' })] });
    state = await sameEverywhere(user, agents);
    expect(offeredTo(state).slice(3)).toEqual([
      [4, null, 'agent', first!.id],
      [5, null, 'agent', third!.id],
    ]);
  });

  it('an offer not accepted in time goes back to the queue once, then to the next online agent', async () => {
    const user = mailbox('timeout');
    const agents = await startTeam(user, ['Ana', 'Ben', 'Cho']);
    const [first, second] = byId(agents);
    await agents[0]!.child.append(settings({ offerAgentSec: 2, offerQueueSec: 3600, afterQueueWait: 'next-agent' }));
    await agents[0]!.child.append(queue('Support', agents));
    await sameEverywhere(user, agents);
    const ticket = key('timeout-1');
    await agents[2]!.child.append({ type: 'mail.imported', items: [customerMail('timeout-1', { queue: 'Support' })] });

    // Offered to the first agent by id, who lets it pass: back in the queue, unassigned, on every client.
    for (const agent of agents) await ticketOn(agent, ticket, 'back in the queue', (t) => t.offer?.phase === 'queue');
    const state = await sameEverywhere(user, agents);
    const back = ticketOf(state, ticket);
    expect(back).toMatchObject({ assignee: null, queue: 'Support', offers: 2, offer: { seq: 2, phase: 'queue', agent: first!.id } });
    const lapsed = `${first!.name} did not accept in time; waiting in queue Support`;
    expect(summaries(back).filter((s) => s === lapsed)).toHaveLength(1);

    // Another client's late expiry of the same offer changes nothing and tells nobody.
    await second!.child.append({ type: 'ticket.offerExpired', ticket, offer: 1 });
    const again = await sameEverywhere(user, agents);
    expect(ticketOf(again, ticket)).toEqual(back);
    expect(again.rejections).toEqual([]);

    // With a short queue wait, the queue phase ends too and the next online agent gets the offer.
    await agents[0]!.child.append(settings({ offerAgentSec: 2, offerQueueSec: 2, afterQueueWait: 'next-agent' }));
    const offered = `nobody took it from the queue in time; offered to ${second!.name}`;
    await ticketOn(second!, ticket, `offered to ${second!.name}`, (t) => summaries(t).includes(offered));
    // The offers go round until someone takes it: the second agent does.
    await second!.child.append({ type: 'ticket.take', ticket });
    const taken = ticketOf(await sameEverywhere(user, agents), ticket);
    expect(taken.assignee).toBe(second!.id);
    const lines = summaries(taken);
    expect(lines.indexOf(lapsed)).toBeGreaterThan(0);
    expect(lines.indexOf(offered)).toBeGreaterThan(lines.indexOf(lapsed));
    expect(lines.at(-1)).toBe('took the ticket');
  });

  it('a transfer not accepted in time comes back to its owner, unread', async () => {
    const user = mailbox('transfer');
    const [ana, ben] = await startTeam(user, ['Ana', 'Ben']);
    const agents = [ana!, ben!];
    await ana!.child.append(settings({ offerAgentSec: 2, offerQueueSec: 2 }));
    // In queue Support, which has no members: nobody is offered it, Ana takes it.
    await ana!.child.append({ type: 'mail.imported', items: [customerMail('transfer-1', { queue: 'Support' })] });
    const ticket = key('transfer-1');
    await ana!.child.append({ type: 'ticket.take', ticket });
    await ana!.child.append({ type: 'ticket.read', ticket });
    await ticketOn(ben!, ticket, 'taken and read by Ana', (t) => t.assignee === ana!.id && !t.unread);

    await ana!.child.append({ type: 'ticket.transfer', ticket, to: { kind: 'agent', agent: ben!.id } });
    await ticketOn(ben!, ticket, 'offered to Ben', (t) => t.offer?.agent === ben!.id);
    const returned = 'nobody accepted the transfer in time; back to Ana';
    for (const agent of agents) await ticketOn(agent, ticket, 'back with Ana', (t) => summaries(t).includes(returned));
    const t = ticketOf(await sameEverywhere(user, agents), ticket);
    expect(t).toMatchObject({ assignee: ana!.id, offer: null, unread: true });
    expect(summaries(t).slice(-3)).toEqual(['transferred it to Ben', 'Ben did not accept in time; waiting in queue Support', returned]);
  });
});

describe('the log between sync rounds', () => {
  it("an event appended while a client's sync round has the inbox selected reaches it after the round", async () => {
    const user = mailbox('rounds');
    // Ana's client goes through a gate that can hold one IMAP command of its sync round.
    const gate = await startImapGate(env.servers.imapPort);
    try {
      const draft = testAccountInput(env.servers, user, { imap: { host: '127.0.0.1', port: gate.port, security: 'none' } });
      const [ana, ben] = await teamOf(await Promise.all([env.team.start(user, 'Ana', { draft }), env.team.start(user, 'Ben')]));
      const agents = [ana!, ben!];
      // The mail is in the log before it arrives, so Ana's round imports nothing and appends nothing.
      await ben!.child.append({ type: 'mail.imported', items: [customerMail('rounds-1')] });
      await sameEverywhere(user, agents);

      gate.holdAt(/BODY\.PEEK\[\]/i);
      await env.servers.deliver(user.username, customerMessage(user, 'Carla Customer <carla@customer.example>', 'Where is my order?', key('rounds-1')));
      await eventually("Ana's sync round to fetch the new mail's body", async () => gate.tripped());
      const id = await ben!.child.append({ type: 'ticket.note', ticket: key('rounds-1'), text: "during Ana's round" });
      await eventually("Ben's note to reach the log", async () => (await env.team.copiesOf(user, id)) === 1);
      gate.release();
      await ticketOn(ana!, key('rounds-1'), "with Ben's note", (t) => t.notes.some((n) => n.id === id));
      await sameEverywhere(user, agents);
    } finally {
      await env.team.stopAll();
      await gate.close();
    }
  });
});
