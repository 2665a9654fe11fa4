/** The first index in [0, end) of ascending `sorted` whose value is not below `key` (end when none is). */
export function lowerBound(sorted: ArrayLike<number>, key: number, end = sorted.length): number {
  let lo = 0;
  let hi = end;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
