/**
 * Which new tickets notify this agent, grouped how, and what the badge counts: the pure
 * decision (services/notifications/decide.ts) over states folded from real events, and
 * the count as the store answers it.
 */
import { describe, expect, it } from 'vitest';
import { NotificationSettingsSchema, type NotificationSettings } from '../../src-preload/contract';
import { fillNotification } from '../../src-preload/notification-text';
import { announced, BurstGate, candidatesOf, notificationsFor, othersQueues, queueMembers, type NewTicket } from '../../src-main/services/notifications/decide';
import type { LoggedEvent, TeamEvent } from '../../src-main/services/teamlog/events';
import { emptyTeamState, type TeamState, type TicketState } from '../../src-main/services/teamlog/state';
import { foldAll, mail, teamEvent, teamSetup } from '../support/team-events';
import { tempStore } from '../support/store-account';

const store = tempStore('notifications');

/** Folds the events; the last one is the event under test, returned with its UID. */
function foldWithLast(events: TeamEvent[], state: TeamState = emptyTeamState()): { state: TeamState; last: LoggedEvent } {
  const first = state.lastUid + 1;
  foldAll(events, state, first);
  return { state, last: { uid: first + events.length - 1, event: events.at(-1)! } };
}

/** What `me` would be told about the last event's tickets. */
function announcedTo(me: string, events: TeamEvent[], state?: TeamState): string[] {
  const { state: folded, last } = foldWithLast(events, state);
  return announced(folded, candidatesOf(last, me), me, queueMembers([folded])).map((t) => t.key);
}

const imported = (by: string, ...items: ReturnType<typeof mail>[]) => teamEvent(by, 1_000, { type: 'mail.imported', items });
const paused = (...agents: string[]) => agents.map((a) => teamEvent(a, 1, { type: 'agent.status', status: 'paused' }));

describe('which events may open a ticket to announce', () => {
  it('customer mail that opens a ticket; not outgoing mail, mail filed closed, replies, or what a first sync found', () => {
    const event = imported(
      'ben',
      mail('new'),
      mail('out', { direction: 'out' }),
      mail('closed', { closed: true }),
      mail('reply', { reason: { kind: 'reply', to: 'new' }, ticket: 'new' }),
      mail('old', { firstSync: true }),
    );
    expect(candidatesOf({ uid: 7, event }, 'ana')).toEqual([{ ticket: 'new', uid: 7 }]);
  });

  it("another agent's split; never this agent's own", () => {
    const split = teamEvent('ben', 5, { type: 'message.split', message: 'm1' });
    expect(candidatesOf({ uid: 9, event: split }, 'ana')).toEqual([{ ticket: `split:${split.id}`, uid: 9 }]);
    expect(candidatesOf({ uid: 9, event: split }, 'ben')).toEqual([]);
    expect(candidatesOf({ uid: 9, event: teamEvent('ana', 5, { type: 'ticket.take', ticket: 'm1' }) }, 'ana')).toEqual([]);
  });
});

