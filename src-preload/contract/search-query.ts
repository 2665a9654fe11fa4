/**
 * The mail search box's language: free words, "quoted phrases" and operators (from:, to:,
 * subject:, has:attachment, is:unread, is:flagged, before:, after:). Pure: the renderer
 * parses to explain a mistake inline and to know what to highlight; the main process
 * parses the same text again at the door before it builds the SQL.
 */

/** A search as the store runs it. Text values are as typed (case is ignored when matching). */
export interface SearchQuery {
  /** Free words; each must occur in the subject, the addresses or the text. */
  words: string[];
  /** Quoted phrases: the words in this order. */
  phrases: string[];
  from: string[];
  to: string[];
  subject: string[];
  hasAttachment: boolean;
  unread: boolean;
  flagged: boolean;
  /** YYYY-MM-DD: mail dated before this day began (in the agent's time zone). */
  before: string | null;
  /** YYYY-MM-DD: mail dated on this day or later (in the agent's time zone). */
  after: string | null;
}

/** A mistake in the query: what is wrong, and what to write instead. */
export interface SearchMistake {
  problem: string;
  fix: string;
}

export type ParsedSearch = { ok: true; query: SearchQuery } | { ok: false; mistake: SearchMistake };

const OPERATORS = 'from:, to:, subject:, has:attachment, is:unread, is:flagged, before: or after:';
const TEXT_OPERATORS = ['from', 'to', 'subject'] as const;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

interface Token {
  /** The operator's name, lower case, when the token is `name:value`. */
  operator: string | null;
  value: string;
  quoted: boolean;
}

/** Splits on white space outside quotes; a quote left open runs to the end (the agent is still typing it). */
function tokens(text: string): Token[] {
  const found: Token[] = [];
  const pattern = /(?:([\p{L}]+):)?(?:"([^"]*)"?|(\S+))/gu;
  for (const m of text.matchAll(pattern)) {
    const quoted = m[2] !== undefined;
    found.push({ operator: m[1]?.toLowerCase() ?? null, value: (quoted ? m[2] : m[3]) ?? '', quoted });
  }
  return found;
}

function isDay(value: string): boolean {
  const m = DATE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

function fail(problem: string, fix: string): ParsedSearch {
  return { ok: false, mistake: { problem, fix } };
}

/** Parses the search box's text; a mistake comes back with the fix to name inline. */
export function parseSearch(text: string): ParsedSearch {
  const query: SearchQuery = { words: [], phrases: [], from: [], to: [], subject: [], hasAttachment: false, unread: false, flagged: false, before: null, after: null };
  for (const { operator, value, quoted } of tokens(text)) {
    const v = value.trim();
    if (operator === null) {
      if (quoted) {
        if (v) query.phrases.push(v);
      } else query.words.push(v);
      continue;
    }
    if ((TEXT_OPERATORS as readonly string[]).includes(operator)) {
      if (!v) return fail(`${operator}: needs something after it.`, `Write it as ${operator}:${operator === 'subject' ? 'invoice' : 'anna@example.com'}.`);
      query[operator as (typeof TEXT_OPERATORS)[number]].push(v);
    } else if (operator === 'has') {
      if (v.toLowerCase() !== 'attachment') return fail(`has:${v} is not something search knows.`, 'Write has:attachment for mail with attachments.');
      query.hasAttachment = true;
    } else if (operator === 'is') {
      const state = v.toLowerCase();
      if (state === 'unread') query.unread = true;
      else if (state === 'flagged') query.flagged = true;
      else return fail(`is:${v} is not something search knows.`, 'Write is:unread or is:flagged.');
    } else if (operator === 'before' || operator === 'after') {
      if (!isDay(v)) return fail(`${operator}:${v} is not a date search can read.`, `Write the day as YYYY-MM-DD, for example ${operator}:2026-03-31.`);
      query[operator] = v;
    } else {
      return fail(`${operator}: is not a search operator.`, `Use ${OPERATORS}; to search for the text itself, put it in quotes: "${operator}:${v}".`);
    }
  }
  if (query.before !== null && query.after !== null && query.after >= query.before) {
    return fail(`after:${query.after} is not earlier than before:${query.before}, so nothing can match.`, 'Swap the two dates.');
  }
  return { ok: true, query };
}

/** True when the query asks for nothing (an empty box shows the folder instead). */
export function isEmptySearch(q: SearchQuery): boolean {
  return (
    q.words.length + q.phrases.length + q.from.length + q.to.length + q.subject.length === 0 &&
    !q.hasAttachment &&
    !q.unread &&
    !q.flagged &&
    q.before === null &&
    q.after === null
  );
}

/**
 * The last free word is also a prefix ("inv" finds "invoice") once its last run of letters
 * and digits has this many characters: a shorter prefix matches most of a big index, and
 * the full-text index reads every match of a prefix before ordering them.
 */
export const PREFIX_MIN_CHARS = 3;

/** Whether a word is long enough to be looked up as a prefix where a prefix is allowed. */
export function isPrefixWord(word: string): boolean {
  return (word.match(/[\p{L}\p{N}]+/gu)?.at(-1)?.length ?? 0) >= PREFIX_MIN_CHARS;
}

/** Whether the query's free word at `index` is looked up as a prefix: the last one, if long enough (isPrefixWord). */
export function freeWordIsPrefix(q: SearchQuery, index: number): boolean {
  const word = q.words[index];
  return index === q.words.length - 1 && word !== undefined && isPrefixWord(word);
}

/** The query's last free word when it is matched whole only for being short, for the empty result to say so; else null. */
export function shortLastWord(q: SearchQuery): string | null {
  const index = q.words.length - 1;
  return index >= 0 && !freeWordIsPrefix(q, index) ? q.words[index]! : null;
}

/** A text a result is shown with marks on, as the search matched it: from the start of a word, to its end or (prefix) anywhere in it. */
export interface HighlightTerm {
  text: string;
  prefix: boolean;
}

/**
 * The texts a result is shown with marks on: everything the query matches as text.
 * Phrases and free words match whole words but the last free word (freeWordIsPrefix); the
 * text operators' values match as prefixes.
 */
export function highlightTerms(q: SearchQuery): HighlightTerm[] {
  return [
    ...q.phrases.map((text) => ({ text, prefix: false })),
    ...q.words.map((text, i) => ({ text, prefix: freeWordIsPrefix(q, i) })),
    ...[...q.from, ...q.to, ...q.subject].map((text) => ({ text, prefix: true })),
  ];
}
