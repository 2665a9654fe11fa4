/** Compresses UIDs into an IMAP sequence set ("1:4,7,9:10") to keep commands short. */
export function toSequenceSet(uids: number[]): string {
  const sorted = [...new Set(uids)].sort((a, b) => a - b);
  const parts: string[] = [];
  let start = sorted[0];
  let prev = start;
  for (let i = 1; i <= sorted.length; i++) {
    const uid = sorted[i];
    if (uid !== undefined && prev !== undefined && uid === prev + 1) {
      prev = uid;
      continue;
    }
    if (start !== undefined && prev !== undefined) parts.push(start === prev ? String(start) : `${start}:${prev}`);
    start = uid;
    prev = uid;
  }
  return parts.join(',');
}

/**
 * The numbers of a sequence set the server sent ("1:4,7,10:9"), ascending. Throws on
 * anything else, and past `limit` numbers (a search cannot find more messages than the
 * folder holds: "1:4294967295" must not fill the memory).
 */
export function fromSequenceSet(set: string, limit: number): number[] {
  const out: number[] = [];
  if (set === '') return out;
  let ascending = true;
  for (const part of set.split(',')) {
    const match = /^(\d+)(?::(\d+))?$/.exec(part);
    if (!match) throw new Error(`The server sent an invalid sequence set: ${set.slice(0, 100)}`);
    const a = Number(match[1]);
    const b = match[2] === undefined ? a : Number(match[2]);
    const [low, high] = a <= b ? [a, b] : [b, a];
    if (out.length + (high - low + 1) > limit) throw new Error(`The server's search answer names more than the ${limit} messages the folder holds.`);
    if (out.length > 0 && low <= out[out.length - 1]!) ascending = false;
    for (let n = low; n <= high; n++) out.push(n);
  }
  return ascending ? out : out.sort((x, y) => x - y);
}

/** Splits a list into consecutive chunks of at most `size`. */
export function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
