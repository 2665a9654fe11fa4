import { describe, expect, it } from 'vitest';
import { completeLines, htmlBeginning, leadingChunks, splitIntoChunks, utf8ByteLength } from '../../src-renderer/mail-view/long-text';

describe('splitIntoChunks', () => {
  it('ends chunks after a line break, and joined they are the text', () => {
    const text = Array.from({ length: 200 }, (_, i) => `line ${i} ${'x'.repeat(i % 37)}`).join('\n');
    const chunks = splitIntoChunks(text, 500);
    expect(chunks.map((c) => c.text).join('')).toBe(text);
    for (const c of chunks.slice(0, -1)) {
      expect(c.text.endsWith('\n')).toBe(true);
      expect(c.text.length).toBeLessThanOrEqual(500);
    }
    expect(chunks.reduce((n, c) => n + c.lines, 0)).toBe(199);
  });

  it('cuts a line longer than a chunk, never inside a surrogate pair', () => {
    const text = `${'a'.repeat(9)}😀${'b'.repeat(20)}`;
    const chunks = splitIntoChunks(text, 10);
    expect(chunks[0]!.text).toBe('a'.repeat(9));
    expect(chunks.map((c) => c.text).join('')).toBe(text);
    expect(chunks.every((c) => !/[\uD800-\uDBFF]$/.test(c.text))).toBe(true);
  });

  it('has no chunk for empty text', () => {
    expect(splitIntoChunks('')).toEqual([]);
  });
});

describe('leadingChunks', () => {
  it('counts the chunks within the beginning, at least one', () => {
    const chunks = splitIntoChunks('abcd\n'.repeat(100), 50);
    expect(leadingChunks(chunks, 120)).toBe(2);
    expect(leadingChunks(chunks, 10)).toBe(1);
    expect(leadingChunks(chunks, 10_000)).toBe(chunks.length);
  });
});

describe('utf8ByteLength', () => {
  it('counts as UTF-8 does', () => {
    for (const s of ['', 'abc', 'Müller', '€100', '😀 ok', 'lone \uD800 surrogate']) {
      expect(utf8ByteLength(s)).toBe(Buffer.byteLength(s, 'utf8'));
    }
  });
});

describe('htmlBeginning', () => {
  it('cuts the beginning of a longer document before its last tag', () => {
    expect(htmlBeginning('<p>one</p><p class="x" title="tw')).toBe('<p>one</p>');
    expect(htmlBeginning('no tags at all')).toBe('no tags at all');
  });
});

describe('completeLines', () => {
  it('holds back the unfinished last line for the next piece', () => {
    expect(completeLines('a\nb\nunfini')).toEqual({ lines: 'a\nb\n', carry: 'unfini' });
    expect(completeLines('a\n')).toEqual({ lines: 'a\n', carry: '' });
    expect(completeLines('one long line')).toEqual({ lines: 'one long line', carry: '' });
  });
});
