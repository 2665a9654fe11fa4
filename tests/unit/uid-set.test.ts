import { describe, expect, it } from 'vitest';
import { chunks, toSequenceSet } from '../../src-main/services/sync/uid-set';

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
