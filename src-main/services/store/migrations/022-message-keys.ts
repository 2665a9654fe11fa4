/**
 * Message-IDs are random keys: with an index on messages.message_id every stored header
 * wrote one page of it at its commit (and the checkpoint wrote it again): 35–60 µs a row
 * of a first sync against 12 µs without it (README, Benchmark, 2026-12-04 20:06).
 *
 * The keys now live in message_keys, filled in sorted passes (store/message-keys.ts):
 * a header's row is keyed later, with many others in Message-ID order, so a pass writes
 * each page once for many keys. message_keys_progress records up to which messages.id
 * every row with a Message-ID is keyed; rows above it are found through a table of the
 * connection's own (in memory), rebuilt when the store opens, so a kill in between loses nothing.
 */
export const up = `
CREATE TABLE message_keys (
  message_id TEXT NOT NULL,
  id         INTEGER NOT NULL,
  PRIMARY KEY (message_id, id)
) WITHOUT ROWID;
INSERT INTO message_keys (message_id, id) SELECT message_id, id FROM messages WHERE message_id IS NOT NULL ORDER BY message_id, id;
CREATE TABLE message_keys_progress (
  id         INTEGER PRIMARY KEY CHECK (id = 1),
  keyed_upto INTEGER NOT NULL
);
INSERT INTO message_keys_progress (id, keyed_upto) SELECT 1, coalesce(max(id), 0) FROM messages;
CREATE TRIGGER message_keys_follow_delete AFTER DELETE ON messages WHEN OLD.message_id IS NOT NULL BEGIN
  DELETE FROM message_keys WHERE message_id = OLD.message_id AND id = OLD.id;
END;
DROP INDEX messages_by_message_id;
`;
