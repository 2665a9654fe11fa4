/** Numbers from low to high, both included. */
export type UidRange = readonly [low: number, high: number];

/**
 * The ranges of a sequence set the server sent ("1:4,7,10:9"), ascending and apart (a
 * first sync's search answer is a few ranges of a million UIDs: nothing to hold a number
 * each for). Throws on anything else, and past `limit` numbers (a search cannot find more
 * messages than the folder holds: "1:4294967295" must not fill the memory).
 */
export function rangesOfSequenceSet(set: string, limit: number): UidRange[] {
  if (set === '') return [];
  const ranges: [number, number][] = [];
  let count = 0;
  for (const part of set.split(',')) {
    const match = /^(\d+)(?::(\d+))?$/.exec(part);
    if (!match) throw new Error(`The server sent an invalid sequence set: ${set.slice(0, 100)}`);
    const a = Number(match[1]);
    const b = match[2] === undefined ? a : Number(match[2]);
    count += Math.abs(b - a) + 1;
    if (count > limit) throw new Error(`The server's search answer names more than the ${limit} messages the folder holds.`);
    ranges.push(a <= b ? [a, b] : [b, a]);
  }
  ranges.sort((x, y) => x[0] - y[0]);
  const merged: [number, number][] = [];
  for (const [low, high] of ranges) {
    const last = merged.at(-1);
    if (last && low <= last[1] + 1) last[1] = Math.max(last[1], high);
    else merged.push([low, high]);
  }
  return merged;
}

/**
 * The ranges of a list of numbers (any order, repeats allowed). Sorted as a typed array,
 * whose sort is numeric without a comparator: a plain SEARCH answer can list a million.
 */
export function rangesOf(numbers: readonly number[]): UidRange[] {
  const ranges: [number, number][] = [];
  for (const n of Float64Array.from(numbers).sort()) {
    const last = ranges.at(-1);
    // Ascending: n is a repeat of the range's end or follows it.
    if (last && n <= last[1] + 1) last[1] = n;
    else ranges.push([n, n]);
  }
  return ranges;
}

/** Compresses UIDs into an IMAP sequence set ("1:4,7,9:10") to keep commands short. */
export function toSequenceSet(uids: readonly number[]): string {
  return rangesOf(uids)
    .map(([low, high]) => (low === high ? String(low) : `${low}:${high}`))
    .join(',');
}

/** Every number of the ranges, ascending; the list allocated once at its length (pushing a million numbers one by one took five times as long). */
export function expandRanges(ranges: readonly UidRange[]): number[] {
  const out = new Array<number>(ranges.reduce((sum, [low, high]) => sum + high - low + 1, 0));
  let i = 0;
  for (const [low, high] of ranges) for (let n = low; n <= high; n++) out[i++] = n;
  return out;
}

/**
 * The UIDs in `found` that `known` (ascending) lacks, from `from` on, newest first, in
 * batches: the first of `first` UIDs, the rest of `size`. One walk down both. At a
 * million UIDs, a list of every UID found, a Set of the known ones, a filter and a sort
 * held the main thread for half a second.
 */
export function missingNewestFirst(found: readonly UidRange[], known: readonly number[], from: number, first: number, size: number): number[][] {
  const batches: number[][] = [];
  let batch: number[] = [];
  let k = known.length - 1;
  for (let r = found.length - 1; r >= 0; r--) {
    const [low, high] = found[r]!;
    for (let uid = high; uid >= Math.max(low, from); uid--) {
      while (k >= 0 && known[k]! > uid) k--;
      if (k >= 0 && known[k] === uid) continue;
      batch.push(uid);
      if (batch.length === (batches.length === 0 ? first : size)) {
        batches.push(batch);
        batch = [];
      }
    }
  }
  if (batch.length > 0) batches.push(batch);
  return batches;
}

/** Splits a list into consecutive chunks of at most `size`. */
export function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
