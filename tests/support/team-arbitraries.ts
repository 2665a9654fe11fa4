/** fast-check arbitraries for team log events: several agents acting at once on a few shared messages. */
import fc from 'fast-check';
import type { TeamEvent } from '../../src-main/services/teamlog/events';
import { mail, teamEvent, type PayloadInput } from './team-events';

export const agents = ['ana', 'ben', 'cho'] as const;
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
  fc.constantFrom('online' as const, 'paused' as const, 'offline' as const).map((status) => ({ type: 'agent.status' as const, status })),
  fc.record({ type: fc.constant('queue.set' as const), queue, members: fc.subarray([...agents]) }),
  fc.record({ type: fc.constant('settings.set' as const), settings: fc.record({ allowTransfers: fc.boolean(), mandatoryDisposition: fc.boolean(), pauseUntilDisposition: fc.boolean(), reopenOnReply: fc.boolean(), afterQueueWait: fc.constantFrom('next-agent' as const, 'stay-unassigned' as const) }) }),
  fc.record({ type: fc.constant('presence' as const), ticket: message, mode: fc.constantFrom('viewing' as const, 'replying' as const, 'left' as const) }),
);

/** The team's profiles and queues, then random events; some appended twice (a retried APPEND that landed). */
export const eventsArb: fc.Arbitrary<TeamEvent[]> = fc
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
