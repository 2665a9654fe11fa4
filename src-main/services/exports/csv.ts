import { stringify } from 'csv-stringify/sync';

/** A CSV cell: text and numbers as they are, dates in ISO 8601 in the export's time zone, null as empty. */
export type CsvCell = string | number | boolean | Date | null;

export interface CsvOptions {
  /** A UTF-8 byte-order mark first, so spreadsheet programs read the file as UTF-8. */
  bom: boolean;
  /** IANA time zone for dates; empty = UTC. */
  timeZone: string;
}

/** Rows stringified per call: the per-record cost of a stream dominated 100,000-row exports. */
const BATCH_ROWS = 1000;

/**
 * Rows as RFC 4180 CSV text in batches (CRLF line ends, fields with quotes, commas or
 * line breaks quoted, quotes doubled), for a UTF-8 file. Text starting with = + - @ (or
 * a tab or CR) gets a leading apostrophe: a spreadsheet would run it as a formula (CSV
 * injection). Numbers are written as numbers, so a negative count stays a number.
 * `counted(n)` is told after each batch how many rows are written.
 */
export async function* csvText(rows: Iterable<CsvCell[]> | AsyncIterable<CsvCell[]>, options: CsvOptions, counted: (rows: number) => void): AsyncGenerator<string> {
  const zone = options.timeZone || 'UTC';
  const settings = {
    record_delimiter: 'windows' as const,
    escape_formulas: true,
    // Quote any field with a line break of either kind, not only the record delimiter.
    quoted_match: /[\r\n]/,
    cast: {
      date: (value: Date) => isoDateTime(value.getTime(), zone),
      boolean: (value: boolean) => (value ? 'yes' : 'no'),
    },
  };
  let batch: CsvCell[][] = [];
  let done = 0;
  let first = true;
  const flush = () => {
    const text = stringify(batch, { ...settings, bom: first && options.bom });
    done += batch.length;
    first = false;
    batch = [];
    return text;
  };
  for await (const row of rows) {
    batch.push(row);
    if (batch.length >= BATCH_ROWS) {
      yield flush();
      counted(done);
    }
  }
  if (batch.length > 0 || first) yield flush();
  counted(done);
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The zone's offset from UTC in minutes at that instant, asked of Intl (slow: tens of microseconds). */
function intlOffset(ms: number, timeZone: string): number {
  const parts = Object.fromEntries(formatterFor(timeZone).formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
  const wall = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  return Math.round((wall - ms) / 60_000);
}

const DAY_MS = 86_400_000;
/** Zones change their offset only on quarter hours. */
const QUARTER_HOUR_MS = 15 * 60_000;

/**
 * Per zone, what Intl answered: per UTC day its offset when the day starts and ends with
 * the same one (null when the offset changes that day), and per quarter hour of the days
 * that change. A year of dates costs a few hundred Intl calls, not one per quarter hour.
 */
interface ZoneOffsets {
  days: Map<number, number | null>;
  quarters: Map<number, number>;
}
const zones = new Map<string, ZoneOffsets>();

/** The zone's offset from UTC in minutes at that instant (remembered per day, or per quarter hour on a day it changes). */
function offsetMinutes(ms: number, timeZone: string): number {
  let zone = zones.get(timeZone);
  if (!zone) zones.set(timeZone, (zone = { days: new Map(), quarters: new Map() }));
  const day = Math.floor(ms / DAY_MS);
  let whole = zone.days.get(day);
  if (whole === undefined) {
    // Offsets change at most once a day (twice a year in most zones): equal ends mean one offset all day.
    const start = intlOffset(day * DAY_MS, timeZone);
    whole = start === intlOffset((day + 1) * DAY_MS, timeZone) ? start : null;
    if (zone.days.size > 100_000) zone.days.clear();
    zone.days.set(day, whole);
  }
  if (whole !== null) return whole;
  const quarter = Math.floor(ms / QUARTER_HOUR_MS);
  let offset = zone.quarters.get(quarter);
  if (offset === undefined) {
    offset = intlOffset(quarter * QUARTER_HOUR_MS, timeZone);
    if (zone.quarters.size > 100_000) zone.quarters.clear();
    zone.quarters.set(quarter, offset);
  }
  return offset;
}

/** "00" to "99": two-digit fields without a padStart per field. */
const TWO_DIGITS = Array.from({ length: 100 }, (_, n) => String(n).padStart(2, '0'));

/** 2026-03-01T10:15:00+01:00: the wall time in `timeZone` with its offset from UTC at that instant. */
export function isoDateTime(ms: number, timeZone: string): string {
  const offset = offsetMinutes(ms, timeZone || 'UTC');
  const wall = new Date(Math.floor(ms / 1000) * 1000 + offset * 60_000);
  const abs = Math.abs(offset);
  const year = wall.getUTCFullYear();
  return (
    `${year >= 1000 && year <= 9999 ? year : String(Math.abs(year)).padStart(4, '0')}-${TWO_DIGITS[wall.getUTCMonth() + 1]}-${TWO_DIGITS[wall.getUTCDate()]}` +
    `T${TWO_DIGITS[wall.getUTCHours()]}:${TWO_DIGITS[wall.getUTCMinutes()]}:${TWO_DIGITS[wall.getUTCSeconds()]}` +
    `${offset < 0 ? '-' : '+'}${TWO_DIGITS[Math.trunc(abs / 60)]}:${TWO_DIGITS[abs % 60]}`
  );
}

/** A zone the export can use: the agent's, or UTC when the name is not one Intl knows. */
export function knownTimeZone(timeZone: string): string {
  if (!timeZone) return 'UTC';
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return timeZone;
  } catch {
    return 'UTC';
  }
}
