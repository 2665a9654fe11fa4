/**
 * Mail the old duplicate check hid is looked at again: its skipped UIDs (all but Gmail's
 * one-message-in-many-labels) are forgotten and their folders' next sync starts over
 * (a null UIDNEXT: a SEARCH, then only the UIDs the cache does not know are fetched),
 * so they are stored by the rule below: grouped with a same-folder copy, else a row.
 *
 * messages.copies: how many server messages of the folder one row stands for. Copies of
 * one message (same Message-ID and same content fingerprint, message-identity.ts) share a
 * row with an "n copies" badge instead of being dropped, so the folder's count matches
 * the server's. Counted from skipped_uids, whose message_ref is now looked up.
 *
 * content_hash is now set for every message, not only those without a Message-ID: it is
 * what tells a copy from a different message reusing the ID. Rows stored before keep NULL
 * and so never group with new mail, which errs on showing too much.
 */
export const up = `
UPDATE mailboxes SET uid_next = NULL, highest_modseq = NULL
  WHERE id IN (SELECT s.mailbox_id FROM skipped_uids s LEFT JOIN messages m ON m.id = s.message_ref
               WHERE s.reason = 'duplicate' AND m.gm_msgid IS NULL);
DELETE FROM skipped_uids WHERE reason = 'duplicate'
  AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.id = skipped_uids.message_ref AND m.gm_msgid IS NOT NULL);
ALTER TABLE messages ADD COLUMN copies INTEGER NOT NULL DEFAULT 1;
CREATE INDEX skipped_uids_by_message_ref ON skipped_uids (message_ref) WHERE message_ref IS NOT NULL;
UPDATE messages SET copies = 1 + (SELECT COUNT(*) FROM skipped_uids s WHERE s.message_ref = messages.id AND s.reason = 'duplicate' AND s.mailbox_id = messages.mailbox_id)
  WHERE id IN (SELECT message_ref FROM skipped_uids WHERE reason = 'duplicate');
`;
