import { DraftSchema, type Draft } from '../../../src-preload/contract';
import type { Db } from './database';

export type DraftState = 'open' | 'sent' | 'deleted';

export interface DraftRecord {
  draft: Draft;
  state: DraftState;
  /** The outbox item while state is sent. */
  outboxId: string | null;
  sends: number;
  seenUid: number | null;
  serverSavedAt: number | null;
  /** The Drafts folder's copy is behind the local draft (or missing). */
  serverDirty: boolean;
  /** The account whose Drafts folder holds a copy; null when none does. */
  serverAccountId: string | null;
}

interface Row {
  draft_json: string;
  state: DraftState;
  outbox_id: string | null;
  sends: number;
  seen_uid: number | null;
  server_saved_at: number | null;
  server_dirty: number;
  server_account_id: string | null;
}

function fromRow(row: Row): DraftRecord {
  return {
    // Parsed, not cast: a draft written by an older build gets the fields added since.
    draft: DraftSchema.parse(JSON.parse(row.draft_json)),
    state: row.state,
    outboxId: row.outbox_id,
    sends: row.sends,
    seenUid: row.seen_uid,
    serverSavedAt: row.server_saved_at,
    serverDirty: row.server_dirty === 1,
    serverAccountId: row.server_account_id,
  };
}

/** drafts (migration 009): every save commits at once; the state column hides sent and deleted drafts from the lists. */
export class DraftsRepo {
  constructor(private readonly db: Db) {}

  insert(draft: Draft, seenUid: number | null): void {
    this.db
      .prepare(
        `INSERT INTO drafts (id, account_id, ticket_account_id, ticket_key, draft_json, seen_uid, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(draft.id, draft.accountId, draft.ticket?.accountId ?? null, draft.ticket?.key ?? null, JSON.stringify(draft), seenUid, draft.updatedAt);
  }

  get(id: string): DraftRecord | null {
    const row = this.db.prepare('SELECT * FROM drafts WHERE id = ?').get(id) as Row | undefined;
    return row ? fromRow(row) : null;
  }

  /** Stores the agent's latest version of an open draft; false when it is not open (sent or deleted meanwhile). */
  save(draft: Draft): boolean {
    return (
      this.db
        .prepare(`UPDATE drafts SET account_id = ?, draft_json = ?, updated_at = ?, server_dirty = 1 WHERE id = ? AND state = 'open'`)
        .run(draft.accountId, JSON.stringify(draft), draft.updatedAt, draft.id).changes > 0
    );
  }

  /** Open drafts, newest first: of a ticket (its account and key), or of a sending account, or all. */
  list(filter: { accountId: string; ticket: string }): Draft[] {
    const rows = filter.ticket
      ? this.db
          .prepare(`SELECT * FROM drafts WHERE state = 'open' AND ticket_key = ? AND (? = '' OR ticket_account_id = ?) ORDER BY updated_at DESC`)
          .all(filter.ticket, filter.accountId, filter.accountId)
      : this.db.prepare(`SELECT * FROM drafts WHERE state = 'open' AND (? = '' OR account_id = ?) ORDER BY updated_at DESC`).all(filter.accountId, filter.accountId);
    return (rows as Row[]).map((row) => fromRow(row).draft);
  }

  /** Handed to the outbox as item `outboxId`: hidden, kept for undo. */
  markSent(id: string, outboxId: string): void {
    this.db.prepare(`UPDATE drafts SET state = 'sent', outbox_id = ?, sends = sends + 1 WHERE id = ?`).run(outboxId, id);
  }

  /** The draft sent as this outbox item, if it is still kept. */
  idOfItem(outboxId: string): string | null {
    const row = this.db.prepare(`SELECT id FROM drafts WHERE outbox_id = ? AND state = 'sent'`).get(outboxId) as { id: string } | undefined;
    return row?.id ?? null;
  }

  /** Drafts handed to the outbox whose item's fate is to be checked (after a restart). */
  sentItems(): { id: string; outboxId: string }[] {
    return this.db.prepare(`SELECT id, outbox_id AS outboxId FROM drafts WHERE state = 'sent' AND outbox_id IS NOT NULL`).all() as {
      id: string;
      outboxId: string;
    }[];
  }

  /** Undo or cancel: the draft is open again. */
  reopen(id: string): boolean {
    return this.db.prepare(`UPDATE drafts SET state = 'open', outbox_id = NULL WHERE id = ? AND state = 'sent'`).run(id).changes > 0;
  }

  setSeenUid(id: string, seenUid: number): void {
    this.db.prepare('UPDATE drafts SET seen_uid = ? WHERE id = ?').run(seenUid, id);
  }

  /**
   * Gone for the agent. A draft with a copy on the server keeps its row (state deleted)
   * until that copy is removed; one without goes at once. True when there was a draft.
   */
  markDeleted(id: string): boolean {
    return this.db.transaction(() => {
      const row = this.db.prepare('SELECT server_account_id FROM drafts WHERE id = ?').get(id) as { server_account_id: string | null } | undefined;
      if (!row) return false;
      if (row.server_account_id === null) this.db.prepare('DELETE FROM drafts WHERE id = ?').run(id);
      else this.db.prepare(`UPDATE drafts SET state = 'deleted' WHERE id = ?`).run(id);
      return true;
    }).immediate();
  }

  /** The account's Drafts folder holds the version saved at `version` now; the draft stays dirty if it changed since. */
  serverSaved(id: string, accountId: string, version: number, at: number): void {
    this.db
      .prepare(
        'UPDATE drafts SET server_saved_at = ?, server_account_id = ?, server_dirty = CASE WHEN updated_at = ? THEN 0 ELSE server_dirty END WHERE id = ?',
      )
      .run(at, accountId, version, id);
  }

  /** No Drafts folder holds a copy any more (the draft moved to another account). */
  serverRemoved(id: string): void {
    this.db.prepare('UPDATE drafts SET server_saved_at = NULL, server_account_id = NULL WHERE id = ?').run(id);
  }

  /** The account has no Drafts folder: nothing to copy until the draft changes. */
  serverSkipped(id: string, version: number): void {
    this.db.prepare('UPDATE drafts SET server_dirty = 0 WHERE id = ? AND updated_at = ?').run(id, version);
  }

  /** The server copy of a deleted draft is gone: so is the row. */
  remove(id: string): void {
    this.db.prepare(`DELETE FROM drafts WHERE id = ? AND state = 'deleted'`).run(id);
  }

  /** What the Drafts folder still has to hear about: open drafts whose copy is behind, deleted drafts whose copy is still there. */
  serverWork(): { id: string; state: DraftState }[] {
    return this.db
      .prepare(`SELECT id, state FROM drafts WHERE (state = 'open' AND server_dirty = 1) OR state = 'deleted' ORDER BY updated_at`)
      .all() as { id: string; state: DraftState }[];
  }
}
