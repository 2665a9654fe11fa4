import { describe, expect, it } from 'vitest';
import type { MessageSummary } from '../../src-preload/contract/mail';
import { TicketFilterSchema, type TicketFilterInput } from '../../src-preload/contract/tickets';
import type { TeamSettingsInput } from '../../src-preload/contract/team';
import type { TicketState } from '../../src-main/services/teamlog/state';
import type { TicketAccount } from '../../src-main/services/tickets/sources';
import { TicketService, VIEWING_REPEAT_MS } from '../../src-main/services/tickets/ticket-service';
import { AppError } from '../../src-main/services/errors/app-error';
import { addStoreAccount, tempStore } from '../support/store-account';
import { ANA, FakeLog, ME, refusal, savedAndLoaded, stateWith, ticket } from '../support/team-fixtures';

const store = tempStore('tickets');
const queries = store.team.tickets;

function serviceOver(logs: Record<string, FakeLog>, cached: Map<string, MessageSummary> = new Map(), now = () => 5_000_000) {
  const accounts: TicketAccount[] = Object.keys(logs).map((id) => ({ id, key: id.toUpperCase(), name: id, shared: true, standardQueue: 'Support' }));
  return new TicketService({
    sources: { agentId: () => ME, accounts: () => accounts, log: (id) => logs[id] ?? null },
    messagesByKeys: (_account, keys) => new Map(keys.flatMap((k) => (cached.has(k) ? [[k, cached.get(k)!] as const] : []))),
    queries,
    now,
  });
}

const filter = (input: TicketFilterInput = {}) => TicketFilterSchema.parse(input);
const numbers = (items: { number: number }[]) => items.map((t) => t.number);

