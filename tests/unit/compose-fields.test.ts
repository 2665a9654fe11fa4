/**
 * The composer's checks that need no DOM: recipients typed or pasted into To/Cc/Bcc,
 * the link address in the editor, and the "Send later" time.
 */
import { describe, expect, it } from 'vitest';
import { mergeRecipients, parseRecipients, recipientLabel } from '../../src-renderer/features/compose/recipients';
import { localInputValue, scheduleProblem } from '../../src-renderer/features/compose/schedule';
import { normalizeLink } from '../../src-renderer/ui/link-address';

describe('parseRecipients', () => {
  it('reads bare addresses, angle addresses and quoted names with commas', () => {
    const { recipients, problem, rest } = parseRecipients('ana@example.com; Ben Ode <ben@example.org>, "Lima, Ana" <ana.lima@example.com>\n<c@example.net>');
    expect(problem).toBeNull();
    expect(rest).toBe('');
    expect(recipients).toEqual([
      { name: '', address: 'ana@example.com' },
      { name: 'Ben Ode', address: 'ben@example.org' },
      { name: 'Lima, Ana', address: 'ana.lima@example.com' },
      { name: '', address: 'c@example.net' },
    ]);
  });

  it('keeps what is not an address in the box and says how to write it', () => {
    const { recipients, problem, rest } = parseRecipients('ana@example.com, ben at example, carl@');
    expect(recipients).toEqual([{ name: '', address: 'ana@example.com' }]);
    expect(rest).toBe('ben at example, carl@');
    expect(problem).toContain('“ben at example” is not an email address');
    expect(problem).toContain('customer@example.com');
  });

  it('ignores empty entries', () => {
    expect(parseRecipients(' , ;\n')).toEqual({ recipients: [], problem: null, rest: '' });
  });
});

describe('mergeRecipients and recipientLabel', () => {
  it('adds an address once, whatever its case', () => {
    const merged = mergeRecipients([{ name: '', address: 'Ana@Example.com' }], [
      { name: 'Ana', address: 'ana@example.com' },
      { name: 'Ben', address: 'ben@example.com' },
    ]);
    expect(merged.map((r) => r.address)).toEqual(['Ana@Example.com', 'ben@example.com']);
    expect(recipientLabel(merged[1]!)).toBe('Ben <ben@example.com>');
    expect(recipientLabel(merged[0]!)).toBe('Ana@Example.com');
  });
});

describe('normalizeLink', () => {
  it('accepts web and mail links, completing a bare domain or address', () => {
    expect(normalizeLink('https://example.com/help')).toEqual({ href: 'https://example.com/help' });
    expect(normalizeLink(' example.com/help ')).toEqual({ href: 'https://example.com/help' });
    expect(normalizeLink('help@example.com')).toEqual({ href: 'mailto:help@example.com' });
  });

  it('refuses empty, script and incomplete addresses with the fix', () => {
    expect(normalizeLink('')).toEqual({ problem: expect.stringContaining('https://example.com/help') });
    expect(normalizeLink('javascript:alert(1)')).toEqual({ problem: expect.stringContaining('https://, http:// or mailto:') });
    expect(normalizeLink('intranet')).toEqual({ problem: expect.stringContaining('full domain') });
  });
});

describe('scheduleProblem', () => {
  const now = new Date(2026, 5, 1, 10, 0).getTime();
  it('accepts a time in the future', () => {
    expect(scheduleProblem(localInputValue(now + 3_600_000), now)).toEqual({ at: now + 3_600_000 });
  });
  it('asks for a time, and for one in the future', () => {
    expect(scheduleProblem('', now)).toEqual({ problem: 'Pick the day and time to send it.' });
    expect(scheduleProblem(localInputValue(now - 60_000), now)).toEqual({ problem: expect.stringContaining('Pick a time in the future') });
  });
});
