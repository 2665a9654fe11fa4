import { describe, expect, it } from 'vitest';
import { parseStateJson, stateJson } from '../../src-main/services/teamlog/snapshot';
import type { TeamState } from '../../src-main/services/teamlog/state';
import { foldAll, mail, teamEvent, teamSetup } from '../support/team-events';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const ON_AT = 10 * DAY;

function autoReplyOn(settings: Record<string, unknown> = {}) {
  return teamEvent('ana', ON_AT, { type: 'autoReply.set', settings: { enabled: true, bodyHtml: '<p>Thanks, we got it.</p>', ...settings } });
}

/** A customer mail the importer judged answerable, imported by `by` at `at`. */
function answerable(message: string, by: string, at: number, over: Parameters<typeof mail>[1] = {}) {
  return teamEvent(by, at, { type: 'mail.imported', items: [mail(message, { date: at, autoReply: true, ...over })] });
}

describe('ticket.replied', () => {
  it('places the sent message in its ticket once, marks it read, and records who sent it', () => {
    const state = foldAll([
      ...teamSetup(),
      teamEvent('ana', 100, { type: 'mail.imported', items: [mail('m1', { queue: 'Support' })] }),
      teamEvent('ana', 200, { type: 'ticket.replied', ticket: 'm1', message: '<sent-1@example.com>' }),
      // The Sent folder's copy imported later: the same key, so not placed twice.
      teamEvent('ben', 300, { type: 'mail.imported', items: [mail('<sent-1@example.com>', { direction: 'out', reason: { kind: 'reply', to: 'm1' } })] }),
    ]);
    const t = state.tickets.get('m1');
    expect(t?.messages.map((m) => [m.key, m.direction, m.reason.kind])).toEqual([
      ['m1', 'in', 'new'],
      ['<sent-1@example.com>', 'out', 'sent'],
    ]);
    expect(t?.unread).toBe(false);
    expect(t?.activity.at(-1)?.summary).toBe('sent a reply');
    expect(state.tickets.ticketOfMessage('<sent-1@example.com>')).toBe('m1');
  });

  it('says an auto-reply went out without marking the ticket read', () => {
    const state = foldAll([
      teamEvent('ana', 100, { type: 'mail.imported', items: [mail('m1')] }),
      teamEvent('ana', 200, { type: 'ticket.replied', ticket: 'm1', message: '<auto@example.com>', auto: true }),
    ]);
    expect(state.tickets.get('m1')?.unread).toBe(true);
    expect(state.tickets.get('m1')?.activity.at(-1)?.summary).toBe('an auto-reply was sent to Carla Customer');
  });
});

describe('canned answers', () => {
  it('are created, replaced and deleted by id, with who changed them last', () => {
    const answer = { id: 'a1', scope: 'general' as const, title: 'Refund time', bodyHtml: '<p>Five days.</p>' };
    let state = foldAll([teamEvent('ana', 5, { type: 'canned.set', answer })]);
    expect(state.canned.a1).toMatchObject({ answer: { title: 'Refund time', shortcut: '' }, updatedAt: 5, updatedBy: 'ana' });
    state = foldAll([teamEvent('ben', 9, { type: 'canned.set', answer: { ...answer, title: 'Refunds' } })], state);
    expect(state.canned.a1).toMatchObject({ answer: { title: 'Refunds' }, updatedBy: 'ben' });
    state = foldAll([teamEvent('ben', 10, { type: 'canned.delete', answerId: 'a1' })], state);
    expect(state.canned).toEqual({});
  });
});

