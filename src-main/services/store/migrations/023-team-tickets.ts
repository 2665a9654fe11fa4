/**
 * team_tickets and team_placements: an account's saved tickets one row each (the ticket's
 * JSON without its history, which team_ticket_activity holds) and the ticket each message
 * is in, so the folded state no longer keeps every ticket in memory: a fold reads the
 * tickets it reaches (teamlog/stored-ticket-table.ts) and a save writes those back. In
 * memory a million tickets took over 600 MB of the heap. team_state_tickets (013) is read
 * once more by the first start after this migration and emptied by its save.
 */
export const up = `
CREATE TABLE team_tickets (
  account_id  TEXT NOT NULL REFERENCES team_state(account_id) ON DELETE CASCADE,
  key         TEXT NOT NULL,
  number      INTEGER NOT NULL,
  offered     INTEGER NOT NULL,
  json        TEXT NOT NULL,
  PRIMARY KEY (account_id, key)
) WITHOUT ROWID;
CREATE INDEX team_tickets_number ON team_tickets (account_id, number);
CREATE INDEX team_tickets_offered ON team_tickets (account_id) WHERE offered = 1;
CREATE TABLE team_placements (
  account_id   TEXT NOT NULL REFERENCES team_state(account_id) ON DELETE CASCADE,
  message_key  TEXT NOT NULL,
  ticket_key   TEXT NOT NULL
);
CREATE UNIQUE INDEX team_placements_message ON team_placements (account_id, message_key);
`;
