/**
 * Properties of the fold over random concurrent events of several agents: the same UID
 * order gives the same state from the start or from any snapshot, and whatever order the
 * server assigns, the ticket invariants hold.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EventPayload, TeamEvent } from '../../src-main/services/teamlog/events';
import { foldEvent, liveTicket, MAX_REJECTIONS } from '../../src-main/services/teamlog/reducer';
import { parseSnapshotState, serializeState } from '../../src-main/services/teamlog/snapshot';
import { emptyTeamState, type TeamState } from '../../src-main/services/teamlog/state';
import { foldAll, mail, teamEvent, type PayloadInput } from '../support/team-events';

const agents = ['ana', 'ben', 'cho'] as const;
const messages = ['m1', 'm2', 'm3', 'm4', 'm5', 'm6'] as const;
const agent = fc.constantFrom(...agents);
const message = fc.constantFrom(...messages);
const queue = fc.constantFrom('Support', 'Billing');
const offerSeq = fc.integer({ min: 1, max: 4 });

const importItem = fc.record({
  message,
  ticket: message,
  direction: fc.constantFrom('in' as const, 'out' as const),
  closed: fc.boolean(),
  route: fc.option(fc.record({ rule: fc.constant('r'), queue, tag: fc.constantFrom('', 'vip'), agent: fc.constantFrom('', ...agents) }), { nil: null }),
  date: fc.integer({ min: 0, max: 1_000 }),
});

const payload: fc.Arbitrary<PayloadInput> = fc.oneof(
  { weight: 4, arbitrary: fc.array(importItem, { minLength: 1, maxLength: 3 }).map((items) => ({ type: 'mail.imported' as const, items: items.map((i) => mail(i.message, i)) })) },
  { weight: 3, arbitrary: message.map((ticket) => ({ type: 'ticket.take' as const, ticket })) },
  message.map((ticket) => ({ type: 'ticket.release' as const, ticket })),
  fc.record({ type: fc.constantFrom('ticket.accept' as const, 'ticket.decline' as const, 'ticket.offerExpired' as const), ticket: message, offer: offerSeq }),
  fc.record({ type: fc.constant('ticket.transfer' as const), ticket: message, to: fc.oneof(agent.map((a) => ({ kind: 'agent' as const, agent: a })), queue.map((q) => ({ kind: 'queue' as const, queue: q }))) }),
  fc.record({ type: fc.constant('ticket.status' as const), ticket: message, status: fc.constantFrom('open' as const, 'pending' as const, 'closed' as const), disposition: fc.constantFrom(undefined, 'Solved') }).map(({ disposition, ...rest }) => (disposition ? { ...rest, disposition } : rest)),
  fc.record({ type: fc.constant('ticket.disposition' as const), ticket: message, disposition: fc.constantFrom('Solved', 'Spam') }),
  fc.record({ type: fc.constant('ticket.tags' as const), ticket: message, add: fc.subarray(['a', 'b', 'c']), remove: fc.subarray(['a', 'b', 'c']) }),
  fc.record({ type: fc.constant('ticket.note' as const), ticket: message, text: fc.constantFrom('note', 'another note') }),
  message.map((ticket) => ({ type: 'ticket.read' as const, ticket })),
  fc.record({ type: fc.constant('ticket.merge' as const), from: message, into: message }),
  fc.record({ type: fc.constant('message.move' as const), message, to: message }),
  message.map((m) => ({ type: 'message.split' as const, message: m })),
  agentStatusPayload(),
  fc.record({ type: fc.constant('queue.set' as const), queue, members: fc.subarray([...agents]) }),
  fc.record({ type: fc.constant('settings.set' as const), settings: fc.record({ allowTransfers: fc.boolean(), mandatoryDisposition: fc.boolean(), pauseUntilDisposition: fc.boolean(), reopenOnReply: fc.boolean(), afterQueueWait: fc.constantFrom('next-agent' as const, 'stay-unassigned' as const) }) }),
  fc.record({ type: fc.constant('presence' as const), ticket: message, mode: fc.constantFrom('viewing' as const, 'replying' as const, 'left' as const) }),
);

function agentStatusPayload(): fc.Arbitrary<PayloadInput> {
  return fc.constantFrom('online' as const, 'paused' as const, 'offline' as const).map((status) => ({ type: 'agent.status' as const, status }));
}

/** The team's profiles and queues, then random events; some appended twice (a retried APPEND that landed). */
const eventsArb: fc.Arbitrary<TeamEvent[]> = fc
  .array(fc.record({ agent, at: fc.integer({ min: 0, max: 100_000 }), payload, retried: fc.boolean() }), { minLength: 1, maxLength: 60 })
  .map((drafts) => {
    // Profiles, two queues and everyone online, so routing and round robin happen often.
    const setup = [
      ...agents.flatMap((a) => [teamEvent(a, 0, { type: 'agent.profile', profile: { name: a.toUpperCase() } }), teamEvent(a, 0, { type: 'agent.status', status: 'online' })]),
      teamEvent('ana', 0, { type: 'queue.set', queue: 'Support', members: [...agents] }),
      teamEvent('ana', 0, { type: 'queue.set', queue: 'Billing', members: ['ben', 'cho'] }),
    ];
    const events = drafts.map((d) => teamEvent(d.agent, d.at, d.payload));
    const retries = events.filter((_, i) => drafts[i]?.retried && i % 5 === 0);
    return [...setup, ...events, ...retries];
  });

