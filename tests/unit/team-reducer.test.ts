import { describe, expect, it } from 'vitest';
import { TeamEventSchema } from '../../src-main/services/teamlog/events';
import { EVENT_ID_WINDOW, foldEvent } from '../../src-main/services/teamlog/reducer';
import { emptyTeamState, type TeamState, type TicketState } from '../../src-main/services/teamlog/state';
import { foldAll, mail, teamEvent, teamSetup } from '../support/team-events';

function ticket(state: TeamState, key: string): TicketState {
  const t = state.tickets.get(key);
  if (!t) throw new Error(`no ticket ${key}`);
  return t;
}

/** The team, then one mail routed to Support: offered to ana (first by id). */
function offeredToAna(): TeamState {
  return foldAll([...teamSetup(), teamEvent('ana', 1_000, { type: 'mail.imported', items: [mail('m1', { queue: 'Support' })] })]);
}

describe('mail.imported', () => {
  it('numbers new tickets in fold order and offers them round robin to online members in agent-id order', () => {
    const state = foldAll([
      ...teamSetup(),
      teamEvent('ben', 10, { type: 'mail.imported', items: [mail('m1', { queue: 'Support' }), mail('m2', { queue: 'Support' })] }),
      teamEvent('cho', 20, { type: 'agent.status', status: 'paused' }),
      teamEvent('ana', 30, { type: 'mail.imported', items: [mail('m3', { queue: 'Support' }), mail('m4', { queue: 'Support' })] }),
    ]);
    expect(['m1', 'm2', 'm3', 'm4'].map((k) => ticket(state, k).number)).toEqual([1, 2, 3, 4]);
    expect(state.tickets.keyOfNumber(3)).toBe('m3');
    expect(state.nextNumber).toBe(5);
    // cho paused before m3: after ben comes ana again.
    expect(['m1', 'm2', 'm3', 'm4'].map((k) => ticket(state, k).offer?.agent)).toEqual(['ana', 'ben', 'ana', 'ben']);
    expect(ticket(state, 'm1').offer).toMatchObject({ seq: 1, phase: 'agent', kind: 'routing', at: 10 });
    expect(ticket(state, 'm1').assignee).toBeNull();
    expect(ticket(state, 'm1').activity.at(-1)?.summary).toBe('new ticket from Carla Customer; offered to Ana');
  });

  it('gives the opening messages of all new tickets one shared, frozen reason (a reason is replaced, never changed in place)', () => {
    const state = foldAll([teamEvent('ana', 10, { type: 'mail.imported', items: [mail('m1'), mail('m2')] })]);
    const [first, second] = [ticket(state, 'm1').messages[0]!.reason, ticket(state, 'm2').messages[0]!.reason];
    expect(first).toEqual({ kind: 'new' });
    expect(second).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
  });

  it('leaves a new ticket unassigned in its queue when nobody of the queue is online, and offers it to a routed agent directly', () => {
    const state = foldAll([
      teamEvent('ana', 0, { type: 'queue.set', queue: 'Sales', members: ['ana'] }),
      teamEvent('ana', 10, { type: 'mail.imported', items: [mail('m1', { queue: 'Sales' }), mail('m2', { route: { rule: 'r1', queue: 'Sales', tag: 'vip', agent: 'ben' } })] }),
    ]);
    expect(ticket(state, 'm1')).toMatchObject({ queue: 'Sales', assignee: null, offer: null, status: 'open', unread: true });
    expect(ticket(state, 'm2')).toMatchObject({ tags: ['vip'], offer: { agent: 'ben', phase: 'agent' } });
  });

  it('assigns a ticket whose route says assign (a personal account) to that agent directly, open or filed closed', () => {
    const route = { rule: '', queue: 'Mine', tag: '', agent: 'ana', assign: true };
    const state = foldAll([
      ...teamSetup(),
      teamEvent('ana', 10, { type: 'mail.imported', items: [mail('m1', { route }), mail('m2', { route, closed: true })] }),
    ]);
    expect(ticket(state, 'm1')).toMatchObject({ assignee: 'ana', offer: null, offers: 0, queue: 'Mine', status: 'open', unread: true });
    expect(ticket(state, 'm1').activity.at(-1)?.summary).toBe('new ticket from Carla Customer; assigned to Ana');
    expect(ticket(state, 'm2')).toMatchObject({ assignee: 'ana', offer: null, status: 'closed' });
    // Nothing was offered, so round robin did not move.
    expect(state.lastOffered).toEqual({});
  });

  it('reads a route written before assign existed as an offer (version-1 events of earlier builds)', () => {
    const old = TeamEventSchema.parse({
      v: 1,
      id: 'old-import-1',
      agent: 'ana',
      at: 10,
      type: 'mail.imported',
      items: [{ message: 'm1', ticket: 'm1', reason: { kind: 'new' }, subject: 'Hi', customer: null, date: 1, direction: 'in', route: { rule: '', queue: 'Mine', tag: '', agent: 'ana' } }],
    });
    const state = foldAll([...teamSetup(), old]);
    expect(ticket(state, 'm1')).toMatchObject({ assignee: null, offer: { agent: 'ana', phase: 'agent', kind: 'routing' } });
  });

  it('places a message once: the earlier UID wins when two clients import the same mail', () => {
    const state = foldAll([
      teamEvent('ana', 10, { type: 'mail.imported', items: [mail('m1')] }),
      teamEvent('ben', 11, { type: 'mail.imported', items: [mail('m1', { ticket: 'other' }), mail('m2', { ticket: 'm1', reason: { kind: 'reply', to: 'm1' } })] }),
    ]);
    expect([...state.tickets.values()].map((t) => t.key)).toEqual(['m1']);
    expect(ticket(state, 'm1').messages.map((m) => [m.key, m.uid])).toEqual([['m1', 1], ['m2', 2]]);
    expect(Object.fromEntries(state.tickets.placements())).toEqual({ m1: 'm1', m2: 'm1' });
  });

  it('puts a reply in the ticket its parent is in when folded, even if the parent moved after the importer looked', () => {
    const state = foldAll([
      teamEvent('ana', 10, { type: 'mail.imported', items: [mail('m1'), mail('m9')] }),
      teamEvent('ana', 20, { type: 'message.move', message: 'm1', to: 'm9' }),
      teamEvent('ben', 15, { type: 'mail.imported', items: [mail('r1', { ticket: 'm1', reason: { kind: 'reply', to: 'm1' } }), mail('r2', { ticket: 'm1', reason: { kind: 'reply', to: 'unknown' } })] }),
    ]);
    expect(Object.fromEntries(state.tickets.placements())).toMatchObject({ r1: 'm9', r2: 'm1' });
  });

  it('files tickets closed when the account closes its mail automatically', () => {
    const state = foldAll([...teamSetup(), teamEvent('ana', 10, { type: 'mail.imported', items: [mail('m1', { queue: 'Support', closed: true })] })]);
    expect(ticket(state, 'm1')).toMatchObject({ status: 'closed', offer: null, unread: false });
  });

  it('reopens a closed ticket on a new customer message, or leaves it closed and unread when the account says so', () => {
    const close = (reopenOnReply: boolean) =>
      foldAll([
        teamEvent('ana', 0, { type: 'settings.set', settings: { reopenOnReply } }),
        teamEvent('ana', 10, { type: 'mail.imported', items: [mail('m1')] }),
        teamEvent('ana', 20, { type: 'ticket.take', ticket: 'm1' }),
        teamEvent('ana', 30, { type: 'ticket.read', ticket: 'm1' }),
        teamEvent('ana', 40, { type: 'ticket.status', ticket: 'm1', status: 'closed' }),
        teamEvent('ben', 50, { type: 'mail.imported', items: [mail('m2', { ticket: 'm1', reason: { kind: 'token', token: 'MR-1' } })] }),
      ]);
    expect(ticket(close(true), 'm1')).toMatchObject({ status: 'open', unread: true, assignee: 'ana' });
    expect(ticket(close(true), 'm1').activity.at(-1)?.summary).toBe('reopened by a new message from Carla Customer');
    expect(ticket(close(false), 'm1')).toMatchObject({ status: 'closed', unread: true, assignee: 'ana' });
  });
});

