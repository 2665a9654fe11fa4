import { SEARCH_KEY } from '../search-key';

/**
 * Search results come newest first. With the FTS rowid equal to messages.id, a common
 * word matched tens of thousands of rows that all had to be fetched and sorted by
 * date (p95 104 ms at 100,000 messages). Now the rowid is the search key of
 * search-key.ts, ordered by date (seconds) and then id, so `ORDER BY rowid DESC
 * LIMIT n` reads the index newest first and stops after n rows.
 *
 * The index is contentless, so it is rebuilt from the cached text: the same subject,
 * addresses and text body that sync indexes (bodies not fetched yet index as empty).
 */
const addressesOf = (column: string) =>
  `(SELECT coalesce(group_concat(json_extract(value, '$.name') || ' ' || json_extract(value, '$.address'), ' '), '') FROM json_each(${column}))`;

export const up = `
DROP TABLE messages_fts;
CREATE VIRTUAL TABLE messages_fts USING fts5 (
  subject, addresses, body,
  content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO messages_fts (rowid, subject, addresses, body)
SELECT ${SEARCH_KEY}, subject,
  from_name || ' ' || from_address || ' ' || ${addressesOf('to_json')} || ' ' || ${addressesOf('cc_json')},
  coalesce(text_body, '')
FROM messages;
`;
