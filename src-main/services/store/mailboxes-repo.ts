import type { MailboxSummary } from '../../../src-preload/contract';
import { importStates } from '../sync/import-state';
import type { Db } from './database';

export interface MailboxRecord {
  id: number;
  accountId: string;
  path: string;
  name: string;
  delimiter: string | null;
  specialUse: string | null;
  uidvalidity: number | null;
  /** UIDNEXT when the last sync finished its header phase: every lower UID has been looked at. */
  uidNext: number | null;
  /** HIGHESTMODSEQ (RFC 7162) at the end of the last complete sync, as a decimal string. */
  highestModseq: string | null;
}

export interface MailboxInput {
  path: string;
  name: string;
  delimiter: string | null;
  specialUse: string | null;
}

const SELECT_RECORD = `SELECT id, account_id AS accountId, path, name, delimiter, special_use AS specialUse, uidvalidity,
  uid_next AS uidNext, highest_modseq AS highestModseq
  FROM mailboxes`;

export class MailboxesRepo {
  constructor(private readonly db: Db) {}

  /** Inserts new folders and refreshes names; folders gone from the server are kept (their cache stays readable). */
  upsertAll(accountId: string, mailboxes: MailboxInput[]): void {
    const stmt = this.db.prepare(
      `INSERT INTO mailboxes (account_id, path, name, delimiter, special_use)
       VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (account_id, path) DO UPDATE SET name = excluded.name,
         delimiter = excluded.delimiter, special_use = excluded.special_use`,
    );
    this.db.transaction(() => {
      for (const m of mailboxes) stmt.run(accountId, m.path, m.name, m.delimiter, m.specialUse);
    }).immediate();
  }

  byPath(accountId: string, path: string): MailboxRecord | null {
    const row = this.db.prepare(`${SELECT_RECORD} WHERE account_id = ? AND path = ?`).get(accountId, path) as MailboxRecord | undefined;
    return row ?? null;
  }

  byId(id: number): MailboxRecord | null {
    const row = this.db.prepare(`${SELECT_RECORD} WHERE id = ?`).get(id) as MailboxRecord | undefined;
    return row ?? null;
  }

  /**
   * Records how far a sync got. Written only after the batches it vouches for are
   * committed, so a sync killed earlier redoes the work instead of skipping it.
   */
  setSyncState(id: number, state: { uidvalidity: number; uidNext: number | null; highestModseq: string | null }): void {
    this.db
      .prepare('UPDATE mailboxes SET uidvalidity = ?, uid_next = ?, highest_modseq = ? WHERE id = ?')
      .run(state.uidvalidity, state.uidNext, state.highestModseq, id);
  }

  /**
   * Folder list with counts and import states (the account's chosen folders), by path;
   * the renderer orders it for display (stores/mailboxes.ts). A row grouping copies
   * counts as its copies, in the total and, when unread, in the unread count: both are the server's.
   */
  summaries(accountId: string, chosen: string[]): MailboxSummary[] {
    const rows = this.db
      .prepare(
        `SELECT m.id, m.account_id AS accountId, m.path, m.name, m.delimiter, m.special_use AS specialUse, m.uid_next IS NOT NULL AS synced,
                COALESCE(SUM(msg.copies), 0) AS total, COALESCE(SUM((msg.seen = 0) * msg.copies), 0) AS unread
         FROM mailboxes m
         LEFT JOIN messages msg ON msg.mailbox_id = m.id AND msg.uidvalidity = m.uidvalidity
         WHERE m.account_id = ?
         GROUP BY m.id
         ORDER BY m.path`,
      )
      .all(accountId) as { id: number; accountId: string; path: string; name: string; delimiter: string | null; specialUse: string | null; synced: number; total: number; unread: number }[];
    const states = importStates(chosen, rows, rows[0]?.delimiter ?? null);
    return rows.map((r) => ({
      id: String(r.id),
      accountId: r.accountId,
      path: r.path,
      name: r.name,
      ...(r.specialUse ? { specialUse: r.specialUse } : {}),
      total: r.total,
      unread: r.unread,
      importState: states.get(r.path) ?? 'not-imported',
      synced: r.synced === 1,
    }));
  }
}