describe('listTickets', () => {
  const tickets = [
    ticket(1, { assignee: ME, tags: ['vip'] }),
    ticket(2, { assignee: ANA, status: 'pending' }),
    ticket(3, { queue: 'Sales', subject: 'Invoice missing', customer: { name: 'Zoe Quinn', address: 'zoe@shop.example' } }),
    ticket(4, { status: 'closed', offer: { seq: 1, agent: ME, at: 1, uid: 4, kind: 'routing', phase: 'agent', returnTo: null } }),
    ticket(5, { mergedInto: '<t1@example.com>' }),
  ];

  it('filters by scope, status, queue, agent, tag, text and customer, and leaves merged tickets out', () => {
    const service = serviceOver({ sup: new FakeLog(stateWith(tickets)) });
    const list = (input: TicketFilterInput) => numbers(service.listTickets(filter(input), 'number', false, 0, 100).items);
    expect(list({})).toEqual([1, 2, 3, 4]);
    expect(list({ scope: 'mine' })).toEqual([1, 4]);
    expect(list({ scope: 'unassigned' })).toEqual([3, 4]);
    expect(list({ status: ['open', 'pending'] })).toEqual([1, 2, 3]);
    expect(list({ queue: 'Sales' })).toEqual([3]);
    expect(list({ agent: ANA })).toEqual([2]);
    expect(list({ tag: 'vip' })).toEqual([1]);
    expect(list({ text: 'invoice ZOE' })).toEqual([3]);
    expect(list({ text: '#2' })).toEqual([2]);
    expect(list({ text: 'mr-4' })).toEqual([4]);
    // The token's prefix alone is in every ticket's token; a tag is searched too.
    expect(list({ text: 'MR' })).toEqual([1, 2, 3, 4]);
    expect(list({ text: 'vi' })).toEqual([1]);
    expect(list({ customer: 'ZOE@shop.example' })).toEqual([3]);
    expect(list({ accountId: 'other' })).toEqual([]);
  });

  it('sorts both ways with the number breaking ties, and pages', () => {
    const service = serviceOver({ sup: new FakeLog(stateWith(tickets)) });
    expect(numbers(service.listTickets(filter(), 'lastActivity', true, 0, 100).items)).toEqual([4, 3, 2, 1]);
    expect(numbers(service.listTickets(filter(), 'customer', false, 0, 100).items)).toEqual([1, 2, 4, 3]);
    expect(numbers(service.listTickets(filter(), 'status', false, 0, 100).items)).toEqual([1, 3, 2, 4]);
    expect(numbers(service.listTickets(filter(), 'assignee', false, 0, 100).items)).toEqual([3, 4, 2, 1]);
    const page = service.listTickets(filter(), 'number', true, 1, 2);
    expect(page.total).toBe(4);
    expect(numbers(page.items)).toEqual([3, 2]);
  });

  it('merges accounts, honouring each account\'s members and "visible only for"', () => {
    const service = serviceOver({
      sup: new FakeLog(stateWith([ticket(1)])),
      sal: new FakeLog(stateWith([ticket(7)], { members: [ANA, ME] })),
      hr: new FakeLog(stateWith([ticket(9)], { members: [ME], visibleOnlyFor: [ANA] })),
      fin: new FakeLog(stateWith([ticket(11)], { members: [ANA] })),
    });
    const page = service.listTickets(filter(), 'number', false, 0, 100);
    expect(page.items.map((t) => `${t.accountKey}#${t.number}`)).toEqual(['SUP#1', 'SAL#7']);
    expect(() => service.getTicket('hr', '9')).toThrow(AppError);
  });

  it('re-reads an account only after its log reports a change, and marks pending tickets', () => {
    const log = new FakeLog(stateWith([ticket(1)]));
    const service = serviceOver({ sup: log });
    expect(service.listTickets(filter(), 'number', false, 0, 10).total).toBe(1);
    log.changed(stateWith([ticket(1), ticket(2)]));
    const after = service.listTickets(filter(), 'number', false, 0, 10);
    expect(numbers(after.items)).toEqual([1, 2]);
    service.ticketAction('sup', '2', { type: 'take' });
    expect(service.listTickets(filter(), 'number', false, 0, 10).items.map((t) => t.pending)).toEqual([false, true]);
  });

  it('lists 100,000 tickets and pages through them (timing printed, not asserted)', () => {
    const many: TicketState[] = [];
    for (let n = 1; n <= 100_000; n += 1) {
      many.push(ticket(n, { assignee: n % 3 === 0 ? ME : n % 3 === 1 ? ANA : null, status: n % 5 === 0 ? 'closed' : 'open', lastActivityAt: (n * 7919) % 100_003 }));
    }
    // Saved as the team log saves it: the list reads the store's rows.
    addStoreAccount(store, 'sup');
    const service = serviceOver({ sup: new FakeLog(savedAndLoaded(store, stateWith(many), 'sup')) });
    let started = performance.now();
    const first = service.listTickets(filter({ status: ['open'] }), 'lastActivity', true, 0, 100);
    const firstMs = performance.now() - started;
    started = performance.now();
    const next = service.listTickets(filter({ status: ['open'] }), 'lastActivity', true, 100, 100);
    const pageMs = performance.now() - started;
    started = performance.now();
    const mine = service.listTickets(filter({ scope: 'mine' }), 'subject', false, 0, 100);
    const otherMs = performance.now() - started;
    started = performance.now();
    const text = service.listTickets(filter({ text: '#4242' }), 'customer', false, 0, 100);
    const textMs = performance.now() - started;
    console.log(`100k saved tickets: first query ${firstMs.toFixed(1)} ms, next page ${pageMs.toFixed(1)} ms, another filter and sort ${otherMs.toFixed(1)} ms, text search ${textMs.toFixed(1)} ms`);
    expect(mine.total).toBe(33_333);
    expect(first.total).toBe(80_000);
    expect(first.items[0]!.lastActivityAt).toBeGreaterThanOrEqual(next.items[0]!.lastActivityAt);
    expect(numbers(text.items).sort((a, b) => a - b)).toEqual([4242, 42420, 42421, 42422, 42423, 42424, 42425, 42426, 42427, 42428, 42429]);
    // Building 100,000 fixtures takes a while on a loaded machine; nothing here is timed.
  }, 60_000);
});

