import type { SearchObject } from 'imapflow';
import type { ImportSettings } from '../../../src-preload/contract';

/** One term of an XCALLY header filter: the header is present, or has exactly this value. */
export interface HeaderTerm {
  /** Lower case: header names compare case-insensitively. */
  name: string;
  /** Compared case-sensitively; null = presence only. */
  value: string | null;
}

/**
 * Parses the XCALLY header filter: `name` or `name=value`, comma-separated.
 * A comma means OR: a message is imported when any one term matches, the way
 * admins read "X-Priority=1, List-Id" (urgent mail or list mail). Empty terms are
 * ignored, so an empty filter imports everything.
 */
export function parseHeaderFilter(filter: string): HeaderTerm[] {
  return filter
    .split(',')
    .map((term) => term.trim())
    .filter((term) => term.length > 0)
    .map((term) => {
      const eq = term.indexOf('=');
      if (eq < 0) return { name: term.toLowerCase(), value: null };
      return { name: term.slice(0, eq).trim().toLowerCase(), value: term.slice(eq + 1).trim() };
    })
    .filter((term) => term.name.length > 0);
}

/** Unfolded header lines of a HEADER.FIELDS fetch, by lower-case name (a header may repeat). */
export function headerValues(block: Buffer | string | undefined): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const text = (block ?? '').toString().replace(/\r?\n[ \t]+/g, ' ');
  for (const line of text.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    const values = out.get(name);
    if (values) values.push(value);
    else out.set(name, [value]);
  }
  return out;
}

/**
 * The exact check behind the server's SEARCH: IMAP HEADER matching is a
 * case-insensitive substring test, the filter wants an exact, case-sensitive value.
 */
export function matchesHeaderFilter(terms: HeaderTerm[], headers: Map<string, string[]>): boolean {
  if (terms.length === 0) return true;
  return terms.some((t) => {
    const values = headers.get(t.name);
    if (!values) return false;
    return t.value === null || values.includes(t.value);
  });
}

const MONTHS = { '1m': 1, '3m': 3, '6m': 6 } as const;

/**
 * The oldest arrival date to import on a folder's first sync, or null for no limit.
 *
 * 'now' ("All existing mail and new mail" in the form) means: no cut-off in the past. The folder's mail
 * as it is when the account is added is imported, and everything that arrives
 * later. Reading it as "only mail that arrives after adding" would leave a new
 * shared inbox empty until the next customer writes, which no admin expects.
 */
export function syncSince(settings: Pick<ImportSettings, 'syncFrom' | 'syncFromDate'>, now: Date): Date | null {
  switch (settings.syncFrom) {
    case 'now':
      return null;
    case 'date':
      return settings.syncFromDate ? new Date(`${settings.syncFromDate}T00:00:00Z`) : null;
    default: {
      const since = new Date(now);
      since.setUTCMonth(since.getUTCMonth() - MONTHS[settings.syncFrom]);
      return since;
    }
  }
}

/** The SEARCH that narrows a folder to importable mail: arrival date and header filter (OR-ed terms). */
export function importSearch(terms: HeaderTerm[], since: Date | null, uidFrom: number | null): SearchObject {
  const search: SearchObject = {};
  if (uidFrom !== null) search.uid = `${uidFrom}:*`;
  if (since) search.since = since;
  if (terms.length === 1) search.header = { [terms[0]!.name]: terms[0]!.value ?? true };
  else if (terms.length > 1) search.or = terms.map((t) => ({ header: { [t.name]: t.value ?? true } }));
  if (Object.keys(search).length === 0) search.all = true;
  return search;
}
