/**
 * team_ticket_activity: the tickets' history lines (teamlog/state.ts TicketActivity), one
 * row each, appended by every save of the team state in the same transaction as its
 * chunks (teamlog/state-saver.ts). In memory a ticket keeps only the lines folded since
 * the last save: at 100,000 tickets the history was 450,000 objects (40 MB of heap) that
 * only the ticket pane and the collision check read, one ticket at a time. Read back in
 * rowid order, which is the order they were folded.
 */
export const up = `
CREATE TABLE team_ticket_activity (
  account_id  TEXT NOT NULL REFERENCES team_state(account_id) ON DELETE CASCADE,
  ticket_key  TEXT NOT NULL,
  uid         INTEGER NOT NULL,
  at          INTEGER NOT NULL,
  agent       TEXT NOT NULL,
  type        TEXT NOT NULL,
  summary     TEXT NOT NULL
);
CREATE INDEX team_ticket_activity_ticket ON team_ticket_activity (account_id, ticket_key);
`;