describe('take and release', () => {
  it('gives the ticket to the earlier UID and tells the later taker in plain words', () => {
    const state = offeredToAna();
    foldAll([teamEvent('cho', 5_000, { type: 'ticket.take', ticket: 'm1' }), teamEvent('ben', 8_200, { type: 'ticket.take', ticket: 'm1' })], state);
    expect(ticket(state, 'm1')).toMatchObject({ assignee: 'cho', offer: null });
    expect(state.rejections).toEqual([{ eventId: expect.any(String), uid: state.lastUid, agent: 'ben', ticket: 'm1', message: 'Cho took this ticket 3 s before you.' }]);
  });

  it('lets the offered agent lose the ticket to a take before accepting', () => {
    const state = offeredToAna();
    foldAll([teamEvent('ben', 2_000, { type: 'ticket.take', ticket: 'm1' }), teamEvent('ana', 2_500, { type: 'ticket.accept', ticket: 'm1', offer: 1 })], state);
    expect(ticket(state, 'm1').assignee).toBe('ben');
    expect(state.rejections.map((r) => [r.agent, r.message])).toEqual([['ana', 'Ben took this ticket just before you.']]);
  });

  it('releases only for the assignee', () => {
    const state = offeredToAna();
    foldAll([teamEvent('ben', 2_000, { type: 'ticket.take', ticket: 'm1' }), teamEvent('cho', 62_000, { type: 'ticket.release', ticket: 'm1' })], state);
    expect(ticket(state, 'm1').assignee).toBe('ben');
    expect(state.rejections.at(-1)?.message).toBe('Ben took this ticket 1 min before you.');
    foldAll([teamEvent('ben', 63_000, { type: 'ticket.release', ticket: 'm1' })], state);
    expect(ticket(state, 'm1').assignee).toBeNull();
  });

  it('rejects actions on a ticket the log does not know', () => {
    const state = foldAll([teamEvent('ana', 1, { type: 'ticket.take', ticket: 'nope' })]);
    expect(state.rejections[0]).toMatchObject({ ticket: 'nope', message: 'This ticket is not in the team log. Reload the queue and try again.' });
  });
});

