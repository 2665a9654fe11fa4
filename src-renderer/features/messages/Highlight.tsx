import { useMemo } from 'react';
import { highlightTerms, parseSearch } from '../../../src-preload/contract';
import { escapeRegExp } from '../../../src-preload/escape-regexp';
import { selectSearchQuery, useMessagesStore } from '../../stores/messages';

/**
 * What the search on screen matches as text, as one regular expression: each term at the
 * start of a word and, unless the search took it as a prefix, to the word's end; case
 * ignored, longest first so a phrase wins over its own words. Null when no search is shown.
 * Kept for the last query: every row on screen asks for the same one.
 */
let last: { query: string; pattern: RegExp | null } = { query: '', pattern: null };

function patternFor(query: string): RegExp | null {
  if (query === last.query) return last.pattern;
  const parsed = parseSearch(query);
  const terms = parsed.ok ? highlightTerms(parsed.query).filter((t) => t.text.trim() !== '') : [];
  const alternatives = terms
    .sort((a, b) => b.text.length - a.text.length)
    .map((t) => `${escapeRegExp(t.text)}${t.prefix ? '' : '(?![\\p{L}\\p{N}])'}`);
  const pattern = alternatives.length === 0 ? null : new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives.join('|')})`, 'giu');
  last = { query, pattern };
  return pattern;
}

/** The search's match pattern, for any view that marks matches (the list, the open message's text). */
export function useSearchPattern(): RegExp | null {
  const query = useMessagesStore(selectSearchQuery);
  return useMemo(() => patternFor(query), [query]);
}

/** Text with the search's matches marked (<mark>); plain text when no search is shown. React escapes it: no HTML is built. */
export function Highlight({ text }: { text: string }) {
  const pattern = useSearchPattern();
  if (!pattern || !text) return <>{text}</>;
  const parts: React.ReactNode[] = [];
  let at = 0;
  for (const m of text.matchAll(pattern)) {
    if (m[0] === '') continue;
    if (m.index > at) parts.push(text.slice(at, m.index));
    parts.push(
      <mark key={m.index} className="search-hit">
        {m[0]}
      </mark>,
    );
    at = m.index + m[0].length;
  }
  if (parts.length === 0) return <>{text}</>;
  parts.push(text.slice(at));
  return <>{parts}</>;
}
