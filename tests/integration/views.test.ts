/**
 * Saved views between two Mailroom clients on a real Dovecot: Ana's app works the support
 * and the sales mailboxes (in-process services), Ben's works support only (a separate
 * process, tests/support/team-clients.ts). A team view travels through the team logs and
 * reaches Ben with its account filter naming his own support account; a personal view
 * stays on the computer it was saved on. Then the interactions filter's full-text words
 * find a real mail by a word of its body.
 */
import { describe, expect, it } from 'vitest';
import { NewAccountSchema } from '../../src-preload/contract';
import { TicketFilterSchema, type TicketFilterInput } from '../../src-preload/contract/tickets';
import type { SavedViewInfo } from '../../src-preload/contract/views';
import type { TestUser } from '../support/mail-servers';
import { createTestServices, testAccountInput, until } from '../support/services';
import { eventually, teamClientsPerFile } from '../support/team-clients';

const user = (name: string): TestUser => ({ username: `${name}@example.test`, password: `${name}-pass-1`, email: `${name}@example.test` });
const SUPPORT = user('support');
const SALES = user('sales');

const env = teamClientsPerFile([SUPPORT, SALES]);

const names = (views: SavedViewInfo[]) => views.map((v) => `${v.name} (${v.sharing})`);

describe('saved views shared through the team logs', () => {
  it('reach the other client as team views; personal ones stay on their computer', async () => {
    const { s, events } = createTestServices();
    try {
      s.team.saveProfile({ name: 'Ana' });
      const support = await s.accounts.add(NewAccountSchema.parse(testAccountInput(env.servers, SUPPORT, { name: 'Support' })));
      await s.accounts.add(NewAccountSchema.parse(testAccountInput(env.servers, SALES, { name: 'Sales' })));
      s.team.syncAccounts();
      s.sync.startAll();
      const ben = await env.team.start(SUPPORT, 'Ben');
      const benSupport = (await ben.child.status()).accountId;

      s.views.save({ id: 'refunds', name: 'Support refunds', sharing: 'team', filter: TicketFilterSchema.parse({ accountId: support.id, text: 'refund', fullText: true }), sort: 'created', columns: ['created', 'customer', 'subject'] });
      s.views.save({ id: 'mine', name: 'My unread', sharing: 'personal', filter: TicketFilterSchema.parse({ scope: 'mine', read: 'unread' }) });
      expect(s.views.list().map((v) => [v.name, v.pending])).toEqual([
        ['My unread', false],
        ['Support refunds', true],
      ]);
      await until('Ana’s team view to reach both logs', () => s.views.list().every((v) => !v.pending));

      const benSees = await eventually('Ben to see the team view', async () => {
        const views = await ben.child.listViews();
        return views.length > 0 && views;
      });
      expect(benSees).toEqual([
        expect.objectContaining({ id: 'refunds', name: 'Support refunds', sharing: 'team', updatedBy: 'Ana', pending: false, sort: 'created', columns: ['created', 'customer', 'subject'] }),
      ]);
      // The account filter names Ben's own support account: account ids are each computer's own.
      expect(benSees[0]!.filter).toMatchObject({ accountId: benSupport, text: 'refund', fullText: true });

      // A name Ana's team view has is refused on Ben's side too.
      await expect(ben.child.saveView({ id: 'other', name: 'support REFUNDS', sharing: 'personal', filter: TicketFilterSchema.parse({}) })).rejects.toThrow(
        'There is already a team view named "Support refunds"',
      );

      // Ben's own team view reaches Ana, who is told; Ana's personal view never reached Ben's log.
      const told = () => events.filter((e) => e.name === 'viewsChanged').length;
      const before = told();
      await ben.child.saveView({ id: 'open-sales', name: 'Open in Sales', sharing: 'team', filter: TicketFilterSchema.parse({ status: ['open'], queue: 'Sales' }) });
      await until('Ben’s view at Ana', () => s.views.list().some((v) => v.id === 'open-sales'));
      expect(told()).toBeGreaterThan(before);
      expect(names(s.views.list())).toEqual(['My unread (personal)', 'Open in Sales (team)', 'Support refunds (team)']);
      expect(names(await ben.child.listViews())).toEqual(['Open in Sales (team)', 'Support refunds (team)']);
      expect(Object.keys((await ben.child.state()).views).sort()).toEqual(['open-sales', 'refunds']);

      // Ana deletes Ben's view: it leaves Ben's list.
      s.views.delete('open-sales');
      await eventually('the deleted view to leave Ben’s list', async () => !(await ben.child.listViews()).some((v) => v.id === 'open-sales'));
    } finally {
      await s.close();
    }
  });

  it('full-text words find a ticket by a word of its mail’s body, and notes', async () => {
    const { s } = createTestServices();
    try {
      s.team.saveProfile({ name: 'Ana' });
      const support = await s.accounts.add(NewAccountSchema.parse(testAccountInput(env.servers, SUPPORT, { name: 'Support' })));
      s.team.syncAccounts();
      s.sync.startAll();
      await env.servers.deliver(
        SUPPORT.username,
        [
          'From: Zoe Quinn <zoe@shop.example>',
          `To: ${SUPPORT.email}`,
          'Subject: Our order',
          'Message-ID: <zeppelin-1@shop.example>',
          'Date: Tue, 31 Mar 2026 12:00:00 +0000',
          'Content-Type: text/plain; charset=utf-8',
          '',
          'The zeppelins arrived broken, please help.',
          '',
        ].join('\r\n'),
      );
      const list = (filter: TicketFilterInput) => s.tickets.listTickets(TicketFilterSchema.parse(filter), 'created', true, 0, 50).items;
      const found = await until('the body word to be searchable', () => list({ text: 'zeppelin', fullText: true })[0]);
      expect(found).toMatchObject({ subject: 'Our order', customer: { address: 'zoe@shop.example' } });
      // Without fullText the text box reads number, subject, customer and tags only.
      expect(list({ text: 'zeppelin' })).toEqual([]);
      expect(list({ conditions: [{ field: 'text', op: 'contains', value: 'broken zeppelins' }] }).map((t) => t.key)).toEqual([found.key]);
      s.tickets.ticketAction(support.id, found.key, { type: 'note', text: 'Courier says Thursday' });
      expect(list({ text: 'courier', fullText: true }).map((t) => t.key)).toEqual([found.key]);
    } finally {
      await s.close();
    }
  });
});