describe('getTicket', () => {
  it('joins cached messages by key, says why each is there, shows recent presence of others only', () => {
    const state = stateWith([
      ticket(1, {
        messages: [
          { key: '<a@x>', reason: { kind: 'new' }, direction: 'in', date: 10, uid: 1 },
          { key: 'hash:abc', reason: { kind: 'reply', to: '<a@x>' }, direction: 'in', date: 30, uid: 2 },
          { key: '<c@x>', reason: { kind: 'token', token: 'MR-1' }, direction: 'out', date: 20, uid: 3 },
          { key: '<d@x>', reason: { kind: 'moved', agent: ANA }, direction: 'in', date: 40, uid: 9 },
        ],
        notes: [
          { id: 'n1', agent: ANA, at: 5, uid: 7, text: 'Called them' },
          { id: 'n2', agent: ME, at: 6, uid: 0, text: 'Mine, not yet in the log' },
        ],
      }),
    ]);
    state.presence['<t1@example.com>'] = [
      { agent: ANA, mode: 'replying', at: 5_000_000 - 30_000 },
      { agent: 'agent-old', mode: 'viewing', at: 5_000_000 - 10 * 60_000 },
      { agent: ME, mode: 'viewing', at: 5_000_000 },
    ];
    const cached = new Map<string, MessageSummary>([
      ['<a@x>', { id: '11', mailboxId: '1', uid: 1, from: { name: 'Zoe', address: 'zoe@x' }, subject: 'Printer on fire', date: 10, seen: true, flagged: false, hasAttachments: false, snippet: 'Help' }],
      ['hash:abc', { id: '12', mailboxId: '1', uid: 2, from: null, subject: 'Re: Printer on fire', date: 30, seen: true, flagged: false, hasAttachments: false, snippet: '' }],
    ]);
    const detail = serviceOver({ sup: new FakeLog(state) }, cached).getTicket('sup', '<t1@example.com>');
    expect(detail.messages.map((m) => [m.key, m.messageId, m.reason])).toEqual([
      ['<a@x>', '11', 'new conversation'],
      ['<c@x>', null, 'token MR-1'],
      ['hash:abc', '12', 'reply to "Printer on fire"'],
      ['<d@x>', null, 'moved by Ana'],
    ]);
    expect(detail.notes.map((n) => [n.author.name, n.pending])).toEqual([
      ['Ana', false],
      ['Me Myself', true],
    ]);
    expect(detail.presence.map((p) => [p.agent.name, p.mode])).toEqual([['Ana', 'replying']]);
    expect(detail.seenUid).toBe(1000);
    expect(detail.can).toMatchObject({ take: true, accept: false, transfer: true, close: true });
  });
});

