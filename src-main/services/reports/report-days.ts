/**
 * The report's days: its date range turned into a first and a last day (YYYY-MM-DD) in
 * the agent's zone. Presets count back from today as the interactions filter does
 * (tickets/filter-terms.ts dateRangeSpan); unlike the filter, an open end is filled in, because the
 * report draws every day of its range.
 */
import type { DateRange } from '../../../src-preload/contract/interactions';
import { addDays, dayOf } from '../tickets/days';

/** Days from `from` to `to`, both counted (0 when to is before from). */
export function daysBetween(from: string, to: string): number {
  return Math.max(0, Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1);
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
