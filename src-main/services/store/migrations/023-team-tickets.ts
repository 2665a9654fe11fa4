/**
 * team_tickets and team_placements: an account's saved tickets one row each (the ticket's
 * JSON without its history, which team_ticket_activity holds) and the ticket each message
 * is in, so the folded state no longer keeps every ticket in memory: a fold reads the
 * tickets it reaches (teamlog/stored-ticket-table.ts) and a save writes those back. In
 * memory a million tickets took over 600 MB of the heap. team_state_tickets (013) is read
 * once more by the first start after this migration and emptied by its save.
 * team_ticket_list: the listed tickets' values the ticket list filters and sorts by, apart
 * from the JSON so a count or a scan reads narrow rows (tickets/ticket-list-row.ts).
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
CREATE TABLE team_ticket_list (
  account_id        TEXT NOT NULL REFERENCES team_state(account_id) ON DELETE CASCADE,
  key               TEXT NOT NULL,
  number            INTEGER NOT NULL,
  status            INTEGER NOT NULL,
  queue             TEXT NOT NULL,
  queue_text        TEXT NOT NULL,
  assignee          TEXT,
  offered_to        TEXT,
  offer_phase       TEXT,
  unread            INTEGER NOT NULL,
  created_at        INTEGER NOT NULL,
  last_activity_at  INTEGER NOT NULL,
  messages          INTEGER NOT NULL,
  customer_address  TEXT NOT NULL,
  customer_name     TEXT NOT NULL,
  tags              TEXT NOT NULL,
  subject_text      TEXT NOT NULL,
  customer_text     TEXT NOT NULL,
  tag_text          TEXT NOT NULL,
  disposition_text  TEXT NOT NULL,
  notes_text        TEXT NOT NULL,
  PRIMARY KEY (account_id, key)
) WITHOUT ROWID;
CREATE INDEX team_ticket_list_activity ON team_ticket_list (account_id, last_activity_at, number);
CREATE INDEX team_ticket_list_created ON team_ticket_list (account_id, created_at, number);
CREATE INDEX team_ticket_list_status ON team_ticket_list (account_id, status, last_activity_at, number);
CREATE INDEX team_ticket_list_unread ON team_ticket_list (account_id, queue) WHERE unread = 1 AND status <> 2;
`;
