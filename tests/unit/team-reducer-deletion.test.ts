import { describe, expect, it } from 'vitest';
import type { TeamState, TicketState } from '../../src-main/services/teamlog/state';
import { listContacts } from '../../src-main/services/tickets/contacts';
import { supervisorStats } from '../../src-main/services/tickets/supervisor';
import { ticketListRow } from '../../src-main/services/tickets/ticket-list-row';
import { foldAll, mail, teamEvent, teamSetup } from '../support/team-events';
import { tempStore } from '../support/store-account';

const store = tempStore('deletion');

function ticket(state: TeamState, key: string): TicketState {
  const t = state.tickets.get(key);
  if (!t) throw new Error(`no ticket ${key}`);
  return t;
}

const account = { id: 'a1', key: 'SUP', name: 'Support', shared: true, standardQueue: 'Support' };

/** Two tickets in Support, m1 offered to ana and then deleted by ben from Mailroom only. */
function deletedM1(): TeamState {
  return foldAll([
    ...teamSetup(),
    teamEvent('ana', 10, { type: 'mail.imported', items: [mail('m1', { queue: 'Support' }), mail('m2', { queue: 'Support' })] }),
    teamEvent('ben', 20, { type: 'ticket.delete', ticket: 'm1', fromServer: false }),
  ]);
}

describe('ticket.delete', () => {
  it('marks the ticket deleted by whom, clears its offer and keeps its messages placed', () => {
    const state = deletedM1();
    expect(ticket(state, 'm1')).toMatchObject({ deleted: { agent: 'ben', at: 20, fromServer: false }, offer: null });
    expect(ticket(state, 'm1').activity.at(-1)?.summary).toBe('deleted it from Mailroom');
    expect(state.tickets.ticketOfMessage('m1')).toBe('m1');
  });

  it('refuses later actions on it in plain words, and a second delete changes nothing', () => {
    const state = deletedM1();
    foldAll([teamEvent('ana', 23_000, { type: 'ticket.take', ticket: 'm1' }), teamEvent('cho', 24_000, { type: 'ticket.delete', ticket: 'm1', fromServer: true })], state);
    expect(ticket(state, 'm1')).toMatchObject({ assignee: null, deleted: { agent: 'ben', fromServer: false } });
    expect(state.rejections.map((r) => [r.agent, r.message])).toEqual([
      ['ana', 'Ben deleted ticket #1 22 s before you.'],
      ['cho', 'Ben deleted ticket #1 23 s before you.'],
    ]);
  });

  it('opens a new ticket in its queue for new mail that threads into it, and leaves a copy of its own mail where it was', () => {
    const state = deletedM1();
    foldAll(
      [
        teamEvent('cho', 30, {
          type: 'mail.imported',
          items: [mail('r1', { ticket: 'm1', reason: { kind: 'reply', to: 'm1' } }), mail('r2', { ticket: 'm1', reason: { kind: 'token', token: 'MR-1' } }), mail('m1', { ticket: 'm1' })],
        }),
      ],
      state,
    );
    expect(ticket(state, 'm1').messages.map((m) => m.key)).toEqual(['m1']);
    for (const key of ['r1', 'r2']) {
      expect(ticket(state, key)).toMatchObject({ queue: 'Support', deleted: null, status: 'open', unread: true });
      expect(ticket(state, key).messages).toMatchObject([{ key, reason: { kind: 'new' } }]);
      expect(ticket(state, key).activity.at(-1)?.summary).toBe('its conversation was in #1, which was deleted');
    }
    expect([ticket(state, 'r1').number, ticket(state, 'r2').number]).toEqual([3, 4]);
  });

  it('frees an agent paused for its disposition and drops its presence', () => {
    const state = foldAll([
      ...teamSetup(),
      teamEvent('ana', 0, { type: 'settings.set', settings: { mandatoryDisposition: true, pauseUntilDisposition: true, dispositions: ['Solved'] } }),
      teamEvent('ana', 10, { type: 'mail.imported', items: [mail('m1', { queue: 'Support' })] }),
      teamEvent('ana', 11, { type: 'presence', ticket: 'm1', mode: 'viewing' }),
      teamEvent('ana', 12, { type: 'ticket.status', ticket: 'm1', status: 'closed' }),
    ]);
    expect(state.agents.ana).toMatchObject({ status: 'paused', pausedFor: 'm1' });
    foldAll([teamEvent('ben', 20, { type: 'ticket.delete', ticket: 'm1', fromServer: true })], state);
    expect(state.agents.ana).toMatchObject({ status: 'online', pausedFor: null });
    expect(state.presence.m1).toBeUndefined();
  });

  it('is left out of the lists, the contacts and the supervisor counts', () => {
    const state = deletedM1();
    expect([...state.tickets.values()].filter((t) => ticketListRow(t) !== null).map((t) => t.key)).toEqual(['m2']);
    const query = () => ({ accountIds: ['a1'], overlays: [{ accountId: 'a1', whole: true, tickets: [...state.tickets.values()], placements: [] }] });
    expect(listContacts(store.team.tickets.customerTickets(query()), '', 10)).toMatchObject([{ ticketCount: 1 }]);
    expect(supervisorStats([{ account, state }], store.team.tickets.supervisorCounts(query())).queues).toMatchObject([{ queue: 'Support', open: 1 }]);
  });
});
