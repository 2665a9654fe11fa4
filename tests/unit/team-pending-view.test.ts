import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EventPayload, TeamEvent } from '../../src-main/services/teamlog/events';
import { withPending } from '../../src-main/services/teamlog/pending-view';
import { EVENT_ID_WINDOW, foldEvent } from '../../src-main/services/teamlog/reducer';
import { emptyTeamState, type TeamState } from '../../src-main/services/teamlog/state';
import { eventsArb } from '../support/team-arbitraries';
import { foldAll, mail, teamEvent, teamSetup } from '../support/team-events';
import { copyState, stateText } from '../support/team-fixtures';

/** What folding the pending events on a full copy gives, with lastUid left at the confirmed one (as the view reports it). */
function foldedOnCopy(confirmed: TeamState, pending: TeamEvent[]): TeamState {
  const copy = foldAll(pending, copyState(confirmed));
  copy.lastUid = confirmed.lastUid;
  return copy;
}

describe('withPending', () => {
  function confirmedState(): TeamState {
    return foldAll([
      ...teamSetup(),
      teamEvent('ana', 1_000, { type: 'mail.imported', items: [mail('m1', { queue: 'Support' }), mail('m2', { queue: 'Support' }), mail('m3')] }),
      teamEvent('ben', 2_000, { type: 'ticket.take', ticket: 'm2' }),
    ]);
  }

  it('shows pending actions on top of the confirmed state and leaves the confirmed state alone', () => {
    const confirmed = confirmedState();
    const before = stateText(confirmed);
    const note = teamEvent('ana', 3_000, { type: 'ticket.note', ticket: 'm1', text: 'offline note' });
    const pending = [
      teamEvent('ana', 3_000, { type: 'ticket.take', ticket: 'm1' }),
      note,
      teamEvent('ana', 3_100, { type: 'ticket.take', ticket: 'm2' }),
      teamEvent('ana', 3_200, { type: 'mail.imported', items: [mail('m4'), mail('m5', { ticket: 'm3' })] }),
      teamEvent('ana', 3_300, { type: 'presence', ticket: 'm3', mode: 'replying' }),
      teamEvent('ana', 3_400, { type: 'agent.status', status: 'paused' }),
      teamEvent('ana', 3_500, { type: 'canned.set', answer: { id: 'a1', scope: 'general', title: 'Refund time', bodyHtml: '<p>Five days.</p>' } }),
    ];
    const view = withPending(confirmed, pending);
    expect(stateText(confirmed)).toBe(before);
    expect(stateText(view.state)).toBe(stateText(foldedOnCopy(confirmed, pending)));
    expect(view.state.tickets.get('m1')).toMatchObject({ assignee: 'ana', notes: [{ id: note.id, text: 'offline note' }] });
    expect(view.state.tickets.get('m4')?.number).toBe(4);
    expect(view.state.tickets.ticketOfMessage('m5')).toBe('m3');
    expect(confirmed.tickets.ticketOfMessage('m5')).toBeUndefined();
    expect(view.state.agents.ana?.status).toBe('paused');
    expect(confirmed.agents.ana?.status).toBe('online');
    expect(view.state.canned.a1?.answer.title).toBe('Refund time');
    expect(confirmed.canned).toEqual({});
    // What would lose is known before it is appended.
    expect(view.state.rejections.at(-1)).toMatchObject({ agent: 'ana', ticket: 'm2', message: 'Ben took this ticket 1 s before you.' });
    expect(confirmed.rejections).toEqual([]);
    // m2 was only read (and lost), not changed.
    expect([...view.pendingTickets].sort()).toEqual(['m1', 'm3', 'm4']);
    expect(view.state.lastUid).toBe(confirmed.lastUid);
  });

  it('reads placements and numbers through to the confirmed table and keeps its own apart', () => {
    const confirmed = confirmedState();
    const placing = withPending(confirmed, [teamEvent('ana', 3_200, { type: 'mail.imported', items: [mail('m6', { ticket: 'm1' }), mail('m7')] })]);
    expect(placing.state.tickets.ticketOfMessage('m6')).toBe('m1');
    expect(placing.state.tickets.ticketOfMessage('m2')).toBe('m2');
    expect(confirmed.tickets.ticketOfMessage('m6')).toBeUndefined();
    expect(placing.state.tickets.keyOfNumber(4)).toBe('m7');
    expect(placing.state.tickets.keyOfNumber(1)).toBe('m1');
    expect(confirmed.tickets.keyOfNumber(4)).toBeUndefined();
    expect(placing.state.tickets.size).toBe(confirmed.tickets.size + 1);
    expect([...placing.state.tickets.placements()].map(([message]) => message)).toEqual(['m1', 'm2', 'm3', 'm6', 'm7']);
    expect([...placing.state.tickets.values()].map((t) => t.key)).toEqual(['m1', 'm2', 'm3', 'm7']);
  });

  it('tells whoever watches it the keys of the tickets got and put, like the confirmed table, and clones none once folded', () => {
    const confirmed = confirmedState();
    const view = withPending(confirmed, [teamEvent('ana', 3_000, { type: 'ticket.take', ticket: 'm1' })]);
    const reached: string[] = [];
    view.state.tickets.reached = (key) => reached.push(key);
    view.state.tickets.get('m1');
    view.state.tickets.get('m3');
    view.state.tickets.get('nothing');
    const opened = view.state.tickets.get('m2')!;
    view.state.tickets.put({ ...opened, key: 'm9', number: 9 });
    expect(reached).toEqual(['m1', 'm3', 'm2', 'm9']);
    // Read after the fold: the confirmed ticket itself, not a copy.
    expect(view.state.tickets.get('m3')).toBe(confirmed.tickets.get('m3'));
  });

  it('does not apply twice a pending event the log already holds', () => {
    const confirmed = confirmedState();
    const note = teamEvent('ana', 3_000, { type: 'ticket.note', ticket: 'm1', text: 'sent just now' });
    foldAll([note], confirmed);
    const view = withPending(confirmed, [note]);
    expect(view.state.tickets.get('m1')?.notes).toHaveLength(1);
    expect(view.pendingTickets.size).toBe(0);
  });

  it('forgets old event ids in the view only', () => {
    const confirmed = emptyTeamState();
    const old = teamEvent('ana', 1, { type: 'agent.status', status: 'online' });
    const recent = teamEvent('ana', 2, { type: 'agent.status', status: 'paused' });
    foldEvent(confirmed, { uid: 5_000, event: old });
    foldEvent(confirmed, { uid: 2 * EVENT_ID_WINDOW - 1, event: recent });
    const pending = teamEvent('ana', 3, { type: 'agent.status', status: 'online' });
    // Its UID (lastUid + 1) starts the next window: the view shifts the ids.
    const view = withPending(confirmed, [pending]);
    expect(Object.keys(view.state.previousEventIds)).toEqual([recent.id]);
    expect(Object.keys(view.state.recentEventIds)).toEqual([pending.id]);
    expect(confirmed.previousEventIds).toEqual({ [old.id]: 5_000 });
    expect(Object.keys(confirmed.recentEventIds)).toEqual([recent.id]);
  });

  it('equals folding the pending events on a full copy, for random confirmed and pending events', { timeout: 120_000 }, () => {
    fc.assert(
      fc.property(eventsArb, fc.nat(), (events, cut) => {
        const at = events.length - (cut % Math.min(events.length, 12));
        const confirmed = foldAll(events.slice(0, at));
        const before = stateText(confirmed);
        const view = withPending(confirmed, events.slice(at));
        expect(stateText(confirmed)).toBe(before);
        expect(stateText(view.state)).toBe(stateText(foldedOnCopy(confirmed, events.slice(at))));
      }),
      { numRuns: 200 },
    );
  });

  it('grown by events appended one at a time, equals the view built at once, pending tickets included', { timeout: 120_000 }, () => {
    fc.assert(
      fc.property(eventsArb, fc.nat(), fc.nat(), (events, cut, split) => {
        const at = events.length - (cut % Math.min(events.length, 12));
        const confirmed = foldAll(events.slice(0, at));
        const before = stateText(confirmed);
        const pending = events.slice(at);
        const first = 1 + (split % pending.length);
        const grown = withPending(confirmed, pending.slice(0, first));
        for (let i = first; i < pending.length; i++) {
          // Read between appends as the app does (sealed: no clone, no change).
          for (const t of grown.state.tickets.values()) void grown.state.tickets.get(t.key)?.number;
          grown.add?.([pending[i]!]);
        }
        const once = withPending(confirmed, pending);
        expect(stateText(confirmed)).toBe(before);
        expect(grown.events).toEqual(pending);
        expect(stateText(grown.state)).toBe(stateText(once.state));
        expect([...grown.pendingTickets].sort()).toEqual([...once.pendingTickets].sort());
      }),
      { numRuns: 200 },
    );
  });

  it('keeps a pending import\'s auto-reply decision (by this client) out of the confirmed state', () => {
    const confirmed = foldAll([...teamSetup(), teamEvent('ana', 500, { type: 'autoReply.set', settings: { enabled: true, bodyHtml: '<p>Thanks</p>' } })]);
    const before = stateText(confirmed);
    const pending = [teamEvent('ben', 1_000, { type: 'mail.imported', items: [mail('m1', { autoReply: true })] })];
    const view = withPending(confirmed, pending);
    expect(stateText(confirmed)).toBe(before);
    expect(view.state.autoReplyDue['m1']).toMatchObject({ by: 'ben', ticket: 'm1' });
    expect(stateText(view.state)).toBe(stateText(foldedOnCopy(confirmed, pending)));
  });

  it('stays quick over 100,000 tickets (prints the time)', { timeout: 120_000 }, () => {
    const confirmed = emptyTeamState();
    const imports: TeamEvent[] = [];
    for (let i = 0; i < 100_000; i++) {
      const key = `<m${i}@example.com>`;
      const payload: EventPayload = { type: 'mail.imported', items: [{ message: key, ticket: key, reason: { kind: 'new' }, subject: 'Order', customer: null, date: i, direction: 'in', closed: false, route: null, autoReply: false, firstSync: false }] };
      imports.push({ v: 1, id: `import-${i}`, agent: 'ana', at: i, ...payload });
    }
    foldAll(imports, confirmed);
    const pending = [
      teamEvent('ana', 1, { type: 'ticket.take', ticket: '<m5@example.com>' }),
      teamEvent('ana', 2, { type: 'ticket.note', ticket: '<m5@example.com>', text: 'pending' }),
      teamEvent('ana', 3, { type: 'ticket.merge', from: '<m6@example.com>', into: '<m5@example.com>' }),
      teamEvent('ana', 4, { type: 'mail.imported', items: [mail('<new@example.com>')] }),
    ];
    const times: string[] = [];
    let view = withPending(confirmed, []);
    for (let run = 0; run < 3; run++) {
      const started = performance.now();
      view = withPending(confirmed, pending);
      times.push(`${(performance.now() - started).toFixed(1)} ms`);
    }
    console.log(`pending view over ${confirmed.tickets.size} tickets with ${pending.length} pending events: ${times.join(', ')} (first run includes warm-up)`);
    expect([...view.pendingTickets].sort()).toEqual(['<m5@example.com>', '<m6@example.com>', '<new@example.com>']);
    expect(view.state.tickets.get('<new@example.com>')?.number).toBe(100_001);
    expect(confirmed.tickets.get('<m5@example.com>')).toMatchObject({ assignee: null, notes: [], messages: [{ key: '<m5@example.com>' }] });
    expect(confirmed.tickets.get('<m6@example.com>')?.mergedInto).toBeNull();
    expect(confirmed.nextNumber).toBe(100_001);
  });
});