describe('ticketAction', () => {
  const fixture = (settings: TeamSettingsInput = {}) => {
    const log = new FakeLog(stateWith([ticket(1), ticket(2, { assignee: ANA, offer: { seq: 2, agent: ME, at: 1, uid: 3, kind: 'transfer', phase: 'agent', returnTo: null } })], settings));
    return { log, service: serviceOver({ sup: log }) };
  };

  it('maps actions to events and answers with the ticket as pending', () => {
    const { log, service } = fixture();
    expect(service.ticketAction('sup', 'MR-1', { type: 'take' })).toMatchObject({ number: 1, pending: true });
    service.ticketAction('sup', '#2', { type: 'accept' });
    service.ticketAction('sup', '1', { type: 'transfer', to: { kind: 'queue', queue: 'Sales' } });
    service.ticketAction('sup', '1', { type: 'merge', into: '#2' });
    expect(log.appended).toEqual([
      { type: 'ticket.take', ticket: '<t1@example.com>' },
      { type: 'ticket.accept', ticket: '<t2@example.com>', offer: 2 },
      { type: 'ticket.transfer', ticket: '<t1@example.com>', to: { kind: 'queue', queue: 'Sales' } },
      { type: 'ticket.merge', from: '<t1@example.com>', into: '<t2@example.com>' },
    ]);
  });

  it('refuses in plain words what the account settings forbid, before anything is logged', () => {
    const { log, service } = fixture({ allowTransfers: false, mandatoryDisposition: true, dispositions: ['Solved', 'Spam'] });
    expect(refusal(() => service.ticketAction('sup', '1', { type: 'transfer', to: { kind: 'agent', agent: ANA } }))).toMatchObject({
      code: 'tickets/not-allowed',
      cause: 'Transfers are turned off for this account.',
    });
    expect(refusal(() => service.ticketAction('sup', '1', { type: 'status', status: 'closed' })).fix).toBe('Choose a disposition (Solved, Spam), then close the ticket.');
    expect(refusal(() => service.ticketAction('sup', '1', { type: 'disposition', disposition: 'Lost' })).cause).toContain('"Lost" is not one');
    expect(refusal(() => service.ticketAction('sup', '1', { type: 'accept' })).cause).toBe('Ticket #1 is not offered to you (any more).');
    expect(refusal(() => service.ticketAction('sup', '42', { type: 'take' })).code).toBe('tickets/not-found');
    expect(log.appended).toEqual([]);
    service.ticketAction('sup', '1', { type: 'status', status: 'closed', disposition: 'Solved' });
    expect(log.appended).toEqual([{ type: 'ticket.status', ticket: '<t1@example.com>', status: 'closed', disposition: 'Solved' }]);
  });

  it('refuses a transfer to an unknown queue or agent', () => {
    const { service } = fixture();
    expect(refusal(() => service.ticketAction('sup', '1', { type: 'transfer', to: { kind: 'queue', queue: 'Nowhere' } })).cause).toBe('There is no queue named "Nowhere".');
    expect(refusal(() => service.ticketAction('sup', '1', { type: 'transfer', to: { kind: 'agent', agent: 'agent-ghost' } })).cause).toBe('That agent is not known in this account.');
  });
});

describe('checkCollision', () => {
  it("reports other agents' replies, takes and closes after seenUid, and whether the log was re-read", async () => {
    const log = new FakeLog(
      stateWith([
        ticket(1, {
          status: 'closed',
          activity: [
            { uid: 5, at: 5, agent: ANA, type: 'ticket.take', summary: 'took the ticket' },
            { uid: 11, at: 11, agent: ANA, type: 'ticket.note', summary: 'added a note' },
            { uid: 12, at: 12, agent: ME, type: 'ticket.take', summary: 'took the ticket' },
            { uid: 13, at: 13, agent: ANA, type: 'ticket.replied', summary: 'replied' },
            { uid: 14, at: 14, agent: ANA, type: 'ticket.status', summary: 'closed it' },
          ],
        }),
      ]),
    );
    const service = serviceOver({ sup: log });
    const report = await service.checkCollision('sup', '1', 10);
    expect(report).toMatchObject({ collided: true, fresh: true });
    expect(report.events.map((e) => e.summary)).toEqual(['replied', 'closed it']);
    log.refreshOk = false;
    expect(await service.checkCollision('sup', '1', 14)).toEqual({ collided: false, events: [], fresh: false });
  });
});

