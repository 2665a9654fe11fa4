/**
 * The account's routing rules, run in order on the mail that opens a new ticket
 * (pure). The first enabled rule whose field matches, on one of its weekdays and
 * inside its time window, decides the queue, tag or agent.
 */
import type { Address } from '../../../src-preload/contract';
import type { RoutingRule } from '../../../src-preload/contract/team';

export interface RoutableMessage {
  from: Address | null;
  to: Address[];
  cc: Address[];
  subject: string;
  /** Header values by lower-case name (those the rules name; see headers.ts). */
  headers: Record<string, string[]>;
  /** Epoch ms. */
  date: number;
}

export interface RouteMatch {
  rule: string;
  queue: string;
  tag: string;
  agent: string;
}

function addressTexts(list: Address[]): string[] {
  return list.flatMap((a) => [a.address, a.name]).filter((t) => t.length > 0);
}

/** What the rule's field means for this message: any one of the texts may match. */
function fieldTexts(rule: RoutingRule, message: RoutableMessage): string[] {
  switch (rule.field) {
    case 'from':
      return addressTexts(message.from ? [message.from] : []);
    case 'to':
      return addressTexts([...message.to, ...message.cc]);
    case 'subject':
      return [message.subject];
    case 'header':
      return message.headers[rule.header.toLowerCase()] ?? [];
  }
}

function matchesText(operator: RoutingRule['operator'], text: string, value: string): boolean {
  const t = text.toLowerCase();
  const v = value.toLowerCase();
  switch (operator) {
    case 'contains':
      return t.includes(v);
    case 'is':
      return t === v;
    case 'starts-with':
      return t.startsWith(v);
    case 'ends-with':
      return t.endsWith(v);
  }
}

const formatters = new Map<string, Intl.DateTimeFormat | null>();

/** A formatter for the zone, or null when the zone is not one Intl knows (the rule then never matches). */
function formatterFor(timeZone: string): Intl.DateTimeFormat | null {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    try {
      formatter = new Intl.DateTimeFormat('en-US', { timeZone: timeZone || 'UTC', weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    } catch {
      formatter = null;
    }
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** Weekday (0 = Sunday) and minute of the day at `at` on the zone's wall clock. */
function wallClock(at: number, formatter: Intl.DateTimeFormat): { day: number; minute: number } {
  const parts = Object.fromEntries(formatter.formatToParts(at).map((p) => [p.type, p.value]));
  return { day: WEEKDAYS.indexOf(parts.weekday ?? ''), minute: Number(parts.hour) * 60 + Number(parts.minute) };
}

function minutesOf(time: string): number {
  return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}

/**
 * The rule's weekdays and window at `at`. A window that crosses midnight (22:00 to
 * 06:00) belongs to the day it starts on: Friday 22:00 to 06:00 covers Saturday
 * 03:00. The end is exclusive; equal start and end mean the whole day.
 */
function inWindow(rule: RoutingRule, at: number): boolean {
  if (rule.days.length === 0 && !rule.from) return true;
  const formatter = formatterFor(rule.timeZone);
  if (!formatter) return false;
  const { day, minute } = wallClock(at, formatter);
  let startDay = day;
  if (rule.from && rule.until) {
    const from = minutesOf(rule.from);
    const until = minutesOf(rule.until);
    if (from < until && (minute < from || minute >= until)) return false;
    if (from > until) {
      if (minute < until) startDay = (day + 6) % 7;
      else if (minute < from) return false;
    }
  }
  return rule.days.length === 0 || rule.days.includes(startDay);
}

/**
 * The first enabled rule that matches, or null. Text comparisons ignore case; the
 * time window is read at `at` (the message's date by default) in the rule's time zone.
 */
export function matchRoute(rules: RoutingRule[], message: RoutableMessage, at: number = message.date): RouteMatch | null {
  for (const rule of rules) {
    if (!rule.enabled) continue;
    if (!fieldTexts(rule, message).some((text) => matchesText(rule.operator, text, rule.value))) continue;
    if (!inWindow(rule, at)) continue;
    return { rule: rule.id, queue: rule.queue, tag: rule.tag, agent: rule.agent };
  }
  return null;
}

/** The headers the enabled rules match on, to fetch with each message's envelope. */
export function routeHeaderNames(rules: RoutingRule[]): string[] {
  return [...new Set(rules.filter((r) => r.enabled && r.field === 'header').map((r) => r.header.toLowerCase()))];
}