/** Every rule the fold must keep, whatever the order. */
function checkInvariants(state: TeamState, imported: Set<string>): void {
  const tickets = Object.values(state.tickets);
  expect(tickets.map((t) => t.number).sort((a, b) => a - b)).toEqual(Array.from({ length: state.nextNumber - 1 }, (_, i) => i + 1));
  for (const t of tickets) expect(state.ticketByNumber[t.number]).toBe(t.key);
  const placed = tickets.flatMap((t) => t.messages.map((m) => [m.key, t.key] as const));
  expect(new Set(placed.map(([key]) => key)).size).toBe(placed.length);
  expect(Object.fromEntries(placed)).toEqual(state.messageTicket);
  expect(new Set(Object.keys(state.messageTicket))).toEqual(imported);
  for (const t of tickets) {
    expect(t.assignee === null || typeof t.assignee === 'string').toBe(true);
    if (t.offer) {
      expect(t.offer.seq).toBeLessThanOrEqual(t.offers);
      // Offered means nobody holds it: an agent has the ticket or it is offered, never both.
      expect(t.assignee).toBeNull();
    }
    if (t.mergedInto) {
      expect(t.messages).toEqual([]);
      expect(t.offer).toBeNull();
      expect(liveTicket(state, t.key)?.mergedInto).toBeNull();
    }
  }
  expect(state.rejections.length).toBeLessThanOrEqual(MAX_REJECTIONS);
}

function importedKeys(events: TeamEvent[]): Set<string> {
  return new Set(events.flatMap((e) => (e.type === 'mail.imported' ? e.items.map((i) => i.message) : [])));
}

describe('folding the team log', () => {
  it('gives the same state from the start as from a snapshot taken at any point and then the rest', () => {
    fc.assert(
      fc.property(eventsArb, fc.nat(), (events, cut) => {
        const at = cut % (events.length + 1);
        const full = foldAll(events);
        const snapshot = parseSnapshotState(serializeState(foldAll(events.slice(0, at))));
        expect(snapshot).not.toBeNull();
        const resumed = foldAll(events.slice(at), snapshot ?? emptyTeamState());
        // Byte-equal JSON (not only deep-equal): two clients write the same snapshot.
        expect(JSON.stringify({ ...resumed, presence: {} })).toBe(JSON.stringify({ ...full, presence: {} }));
        expect({ ...resumed, presence: {} }).toEqual({ ...full, presence: {} });
      }),
      { numRuns: 300 },
    );
  });

  it('keeps one owner per ticket, consecutive numbers and each message in exactly one ticket, in any order the server assigns', () => {
    fc.assert(
      fc.property(
        eventsArb.chain((events) => fc.shuffledSubarray(events, { minLength: events.length, maxLength: events.length })),
        (order) => {
          const imported = new Set<string>();
          const state = emptyTeamState();
          order.forEach((event, i) => {
            foldEvent(state, { uid: i + 1, event });
            for (const key of importedKeys([event])) imported.add(key);
            checkInvariants(state, imported);
          });
          // Every client that folds this order gets this state.
          expect(JSON.stringify(foldAll(order))).toBe(JSON.stringify(state));
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('folding speed', () => {
  it('folds 100,000 events (imports, takes, notes, tags) and prints how long it took', { timeout: 120_000 }, () => {
    // Built without the schema: parsing 100k events would take longer than folding them.
    let n = 0;
    const event = (agent: string, at: number, payload: EventPayload): TeamEvent => ({ v: 1, id: `speed-${++n}`, agent, at, ...payload });
    const events: TeamEvent[] = [];
    for (let i = 0; i < 25_000; i++) {
      const key = `<m${i}@example.com>`;
      const by = agents[i % 3] ?? 'ana';
      const item = { message: key, ticket: key, reason: { kind: 'new' as const }, subject: 'Order', customer: null, date: i, direction: 'in' as const, closed: false, route: { rule: '', queue: 'Support', tag: '', agent: '' } };
      events.push(
        event(by, i, { type: 'mail.imported', items: [item] }),
        event(by, i, { type: 'ticket.take', ticket: key }),
        event(by, i, { type: 'ticket.note', ticket: key, text: 'Called back.' }),
        event(by, i, { type: 'ticket.tags', ticket: key, add: ['vip'], remove: [] }),
      );
    }
    const state = foldAll([teamEvent('ana', 0, { type: 'queue.set', queue: 'Support', members: [...agents] })]);
    const started = performance.now();
    foldAll(events, state);
    console.log(`folded ${events.length} events into ${Object.keys(state.tickets).length} tickets in ${Math.round(performance.now() - started)} ms`);
    expect(state.nextNumber).toBe(25_001);
    expect(Object.values(state.tickets).every((t) => t.notes.length === 1 && t.assignee !== null && t.tags[0] === 'vip')).toBe(true);
  });
});
