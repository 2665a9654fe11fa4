import { describe, expect, it } from 'vitest';
import { chunks, fromSequenceSet, toSequenceSet } from '../../src-main/services/sync/uid-set';

describe('toSequenceSet', () => {
  it('compresses runs and keeps singles', () => {
    expect(toSequenceSet([9, 1, 2, 3, 4, 7, 10])).toBe('1:4,7,9:10');
  });
  it('drops duplicates and handles one or none', () => {
    expect(toSequenceSet([5, 5])).toBe('5');
    expect(toSequenceSet([])).toBe('');
  });
});

describe('chunks', () => {
  it('splits into batches of at most the size', () => {
    expect(chunks([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
  });
});

describe('fromSequenceSet', () => {
  it('expands ranges (either way round) and singles, ascending', () => {
    expect(fromSequenceSet('1:4,7,10:9', 10)).toEqual([1, 2, 3, 4, 7, 9, 10]);
    expect(fromSequenceSet('9,2:3', 10)).toEqual([2, 3, 9]);
    expect(fromSequenceSet('', 0)).toEqual([]);
  });
  it('refuses what is not a sequence set, and more numbers than the folder holds', () => {
    expect(() => fromSequenceSet('1:*', 10)).toThrow(/invalid sequence set/);
    expect(() => fromSequenceSet('1:4294967295', 100)).toThrow(/more than the 100 messages/);
  });
});
