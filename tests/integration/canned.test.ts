/**
 * Canned answers between two Mailroom clients on a real Dovecot: Ana's app works the
 * support and the sales mailboxes (in-process services), Ben's works support only (a
 * separate process, tests/support/team-clients.ts). Answers travel through the accounts'
 * team logs: a general one reaches every account, a per-account one only its account.
 */
import { describe, expect, it } from 'vitest';
import { NewAccountSchema, type CannedAnswerView } from '../../src-preload/contract';
import type { Services } from '../../src-main/services';
import type { TestUser } from '../support/mail-servers';
import { createTestServices, testAccountInput, until, type TestServices } from '../support/services';
import { eventually, teamClientsPerFile } from '../support/team-clients';

const user = (name: string): TestUser => ({ username: `${name}@example.test`, password: `${name}-pass-1`, email: `${name}@example.test` });
const SUPPORT = user('support');
const SALES = user('sales');

const env = teamClientsPerFile([SUPPORT, SALES]);

const titles = (answers: CannedAnswerView[]) => answers.map((a) => a.title);

/** Ana's app: both mailboxes, her profile told to both logs. */
async function startAna(): Promise<{ s: Services; events: TestServices['events']; support: string; sales: string }> {
  const { s, events } = createTestServices();
  s.team.saveProfile({ name: 'Ana' });
  const support = await s.accounts.add(NewAccountSchema.parse(testAccountInput(env.servers, SUPPORT, { name: 'Support' })));
  const sales = await s.accounts.add(NewAccountSchema.parse(testAccountInput(env.servers, SALES, { name: 'Sales' })));
  s.team.syncAccounts();
  s.sync.startAll();
  return { s, events, support: support.id, sales: sales.id };
}

describe('canned answers shared through the team logs', () => {
  it('reach the other client: general ones on every account, per-account ones only on theirs', async () => {
    const ana = await startAna();
    try {
      const ben = await env.team.start(SUPPORT, 'Ben');
      const benSupport = (await ben.child.status()).accountId;

      ana.s.canned.save({ id: 'refund', scope: 'general', title: 'Refund time', shortcut: 'refund', bodyHtml: '<p>Dear {{customer.name}}, refunds take five days.</p>' });
      ana.s.canned.save({ id: 'prices', scope: 'account', accountId: ana.sales, title: 'Price list', shortcut: 'prices', bodyHtml: '<p>Our prices are attached.</p>' });
      // Saved here at once, pending until both logs hold them.
      expect(ana.s.canned.list({ accountId: ana.sales, text: '', all: false }).map((a) => [a.title, a.pending])).toEqual([
        ['Price list', true],
        ['Refund time', true],
      ]);
      await until('Ana’s answers to reach the logs', () => ana.s.canned.list({ accountId: '', text: '', all: true }).every((a) => !a.pending));

      // Ben works support only: the general answer reaches him, the sales one does not.
      const benSees = await eventually('Ben to see the general answer', async () => {
        const list = await ben.child.listCanned(true);
        return list.length > 0 && list;
      });
      expect(benSees).toEqual([expect.objectContaining({ id: 'refund', title: 'Refund time', scope: 'general', updatedBy: 'Ana', pending: false })]);

      // Ben adds an answer for support; it joins Ana's support tickets, with Ana's id for the account.
      await ben.child.saveCanned({ id: 'hours', scope: 'account', accountId: benSupport, title: 'Support hours', shortcut: 'hours', bodyHtml: '<p>We answer from 8 to 18.</p>' });
      await until('Ben’s answer at Ana', () => ana.s.canned.list({ accountId: ana.support, text: '', all: false }).some((a) => a.id === 'hours'));
      expect(titles(ana.s.canned.list({ accountId: ana.support, text: '', all: false }))).toEqual(['Refund time', 'Support hours']);
      expect(titles(ana.s.canned.list({ accountId: ana.sales, text: '', all: false }))).toEqual(['Price list', 'Refund time']);
      expect(ana.s.canned.list({ accountId: ana.support, text: 'hours', all: false })).toEqual([
        expect.objectContaining({ accountId: ana.support, accountName: 'Support', updatedBy: 'Ben' }),
      ]);

      // A shortcut the same tickets would offer twice is refused on Ben's side too.
      await expect(ben.child.saveCanned({ id: 'refund-2', scope: 'account', accountId: benSupport, title: 'Refunds again', shortcut: 'refund', bodyHtml: '<p>x</p>' })).rejects.toThrow(
        'The shortcut /refund is already used by “Refund time” (a general answer)',
      );

      // Ben's edit of the general answer wins at Ana on every account (the newest copy wins).
      await ben.child.saveCanned({ id: 'refund', scope: 'general', title: 'Refunds: five days', shortcut: 'refund', bodyHtml: '<p>Five days.</p>' });
      await until('Ben’s edit at Ana', () => ana.s.canned.list({ accountId: ana.sales, text: '', all: false }).some((a) => a.title === 'Refunds: five days'));
      expect(ana.s.canned.list({ accountId: ana.sales, text: 'refunds', all: false })).toEqual([expect.objectContaining({ id: 'refund', updatedBy: 'Ben' })]);

      // Ana deletes Ben's answer: her windows hear of it at once, and it leaves Ben's list.
      const told = () => ana.events.filter((e) => e.name === 'cannedChanged').length;
      const before = told();
      ana.s.canned.delete('hours');
      expect(told()).toBe(before + 1);
      await eventually('the deleted answer to leave Ben’s list', async () => !(await ben.child.listCanned(true)).some((a) => a.id === 'hours'));
      expect(titles(await ben.child.listCanned(false))).toEqual(['Refunds: five days']);
    } finally {
      await ana.s.close();
    }
  });
});