describe('offers', () => {
  it('accepting the current offer assigns the ticket; an accept of a stale offer is rejected, a repeated one is not', () => {
    const state = offeredToAna();
    foldAll([teamEvent('ana', 2_000, { type: 'ticket.accept', ticket: 'm1', offer: 1 }), teamEvent('ana', 2_100, { type: 'ticket.accept', ticket: 'm1', offer: 1 })], state);
    expect(ticket(state, 'm1')).toMatchObject({ assignee: 'ana', offer: null });
    expect(state.rejections).toEqual([]);
    const late = offeredToAna();
    foldAll([teamEvent('ben', 12_000, { type: 'ticket.offerExpired', ticket: 'm1', offer: 1 }), teamEvent('ana', 12_500, { type: 'ticket.accept', ticket: 'm1', offer: 1 })], late);
    expect(ticket(late, 'm1').assignee).toBeNull();
    expect(late.rejections.map((r) => r.message)).toEqual(['The offer ran out before you accepted it; the ticket waits in queue Support. Take it if it is still free.']);
  });

  it('an expiry moves the offer to the queue phase once; the queue expiry offers it to the next online agent', () => {
    const state = offeredToAna();
    foldAll(
      [
        teamEvent('ben', 12_000, { type: 'ticket.offerExpired', ticket: 'm1', offer: 1 }),
        // A second client saw the same wait pass: a no-op, not a rejection.
        teamEvent('cho', 12_100, { type: 'ticket.offerExpired', ticket: 'm1', offer: 1 }),
      ],
      state,
    );
    expect(ticket(state, 'm1').offer).toMatchObject({ seq: 2, phase: 'queue', agent: 'ana', at: 12_000 });
    expect(ticket(state, 'm1').activity.at(-1)?.summary).toBe('Ana did not accept in time; waiting in queue Support');
    foldAll([teamEvent('cho', 72_000, { type: 'ticket.offerExpired', ticket: 'm1', offer: 2 })], state);
    expect(ticket(state, 'm1').offer).toMatchObject({ seq: 3, phase: 'agent', agent: 'ben', kind: 'routing' });
    expect(state.rejections).toEqual([]);
  });

  it('after the queue wait a ticket stays unassigned when the account says so', () => {
    const state = foldAll([
      ...teamSetup(),
      teamEvent('ana', 0, { type: 'settings.set', settings: { afterQueueWait: 'stay-unassigned' } }),
      teamEvent('ana', 1_000, { type: 'mail.imported', items: [mail('m1', { queue: 'Support' })] }),
      teamEvent('ana', 2_000, { type: 'ticket.decline', ticket: 'm1', offer: 1 }),
      teamEvent('ana', 70_000, { type: 'ticket.offerExpired', ticket: 'm1', offer: 2 }),
    ]);
    expect(ticket(state, 'm1')).toMatchObject({ offer: null, assignee: null, queue: 'Support' });
  });

  it('only the offered agent can decline, and only the current offer', () => {
    const state = offeredToAna();
    foldAll([teamEvent('ben', 2_000, { type: 'ticket.decline', ticket: 'm1', offer: 1 }), teamEvent('ana', 2_000, { type: 'ticket.decline', ticket: 'm1', offer: 7 })], state);
    expect(ticket(state, 'm1').offer).toMatchObject({ seq: 1, phase: 'agent', agent: 'ana' });
  });
});

