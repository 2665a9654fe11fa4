/** Report durations and days in words people read at a glance, and the unit a chart's axis counts in. */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "under 1 min", "12 min", "3 h 5 min", "2 d 4 h"; an em dash when nothing was measured. */
export function formatDuration(ms: number | null): string {
  if (ms === null) return '—';
  if (ms < MINUTE) return 'under 1 min';
  if (ms < HOUR) return `${Math.round(ms / MINUTE)} min`;
  if (ms < DAY) {
    const h = Math.floor(ms / HOUR);
    const min = Math.round((ms - h * HOUR) / MINUTE);
    return min === 60 ? `${h + 1} h` : min ? `${h} h ${min} min` : `${h} h`;
  }
  const d = Math.floor(ms / DAY);
  const h = Math.round((ms - d * DAY) / HOUR);
  return h === 24 ? `${d + 1} d` : h ? `${d} d ${h} h` : `${d} d`;
}

/** The axis unit for values up to maxMs: minutes under two hours, hours under three days, else days. */
export function axisUnit(maxMs: number): { label: string; ms: number } {
  if (maxMs < 2 * HOUR) return { label: 'minutes', ms: MINUTE };
  if (maxMs < 3 * DAY) return { label: 'hours', ms: HOUR };
  return { label: 'days', ms: DAY };
}

/** A report's days (YYYY-MM-DD, already in the agent's zone) as "Mar 2 – Mar 31, 2026". */
export function formatDayRange(from: string, to: string): string {
  const day = (d: string) => new Date(`${d}T00:00:00Z`);
  const format = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' });
  return from === to ? format.format(day(from)) : format.formatRange(day(from), day(to));
}
