/** Accounts, their mailboxes and cached messages, with full-text search. */
export const up = `
CREATE TABLE accounts (
  id            TEXT PRIMARY KEY,
  name          TEXT NOT NULL,
  email         TEXT NOT NULL,
  username      TEXT NOT NULL,
  imap_host     TEXT NOT NULL,
  imap_port     INTEGER NOT NULL,
  imap_security TEXT NOT NULL,
  smtp_host     TEXT NOT NULL,
  smtp_port     INTEGER NOT NULL,
  smtp_security TEXT NOT NULL,
  status        TEXT NOT NULL DEFAULT 'idle',
  last_error    TEXT,
  last_sync_at  INTEGER,
  created_at    INTEGER NOT NULL
);

CREATE TABLE mailboxes (
  id            INTEGER PRIMARY KEY,
  account_id    TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  path          TEXT NOT NULL,
  name          TEXT NOT NULL,
  delimiter     TEXT,
  special_use   TEXT,
  uidvalidity   INTEGER,
  highest_modseq TEXT,
  UNIQUE (account_id, path)
);

-- Keyed by (mailbox, uidvalidity, uid) so re-running a sync batch is an idempotent upsert.
CREATE TABLE messages (
  id              INTEGER PRIMARY KEY,
  mailbox_id      INTEGER NOT NULL REFERENCES mailboxes(id) ON DELETE CASCADE,
  uidvalidity     INTEGER NOT NULL,
  uid             INTEGER NOT NULL,
  message_id      TEXT,
  subject         TEXT NOT NULL DEFAULT '',
  from_name       TEXT NOT NULL DEFAULT '',
  from_address    TEXT NOT NULL DEFAULT '',
  to_json         TEXT NOT NULL DEFAULT '[]',
  cc_json         TEXT NOT NULL DEFAULT '[]',
  reply_to_json   TEXT NOT NULL DEFAULT '[]',
  date            INTEGER NOT NULL,
  seen            INTEGER NOT NULL DEFAULT 0,
  flagged         INTEGER NOT NULL DEFAULT 0,
  flags_json      TEXT NOT NULL DEFAULT '[]',
  size            INTEGER NOT NULL DEFAULT 0,
  has_attachments INTEGER NOT NULL DEFAULT 0,
  snippet         TEXT NOT NULL DEFAULT '',
  body_loaded     INTEGER NOT NULL DEFAULT 0,
  text_body       TEXT,
  html_body       TEXT,
  attachments_json TEXT NOT NULL DEFAULT '[]',
  parse_warnings_json TEXT NOT NULL DEFAULT '[]',
  UNIQUE (mailbox_id, uidvalidity, uid)
);
CREATE INDEX messages_by_date ON messages (mailbox_id, date DESC, id DESC);
CREATE INDEX messages_by_message_id ON messages (message_id);
CREATE INDEX messages_unloaded ON messages (mailbox_id, body_loaded);

-- Contentless: the text lives in messages; rowid = messages.id.
CREATE VIRTUAL TABLE messages_fts USING fts5 (
  subject, addresses, body,
  content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 2'
);
`;
