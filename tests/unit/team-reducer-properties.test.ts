/**
 * Properties of the fold over random concurrent events of several agents: the same UID
 * order gives the same state from the start or from any snapshot, and whatever order the
 * server assigns, the ticket invariants hold.
 */
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EventPayload, TeamEvent } from '../../src-main/services/teamlog/events';
import { foldEvent, liveTicket, MAX_REJECTIONS } from '../../src-main/services/teamlog/reducer';
import { parseSnapshotGz, stateJson } from '../../src-main/services/teamlog/snapshot';
import { emptyTeamState, type TeamState } from '../../src-main/services/teamlog/state';
import { agents, eventsArb } from '../support/team-arbitraries';
import { foldAll, teamEvent } from '../support/team-events';
import { savedAndLoaded, stateText, withoutHistory } from '../support/team-fixtures';
import { tempStore } from '../support/store-account';

/** Every rule the fold must keep, whatever the order. */
function checkInvariants(state: TeamState, imported: Set<string>): void {
  const tickets = [...state.tickets.values()];
  expect(tickets.map((t) => t.number).sort((a, b) => a - b)).toEqual(Array.from({ length: state.nextNumber - 1 }, (_, i) => i + 1));
  for (const t of tickets) expect(state.tickets.keyOfNumber(t.number)).toBe(t.key);
  const placed = tickets.flatMap((t) => t.messages.map((m) => [m.key, t.key] as const));
  expect(new Set(placed.map(([key]) => key)).size).toBe(placed.length);
  expect(Object.fromEntries(placed)).toEqual(Object.fromEntries(state.tickets.placements()));
  expect(new Set([...state.tickets.placements()].map(([message]) => message))).toEqual(imported);
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
  const store = tempStore('fold', 'a1');

  it('gives the same state from the start as from a snapshot taken at any point and then the rest', { timeout: 120_000 }, () => {
    fc.assert(
      fc.property(eventsArb, fc.nat(), (events, cut) => {
        const at = cut % (events.length + 1);
        const full = foldAll(events);
        const snapshot = parseSnapshotGz([gzipSync(stateJson(foldAll(events.slice(0, at))))]);
        expect(snapshot).not.toBeNull();
        const resumed = foldAll(events.slice(at), snapshot ?? emptyTeamState());
        // Byte-equal snapshot text (not only deep-equal): two clients write the same snapshot.
        expect(stateJson(resumed)).toBe(stateJson(full));
        expect({ ...resumed, presence: {} }).toEqual({ ...full, presence: {} });
      }),
      { numRuns: 300 },
    );
  });

  it('keeps one owner per ticket, consecutive numbers and each message in exactly one ticket, in any order the server assigns', { timeout: 120_000 }, () => {
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
          expect(stateText(foldAll(order))).toBe(stateText(state));
          // Saved locally (a row per ticket and placement) it reads back whole, history apart.
          expect(withoutHistory(savedAndLoaded(store, state))).toEqual({ ...withoutHistory(state), presence: {} });
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
      const item = { message: key, ticket: key, reason: { kind: 'new' as const }, subject: 'Order', customer: null, date: i, direction: 'in' as const, closed: false, route: { rule: '', queue: 'Support', tag: '', agent: '', assign: false }, autoReply: false, firstSync: false };
      events.push(
        event(by, i, { type: 'mail.imported', items: [item] }),
        event(by, i, { type: 'ticket.take', ticket: key }),
        event(by, i, { type: 'ticket.note', ticket: key, text: 'Called back.' }),
        event(by, i, { type: 'ticket.tags', ticket: key, add: ['vip'], remove: [] }),
      );
    }
    const state = foldAll([teamEvent('ana', 0, { type: 'queue.set', queue: 'Support', members: [...agents] })]);
    const started = performance.now();
    const cpu = process.cpuUsage();
    foldAll(events, state);
    // CPU time too: on a busy machine the wall time mostly measures waiting for a core.
    const { user, system } = process.cpuUsage(cpu);
    console.log(`folded ${events.length} events into ${state.tickets.size} tickets in ${Math.round(performance.now() - started)} ms (${Math.round((user + system) / 1000)} ms CPU)`);
    expect(state.nextNumber).toBe(25_001);
    expect([...state.tickets.values()].every((t) => t.notes.length === 1 && t.assignee !== null && t.tags[0] === 'vip')).toBe(true);
  });
});
