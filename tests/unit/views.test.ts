/**
 * Saved views over hand-built team logs and an in-memory settings store: team views in
 * every log (newest copy wins, pending until confirmed), personal ones in the settings,
 * unique names, moving a view between team and personal, the account filter carried as the
 * mailbox address, and when the windows are told.
 */
import { describe, expect, it } from 'vitest';
import { TicketFilterSchema } from '../../src-preload/contract/tickets';
import type { SavedViewInput } from '../../src-preload/contract/views';
import { PERSONAL_VIEWS_KEY, ViewService } from '../../src-main/services/views/view-service';
import { MemoryLog } from '../support/memory-log';
import { refusal } from '../support/team-fixtures';

function setup() {
  const clock = { now: 1_000 };
  const support = new MemoryLog('support', 'ana', clock);
  const sales = new MemoryLog('sales', 'ana', clock);
  const stored = new Map<string, unknown>();
  let changes = 0;
  const service = new ViewService({
    logs: () => [support, sales],
    accounts: () => [
      { id: 'support', email: 'Support@example.test' },
      { id: 'sales', email: 'sales@example.test' },
    ],
    settings: { get: <T>(key: string, fallback: T) => (stored.has(key) ? (stored.get(key) as T) : fallback), set: (key, value) => void stored.set(key, value) },
    myName: () => 'Ana',
    now: () => 7_000,
    changed: () => {
      changes += 1;
    },
  });
  const logChanged = () => ['support', 'sales'].forEach((id) => service.logChanged(id));
  return { support, sales, service, stored, changes: () => changes, logChanged };
}

const refunds: SavedViewInput = { id: 'v-refunds', name: 'Refunds this week', sharing: 'team', filter: TicketFilterSchema.parse({ text: 'refund', date: { preset: '7d' } }), sort: 'created' };
const mine: SavedViewInput = { id: 'v-mine', name: 'My unread', sharing: 'personal', filter: TicketFilterSchema.parse({ scope: 'mine', read: 'unread' }) };

describe('saved views', () => {
  it('puts a team view in every log, pending until each confirmed it, and keeps a personal one in the settings', () => {
    const { support, sales, service, stored, changes, logChanged } = setup();
    expect(service.save(refunds)).toMatchObject({ id: 'v-refunds', sharing: 'team', pending: true, updatedBy: 'Ana' });
    expect(support.state().views['v-refunds']?.view.name).toBe('Refunds this week');
    expect(sales.state().views['v-refunds']?.view.name).toBe('Refunds this week');
    expect(sales.confirmed().views['v-refunds']).toBeUndefined();
    logChanged();
    // Told once per log whose views changed.
    expect(changes()).toBe(2);
    logChanged();
    expect(changes()).toBe(2);
    support.confirm();
    expect(service.list()[0]?.pending).toBe(true);
    sales.confirm();
    expect(service.list()[0]?.pending).toBe(false);

    service.save(mine);
    expect(support.state().views['v-mine']).toBeUndefined();
    expect(stored.get(PERSONAL_VIEWS_KEY)).toEqual([{ view: expect.objectContaining({ id: 'v-mine', name: 'My unread' }), updatedAt: 7_000 }]);
    expect(service.list().map((v) => [v.name, v.sharing, v.updatedBy])).toEqual([
      ['My unread', 'personal', 'Ana'],
      ['Refunds this week', 'team', 'Ana'],
    ]);
  });

  it('blends logs that disagree: the copy changed last wins', () => {
    const { support, sales, service } = setup();
    support.fold('ben', 5_000, { type: 'view.set', view: { ...refunds, name: 'Refunds (Ben)' } });
    sales.fold('ana', 4_000, { type: 'view.set', view: refunds });
    expect(service.list()).toEqual([expect.objectContaining({ name: 'Refunds (Ben)', updatedAt: 5_000, updatedBy: 'Ben', pending: false })]);
  });

  it('refuses a name another view has (any case), and lets a view keep its own', () => {
    const { service } = setup();
    service.save(refunds);
    service.save(mine);
    expect(refusal(() => service.save({ ...mine, id: 'v-other', name: '  refunds THIS week ' }))).toMatchObject({
      code: 'views/invalid',
      cause: 'There is already a team view named "Refunds this week".',
      fix: 'Choose another name, or open that view and save over it.',
    });
    expect(service.save({ ...refunds, sort: 'number' }).sort).toBe('number');
    expect(() => service.save({ ...mine, name: '   ' })).toThrow('Name the view');
  });

  it('moves a view between team and personal, and deletes either kind', () => {
    const { support, sales, service, stored } = setup();
    service.save(mine);
    service.save({ ...mine, sharing: 'team' });
    expect(stored.get(PERSONAL_VIEWS_KEY)).toEqual([]);
    expect(sales.state().views['v-mine']).toBeDefined();
    service.save({ ...mine, sharing: 'personal' });
    expect(support.state().views['v-mine']).toBeUndefined();
    expect(service.list().map((v) => [v.id, v.sharing])).toEqual([['v-mine', 'personal']]);
    service.save(refunds);
    expect(service.delete('v-refunds')).toEqual({ deleted: true });
    expect(service.delete('v-mine')).toEqual({ deleted: true });
    expect(service.list()).toEqual([]);
    expect(refusal(() => service.delete('v-mine')).code).toBe('views/not-found');
  });

  it('carries a team view’s account filter as the mailbox address, read back as this computer’s account', () => {
    const { support, sales, service } = setup();
    service.save({ ...refunds, filter: TicketFilterSchema.parse({ accountId: 'support' }) });
    support.confirm();
    sales.confirm();
    expect(support.state().views['v-refunds']?.view.filter.accountId).toBe('support@example.test');
    expect(service.list()[0]?.filter.accountId).toBe('support');
    // A mailbox this computer does not have: kept as the address, which lists nothing here.
    support.fold('ben', 9_000, { type: 'view.set', view: { ...refunds, filter: TicketFilterSchema.parse({ accountId: 'hr@example.test' }) } });
    expect(service.list()[0]?.filter.accountId).toBe('hr@example.test');
  });

  it('leaves out personal views the settings hold in a shape it cannot read', () => {
    const { service, stored } = setup();
    stored.set(PERSONAL_VIEWS_KEY, [{ view: { id: 'x' }, updatedAt: 1 }, 'junk', { view: { ...mine, filter: TicketFilterSchema.parse({}) }, updatedAt: 2 }]);
    expect(service.list().map((v) => v.id)).toEqual(['v-mine']);
  });
});
