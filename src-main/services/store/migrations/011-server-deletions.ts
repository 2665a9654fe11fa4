/**
 * Tickets deleted from the server (services/tickets/server-deletion.ts): the persisted task
 * of the client whose agent deleted the ticket, so a kill at any step resumes and no step
 * runs twice.
 *
 * - server_deletions: one per deleted ticket. event_id names the ticket.delete event (the
 *   task queues it again under that id if a kill came before it was queued). trash_* are
 *   the Trash folder as it was before the first MOVE: its UIDNEXT bounds where the moved
 *   copies can be when the MOVE's answer (COPYUID) was lost.
 * - server_deletion_copies: each cached copy of the ticket's messages, by folder and UID
 *   at the time of the deletion. state: moving (committed: the copy may be moved to Trash
 *   at any moment), trashed (in Trash, at trash_uid when known), erased (gone for good).
 *   message_row is the cached row (marked after_import 'deleting' meanwhile), dropped
 *   from the cache once the copy is erased.
 */
export const up = `
CREATE TABLE server_deletions (
  id                INTEGER PRIMARY KEY,
  account_id        TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  ticket_key        TEXT NOT NULL,
  event_id          TEXT NOT NULL,
  trash_path        TEXT,
  trash_uidvalidity INTEGER,
  trash_uid_next    INTEGER,
  created_at        INTEGER NOT NULL
);
CREATE TABLE server_deletion_copies (
  id           INTEGER PRIMARY KEY,
  deletion_id  INTEGER NOT NULL REFERENCES server_deletions(id) ON DELETE CASCADE,
  message_row  INTEGER,
  message_key  TEXT NOT NULL,
  mailbox_path TEXT NOT NULL,
  uidvalidity  INTEGER NOT NULL,
  uid          INTEGER NOT NULL,
  state        TEXT NOT NULL DEFAULT 'moving',
  trash_uid    INTEGER
);
CREATE INDEX server_deletion_copies_by_deletion ON server_deletion_copies (deletion_id, state);
`;
