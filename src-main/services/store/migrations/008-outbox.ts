/**
 * The mail outbox (services/outbox/): one row per outgoing mail, committed with its final
 * Message-ID and raw MIME before any SMTP step, so a kill at any moment loses nothing and
 * a restart resumes from the row (the state machine is in outbox-service.ts).
 *
 * - phase: how far the running SMTP attempt got while state = 'sending' (claimed,
 *   connected, data-end). 'data-end' is written before the message's last bytes may
 *   reach the server: a row found 'sending' at or after it on restart may have been
 *   delivered, so it becomes 'uncertain' instead of being sent again.
 * - recipients_json keeps every address with its kind and, once the server answered,
 *   its refusal; Bcc lives only here (never in raw).
 * - sent_folder / ticket_logged: the steps after SMTP accepted it, each done, pending,
 *   skipped or failed; after_attempts and after_next_at pace their retries.
 * - idempotency_key: repeating a decision (an auto-reply after a restart) finds the row.
 */
export const up = `
CREATE TABLE outbox (
  id               TEXT PRIMARY KEY,
  account_id       TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  kind             TEXT NOT NULL,
  agent_id         TEXT NOT NULL,
  from_json        TEXT NOT NULL,
  recipients_json  TEXT NOT NULL,
  subject          TEXT NOT NULL,
  snippet          TEXT NOT NULL,
  message_id       TEXT NOT NULL,
  size             INTEGER NOT NULL,
  raw              BLOB NOT NULL,
  state            TEXT NOT NULL,
  phase            TEXT,
  created_at       INTEGER NOT NULL,
  send_after       INTEGER NOT NULL,
  undo_until       INTEGER,
  attempts         INTEGER NOT NULL DEFAULT 0,
  next_attempt_at  INTEGER,
  sent_at          INTEGER,
  error_json       TEXT,
  ticket_account   TEXT,
  ticket_key       TEXT,
  ticket_number    INTEGER,
  status_after     TEXT,
  sent_folder      TEXT NOT NULL DEFAULT 'pending',
  ticket_logged    TEXT NOT NULL DEFAULT 'pending',
  after_attempts   INTEGER NOT NULL DEFAULT 0,
  after_next_at    INTEGER,
  idempotency_key  TEXT UNIQUE,
  draft_id         TEXT
);
CREATE INDEX outbox_by_state ON outbox (state, send_after);
CREATE INDEX outbox_by_created ON outbox (created_at DESC);
CREATE INDEX outbox_by_message_id ON outbox (message_id);
`;