describe('transfer', () => {
  function anaHasIt(): TeamState {
    const state = offeredToAna();
    return foldAll([teamEvent('ana', 2_000, { type: 'ticket.accept', ticket: 'm1', offer: 1 }), teamEvent('ana', 2_100, { type: 'ticket.read', ticket: 'm1' })], state);
  }

  it('to an agent: accepted, it is theirs', () => {
    const state = foldAll([teamEvent('ana', 3_000, { type: 'ticket.transfer', ticket: 'm1', to: { kind: 'agent', agent: 'cho' } }), teamEvent('cho', 4_000, { type: 'ticket.accept', ticket: 'm1', offer: 2 })], anaHasIt());
    expect(ticket(state, 'm1')).toMatchObject({ assignee: 'cho', offer: null, unread: false });
  });

  it('not accepted in time, it waits in the queue and then comes back to the transferring agent marked unread', () => {
    const state = foldAll([teamEvent('ana', 3_000, { type: 'ticket.transfer', ticket: 'm1', to: { kind: 'agent', agent: 'cho' } })], anaHasIt());
    expect(ticket(state, 'm1')).toMatchObject({ assignee: null, offer: { seq: 2, agent: 'cho', kind: 'transfer', returnTo: { assignee: 'ana', queue: 'Support' } } });
    foldAll([teamEvent('ben', 13_000, { type: 'ticket.offerExpired', ticket: 'm1', offer: 2 }), teamEvent('ben', 73_000, { type: 'ticket.offerExpired', ticket: 'm1', offer: 3 })], state);
    expect(ticket(state, 'm1')).toMatchObject({ assignee: 'ana', offer: null, unread: true, queue: 'Support' });
    expect(ticket(state, 'm1').activity.at(-1)?.summary).toBe('nobody accepted the transfer in time; back to Ana');
  });

  it('declined, it comes back at once', () => {
    const state = foldAll([teamEvent('ana', 3_000, { type: 'ticket.transfer', ticket: 'm1', to: { kind: 'agent', agent: 'cho' } }), teamEvent('cho', 3_500, { type: 'ticket.decline', ticket: 'm1', offer: 2 })], anaHasIt());
    expect(ticket(state, 'm1')).toMatchObject({ assignee: 'ana', offer: null, unread: true });
  });

  it('to a queue: the queue changes and the next online member of that queue gets the offer', () => {
    const state = foldAll(
      [
        teamEvent('ana', 2_500, { type: 'queue.set', queue: 'Billing', members: ['ben', 'cho'] }),
        teamEvent('ana', 3_000, { type: 'ticket.transfer', ticket: 'm1', to: { kind: 'queue', queue: 'Billing' } }),
      ],
      anaHasIt(),
    );
    expect(ticket(state, 'm1')).toMatchObject({ queue: 'Billing', assignee: null, offer: { agent: 'ben', phase: 'agent', returnTo: { assignee: 'ana', queue: 'Support' } } });
    expect(state.lastOffered.Billing).toBe('ben');
  });

  it('is refused when the account does not allow transfers, or when someone else holds the ticket', () => {
    const state = foldAll([teamEvent('ben', 3_000, { type: 'ticket.transfer', ticket: 'm1', to: { kind: 'agent', agent: 'ben' } })], anaHasIt());
    expect(state.rejections.at(-1)?.message).toBe('Ana accepted this ticket 1 s before you.');
    foldAll([teamEvent('ana', 4_000, { type: 'settings.set', settings: { allowTransfers: false } }), teamEvent('ana', 5_000, { type: 'ticket.transfer', ticket: 'm1', to: { kind: 'agent', agent: 'ben' } })], state);
    expect(state.rejections.at(-1)?.message).toBe('Transfers are turned off for this account. An admin can allow them in the team settings.');
    expect(ticket(state, 'm1')).toMatchObject({ assignee: 'ana', offer: null });
  });
});

