/**
 * team_state_tickets: an account's saved tickets in chunks of a thousand (teamlog/snapshot.ts
 * ticketChunks), each gzipped JSON, beside the rest of the state in team_state.state_gz.
 * As one JSON text the state of 60,000 tickets was a 90 MB string, built on every save and
 * parsed at every start on top of the objects it holds; in chunks, one chunk's text lives
 * at a time. A row saved before this migration holds its tickets in state_gz and has no
 * chunks: it loads as it is.
 */
export const up = `
CREATE TABLE team_state_tickets (
  account_id  TEXT NOT NULL REFERENCES team_state(account_id) ON DELETE CASCADE,
  seq         INTEGER NOT NULL,
  tickets_gz  BLOB NOT NULL,
  PRIMARY KEY (account_id, seq)
) WITHOUT ROWID;
`;
