/** Building team log events for tests: payloads in, parsed TeamEvents (defaults filled) and logged UIDs out. */
import type { z } from 'zod';
import { EVENT_FORMAT_VERSION, TeamEventSchema, type EventPayloadSchema, type ImportedMessageSchema, type LoggedEvent, type TeamEvent } from '../../src-main/services/teamlog/events';
import { foldEvent } from '../../src-main/services/teamlog/reducer';
import { emptyTeamState, type TeamState } from '../../src-main/services/teamlog/state';

export type PayloadInput = z.input<typeof EventPayloadSchema>;
type ItemInput = z.input<typeof ImportedMessageSchema>;

let counter = 0;

/** A client event id, unique in the test run. */
export function eventId(): string {
  counter += 1;
  return `event-${String(counter).padStart(8, '0')}`;
}

export function teamEvent(agent: string, at: number, payload: PayloadInput, id = eventId()): TeamEvent {
  return TeamEventSchema.parse({ v: EVENT_FORMAT_VERSION, id, agent, at, ...payload });
}

/** A snapshot event as a writer hands it to log-writer.ts appendSnapshot: its state left for the parts, naming `parts` of them. */
export function snapshotEvent(agent: string, at: number, upTo: number, parts = 0): Extract<TeamEvent, { type: 'snapshot' }> {
  const event = teamEvent(agent, at, { type: 'snapshot', upTo, state: '', parts });
  if (event.type !== 'snapshot') throw new Error('a snapshot event');
  return event;
}

/** An incoming customer mail that opens (or joins) ticket `ticket`, routed to `queue` when given. */
export function mail(message: string, options: Partial<ItemInput> & { queue?: string } = {}): ItemInput {
  const { queue, ...rest } = options;
  return {
    message,
    ticket: message,
    reason: { kind: 'new' },
    subject: `Subject of ${message}`,
    customer: { name: 'Carla Customer', address: 'carla@example.com' },
    date: 1_000,
    direction: 'in',
    route: queue === undefined ? null : { rule: '', queue, tag: '', agent: '' },
    ...rest,
  };
}

/** Folds the events in the given order, UIDs from firstUid on. */
export function foldAll(events: TeamEvent[], state: TeamState = emptyTeamState(), firstUid = state.lastUid + 1): TeamState {
  events.forEach((event, i) => foldEvent(state, { uid: firstUid + i, event }));
  return state;
}

export function logged(events: TeamEvent[], firstUid = 1): LoggedEvent[] {
  return events.map((event, i) => ({ uid: firstUid + i, event }));
}

/** A team with three agents (ana < ben < cho by id), a queue Support of all three, everyone online. */
export function teamSetup(at = 0): TeamEvent[] {
  return [
    teamEvent('ana', at, { type: 'agent.profile', profile: { name: 'Ana' } }),
    teamEvent('ben', at, { type: 'agent.profile', profile: { name: 'Ben' } }),
    teamEvent('cho', at, { type: 'agent.profile', profile: { name: 'Cho' } }),
    teamEvent('ana', at, { type: 'queue.set', queue: 'Support', members: ['cho', 'ben', 'ana'] }),
    teamEvent('ana', at, { type: 'agent.status', status: 'online' }),
    teamEvent('ben', at, { type: 'agent.status', status: 'online' }),
    teamEvent('cho', at, { type: 'agent.status', status: 'online' }),
  ];
}