describe('setPresence', () => {
  it("tells 'viewing' of a ticket again only after a minute, while 'replying' and 'left' always go out", () => {
    const log = new FakeLog(stateWith([ticket(1), ticket(2)]));
    let clock = 1_000_000;
    const service = serviceOver({ sup: log }, new Map(), () => clock);
    const told = () => log.appended.map((p) => (p.type === 'presence' ? `${p.ticket} ${p.mode}` : p.type));
    service.setPresence('sup', '1', 'viewing');
    clock += VIEWING_REPEAT_MS - 1;
    service.setPresence('sup', '1', 'viewing');
    // Another ticket is told at once.
    service.setPresence('sup', '2', 'viewing');
    clock += 1;
    service.setPresence('sup', '1', 'viewing');
    expect(told()).toEqual(['<t1@example.com> viewing', '<t2@example.com> viewing', '<t1@example.com> viewing']);
    log.appended = [];
    service.setPresence('sup', '1', 'replying');
    service.setPresence('sup', '1', 'replying');
    // After replying or leaving, viewing is news again.
    service.setPresence('sup', '1', 'viewing');
    service.setPresence('sup', '1', 'left');
    service.setPresence('sup', '1', 'viewing');
    expect(told()).toEqual(['<t1@example.com> replying', '<t1@example.com> replying', '<t1@example.com> viewing', '<t1@example.com> left', '<t1@example.com> viewing']);
  });
});

describe('contacts and supervisor counts', () => {
  it('derive from the tickets of accounts that create contacts, across accounts', () => {
    const shared = { name: 'Zoe', address: 'Zoe@Shop.example' };
    const service = serviceOver({
      sup: new FakeLog(stateWith([ticket(1, { customer: shared, assignee: ME }), ticket(2, { offer: { seq: 1, agent: ANA, at: 1, uid: 2, kind: 'routing', phase: 'agent', returnTo: null } }), ticket(3, { queue: 'Sales' })])),
      sal: new FakeLog(stateWith([ticket(1, { customer: shared, assignee: ME, status: 'pending' })])),
      quiet: new FakeLog(stateWith([ticket(5)], { createContacts: false })),
    });
    expect(service.listContacts('zoe', 10)).toEqual([{ address: 'zoe@shop.example', name: 'Zoe', ticketCount: 2, accounts: ['sup', 'sal'] }]);
    expect(service.listContacts('', 100)).toHaveLength(3);
    const stats = service.supervisorStats();
    expect(stats.queues.filter((q) => q.accountId === 'sup')).toEqual([
      { accountId: 'sup', accountKey: 'SUP', queue: 'Sales', open: 1, unassigned: 1, waiting: 0 },
      { accountId: 'sup', accountKey: 'SUP', queue: 'Support', open: 2, unassigned: 0, waiting: 1 },
    ]);
    expect(stats.agents.map((a) => [a.agent.name, a.status, a.open, a.pending])).toEqual([
      ['Ana', 'online', 0, 0],
      ['Me Myself', 'online', 1, 1],
    ]);
  });
});

describe('full text through the index', () => {
  it("maps the index's message hits to the tickets holding them, a merged ticket's to the one it went into", () => {
    const merged = ticket(3, { mergedInto: '<t2@example.com>', messages: [] });
    const into = ticket(2);
    into.messages.push({ key: '<m3@example.com>', reason: { kind: 'new' }, direction: 'in', date: 1, uid: 3 });
    const log = new FakeLog(stateWith([ticket(1), into, merged]));
    const accounts: TicketAccount[] = [{ id: 'sup', key: 'SUP', name: 'sup', shared: true, standardQueue: 'Support' }];
    const service = new TicketService({
      sources: { agentId: () => ME, accounts: () => accounts, log: () => log },
      messagesByKeys: () => new Map(),
      queries,
      fullText: { messagesWithText: (word) => new Map(word === 'zeppelin' ? [['sup', ['<m3@example.com>', '<unknown@example.com>']]] : []), version: () => 1 },
      now: () => 5_000_000,
    });
    expect(numbers(service.listTickets(filter({ text: 'zeppelin', fullText: true }), 'number', false, 0, 100).items)).toEqual([2]);
    expect(numbers(service.listTickets(filter({ text: 'zeppelin' }), 'number', false, 0, 100).items)).toEqual([]);
  });
});
