import { gunzipSync, gzipSync } from 'node:zlib';
import type { Db } from './database';
import { TeamTicketsRepo, type TicketRowSave } from './team-tickets-repo';

/** The local save runs on the main thread while a first sync folds: gzip's fastest level, half the time of the default for a few % more bytes. */
const FAST = { level: 1 };

/** One of this agent's events waiting for the log: the TeamEvent's JSON as it will be appended. */
export interface OutboxRow {
  eventId: string;
  eventJson: string;
}

/** An account's folded team state as last saved, with where in which log folder it stopped. */
export interface SavedTeamState {
  folder: string;
  uidvalidity: number;
  lastUid: number;
  /** The TeamState without its tickets as JSON (teamlog/snapshot.ts stateHeaderJson). */
  header: string;
  /**
   * Tickets as a release before team_tickets saved them: JSON chunks of a thousand, in
   * order, read one at a time (snapshot.ts parseStateParts). Empty once a save wrote rows.
   */
  chunks: Iterable<string>;
}

/** One line of a ticket's history (teamlog/state.ts TicketActivity). */
export interface ActivityLine {
  uid: number;
  at: number;
  agent: string;
  type: string;
  summary: string;
}

/** What one save of a team state writes (teamlog/state-saver.ts). */
export interface TeamStateSave extends Omit<SavedTeamState, 'chunks'> {
  /** The tickets a fold reached since the last save (all of them with replacesTickets). */
  tickets: Iterable<TicketRowSave>;
  /** Messages placed since the last save: [message key, ticket key]. */
  placements: Iterable<readonly [string, string]>;
  /** The tickets are the state's all: the saved ones and their placements go first. */
  replacesTickets: boolean;
  /** History lines folded since the last save, with their ticket's key, in fold order. */
  activity: Iterable<ActivityLine & { ticket: string }>;
  /** The state does not continue the saved one (taken from a snapshot, folded from the start): the saved history goes first. */
  replacesHistory: boolean;
}

/**
 * team_outbox, team_state (migration 006), team_state_tickets (013), team_ticket_activity (014), and through `tickets` team_tickets and team_placements (023). The outbox follows pending-changes.ts:
 * queue() commits before any IMAP step, and a row leaves (confirmed()) only once the log
 * holds its event id, so a kill at any moment neither loses an action nor appends it as
 * a second folded effect.
 */
export class TeamRepo {
  readonly tickets: TeamTicketsRepo;

  constructor(private readonly db: Db) {
    this.tickets = new TeamTicketsRepo(db);
  }

  queue(accountId: string, eventId: string, eventJson: string): void {
    this.db
      .prepare('INSERT INTO team_outbox (account_id, event_id, event_json, created_at) VALUES (?, ?, ?, ?)')
      .run(accountId, eventId, eventJson, Date.now());
  }

  /** The account's waiting events, in the order they were made. */
  outbox(accountId: string): OutboxRow[] {
    return this.db
      .prepare('SELECT event_id AS eventId, event_json AS eventJson FROM team_outbox WHERE account_id = ? ORDER BY id')
      .all(accountId) as OutboxRow[];
  }

  /** The log holds this event now (folded at some UID): it leaves the outbox. True when it was there. */
  confirmed(eventId: string): boolean {
    return this.db.prepare('DELETE FROM team_outbox WHERE event_id = ?').run(eventId).changes > 0;
  }

  loadState(accountId: string): SavedTeamState | null {
    const row = this.db
      .prepare('SELECT folder, uidvalidity, last_uid AS lastUid, state_gz AS gz FROM team_state WHERE account_id = ?')
      .get(accountId) as { folder: string; uidvalidity: number; lastUid: number; gz: Buffer } | undefined;
    if (!row) return null;
    // Read at once (compressed: about a tenth of the JSON), inflated one at a time: the state
    // loads in turns (team-log.ts), and an open statement would keep the connection busy between them.
    const chunks = this.db.prepare('SELECT tickets_gz FROM team_state_tickets WHERE account_id = ? ORDER BY seq').pluck().all(accountId) as Buffer[];
    return {
      folder: row.folder,
      uidvalidity: row.uidvalidity,
      lastUid: row.lastUid,
      header: gunzipSync(row.gz).toString('utf8'),
      chunks: (function* () {
        for (const gz of chunks) yield gunzipSync(gz).toString('utf8');
      })(),
    };
  }

  /**
   * One transaction: the header, the changed tickets and the new history lines are saved
   * together or not at all, so the saved history always matches the saved state.
   */
  saveState(accountId: string, saved: TeamStateSave): void {
    this.db.transaction(() => {
      // The account may be gone by the time a debounced save runs: the foreign key would refuse the row.
      const stored = this.db
        .prepare(
          `INSERT INTO team_state (account_id, folder, uidvalidity, last_uid, state_gz, saved_at)
           SELECT ?, ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM accounts WHERE id = ?)
           ON CONFLICT (account_id) DO UPDATE SET folder = excluded.folder, uidvalidity = excluded.uidvalidity,
             last_uid = excluded.last_uid, state_gz = excluded.state_gz, saved_at = excluded.saved_at`,
        )
        .run(accountId, saved.folder, saved.uidvalidity, saved.lastUid, gzipSync(saved.header, FAST), Date.now(), accountId);
      if (stored.changes === 0) return;
      this.tickets.write(accountId, saved.tickets, saved.placements, saved.replacesTickets);
      // Chunks of an earlier release: the state they held was loaded, and this save is its first (replacesTickets).
      this.db.prepare('DELETE FROM team_state_tickets WHERE account_id = ?').run(accountId);
      if (saved.replacesHistory) this.db.prepare('DELETE FROM team_ticket_activity WHERE account_id = ?').run(accountId);
      const line = this.db.prepare('INSERT INTO team_ticket_activity (account_id, ticket_key, uid, at, agent, type, summary) VALUES (?, ?, ?, ?, ?, ?, ?)');
      for (const a of saved.activity) line.run(accountId, a.ticket, a.uid, a.at, a.agent, a.type, a.summary);
    }).immediate();
  }

  /** A ticket's saved history, in the order it was folded. */
  activity(accountId: string, ticketKey: string): ActivityLine[] {
    return this.db
      .prepare('SELECT uid, at, agent, type, summary FROM team_ticket_activity WHERE account_id = ? AND ticket_key = ? ORDER BY rowid')
      .all(accountId, ticketKey) as ActivityLine[];
  }

  /** These tickets' saved histories (a group of a snapshot for the log), each in the order it was folded. */
  activityOfTickets(accountId: string, ticketKeys: readonly string[]): Map<string, ActivityLine[]> {
    const byTicket = new Map<string, ActivityLine[]>();
    const rows = this.db
      .prepare(
        `SELECT ticket_key AS ticket, uid, at, agent, type, summary FROM team_ticket_activity
         WHERE account_id = ? AND ticket_key IN (SELECT value FROM json_each(?)) ORDER BY rowid`,
      )
      .iterate(accountId, JSON.stringify(ticketKeys)) as IterableIterator<ActivityLine & { ticket: string }>;
    for (const { ticket, ...line } of rows) {
      const lines = byTicket.get(ticket);
      if (lines) lines.push(line);
      else byTicket.set(ticket, [line]);
    }
    return byTicket;
  }
}
