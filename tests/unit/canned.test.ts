/**
 * Canned answers over hand-built team logs: the blend of every log's copies (newest wins,
 * pending until every log confirmed it), what a ticket of an account is offered, the text
 * filter, shortcut uniqueness and moving an answer between scopes.
 */
import { describe, expect, it } from 'vitest';
import { shortcutClash } from '../../src-preload/canned-shortcuts';
import type { CannedAnswerInput } from '../../src-preload/contract/canned';
import { CannedService } from '../../src-main/services/canned/canned-service';
import type { AppError } from '../../src-main/services/errors/app-error';
import { MemoryLog } from '../support/memory-log';

function setup() {
  const clock = { now: 1_000 };
  const support = new MemoryLog('support', 'ana', clock);
  const sales = new MemoryLog('sales', 'ana', clock);
  let changes = 0;
  const service = new CannedService({
    logs: () => [support, sales],
    accounts: () => [
      { id: 'support', name: 'Support' },
      { id: 'sales', name: 'Sales' },
    ],
    changed: () => {
      changes += 1;
    },
  });
  const logChanged = () => ['support', 'sales'].forEach((id) => service.logChanged(id));
  return { support, sales, service, changes: () => changes, logChanged };
}

const refund: CannedAnswerInput = { id: 'refund', scope: 'general', title: 'Refund: how long', shortcut: 'refund', bodyHtml: '<p>Dear {{customer.name}}, refunds take <b>five</b> days &amp; no more.</p>' };
const pricing: CannedAnswerInput = { id: 'pricing', scope: 'account', accountId: 'sales', title: 'Price list', shortcut: 'prices', bodyHtml: '<p>Our prices are attached.</p>' };

function refusal(run: () => unknown): AppError['info'] {
  try {
    run();
  } catch (err) {
    return (err as AppError).info;
  }
  throw new Error('expected a refusal');
}

