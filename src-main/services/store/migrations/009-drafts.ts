/**
 * Drafts (services/compose/): what an agent is writing, kept locally at every save so a
 * kill or a restart loses nothing, and copied to the server's Drafts folder a little later.
 *
 * - draft_json: the contract's Draft as the agent last saved it; account_id and the
 *   ticket columns repeat what lists filter on.
 * - state: open (being written), sent (handed to the outbox: hidden, kept so undo can bring
 *   it back; outbox_id names the item), deleted (gone for the agent; the row waits only
 *   until its copy on the server is removed).
 * - sends: how often it was handed to the outbox. The outbox item's idempotency key
 *   carries it, so a send repeated after a kill between the outbox's commit and ours
 *   finds the item already queued instead of queueing the mail twice.
 * - seen_uid: the ticket's team log position when the draft opened (the collision check).
 * - server_saved_at / server_dirty / server_account_id: when the Drafts folder last got a
 *   copy, whether the draft changed since (the copy is behind), and whose Drafts folder
 *   holds it (the agent may pick another sending account: the old copy goes then). The copy
 *   carries X-Mailroom-Draft: <id>, so older copies are found by header, not by a UID.
 */
export const up = `
CREATE TABLE drafts (
  id                TEXT PRIMARY KEY,
  account_id        TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  ticket_account_id TEXT,
  ticket_key        TEXT,
  draft_json        TEXT NOT NULL,
  state             TEXT NOT NULL DEFAULT 'open',
  outbox_id         TEXT,
  sends             INTEGER NOT NULL DEFAULT 0,
  seen_uid          INTEGER,
  updated_at        INTEGER NOT NULL,
  server_saved_at   INTEGER,
  server_dirty      INTEGER NOT NULL DEFAULT 0,
  server_account_id TEXT
);
CREATE INDEX drafts_by_ticket ON drafts (ticket_account_id, ticket_key);
CREATE INDEX drafts_by_outbox ON drafts (outbox_id);
`;
