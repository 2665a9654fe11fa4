/**
 * Messages the agent archived or deleted (e, # in Mail), on their way to the server
 * (services/sync/message-moves.ts). The cached row is dropped when the move is queued and
 * its UIDs are kept in skipped_uids (reason 'moved'), so no sync imports it again while
 * the MOVE waits; the server's expunge clears them as for any vanished message.
 *
 * - destination: 'archive' or 'trash', resolved to a folder on the server when the MOVE
 *   runs (the account's \Archive or \Trash folder).
 * - uids: the row's server messages in mailbox_path at uidvalidity (a row grouping copies
 *   stands for several), as an IMAP sequence set.
 */
export const up = `
CREATE TABLE pending_message_moves (
  id           INTEGER PRIMARY KEY,
  account_id   TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  mailbox_path TEXT NOT NULL,
  uidvalidity  INTEGER NOT NULL,
  uids         TEXT NOT NULL,
  destination  TEXT NOT NULL,
  created_at   INTEGER NOT NULL
);
CREATE INDEX pending_message_moves_by_account ON pending_message_moves (account_id, id);
`;