describe('canned answers', () => {
  it('puts a general answer in every log, pending until every log confirmed it', () => {
    const { support, sales, service } = setup();
    const saved = service.save({ ...refund, accountId: 'sales' });
    expect(saved).toMatchObject({ id: 'refund', scope: 'general', accountId: '', accountName: '', pending: true, updatedBy: 'Ana' });
    expect(support.state().canned.refund?.answer.title).toBe('Refund: how long');
    expect(sales.state().canned.refund?.answer.title).toBe('Refund: how long');
    support.confirm();
    expect(service.list({ accountId: 'support', text: '', all: false })[0]?.pending).toBe(true);
    sales.confirm();
    expect(service.list({ accountId: 'support', text: '', all: false })[0]?.pending).toBe(false);
  });

  it('offers a per-account answer only on that account’s tickets, and every answer to the settings list', () => {
    const { support, sales, service } = setup();
    service.save(refund);
    service.save(pricing);
    expect(support.state().canned.pricing).toBeUndefined();
    const titles = (accountId: string, all = false) => service.list({ accountId, text: '', all }).map((a) => a.title);
    expect(titles('support')).toEqual(['Refund: how long']);
    expect(titles('sales')).toEqual(['Price list', 'Refund: how long']);
    expect(titles('')).toEqual(['Refund: how long']);
    expect(titles('', true)).toEqual(['Price list', 'Refund: how long']);
    expect(service.list({ accountId: 'sales', text: 'prices', all: false })[0]).toMatchObject({ accountName: 'Sales', scope: 'account' });
    sales.confirm();
  });

  it('blends logs that disagree: the copy changed last wins, whichever log holds it', () => {
    const { support, sales, service } = setup();
    support.fold('ben', 5_000, { type: 'canned.set', answer: { ...refund, title: 'Refunds (new)' } });
    sales.fold('ana', 4_000, { type: 'canned.set', answer: refund });
    expect(service.list({ accountId: 'sales', text: '', all: false })).toEqual([
      expect.objectContaining({ title: 'Refunds (new)', updatedAt: 5_000, updatedBy: 'Ben', pending: false }),
    ]);
  });

  it('offers a per-account answer on the account whose log holds it: account ids are each computer’s own', () => {
    const { sales, service } = setup();
    sales.fold('ben', 6_000, { type: 'canned.set', answer: { ...pricing, accountId: 'id-on-bens-computer' } });
    expect(service.list({ accountId: 'sales', text: '', all: false })).toEqual([expect.objectContaining({ id: 'pricing', accountId: 'sales', accountName: 'Sales' })]);
    expect(service.list({ accountId: 'support', text: '', all: false })).toEqual([]);
  });

  it('filters by every word over title, shortcut and the body’s text (not its tags)', () => {
    const { service } = setup();
    service.save(refund);
    service.save(pricing);
    const found = (text: string) => service.list({ accountId: 'sales', text, all: false }).map((a) => a.id);
    expect(found('FIVE days')).toEqual(['refund']);
    expect(found('/prices')).toEqual(['pricing']);
    expect(found('& no more')).toEqual(['refund']);
    expect(found('refund attached')).toEqual([]);
    expect(found('<b>')).toEqual([]);
  });

  it('refuses a shortcut another answer of the same ticket would offer, and allows it on another account', () => {
    const { service } = setup();
    service.save(refund);
    service.save(pricing);
    expect(refusal(() => service.save({ ...pricing, id: 'p2', accountId: 'support', shortcut: 'refund' }))).toMatchObject({
      code: 'canned/invalid',
      cause: 'The shortcut /refund is already used by “Refund: how long” (a general answer), and a reply would offer both.',
    });
    expect(refusal(() => service.save({ ...refund, id: 'r2', shortcut: 'prices' })).cause).toContain('(an answer of Sales)');
    // Two accounts' answers never meet on one ticket.
    expect(service.save({ ...pricing, id: 'p3', accountId: 'support' }).shortcut).toBe('prices');
    // Saving an answer again keeps its own shortcut.
    expect(service.save({ ...refund, title: 'Refund time' }).title).toBe('Refund time');
    expect(shortcutClash([], { ...refund, accountId: '', shortcut: '' })).toBeNull();
  });

  it('moves an answer between scopes: a general answer made per-account leaves the other logs', () => {
    const { support, sales, service } = setup();
    service.save(refund);
    support.confirm();
    sales.confirm();
    service.save({ ...refund, scope: 'account', accountId: 'sales' });
    expect(support.state().canned.refund).toBeUndefined();
    expect(service.list({ accountId: 'support', text: '', all: false })).toEqual([]);
    expect(service.list({ accountId: 'sales', text: '', all: false })[0]).toMatchObject({ id: 'refund', scope: 'account', accountName: 'Sales' });
  });

  it('deletes from every log that holds the answer, and says so when it is gone already', () => {
    const { support, sales, service } = setup();
    service.save(refund);
    expect(service.delete('refund')).toEqual({ deleted: true });
    expect(support.state().canned.refund).toBeUndefined();
    expect(sales.state().canned.refund).toBeUndefined();
    expect(service.list({ accountId: '', text: '', all: true })).toEqual([]);
    expect(refusal(() => service.delete('refund')).code).toBe('canned/not-found');
    expect(refusal(() => service.save({ ...pricing, accountId: 'gone' })).code).toBe('canned/invalid');
  });

  it('tells the windows when a log’s answers change (saved, confirmed, deleted), not on other changes', () => {
    const { support, sales, service, changes, logChanged } = setup();
    logChanged();
    expect(changes()).toBe(0);
    service.save(refund);
    logChanged();
    expect(changes()).toBe(2);
    support.confirm();
    logChanged();
    expect(changes()).toBe(3);
    support.fold('ben', 9_000, { type: 'agent.status', status: 'online' });
    logChanged();
    expect(changes()).toBe(3);
    sales.confirm();
    service.delete('refund');
    logChanged();
    expect(changes()).toBe(5);
  });
});
