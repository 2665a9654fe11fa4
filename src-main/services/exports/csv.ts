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

/** Zones change their offset only on quarter hours: one Intl lookup per zone and quarter hour. */
const QUARTER_HOUR_MS = 15 * 60_000;
const offsets = new Map<string, number>();

/** The zone's offset from UTC in minutes at that instant (Intl asked once per quarter hour, then remembered). */
function offsetMinutes(ms: number, timeZone: string): number {
  const quarter = Math.floor(ms / QUARTER_HOUR_MS) * QUARTER_HOUR_MS;
  const key = `${timeZone} ${quarter}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    const parts = Object.fromEntries(formatterFor(timeZone).formatToParts(new Date(quarter)).map((p) => [p.type, p.value]));
    const wall = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
    offset = Math.round((wall - quarter) / 60_000);
    // A long export touches many quarter hours; the cache stays small.
    if (offsets.size > 100_000) offsets.clear();
    offsets.set(key, offset);
  }
  return offset;
}

const pad = (n: number, width = 2) => String(Math.abs(n)).padStart(width, '0');

/** 2026-03-01T10:15:00+01:00: the wall time in `timeZone` with its offset from UTC at that instant. */
export function isoDateTime(ms: number, timeZone: string): string {
  const offset = offsetMinutes(ms, timeZone || 'UTC');
  const wall = new Date(Math.floor(ms / 1000) * 1000 + offset * 60_000);
  const sign = offset < 0 ? '-' : '+';
  return (
    `${pad(wall.getUTCFullYear(), 4)}-${pad(wall.getUTCMonth() + 1)}-${pad(wall.getUTCDate())}` +
    `T${pad(wall.getUTCHours())}:${pad(wall.getUTCMinutes())}:${pad(wall.getUTCSeconds())}` +
    `${sign}${pad(Math.trunc(offset / 60))}:${pad(offset % 60)}`
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