describe('status and dispositions', () => {
  it('refuses to close without a disposition when one is mandatory, pauses the agent until one is set, and keeps the assignee on close', () => {
    const state = foldAll([
      ...teamSetup(),
      teamEvent('ana', 0, { type: 'settings.set', settings: { mandatoryDisposition: true, pauseUntilDisposition: true, dispositions: ['Solved'] } }),
      teamEvent('ana', 10, { type: 'mail.imported', items: [mail('m1')] }),
      teamEvent('ana', 20, { type: 'ticket.take', ticket: 'm1' }),
      teamEvent('ana', 30, { type: 'ticket.status', ticket: 'm1', status: 'closed' }),
    ]);
    expect(ticket(state, 'm1').status).toBe('open');
    expect(state.rejections.at(-1)?.message).toBe('Choose a disposition before closing #1: this account requires one.');
    expect(state.agents.ana).toMatchObject({ status: 'paused', pausedFor: 'm1' });
    foldAll([teamEvent('ana', 40, { type: 'agent.status', status: 'online' })], state);
    expect(state.agents.ana?.status).toBe('paused');
    expect(state.rejections.at(-1)?.message).toBe('Set a disposition on #1 first: you stay paused until it has one.');
    foldAll([teamEvent('ana', 50, { type: 'ticket.disposition', ticket: 'm1', disposition: 'Solved' }), teamEvent('ana', 60, { type: 'ticket.status', ticket: 'm1', status: 'closed' })], state);
    expect(state.agents.ana).toMatchObject({ status: 'online', pausedFor: null });
    expect(ticket(state, 'm1')).toMatchObject({ status: 'closed', disposition: 'Solved', assignee: 'ana' });
  });

  it('closes with the disposition given in the same event', () => {
    const state = foldAll([
      teamEvent('ana', 0, { type: 'settings.set', settings: { mandatoryDisposition: true } }),
      teamEvent('ana', 10, { type: 'mail.imported', items: [mail('m1')] }),
      teamEvent('ana', 30, { type: 'ticket.status', ticket: 'm1', status: 'closed', disposition: 'Spam' }),
    ]);
    expect(ticket(state, 'm1')).toMatchObject({ status: 'closed', disposition: 'Spam' });
    expect(ticket(state, 'm1').activity.at(-1)?.summary).toBe('closed it (Spam)');
    expect(state.rejections).toEqual([]);
  });
});

