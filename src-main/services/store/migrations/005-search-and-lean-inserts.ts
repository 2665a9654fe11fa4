/**
 * Two costs of a big first sync:
 *
 * - Search results come newest first. With the FTS rowid equal to messages.id, a
 *   common word matched tens of thousands of rows that were all fetched and sorted by
 *   date (p95 104 ms at 100,000 messages). The rowid is now the date-ordered key of
 *   search-key.ts, so `ORDER BY rowid DESC LIMIT n` stops after n rows.
 * - Every index on messages is paid for by every header row stored. Content hashes
 *   (random 64-character keys) and Gmail IDs (NULL off Gmail) cost a third of the
 *   header write, yet only identify mail without a Message-ID and mail on Gmail:
 *   partial indexes hold just those rows.
 *
 * The search index is filled after a folder's headers are in rather than row by row
 * (the list fills first). search_progress records up to which messages.id rows are
 * indexed, so a kill in between loses nothing; starting from 0 here, the store
 * rebuilds the (contentless) index from the cached text when it opens.
 */
export const up = `
DROP TABLE messages_fts;
CREATE VIRTUAL TABLE messages_fts USING fts5 (
  subject, addresses, body,
  content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TABLE search_progress (
  id           INTEGER PRIMARY KEY CHECK (id = 1),
  indexed_upto INTEGER NOT NULL
);
INSERT INTO search_progress (id, indexed_upto) VALUES (1, 0);

DROP INDEX messages_by_content_hash;
DROP INDEX messages_by_gm_msgid;
DROP INDEX messages_by_message_id;
CREATE INDEX messages_by_message_id ON messages (message_id) WHERE message_id IS NOT NULL;
CREATE INDEX messages_by_gm_msgid ON messages (gm_msgid) WHERE gm_msgid IS NOT NULL;
CREATE INDEX messages_by_content_hash ON messages (mailbox_id, content_hash) WHERE message_id IS NULL;
`;
