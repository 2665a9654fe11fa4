import { describe, expect, it } from 'vitest';
import { TeamSettingsSchema } from '../../src-preload/contract/team';
import { TeamAdmin } from '../../src-main/services/tickets/team-admin';
import { ANA, FakeLog, ME, refusal, stateWith } from '../support/team-fixtures';

function adminOver(log: FakeLog) {
  return new TeamAdmin({
    agentId: () => ME,
    accounts: () => [{ id: 'sup', key: 'SUP', name: 'Support', shared: true, standardQueue: 'Support' }],
    log: (id) => (id === 'sup' ? log : null),
  });
}

describe('TeamAdmin', () => {
  it('logs valid settings and refuses rules naming unknown queues or agents, saying which rule', () => {
    const log = new FakeLog(stateWith([]));
    const admin = adminOver(log);
    const rule = { id: 'r1', field: 'from' as const, value: 'shop.example', queue: 'Sales' };
    const valid = TeamSettingsSchema.parse({ routing: [rule], members: [ME, ANA] });
    admin.saveTeamSettings('sup', valid);
    expect(log.appended).toEqual([{ type: 'settings.set', settings: valid }]);

    const wrong = TeamSettingsSchema.parse({ routing: [rule, { ...rule, id: 'r2', queue: 'Nowhere', agent: 'agent-ghost' }] });
    const info = refusal(() => admin.saveTeamSettings('sup', wrong));
    expect(info).toMatchObject({ code: 'team/invalid-settings', cause: 'Rule 2: there is no queue "Nowhere". Create it under Queues first, or pick another.' });
    expect(info.fix).toBe('Fix the 2 marked fields, then save again.');
    expect(log.appended).toHaveLength(1);
  });

  it('does not delete the standard queue or a queue a rule uses', () => {
    const state = stateWith([]);
    state.queues.Support = { name: 'Support', members: [] };
    state.settings = TeamSettingsSchema.parse({ routing: [{ id: 'r1', field: 'subject', value: 'invoice', queue: 'Sales' }] });
    const log = new FakeLog(state);
    const admin = adminOver(log);
    expect(refusal(() => admin.deleteQueue('sup', 'Support')).cause).toBe('"Support" is the queue this account\'s mail arrives in.');
    expect(refusal(() => admin.deleteQueue('sup', 'Sales')).cause).toBe('Routing rule 1 sends tickets to "Sales".');
    expect(refusal(() => admin.saveQueue('sup', { name: 'Sales', members: ['agent-ghost'] })).cause).toBe('Queue "Sales" names an agent this account does not know.');
    expect(log.appended).toEqual([]);
    state.settings = TeamSettingsSchema.parse({});
    admin.deleteQueue('sup', 'Sales');
    expect(log.appended).toEqual([{ type: 'queue.delete', queue: 'Sales' }]);
  });
});