describe('tags, notes, presence', () => {
  it('adds and removes tags without duplicates, keeps notes in order, and keeps the latest presence per agent', () => {
    const state = foldAll([
      teamEvent('ana', 10, { type: 'mail.imported', items: [mail('m1')] }),
      teamEvent('ana', 20, { type: 'ticket.tags', ticket: 'm1', add: ['vip', 'billing', 'vip'] }),
      teamEvent('ben', 30, { type: 'ticket.tags', ticket: 'm1', add: ['vip', 'urgent'], remove: ['billing'] }),
      teamEvent('ben', 40, { type: 'ticket.note', ticket: 'm1', text: 'Called the customer.' }),
      teamEvent('ana', 50, { type: 'presence', ticket: 'm1', mode: 'viewing' }),
      teamEvent('ben', 60, { type: 'presence', ticket: 'm1', mode: 'viewing' }),
      teamEvent('ana', 70, { type: 'presence', ticket: 'm1', mode: 'replying' }),
      teamEvent('ben', 80, { type: 'presence', ticket: 'm1', mode: 'left' }),
    ]);
    expect(ticket(state, 'm1').tags).toEqual(['vip', 'urgent']);
    expect(ticket(state, 'm1').activity.map((a) => a.summary).slice(1, 3)).toEqual(['tagged it vip, billing', 'tagged it urgent; removed the tag billing']);
    expect(ticket(state, 'm1').notes.map((n) => [n.agent, n.text])).toEqual([['ben', 'Called the customer.']]);
    expect(state.presence.m1).toEqual([{ agent: 'ana', mode: 'replying', at: 70 }]);
  });
});

describe('merge, move, split', () => {
  function three(): TeamState {
    return foldAll([
      teamEvent('ana', 10, { type: 'mail.imported', items: [mail('m1'), mail('m2'), mail('m3', { ticket: 'm2' })] }),
      teamEvent('ana', 20, { type: 'ticket.note', ticket: 'm2', text: 'note on 2' }),
      teamEvent('ana', 30, { type: 'ticket.tags', ticket: 'm2', add: ['b'] }),
    ]);
  }

  it('merge moves messages, notes and tags; the merged ticket resolves to the other', () => {
    const state = foldAll([teamEvent('ana', 40, { type: 'ticket.merge', from: 'm2', into: 'm1' }), teamEvent('ben', 50, { type: 'ticket.note', ticket: 'm2', text: 'late note' })], three());
    expect(ticket(state, 'm1').messages.map((m) => m.key)).toEqual(['m1', 'm2', 'm3']);
    expect(ticket(state, 'm1').notes.map((n) => n.text)).toEqual(['note on 2', 'late note']);
    expect(ticket(state, 'm1').tags).toEqual(['b']);
    expect(ticket(state, 'm2')).toMatchObject({ mergedInto: 'm1', messages: [], notes: [] });
    expect(Object.fromEntries(state.tickets.placements())).toEqual({ m1: 'm1', m2: 'm1', m3: 'm1' });
    // A later import naming the merged ticket joins the surviving one.
    foldAll([teamEvent('ben', 60, { type: 'mail.imported', items: [mail('m4', { ticket: 'm2' })] })], state);
    expect(state.tickets.ticketOfMessage('m4')).toBe('m1');
  });

  it('move puts a message in another ticket; split opens a new ticket with the next number', () => {
    const state = foldAll([teamEvent('ana', 40, { type: 'message.move', message: 'm3', to: 'm1' })], three());
    expect(ticket(state, 'm1').messages.map((m) => [m.key, m.reason.kind])).toEqual([['m1', 'new'], ['m3', 'moved']]);
    expect(ticket(state, 'm2').messages.map((m) => m.key)).toEqual(['m2']);
    const split = teamEvent('ben', 50, { type: 'message.split', message: 'm3' });
    foldAll([split], state);
    const created = ticket(state, `split:${split.id}`);
    expect(created).toMatchObject({ number: 3, subject: 'Subject of m1', status: 'open', assignee: null });
    expect(created.messages.map((m) => [m.key, m.reason.kind])).toEqual([['m3', 'split']]);
    expect(state.tickets.ticketOfMessage('m3')).toBe(created.key);
    expect(state.tickets.keyOfNumber(3)).toBe(created.key);
  });

  it('never overwrites a ticket that an import opened under the split key first', () => {
    const split = teamEvent('ben', 50, { type: 'message.split', message: 'm1' });
    const state = foldAll([teamEvent('ana', 10, { type: 'mail.imported', items: [mail('m1'), mail('m2', { ticket: `split:${split.id}` })] }), split]);
    expect(ticket(state, `split:${split.id}`).messages.map((m) => m.key)).toEqual(['m2']);
    expect(state.tickets.ticketOfMessage('m1')).toBe('m1');
    expect(state.rejections.at(-1)?.agent).toBe('ben');
  });
});

