/**
 * Sync engine state: where each folder's sync stopped (UIDNEXT), how to recognise a
 * message across UIDVALIDITY changes and folders (content hash, Gmail message ID),
 * what after-import did on the server, UIDs deliberately not stored, and flag
 * changes waiting for the server.
 */
export const up = `
ALTER TABLE mailboxes ADD COLUMN uid_next INTEGER;

ALTER TABLE messages ADD COLUMN content_hash TEXT;
ALTER TABLE messages ADD COLUMN gm_msgid TEXT;
-- NULL: untouched on the server; 'marked-read'; 'deleting' (committed locally, the server
-- copy may go at any time, so the row no longer follows the server); 'deleted'.
ALTER TABLE messages ADD COLUMN after_import TEXT;
CREATE INDEX messages_by_content_hash ON messages (content_hash);
CREATE INDEX messages_by_gm_msgid ON messages (gm_msgid);

-- Server UIDs seen but not stored: a duplicate of a cached message (message_ref) or our own test mail.
CREATE TABLE skipped_uids (
  mailbox_id  INTEGER NOT NULL REFERENCES mailboxes(id) ON DELETE CASCADE,
  uidvalidity INTEGER NOT NULL,
  uid         INTEGER NOT NULL,
  reason      TEXT NOT NULL,
  message_ref INTEGER REFERENCES messages(id) ON DELETE SET NULL,
  PRIMARY KEY (mailbox_id, uidvalidity, uid)
);

-- Flag changes made in the app, applied to the server by the work connection, then deleted.
CREATE TABLE pending_flag_changes (
  id         INTEGER PRIMARY KEY,
  message_id INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
  flag       TEXT NOT NULL,
  value      INTEGER NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX pending_flag_changes_by_message ON pending_flag_changes (message_id);
`;
