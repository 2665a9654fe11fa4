import { stringify, type Stringifier } from 'csv-stringify';

/** A CSV cell: text and numbers as they are, dates in ISO 8601 in the export's time zone, null as empty. */
export type CsvCell = string | number | boolean | Date | null;

export interface CsvOptions {
  /** A UTF-8 byte-order mark first, so spreadsheet programs read the file as UTF-8. */
  bom: boolean;
  /** IANA time zone for dates; empty = UTC. */
  timeZone: string;
}

/**
 * A stream that turns rows into RFC 4180 CSV (CRLF line ends, fields with quotes, commas
 * or line breaks quoted, quotes doubled), UTF-8. Text starting with = + - @ (or a tab or
 * CR) gets a leading apostrophe: a spreadsheet would run it as a formula (CSV injection).
 * Numbers are written as numbers, so a negative count stays a number.
 */
export function csvStringifier(options: CsvOptions): Stringifier {
  const zone = options.timeZone || 'UTC';
  return stringify({
    bom: options.bom,
    record_delimiter: 'windows',
    escape_formulas: true,
    // Quote any field with a line break of either kind, not only the record delimiter.
    quoted_match: /[\r\n]/,
    cast: {
      date: (value) => isoDateTime(value.getTime(), zone),
      boolean: (value) => (value ? 'yes' : 'no'),
    },
  });
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

const pad = (n: number, width = 2) => String(Math.abs(n)).padStart(width, '0');

/** 2026-03-01T10:15:00+01:00: the wall time in `timeZone` with its offset from UTC at that instant. */
export function isoDateTime(ms: number, timeZone: string): string {
  const parts = Object.fromEntries(formatterFor(timeZone || 'UTC').formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
  const [y, mo, d, h, mi, s] = [parts.year, parts.month, parts.day, parts.hour, parts.minute, parts.second].map(Number) as [number, number, number, number, number, number];
  const wall = Date.UTC(y, mo - 1, d, h, mi, s);
  const offsetMinutes = Math.round((wall - Math.floor(ms / 1000) * 1000) / 60_000);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const offset = `${sign}${pad(Math.trunc(offsetMinutes / 60))}:${pad(offsetMinutes % 60)}`;
  return `${pad(y, 4)}-${pad(mo)}-${pad(d)}T${pad(h)}:${pad(mi)}:${pad(s)}${offset}`;
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
