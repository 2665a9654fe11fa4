import { describe, expect, it } from 'vitest';
import { chunks, fromSequenceSet, missingNewestFirst, toSequenceSet } from '../../src-main/services/sync/uid-set';

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

describe('missingNewestFirst', () => {
  const found = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  it('leaves out the known UIDs and those below the lower bound, newest first, in a first batch and then batches of the size', () => {
    expect(missingNewestFirst(found, [2, 5, 9], 1, 2, 3)).toEqual([[10, 8], [7, 6, 4], [3, 1]]);
    expect(missingNewestFirst(found, [2, 5, 9], 4, 2, 3)).toEqual([[10, 8], [7, 6, 4]]);
    // Known UIDs the search did not find (deleted on the server, or above what it matched) change nothing.
    expect(missingNewestFirst([3, 6, 9], [1, 4, 6, 12], 1, 1, 5)).toEqual([[9], [3]]);
  });
  it('gives no empty batch', () => {
    expect(missingNewestFirst(found, [], 1, 5, 5)).toEqual([[10, 9, 8, 7, 6], [5, 4, 3, 2, 1]]);
    expect(missingNewestFirst(found, found, 1, 5, 5)).toEqual([]);
    expect(missingNewestFirst([], [1], 1, 5, 5)).toEqual([]);
  });
});
