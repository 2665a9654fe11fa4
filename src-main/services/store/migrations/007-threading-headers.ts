/**
 * Threading and the ticket import (services/tickets/):
 *
 * - In-Reply-To and References of every message, normalized to `<id>` tokens like
 *   messages.message_id (the envelope's Message-ID): a reply joins the ticket of the
 *   message it names. message_refs holds the References ids, oldest first, separated
 *   by spaces. Rows stored before this migration have neither and thread by token only.
 * - headers_json: the values of headers the header fetch asked for besides References
 *   (the header filter's and the routing rules' headers), by lower-case name, so a
 *   routing rule on "any header" is decided from the row. NULL when none were asked for.
 * - ticket_import_progress: per account, the highest messages.id the ticket importer
 *   has turned into mail.imported items. SQLite hands a new row the highest id plus
 *   one, so once the newest rows are deleted a new row could get an id at or below
 *   the mark and never be imported: the trigger lowers the mark to the highest id
 *   left, whichever code path deleted the rows.
 */
export const up = `
ALTER TABLE messages ADD COLUMN in_reply_to TEXT;
ALTER TABLE messages ADD COLUMN message_refs TEXT;
ALTER TABLE messages ADD COLUMN headers_json TEXT;

CREATE TABLE ticket_import_progress (
  account_id    TEXT PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
  imported_upto INTEGER NOT NULL
);

CREATE TRIGGER messages_deleted_lower_import_mark AFTER DELETE ON messages
WHEN OLD.id > (SELECT COALESCE(MAX(id), 0) FROM messages)
BEGIN
  UPDATE ticket_import_progress SET imported_upto = (SELECT COALESCE(MAX(id), 0) FROM messages)
  WHERE imported_upto > (SELECT COALESCE(MAX(id), 0) FROM messages);
END;
`;
