/**
 * A first sync's body phase stores each message's original source first (raw_sha256, in
 * the attachment store) and derives the text, HTML, attachments and search text from it
 * afterwards (sync/deriver.ts), so "readable offline" does not wait for parsing. Two
 * partial indexes replace messages_pending_body: the rows the body phase still has to
 * fetch (no body, no source), and the rows the deriver still has to parse (no body, a source).
 */
export const up = `
DROP INDEX IF EXISTS messages_pending_body;
CREATE INDEX messages_pending_source ON messages (mailbox_id, uidvalidity, uid) WHERE body_loaded = 0 AND raw_sha256 IS NULL;
CREATE INDEX messages_pending_derive ON messages (id) WHERE body_loaded = 0 AND raw_sha256 IS NOT NULL;
`;
