/**
 * Calendar days in a time zone: which day an instant falls on, when a day starts, and a
 * date range's preset turned into days. Days are YYYY-MM-DD strings; their arithmetic is
 * calendar arithmetic (UTC dates), their instants come from Intl, so DST days have their
 * real 23 or 25 hours.
 */
import type { DateRange } from '../../../src-preload/contract/interactions';

const DAY_MS = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: timeZone || 'UTC', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall clock in timeZone at `ms`, as if it were UTC (epoch ms). */
function wallClock(ms: number, timeZone: string): number {
  const p: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(ms)) if (part.type !== 'literal') p[part.type] = Number(part.value);
  return Date.UTC(p.year ?? 1970, (p.month ?? 1) - 1, p.day ?? 1, p.hour ?? 0, p.minute ?? 0, p.second ?? 0);
}

function dayString(utcMs: number): string {
  return new Date(utcMs).toISOString().slice(0, 10);
}

function utcOf(day: string): number {
  return Date.parse(`${day}T00:00:00Z`);
}

/** The day `ms` falls on in timeZone. */
export function dayOf(ms: number, timeZone: string): string {
  return dayString(wallClock(ms, timeZone));
}

export function addDays(day: string, days: number): string {
  return dayString(utcOf(day) + days * DAY_MS);
}

/** Days from `from` to `to`, both counted (0 when to is before from). */
export function daysBetween(from: string, to: string): number {
  return Math.max(0, Math.round((utcOf(to) - utcOf(from)) / DAY_MS) + 1);
}

/** The instant the day starts in timeZone (its midnight, or the first hour after a DST gap at midnight). */
export function startOfDay(day: string, timeZone: string): number {
  const midnight = utcOf(day);
  // The zone's offset at a first guess, then at the guess itself: right across a DST change.
  let guess = midnight - (wallClock(midnight, timeZone) - midnight);
  guess = midnight - (wallClock(guess, timeZone) - guess);
  return dayOf(guess, timeZone) < day ? guess + 3_600_000 : guess;
}

/**
 * The range's days: presets count back from today (7 days = today and the six before);
 * an open start begins at the earliest day given (today when there is none), an open end is today.
 */
export function rangeDays(range: DateRange, now: number, timeZone: string, earliest: number | null): { from: string; to: string } {
  const today = dayOf(now, timeZone);
  const first = earliest === null ? today : dayOf(Math.min(earliest, now), timeZone);
  switch (range.preset) {
    case 'today':
      return { from: today, to: today };
    case '7d':
      return { from: addDays(today, -6), to: today };
    case '30d':
      return { from: addDays(today, -29), to: today };
    case 'any':
      return { from: first, to: today };
    case 'custom':
      return { from: range.from || first, to: range.to || today };
  }
}
