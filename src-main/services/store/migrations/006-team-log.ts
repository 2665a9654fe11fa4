/**
 * The team log's local side (services/teamlog/team-log.ts):
 *
 * - team_outbox: this agent's events not yet confirmed by the log, written before any
 *   IMAP step (the pending_flag_changes shape), so a kill or an outage loses no action.
 *   A row leaves only once the log holds its client event id.
 * - team_state: each account's folded state, so a restart folds only the events after
 *   last_uid. Tied to the log folder's UIDVALIDITY: another one means another folder.
 */
export const up = `
CREATE TABLE team_outbox (
  id          INTEGER PRIMARY KEY,
  account_id  TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  event_id    TEXT NOT NULL UNIQUE,
  event_json  TEXT NOT NULL,
  created_at  INTEGER NOT NULL
);
CREATE INDEX team_outbox_by_account ON team_outbox (account_id, id);

CREATE TABLE team_state (
  account_id  TEXT PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
  folder      TEXT NOT NULL,
  uidvalidity INTEGER NOT NULL,
  last_uid    INTEGER NOT NULL,
  state_gz    BLOB NOT NULL,
  saved_at    INTEGER NOT NULL
);
`;
