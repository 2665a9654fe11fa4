import { describe, expect, it } from 'vitest';
import { RoutingRuleSchema, type RoutingRule } from '../../src-preload/contract/team';
import { matchRoute, routeHeaderNames, type RoutableMessage } from '../../src-main/services/tickets/routing-rules';

const rule = (over: Partial<RoutingRule> & Pick<RoutingRule, 'id' | 'field'>): RoutingRule => RoutingRuleSchema.parse({ queue: `Q-${over.id}`, ...over });

/** Wednesday 2026-03-04, 10:30 UTC. */
const WED_1030_UTC = Date.UTC(2026, 2, 4, 10, 30);

const message = (over: Partial<RoutableMessage> = {}): RoutableMessage => ({
  from: { name: 'Ann Smith', address: 'ann@customer.example' },
  to: [{ name: 'Support', address: 'support@shop.example' }],
  cc: [{ name: '', address: 'billing@shop.example' }],
  subject: 'Invoice 1042 is wrong',
  headers: { 'x-priority': ['1 (Highest)'], 'list-id': ['<users.lists.example>'] },
  date: WED_1030_UTC,
  ...over,
});

describe('routing rules: fields and operators', () => {
  it('matches the sender by address or name', () => {
    expect(matchRoute([rule({ id: 'r', field: 'from', value: 'customer.example', operator: 'ends-with' })], message())?.rule).toBe('r');
    expect(matchRoute([rule({ id: 'r', field: 'from', value: 'ann smith', operator: 'is' })], message())?.rule).toBe('r');
    expect(matchRoute([rule({ id: 'r', field: 'from', value: 'bob' })], message())).toBeNull();
    expect(matchRoute([rule({ id: 'r', field: 'from', value: '' })], message({ from: null }))).toBeNull();
  });

  it('matches any recipient, To or Cc', () => {
    expect(matchRoute([rule({ id: 'r', field: 'to', value: 'BILLING@shop.example', operator: 'is' })], message())?.rule).toBe('r');
    expect(matchRoute([rule({ id: 'r', field: 'to', value: 'sales@', operator: 'starts-with' })], message())).toBeNull();
  });

  it('matches the subject with each operator, ignoring case', () => {
    const m = message();
    expect(matchRoute([rule({ id: 'r', field: 'subject', value: 'INVOICE', operator: 'contains' })], m)?.rule).toBe('r');
    expect(matchRoute([rule({ id: 'r', field: 'subject', value: 'invoice 1042', operator: 'starts-with' })], m)?.rule).toBe('r');
    expect(matchRoute([rule({ id: 'r', field: 'subject', value: 'WRONG', operator: 'ends-with' })], m)?.rule).toBe('r');
    expect(matchRoute([rule({ id: 'r', field: 'subject', value: 'invoice 1042 is wrong', operator: 'is' })], m)?.rule).toBe('r');
    expect(matchRoute([rule({ id: 'r', field: 'subject', value: 'invoice', operator: 'is' })], m)).toBeNull();
    expect(matchRoute([rule({ id: 'r', field: 'subject', value: 'wrong', operator: 'starts-with' })], m)).toBeNull();
    expect(matchRoute([rule({ id: 'r', field: 'subject', value: 'invoice', operator: 'ends-with' })], m)).toBeNull();
    expect(matchRoute([rule({ id: 'r', field: 'subject', value: 'refund', operator: 'contains' })], m)).toBeNull();
  });

  it('matches any header by name, whatever its case; a missing header never matches', () => {
    expect(matchRoute([rule({ id: 'r', field: 'header', header: 'X-Priority', value: '1', operator: 'starts-with' })], message())?.rule).toBe('r');
    expect(matchRoute([rule({ id: 'r', field: 'header', header: 'LIST-ID', value: 'users.lists' })], message())?.rule).toBe('r');
    expect(matchRoute([rule({ id: 'r', field: 'header', header: 'X-Spam', value: '' })], message())).toBeNull();
  });

  it('runs in order and skips disabled rules', () => {
    const rules = [
      rule({ id: 'off', field: 'subject', value: 'invoice', enabled: false }),
      rule({ id: 'first', field: 'subject', value: 'invoice', queue: 'Billing', tag: 'invoice', agent: 'agent-7' }),
      rule({ id: 'second', field: 'subject', value: 'invoice' }),
    ];
    expect(matchRoute(rules, message())).toEqual({ rule: 'first', queue: 'Billing', tag: 'invoice', agent: 'agent-7' });
    expect(matchRoute([], message())).toBeNull();
  });

  it('names the headers the enabled rules need fetched', () => {
    expect(
      routeHeaderNames([
        rule({ id: 'a', field: 'header', header: 'X-Priority' }),
        rule({ id: 'b', field: 'header', header: 'x-priority' }),
        rule({ id: 'c', field: 'header', header: 'List-Id', enabled: false }),
        rule({ id: 'd', field: 'subject' }),
      ]),
    ).toEqual(['x-priority']);
  });
});

