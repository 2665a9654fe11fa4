/**
 * The FTS rowid of a message: its date in seconds (clamped to ±2^32 s) times 2^31,
 * plus its id. Rowids then sort like the message list (newest first), so a search
 * reads the index backwards and stops after the first page instead of sorting every
 * match; the low 31 bits give the id back. The date of a row never changes after
 * insert, so the key is stable for the row's life. SQL over a `messages` row.
 */
export const SEARCH_KEY = 'MAX(MIN(CAST(date AS INTEGER) / 1000, 4294967295), -4294967296) * 2147483648 + id';

/** messages.id of an FTS rowid (two's complement keeps the low bits for negative dates too). */
export const ID_OF_SEARCH_ROW = 'rowid & 2147483647';
