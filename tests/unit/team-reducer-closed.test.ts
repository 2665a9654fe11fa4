/** The reducer's record of when a ticket was closed and by whom (the reports' resolution time). */
import { describe, expect, it } from 'vitest';
import { parseStateJson, stateJson } from '../../src-main/services/teamlog/snapshot';
import { foldAll, mail, teamEvent, teamSetup } from '../support/team-events';

describe('ticket.closed', () => {
  it('is set by closing, kept when closed again for a disposition, and cleared by setting it open or pending', () => {
    const state = foldAll([
      ...teamSetup(),
      teamEvent('ana', 100, { type: 'mail.imported', items: [mail('m1', { queue: 'Support' })] }),
      teamEvent('ana', 500, { type: 'ticket.status', ticket: 'm1', status: 'closed' }),
    ]);
    expect(state.tickets.get('m1')?.closed).toEqual({ at: 500, agent: 'ana' });
    foldAll([teamEvent('ben', 600, { type: 'ticket.status', ticket: 'm1', status: 'closed', disposition: 'Solved' })], state);
    expect(state.tickets.get('m1')?.closed).toEqual({ at: 500, agent: 'ana' });
    foldAll([teamEvent('ben', 700, { type: 'ticket.status', ticket: 'm1', status: 'pending' })], state);
    expect(state.tickets.get('m1')?.closed).toBeNull();
    foldAll([teamEvent('ben', 800, { type: 'ticket.status', ticket: 'm1', status: 'closed' })], state);
    expect(state.tickets.get('m1')?.closed).toEqual({ at: 800, agent: 'ben' });
    foldAll([teamEvent('cho', 900, { type: 'ticket.status', ticket: 'm1', status: 'open' })], state);
    expect(state.tickets.get('m1')?.closed).toBeNull();
  });

  it('is cleared when a customer reply reopens the ticket, and stays when the reply is filed closed or reopening is off', () => {
    const state = foldAll([
      ...teamSetup(),
      teamEvent('ana', 100, { type: 'mail.imported', items: [mail('m1', { queue: 'Support' })] }),
      teamEvent('ana', 200, { type: 'ticket.status', ticket: 'm1', status: 'closed' }),
      teamEvent('ana', 300, { type: 'mail.imported', items: [mail('m2', { ticket: 'm1', reason: { kind: 'reply', to: 'm1' }, closed: true })] }),
    ]);
    expect(state.tickets.get('m1')).toMatchObject({ status: 'closed', closed: { at: 200, agent: 'ana' } });
    foldAll([teamEvent('ana', 400, { type: 'mail.imported', items: [mail('m3', { ticket: 'm1', reason: { kind: 'reply', to: 'm1' } })] })], state);
    expect(state.tickets.get('m1')).toMatchObject({ status: 'open', closed: null });

    const noReopen = foldAll([
      teamEvent('ana', 0, { type: 'settings.set', settings: { reopenOnReply: false } }),
      teamEvent('ana', 100, { type: 'mail.imported', items: [mail('m1')] }),
      teamEvent('ana', 200, { type: 'ticket.status', ticket: 'm1', status: 'closed' }),
      teamEvent('ana', 300, { type: 'mail.imported', items: [mail('m2', { ticket: 'm1', reason: { kind: 'reply', to: 'm1' } })] }),
    ]);
    expect(noReopen.tickets.get('m1')).toMatchObject({ status: 'closed', closed: { at: 200, agent: 'ana' } });
  });

  it('names no agent for a ticket the import filed closed, dated as its mail', () => {
    const state = foldAll([teamEvent('ana', 100, { type: 'mail.imported', items: [mail('m1', { closed: true, date: 42 })] })]);
    expect(state.tickets.get('m1')).toMatchObject({ status: 'closed', closed: { at: 42, agent: null } });
  });

  it('leaves it unset when a close is refused for a missing disposition', () => {
    const state = foldAll([
      teamEvent('ana', 0, { type: 'settings.set', settings: { mandatoryDisposition: true, dispositions: ['Solved'] } }),
      teamEvent('ana', 100, { type: 'mail.imported', items: [mail('m1')] }),
      teamEvent('ana', 200, { type: 'ticket.status', ticket: 'm1', status: 'closed' }),
    ]);
    expect(state.tickets.get('m1')).toMatchObject({ status: 'open', closed: null });
  });

  it('survives a snapshot round trip, and a saved state of the shape before it is refused (folded again instead)', () => {
    const state = foldAll([
      teamEvent('ana', 100, { type: 'mail.imported', items: [mail('m1')] }),
      teamEvent('ana', 200, { type: 'ticket.status', ticket: 'm1', status: 'closed' }),
    ]);
    expect(parseStateJson(stateJson(state))?.tickets.get('m1')?.closed).toEqual({ at: 200, agent: 'ana' });
    const older = JSON.parse(stateJson(state)) as { tickets: Record<string, Record<string, unknown>> };
    delete older.tickets['m1']?.closed;
    expect(parseStateJson(JSON.stringify(older))).toBeNull();
  });
});