describe('whose new ticket it is', () => {
  it('the agent it is offered to (round robin), not the other members of the queue', () => {
    const events = [...teamSetup(), imported('cho', mail('m1', { queue: 'Support' }))];
    expect(announcedTo('ana', events)).toEqual(['m1']);
    expect(announcedTo('ben', events)).toEqual([]);
  });

  it('every member of the queue when nobody is online to be offered it; not agents outside the queue', () => {
    const events = [...teamSetup(), ...paused('ana', 'ben', 'cho'), teamEvent('dan', 0, { type: 'queue.set', queue: 'Sales', members: ['dan'] }), imported('ana', mail('m1', { queue: 'Support' }))];
    for (const me of ['ana', 'ben', 'cho']) expect(announcedTo(me, events)).toEqual(['m1']);
    expect(announcedTo('dan', events)).toEqual([]);
  });

  it("everyone's when its queue names nobody (a small team's standard queue)", () => {
    expect(announcedTo('ana', [imported('ben', mail('m1', { queue: 'Support' }))])).toEqual(['m1']);
  });

  it('the owner of a personal account, assigned at once', () => {
    const events = [imported('ana', mail('m1', { route: { rule: '', queue: 'Ana', tag: '', agent: 'ana', assign: true } }))];
    expect(announcedTo('ana', events)).toEqual(['m1']);
    expect(announcedTo('ben', events)).toEqual([]);
  });

  it('a mail that joined an existing ticket, or that an earlier import placed already, opens nothing new', () => {
    const state = foldAll([imported('ana', mail('m1'))]);
    // A second client imported the same mail later: the earlier UID placed it.
    expect(announcedTo('ana', [imported('ben', mail('m1'))], state)).toEqual([]);
    // A new mail whose importer threaded it as new, but the reducer put it into the ticket of its parent.
    expect(announcedTo('ana', [imported('ben', mail('m2', { ticket: 'm1' }))], state)).toEqual([]);
  });

  it('announces each ticket once even if the event names it twice, in log order', () => {
    expect(announcedTo('ana', [imported('ben', mail('m2'), mail('m1'), mail('m2'))])).toEqual(['m2', 'm1']);
  });
});

describe('the unread count', () => {
  it("counts unread open or pending tickets this agent works: theirs, offered to them, waiting in their queues; not others', not closed, not deleted", () => {
    const state = foldAll([
      ...teamSetup(),
      ...paused('ben', 'cho'),
      imported('ben', mail('offered', { queue: 'Support' })), // offered to ana (the only one online)
      ...paused('ana'),
      imported('ben', mail('waiting', { queue: 'Support' }), mail('theirs', { queue: 'Support' }), mail('closed', { queue: 'Support' }), mail('deleted', { queue: 'Support' })),
      imported('ben', mail('elsewhere', { queue: 'Sales' })),
      teamEvent('ben', 2, { type: 'queue.set', queue: 'Sales', members: ['ben'] }),
      teamEvent('ben', 2, { type: 'ticket.take', ticket: 'theirs' }),
      teamEvent('ana', 2, { type: 'ticket.status', ticket: 'closed', status: 'closed' }),
      teamEvent('ana', 2, { type: 'ticket.delete', ticket: 'deleted', fromServer: false }),
    ]);
    const members = queueMembers([state]);
    const count = (me: string) =>
      store.team.tickets.unreadCount({
        accountIds: ['a1'],
        me,
        othersQueues: othersQueues(members, me),
        overlays: [{ accountId: 'a1', whole: true, tickets: [...state.tickets.values()], placements: [] }],
      });
    expect(count('ana')).toBe(2);
    expect(count('ben')).toBe(3);
    // Reading it is what takes it off the count.
    foldAll([teamEvent('ana', 3, { type: 'ticket.read', ticket: 'waiting' })], state);
    expect(count('ana')).toBe(1);
  });
});

