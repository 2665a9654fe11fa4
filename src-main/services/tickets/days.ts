/**
 * Calendar days in an IANA time zone, as the interactions filter reads them: "today" and
 * "2026-03-31" mean the agent's day, not UTC's. Built on Intl (no time zone data of our
 * own); a day's start is found by asking Intl for the zone's offset, twice, because the
 * offset at UTC midnight can differ from the one at local midnight around a DST change.
 * Pure.
 */
import { appError } from '../errors/app-error';

/** A day as YYYY-MM-DD. */
export type Day = string;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    try {
      format = new Intl.DateTimeFormat('en-US', {
        timeZone: timeZone || 'UTC',
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch {
      throw appError('tickets/bad-filter', `"${timeZone}" is not a time zone this computer knows.`, 'Set the time zone to an IANA name such as Europe/Berlin, or leave it empty for UTC.');
    }
    formatters.set(timeZone, format);
  }
  return format;
}

/** Throws tickets/bad-filter when the zone is unknown; empty means UTC. */
export function checkTimeZone(timeZone: string): void {
  formatter(timeZone);
}

/** The wall clock in the zone at `ms`, as if it were UTC (ms precision dropped to seconds). */
function wallClock(ms: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(ms)) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
}

function offsetAt(ms: number, timeZone: string): number {
  return wallClock(ms, timeZone) - Math.floor(ms / 1000) * 1000;
}

function utcMidnight(day: Day): number {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d);
}

/**
 * The first millisecond of the day in the zone. Where clocks jump over midnight (Santiago,
 * Beirut), the day starts at the jump: of the two readings, the earliest that falls on the day.
 */
export function dayStart(day: Day, timeZone: string): number {
  const midnight = utcMidnight(day);
  const before = midnight - offsetAt(midnight, timeZone);
  const after = midnight - offsetAt(before, timeZone);
  const onTheDay = [before, after].filter((t) => dayOf(t, timeZone) === day);
  return onTheDay.length > 0 ? Math.min(...onTheDay) : after;
}

/** The day `ms` falls on in the zone. */
export function dayOf(ms: number, timeZone: string): Day {
  return new Date(wallClock(ms, timeZone)).toISOString().slice(0, 10);
}

export function addDays(day: Day, days: number): Day {
  return new Date(utcMidnight(day) + days * 86_400_000).toISOString().slice(0, 10);
}

/** [from, to) in ms: from the start of `first` to the start of the day after `last`; an empty end is open. */
export function daySpan(first: Day, last: Day, timeZone: string): { from: number; to: number } {
  return {
    from: first ? dayStart(first, timeZone) : -Infinity,
    to: last ? dayStart(addDays(last, 1), timeZone) : Infinity,
  };
}
