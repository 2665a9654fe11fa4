import { describe, expect, it } from 'vitest';
import { highlightTerms, isEmptySearch, parseSearch, shortLastWord, type SearchQuery } from '../../src-preload/contract/search-query';

function ok(text: string): SearchQuery {
  const parsed = parseSearch(text);
  if (!parsed.ok) throw new Error(`${parsed.mistake.problem} ${parsed.mistake.fix}`);
  return parsed.query;
}

function mistake(text: string): string {
  const parsed = parseSearch(text);
  if (parsed.ok) throw new Error(`"${text}" parsed`);
  return `${parsed.mistake.problem} ${parsed.mistake.fix}`;
}

describe('search query parser', () => {
  it('reads free words, phrases and every operator together', () => {
    expect(ok('refund from:anna to:"Bob Smith" subject:invoice "late parcel" has:attachment is:unread is:flagged after:2026-03-01 before:2026-04-01 later')).toEqual({
      words: ['refund', 'later'],
      phrases: ['late parcel'],
      from: ['anna'],
      to: ['Bob Smith'],
      subject: ['invoice'],
      hasAttachment: true,
      unread: true,
      flagged: true,
      before: '2026-04-01',
      after: '2026-03-01',
    });
  });

  it('takes operator names and flag values in any case, and repeats of text operators', () => {
    const q = ok('FROM:a From:b IS:Unread Has:ATTACHMENT');
    expect(q.from).toEqual(['a', 'b']);
    expect(q.unread).toBe(true);
    expect(q.hasAttachment).toBe(true);
  });

  it('is empty for blank text and for empty quotes, not for a lone flag', () => {
    expect(isEmptySearch(ok(''))).toBe(true);
    expect(isEmptySearch(ok('   ""  '))).toBe(true);
    expect(isEmptySearch(ok('is:flagged'))).toBe(false);
    expect(isEmptySearch(ok('before:2026-01-01'))).toBe(false);
  });

  it('runs a quote left open to the end while it is being typed', () => {
    expect(ok('"late par').phrases).toEqual(['late par']);
    expect(ok('subject:"big ord').subject).toEqual(['big ord']);
  });

  it('keeps a colon at the end of a word as text ("Re:" in a subject)', () => {
    expect(ok('Re: refund').words).toEqual(['Re:', 'refund']);
    expect(ok('10:30').words).toEqual(['10:30']);
  });

  it('names the operators and the quoting fix for an unknown operator', () => {
    const text = mistake('refund label:work');
    expect(text).toContain('label: is not a search operator.');
    expect(text).toContain('from:, to:, subject:, has:attachment, is:unread, is:flagged, before: or after:');
    expect(text).toContain('"label:work"');
    expect(parseSearch('"label:work"')).toMatchObject({ ok: true, query: { phrases: ['label:work'] } });
  });

  it('explains unknown has: and is: values', () => {
    expect(mistake('has:pdf')).toBe('has:pdf is not something search knows. Write has:attachment for mail with attachments.');
    expect(mistake('is:read')).toBe('is:read is not something search knows. Write is:unread or is:flagged.');
  });

  it('rejects dates that are not real YYYY-MM-DD days, naming the format', () => {
    for (const bad of ['before:2026-02-30', 'after:2026-13-01', 'before:31/03/2026', 'after:2026-3-1', 'before:yesterday']) {
      expect(mistake(bad)).toContain('Write the day as YYYY-MM-DD');
    }
    expect(ok('after:2024-02-29').after).toBe('2024-02-29');
  });

  it('rejects a date range that cannot match and says to swap it', () => {
    expect(mistake('after:2026-04-01 before:2026-03-01')).toContain('Swap the two dates.');
    expect(mistake('after:2026-04-01 before:2026-04-01')).toContain('Swap the two dates.');
  });

  it('asks for a value after an empty quoted text operator', () => {
    expect(mistake('from:""')).toBe('from: needs something after it. Write it as from:anna@example.com.');
  });

  it('highlights phrases, words and the text operators’ values, each as the search matched it', () => {
    expect(highlightTerms(ok('refund "late parcel" from:anna subject:invoice is:unread'))).toEqual([
      { text: 'late parcel', prefix: false },
      { text: 'refund', prefix: true },
      { text: 'anna', prefix: true },
      { text: 'invoice', prefix: true },
    ]);
    // Only the last free word is a prefix, and only from three letters or digits on (its last run of them).
    expect(highlightTerms(ok('refund in'))).toEqual([
      { text: 'refund', prefix: false },
      { text: 'in', prefix: false },
    ]);
    expect(highlightTerms(ok('order 10-44')).map((t) => t.prefix)).toEqual([false, false]);
    expect(highlightTerms(ok('order 10-445')).map((t) => t.prefix)).toEqual([false, true]);
  });

  it('names a last word matched whole for being short, so an empty result can say to type on', () => {
    expect(shortLastWord(ok('refund or'))).toBe('or');
    expect(shortLastWord(ok('or refund'))).toBeNull();
    expect(shortLastWord(ok('from:an'))).toBeNull();
    expect(shortLastWord(ok('"in stock"'))).toBeNull();
  });
});