describe('auto-reply decisions', () => {
  it('keeps the moment it was turned on while edited, and forgets it when turned off', () => {
    let state = foldAll([autoReplyOn()]);
    expect(state.autoReply.enabledAt).toBe(ON_AT);
    state = foldAll([teamEvent('ben', ON_AT + 5, { type: 'autoReply.set', settings: { enabled: true, subject: 'Got it' } })], state);
    expect(state.autoReply).toMatchObject({ enabledAt: ON_AT, settings: { subject: 'Got it' } });
    state = foldAll([teamEvent('ben', ON_AT + 9, { type: 'autoReply.set', settings: { enabled: false } })], state);
    expect(state.autoReply.enabledAt).toBeNull();
  });

  it('names the client whose import placed the mail (the earliest UID), so a team sends one auto-reply', () => {
    const state = foldAll([autoReplyOn(), answerable('m1', 'ben', ON_AT + 1000), answerable('m1', 'ana', ON_AT + 1001), answerable('m1', 'cho', ON_AT + 1002)]);
    expect(Object.keys(state.autoReplyDue)).toEqual(['m1']);
    expect(state.autoReplyDue.m1).toMatchObject({ ticket: 'm1', by: 'ben', to: { address: 'carla@example.com' } });
  });

  it('answers nothing the importer judged unanswerable, nothing while off, and no mail dated before it was turned on', () => {
    const state = foldAll([
      answerable('before-on', 'ana', ON_AT - 1),
      autoReplyOn(),
      answerable('robot', 'ana', ON_AT + 10, { autoReply: false, customer: { name: '', address: 'robot@example.com' } }),
      answerable('old', 'ana', ON_AT + 20, { date: ON_AT - DAY, customer: { name: '', address: 'old@example.com' } }),
      answerable('outgoing', 'ana', ON_AT + 30, { direction: 'out', customer: { name: '', address: 'out@example.com' } }),
    ]);
    expect(state.autoReplyDue).toEqual({});
  });

  it('limits each sender to one per hour, or one per day with the option, on the authors’ clocks', () => {
    const hourly = foldAll([
      autoReplyOn({ oncePerSenderPerDay: false }),
      answerable('a', 'ana', ON_AT + 1000),
      answerable('b', 'ana', ON_AT + 1000 + HOUR / 2),
      answerable('c', 'ana', ON_AT + 1000 + 2 * HOUR),
    ]);
    expect(Object.keys(hourly.autoReplyDue)).toEqual(['a', 'c']);
    const daily = foldAll([autoReplyOn(), answerable('a', 'ana', ON_AT + 1000), answerable('c', 'ana', ON_AT + 1000 + 2 * HOUR), answerable('d', 'ana', ON_AT + 1000 + DAY + 1)]);
    expect(Object.keys(daily.autoReplyDue)).toEqual(['a', 'd']);
  });

  it('answers a customer’s reply in an existing ticket only when newTicketsOnly is off', () => {
    const reply = (at: number) => answerable('r1', 'ana', at, { ticket: 'm1', reason: { kind: 'reply', to: 'm1' } });
    const newOnly = foldAll([autoReplyOn({ oncePerSenderPerDay: false }), answerable('m1', 'ana', ON_AT + 1), reply(ON_AT + 2 * HOUR)]);
    expect(Object.keys(newOnly.autoReplyDue)).toEqual(['m1']);
    const all = foldAll([autoReplyOn({ oncePerSenderPerDay: false, newTicketsOnly: false }), answerable('m1', 'ana', ON_AT + 1), reply(ON_AT + 2 * HOUR)]);
    expect(Object.keys(all.autoReplyDue)).toEqual(['m1', 'r1']);
  });

  it('clears a due auto-reply when its client reports it done, noting a skip on the ticket', () => {
    const state = foldAll([
      autoReplyOn({ oncePerSenderPerDay: false }),
      answerable('m1', 'ana', ON_AT + 1),
      answerable('m2', 'ana', ON_AT + 2, { customer: { name: 'Dan', address: 'dan@example.com' } }),
      teamEvent('ana', ON_AT + 3, { type: 'autoReply.done', message: 'm1', outcome: 'sent' }),
      teamEvent('ana', ON_AT + 4, { type: 'autoReply.done', message: 'm2', outcome: 'skipped', reason: 'the mail is no longer in the cache' }),
    ]);
    expect(state.autoReplyDue).toEqual({});
    expect(state.tickets.get('m2')?.activity.at(-1)?.summary).toBe('no auto-reply was sent: the mail is no longer in the cache');
  });

  it('survives a snapshot round trip with its settings, due entries and limits', () => {
    const state: TeamState = foldAll([autoReplyOn(), answerable('m1', 'ana', ON_AT + 1)]);
    const back = parseStateJson(stateJson(state));
    expect(back?.autoReply).toEqual(state.autoReply);
    expect(back?.autoReplyDue).toEqual(state.autoReplyDue);
    expect(back?.autoReplied).toEqual({ 'carla@example.com': ON_AT + 1 });
  });
});