describe('routing rules: weekdays and time windows', () => {
  const subjectRule = (over: Partial<RoutingRule>) => rule({ id: 'w', field: 'subject', value: 'invoice', ...over });
  const at = (iso: string) => new Date(iso).getTime();

  it('applies on its weekdays only (0 = Sunday)', () => {
    expect(matchRoute([subjectRule({ days: [3] })], message())?.rule).toBe('w');
    expect(matchRoute([subjectRule({ days: [1, 2, 4, 5] })], message())).toBeNull();
  });

  it('applies inside its window, the end excluded', () => {
    const r = subjectRule({ from: '09:00', until: '17:00' });
    expect(matchRoute([r], message(), at('2026-03-04T09:00:00Z'))?.rule).toBe('w');
    expect(matchRoute([r], message(), at('2026-03-04T16:59:00Z'))?.rule).toBe('w');
    expect(matchRoute([r], message(), at('2026-03-04T17:00:00Z'))).toBeNull();
    expect(matchRoute([r], message(), at('2026-03-04T08:59:00Z'))).toBeNull();
  });

  it('reads the window at the message date unless told another moment', () => {
    const r = subjectRule({ from: '09:00', until: '11:00' });
    expect(matchRoute([r], message())?.rule).toBe('w');
    expect(matchRoute([r], message({ date: at('2026-03-04T12:00:00Z') }))).toBeNull();
  });

  it('reads weekday and window in the rule’s time zone', () => {
    // 10:30 UTC is 11:30 in Berlin (CET, winter), 05:30 in New York (EST), 19:30 in Tokyo.
    expect(matchRoute([subjectRule({ from: '11:00', until: '12:00', timeZone: 'Europe/Berlin' })], message())?.rule).toBe('w');
    expect(matchRoute([subjectRule({ from: '11:00', until: '12:00' })], message())).toBeNull();
    expect(matchRoute([subjectRule({ from: '05:00', until: '06:00', timeZone: 'America/New_York' })], message())?.rule).toBe('w');
    // Summer time: 10:30 UTC on 2026-07-01 is 12:30 in Berlin (CEST).
    expect(matchRoute([subjectRule({ from: '12:00', until: '13:00', timeZone: 'Europe/Berlin' })], message(), at('2026-07-01T10:30:00Z'))?.rule).toBe('w');
    // 23:30 UTC on Wednesday is already Thursday 08:30 in Tokyo.
    const late = at('2026-03-04T23:30:00Z');
    expect(matchRoute([subjectRule({ days: [4], timeZone: 'Asia/Tokyo' })], message(), late)?.rule).toBe('w');
    expect(matchRoute([subjectRule({ days: [3], timeZone: 'Asia/Tokyo' })], message(), late)).toBeNull();
    expect(matchRoute([subjectRule({ days: [3] })], message(), late)?.rule).toBe('w');
  });

  it('handles a window across midnight, counted for the day it starts', () => {
    const night = subjectRule({ from: '22:00', until: '06:00', days: [5] }); // Friday night
    expect(matchRoute([night], message(), at('2026-03-06T23:00:00Z'))?.rule).toBe('w'); // Fri 23:00
    expect(matchRoute([night], message(), at('2026-03-07T03:00:00Z'))?.rule).toBe('w'); // Sat 03:00, Friday's night
    expect(matchRoute([night], message(), at('2026-03-07T06:00:00Z'))).toBeNull(); // Sat 06:00, ended
    expect(matchRoute([night], message(), at('2026-03-06T03:00:00Z'))).toBeNull(); // Fri 03:00 is Thursday's night
    expect(matchRoute([night], message(), at('2026-03-06T12:00:00Z'))).toBeNull(); // Fri noon
    const everyNight = subjectRule({ from: '22:00', until: '06:00' });
    expect(matchRoute([everyNight], message(), at('2026-03-04T05:59:00Z'))?.rule).toBe('w');
    expect(matchRoute([everyNight], message(), at('2026-03-04T22:00:00Z'))?.rule).toBe('w');
    expect(matchRoute([everyNight], message(), at('2026-03-04T21:59:00Z'))).toBeNull();
  });

  it('falls through to the next rule outside the window', () => {
    const rules = [subjectRule({ id: 'night', from: '18:00', until: '08:00', queue: 'Night' }), rule({ id: 'day', field: 'subject', value: 'invoice', queue: 'Day' })];
    expect(matchRoute(rules, message())?.queue).toBe('Day');
    expect(matchRoute(rules, message(), at('2026-03-04T19:00:00Z'))?.queue).toBe('Night');
  });

  it('never matches with a time zone Intl does not know', () => {
    expect(matchRoute([subjectRule({ days: [3], timeZone: 'Mars/Olympus' })], message())).toBeNull();
  });
});
