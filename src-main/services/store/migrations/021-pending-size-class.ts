/**
 * The body phase's count of rows under the size limit (migration 020) read an index by
 * exact size, and every stored header went into it at a random place: at 300,000 rows a
 * header cost 38–65 µs to store with it and 28 µs without (the index's pages are read and
 * written back at each commit). Now the index holds each row's size class (powers of
 * four): sixteen classes, each filled in row order, so a stored header touches the
 * last page of its class. A count reads the classes below the limit's from the index and
 * the rows of the limit's own class only.
 */

/** The size class of an SQL operand (a column or a parameter): how many of 4, 16, 64 … 4^15 bytes it reaches. */
export function sizeClass(operand: string): string {
  return Array.from({ length: 15 }, (_, i) => `(${operand} >= ${4 ** (i + 1)})`).join(' + ');
}

export const up = `
DROP INDEX messages_pending_source_size;
CREATE INDEX messages_pending_size_class ON messages (mailbox_id, uidvalidity, (${sizeClass('size')})) WHERE body_loaded = 0 AND raw_sha256 IS NULL;
`;