describe('what the notifications say', () => {
  const settings = (over: Partial<NotificationSettings> = {}): NotificationSettings => ({ ...NotificationSettingsSchema.parse({}), ...over });
  const ticketIn = (key: string, queue: string, customer: string | null = 'Maria Garcia'): TicketState =>
    foldAll([imported('ben', mail(key, { queue, subject: `About ${key}`, customer: customer === null ? null : { name: customer, address: 'maria@example.com' } }))]).tickets.get(key)!;
  const item = (ticket: TicketState, over: Partial<NewTicket> = {}): NewTicket => ({ accountId: 'acc', accountName: 'Acme Support', settings: settings(), ticket, ...over });
  let n = 0;
  const ids = () => `n${++n}`;

  it("one ticket: the account's templates with its values, a click opens the ticket", () => {
    const [shown] = notificationsFor([item(ticketIn('m1', 'Support'), { settings: settings({ title: '{{account}} · {{queue}}', body: '{{customer}} wrote: {{subject}}', sound: false }) })], ids);
    expect(shown).toMatchObject({ title: 'Acme Support · Support', body: 'Maria Garcia wrote: About m1', sound: false, target: { kind: 'ticket', accountId: 'acc', ticket: 'm1' } });
    const [byDefault] = notificationsFor([item(ticketIn('m2', 'Support', null))], ids);
    expect(byDefault).toMatchObject({ title: 'New in Support: Unknown sender', body: 'About m2', sound: true });
  });

  it('two or more in one queue: "N new in Queue", whose click opens the queue; other queues separately', () => {
    const burst = ['a', 'b', 'c', 'd', 'e'].map((k) => item(ticketIn(k, 'Support')));
    const shown = notificationsFor([...burst, item(ticketIn('s1', 'Sales'))], ids);
    expect(shown).toHaveLength(2);
    expect(shown[0]).toMatchObject({ title: '5 new in Support', target: { kind: 'queue', accountId: 'acc', queue: 'Support' } });
    expect(shown[0]!.body).toBe('Maria Garcia: About a\nMaria Garcia: About b\nMaria Garcia: About c\nand 2 more');
    expect(shown[1]).toMatchObject({ title: 'New in Sales: Maria Garcia', target: { kind: 'ticket', ticket: 's1' } });
  });

  it('an account with notifications off shows none; sound if any account of a group asks for it', () => {
    expect(notificationsFor([item(ticketIn('m1', 'Support'), { settings: settings({ enabled: false }) })], ids)).toEqual([]);
    const shown = notificationsFor([item(ticketIn('a', 'Support'), { settings: settings({ sound: false }) }), item(ticketIn('b', 'Support'), { accountId: 'other' })], ids);
    expect(shown).toMatchObject([{ title: '2 new in Support', sound: true }]);
  });

  it('templates fill on one line and leave a misspelt name as written', () => {
    expect(fillNotification('{{customer}}\n  {{subjct}}', { customer: 'Ana', subject: 'x', account: 'a', queue: 'q' })).toBe('Ana {{subjct}}');
  });

  it('the settings refuse an unknown variable or an empty template, naming the fix', () => {
    const title = NotificationSettingsSchema.safeParse({ title: 'New: {{ticket.subject}}' });
    expect(title.error?.issues[0]?.message).toBe('{{ticket.subject}} is not a variable here: use {{customer}}, {{subject}}, {{account}} or {{queue}}.');
    expect(NotificationSettingsSchema.safeParse({ body: '  ' }).error?.issues[0]?.message).toBe('Write the text, for example "{{subject}}".');
    expect(NotificationSettingsSchema.parse({})).toEqual({ enabled: true, title: 'New in {{queue}}: {{customer}}', body: '{{subject}}', sound: true });
  });
});

describe('bursts', () => {
  it('shows the first at once, holds what follows within the window and shows it together when the window ends', () => {
    const gate = new BurstGate<string>(4000);
    expect(gate.offer(['a'], 0)).toEqual(['a']);
    expect(gate.windowEnd()).toBeNull();
    expect(gate.offer(['b', 'c'], 1000)).toEqual([]);
    expect(gate.offer(['d'], 3999)).toEqual([]);
    expect(gate.windowEnd()).toBe(4000);
    expect(gate.flush(3999)).toEqual([]);
    expect(gate.flush(4000)).toEqual(['b', 'c', 'd']);
    // A steady stream stays grouped: the flush opened the next window.
    expect(gate.offer(['e'], 5000)).toEqual([]);
    expect(gate.flush(8000)).toEqual(['e']);
    // Quiet for a window: the next arrival shows at once again.
    expect(gate.offer(['f'], 20_000)).toEqual(['f']);
  });

  it('drops what it holds when the agent pauses', () => {
    const gate = new BurstGate<string>(4000);
    gate.offer(['a'], 0);
    gate.offer(['b'], 10);
    gate.drop();
    expect(gate.windowEnd()).toBeNull();
    expect(gate.flush(5000)).toEqual([]);
  });
});