describe('event ids', () => {
  it('folds a retried APPEND that landed twice once', () => {
    const note = teamEvent('ana', 20, { type: 'ticket.note', ticket: 'm1', text: 'once' });
    const state = foldAll([teamEvent('ana', 10, { type: 'mail.imported', items: [mail('m1')] }), note, note]);
    expect(ticket(state, 'm1').notes).toHaveLength(1);
    expect(state.lastUid).toBe(3);
  });

  it('forgets ids older than a window of UIDs, at the same UIDs on every client', () => {
    const state = emptyTeamState();
    const status = (uid: number) => {
      const event = teamEvent('ana', uid, { type: 'agent.status', status: 'online' });
      foldEvent(state, { uid, event });
      return event;
    };
    const first = status(1);
    const second = status(EVENT_ID_WINDOW);
    const late = status(2 * EVENT_ID_WINDOW - 1);
    expect(state.previousEventIds).toEqual({ [first.id]: 1 });
    expect(state.recentEventIds).toEqual({ [second.id]: EVENT_ID_WINDOW, [late.id]: 2 * EVENT_ID_WINDOW - 1 });
    const last = status(2 * EVENT_ID_WINDOW);
    expect(Object.keys(state.previousEventIds)).toEqual([second.id, late.id]);
    expect(Object.keys(state.recentEventIds)).toEqual([last.id]);
    // A copy of `second` still folds once; `first` is forgotten and would fold again.
    foldEvent(state, { uid: 2 * EVENT_ID_WINDOW + 1, event: second });
    expect(Object.keys(state.recentEventIds)).toEqual([last.id]);
    foldEvent(state, { uid: 2 * EVENT_ID_WINDOW + 2, event: first });
    expect(Object.keys(state.recentEventIds)).toEqual([last.id, first.id]);
    // A gap of more than a window in the UIDs forgets both windows.
    const after = status(5 * EVENT_ID_WINDOW);
    expect(state.previousEventIds).toEqual({});
    expect(Object.keys(state.recentEventIds)).toEqual([after.id]);
  });
});

describe('keys from events', () => {
  it('treats keys like __proto__ and constructor as plain keys', () => {
    const state = foldAll([
      teamEvent('constructor', 0, { type: 'agent.profile', profile: { name: 'Con' } }),
      teamEvent('toString', 10, { type: 'mail.imported', items: [mail('__proto__'), mail('constructor', { queue: 'hasOwnProperty' })] }),
      teamEvent('constructor', 20, { type: 'ticket.take', ticket: '__proto__' }),
      teamEvent('toString', 30, { type: 'ticket.take', ticket: 'valueOf' }),
      teamEvent('toString', 40, { type: 'ticket.take', ticket: '__proto__' }),
    ]);
    expect([...state.tickets.values()].map((t) => t.key)).toEqual(['__proto__', 'constructor']);
    expect(ticket(state, '__proto__').assignee).toBe('constructor');
    expect(state.rejections.map((r) => r.message)).toEqual(['This ticket is not in the team log. Reload the queue and try again.', 'Con took this ticket just before you.']);
  });
});
