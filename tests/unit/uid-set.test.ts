import { describe, expect, it } from 'vitest';
import { chunks, expandRanges, missingNewestFirst, rangesOf, rangesOfSequenceSet, toSequenceSet } from '../../src-main/services/sync/uid-set';

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

describe('rangesOfSequenceSet', () => {
  it('reads ranges (either way round) and singles, ascending, joining those that touch or overlap', () => {
    expect(rangesOfSequenceSet('1:4,7,10:9', 10)).toEqual([[1, 4], [7, 7], [9, 10]]);
    expect(rangesOfSequenceSet('9,2:3,4,3:5', 20)).toEqual([[2, 5], [9, 9]]);
    expect(rangesOfSequenceSet('', 0)).toEqual([]);
    expect(expandRanges(rangesOfSequenceSet('1:4,7,10:9', 10))).toEqual([1, 2, 3, 4, 7, 9, 10]);
  });
  it('refuses what is not a sequence set, and more numbers than the folder holds', () => {
    expect(() => rangesOfSequenceSet('1:*', 10)).toThrow(/invalid sequence set/);
    expect(() => rangesOfSequenceSet('1:4294967295', 100)).toThrow(/more than the 100 messages/);
  });
  it('gives the same ranges for a plain list of numbers', () => {
    expect(rangesOf([10, 9, 1, 2, 3, 4, 7, 3])).toEqual([[1, 4], [7, 7], [9, 10]]);
    expect(rangesOf([])).toEqual([]);
  });
});

describe('missingNewestFirst', () => {
  const found = [[1, 10]] as const;
  it('leaves out the known UIDs and those below the lower bound, newest first, in a first batch and then batches of the size', () => {
    expect(missingNewestFirst(found, [2, 5, 9], 1, 2, 3)).toEqual([[10, 8], [7, 6, 4], [3, 1]]);
    expect(missingNewestFirst(found, [2, 5, 9], 4, 2, 3)).toEqual([[10, 8], [7, 6, 4]]);
    // Known UIDs the search did not find (deleted on the server, or above what it matched) change nothing.
    expect(missingNewestFirst([[3, 3], [6, 6], [9, 9]], [1, 4, 6, 12], 1, 1, 5)).toEqual([[9], [3]]);
  });
  it('gives no empty batch', () => {
    expect(missingNewestFirst(found, [], 1, 5, 5)).toEqual([[10, 9, 8, 7, 6], [5, 4, 3, 2, 1]]);
    expect(missingNewestFirst(found, expandRanges(found), 1, 5, 5)).toEqual([]);
    expect(missingNewestFirst([], [1], 1, 5, 5)).toEqual([]);
  });
});
