import type { Address, AfterSendStep, ErrorInfo, OutboxFilter, OutboxItem, OutboxKind, OutboxRecipient, OutboxState, TicketStatus } from '../../../src-preload/contract';
import type { Db } from './database';

/** How far a running SMTP attempt got (migration 008): what a restart makes of a 'sending' row. */
export type SendPhase = 'claimed' | 'connected' | 'data-end';

/** An outbox row as the service works with it: the item the renderer sees plus what only the service needs. */
export interface OutboxRecord extends OutboxItem {
  phase: SendPhase | null;
  statusAfter: TicketStatus | null;
  draftId: string | null;
  idempotencyKey: string | null;
  snippet: string;
  afterAttempts: number;
  afterNextAt: number | null;
}

export type NewOutboxRecord = Omit<OutboxRecord, 'accountKey' | 'ticket'> & {
  ticket: { accountId: string; key: string; number: number | null } | null;
  raw: Buffer;
};

/** The fields a state change may set. */
export type OutboxPatch = Partial<
  Pick<
    OutboxRecord,
    | 'state'
    | 'phase'
    | 'recipients'
    | 'sendAfter'
    | 'undoUntil'
    | 'attempts'
    | 'nextAttemptAt'
    | 'sentAt'
    | 'error'
    | 'sentFolder'
    | 'ticketLogged'
    | 'afterAttempts'
    | 'afterNextAt'
  >
>;

const COLUMNS: Record<keyof OutboxPatch, string> = {
  state: 'state',
  phase: 'phase',
  recipients: 'recipients_json',
  sendAfter: 'send_after',
  undoUntil: 'undo_until',
  attempts: 'attempts',
  nextAttemptAt: 'next_attempt_at',
  sentAt: 'sent_at',
  error: 'error_json',
  sentFolder: 'sent_folder',
  ticketLogged: 'ticket_logged',
  afterAttempts: 'after_attempts',
  afterNextAt: 'after_next_at',
};

interface Row {
  id: string;
  account_id: string;
  account_key: string;
  kind: OutboxKind;
  agent_id: string;
  from_json: string;
  recipients_json: string;
  subject: string;
  snippet: string;
  message_id: string;
  size: number;
  state: OutboxState;
  phase: SendPhase | null;
  created_at: number;
  send_after: number;
  undo_until: number | null;
  attempts: number;
  next_attempt_at: number | null;
  sent_at: number | null;
  error_json: string | null;
  ticket_account: string | null;
  ticket_key: string | null;
  ticket_number: number | null;
  status_after: TicketStatus | null;
  sent_folder: AfterSendStep;
  ticket_logged: AfterSendStep;
  after_attempts: number;
  after_next_at: number | null;
  idempotency_key: string | null;
  draft_id: string | null;
}

// Everything but raw: lists never load the MIME.
const SELECT = `SELECT o.id, o.account_id, json_extract(a.settings_json, '$.key') AS account_key, o.kind, o.agent_id, o.from_json, o.recipients_json, o.subject,
  o.snippet, o.message_id, o.size, o.state, o.phase, o.created_at, o.send_after, o.undo_until, o.attempts, o.next_attempt_at,
  o.sent_at, o.error_json, o.ticket_account, o.ticket_key, o.ticket_number, o.status_after, o.sent_folder, o.ticket_logged,
  o.after_attempts, o.after_next_at, o.idempotency_key, o.draft_id
  FROM outbox o JOIN accounts a ON a.id = o.account_id`;

/** When a queued row may go: after the undo window or schedule, and after its back-off. */
const DUE = 'MAX(o.send_after, COALESCE(o.next_attempt_at, 0))';
/** A sent row with a step after sending still to do. */
const AFTER_PENDING = `o.state = 'sent' AND (o.sent_folder = 'pending' OR o.ticket_logged = 'pending')`;

function toRecord(r: Row): OutboxRecord {
  return {
    id: r.id,
    accountId: r.account_id,
    accountKey: r.account_key,
    kind: r.kind,
    agentId: r.agent_id,
    from: JSON.parse(r.from_json) as Address,
    recipients: JSON.parse(r.recipients_json) as OutboxRecipient[],
    subject: r.subject,
    snippet: r.snippet,
    messageId: r.message_id,
    size: r.size,
    state: r.state,
    phase: r.phase,
    createdAt: r.created_at,
    sendAfter: r.send_after,
    undoUntil: r.undo_until,
    attempts: r.attempts,
    nextAttemptAt: r.next_attempt_at,
    sentAt: r.sent_at,
    error: r.error_json === null ? null : (JSON.parse(r.error_json) as ErrorInfo),
    ticket: r.ticket_account !== null && r.ticket_key !== null ? { accountId: r.ticket_account, key: r.ticket_key, number: r.ticket_number } : null,
    statusAfter: r.status_after,
    sentFolder: r.sent_folder,
    ticketLogged: r.ticket_logged,
    afterAttempts: r.after_attempts,
    afterNextAt: r.after_next_at,
    idempotencyKey: r.idempotency_key,
    draftId: r.draft_id,
  };
}

const escapeLike = (word: string) => word.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * The outbox table (migration 008). Every write is one synchronous statement, so the
 * service's "commit, then do the remote step" order holds across a kill.
 */
export class OutboxRepo {
  constructor(private readonly db: Db) {}

  insert(record: NewOutboxRecord): void {
    this.db
      .prepare(
        `INSERT INTO outbox (id, account_id, kind, agent_id, from_json, recipients_json, subject, snippet, message_id, size, raw, state,
           phase, created_at, send_after, undo_until, attempts, next_attempt_at, sent_at, error_json, ticket_account, ticket_key,
           ticket_number, status_after, sent_folder, ticket_logged, after_attempts, after_next_at, idempotency_key, draft_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        record.id,
        record.accountId,
        record.kind,
        record.agentId,
        JSON.stringify(record.from),
        JSON.stringify(record.recipients),
        record.subject,
        record.snippet,
        record.messageId,
        record.size,
        record.raw,
        record.state,
        record.phase,
        record.createdAt,
        record.sendAfter,
        record.undoUntil,
        record.attempts,
        record.nextAttemptAt,
        record.sentAt,
        record.error === null ? null : JSON.stringify(record.error),
        record.ticket?.accountId ?? null,
        record.ticket?.key ?? null,
        record.ticket?.number ?? null,
        record.statusAfter,
        record.sentFolder,
        record.ticketLogged,
        record.afterAttempts,
        record.afterNextAt,
        record.idempotencyKey,
        record.draftId,
      );
  }

  get(id: string): OutboxRecord | null {
    const row = this.db.prepare(`${SELECT} WHERE o.id = ?`).get(id) as Row | undefined;
    return row ? toRecord(row) : null;
  }

  byIdempotencyKey(key: string): OutboxRecord | null {
    const row = this.db.prepare(`${SELECT} WHERE o.idempotency_key = ?`).get(key) as Row | undefined;
    return row ? toRecord(row) : null;
  }

  raw(id: string): Buffer | null {
    const row = this.db.prepare('SELECT raw FROM outbox WHERE id = ?').get(id) as { raw: Buffer } | undefined;
    return row?.raw ?? null;
  }

  /**
   * Applies the patch only while the row is in one of `from` (the state machine's guard,
   * in the same statement as the change); the updated row, or null when it was not.
   */
  transition(id: string, from: readonly OutboxState[], patch: OutboxPatch): OutboxRecord | null {
    const entries = Object.entries(patch) as [keyof OutboxPatch, unknown][];
    const sets = entries.map(([field]) => `${COLUMNS[field]} = ?`);
    const values = entries.map(([field, value]) =>
      field === 'recipients' || (field === 'error' && value !== null) ? JSON.stringify(value) : (value as string | number | null),
    );
    const changed = this.db
      .prepare(`UPDATE outbox SET ${sets.join(', ')} WHERE id = ? AND state IN (${from.map(() => '?').join(', ')})`)
      .run(...values, id, ...from).changes;
    return changed > 0 ? this.get(id) : null;
  }

  delete(id: string): void {
    this.db.prepare('DELETE FROM outbox WHERE id = ?').run(id);
  }

  /** The queued row that has waited longest past its due time. */
  nextDue(now: number): OutboxRecord | null {
    const row = this.db.prepare(`${SELECT} WHERE o.state = 'queued' AND ${DUE} <= ? ORDER BY ${DUE}, o.created_at LIMIT 1`).get(now) as
      | Row
      | undefined;
    return row ? toRecord(row) : null;
  }

  /** Sent rows whose Sent-folder copy or ticket entry is due. */
  afterDue(now: number): OutboxRecord[] {
    return (this.db.prepare(`${SELECT} WHERE ${AFTER_PENDING} AND COALESCE(o.after_next_at, 0) <= ? ORDER BY o.sent_at`).all(now) as Row[]).map(
      toRecord,
    );
  }

  /** The earliest time anything waits for: a queued send or a step after sending; null when nothing waits. */
  nextWakeAt(): number | null {
    const row = this.db
      .prepare(
        `SELECT MIN(t) AS at FROM (
           SELECT MIN(${DUE}) AS t FROM outbox o WHERE o.state = 'queued'
           UNION ALL SELECT MIN(COALESCE(o.after_next_at, 0)) FROM outbox o WHERE ${AFTER_PENDING})`,
      )
      .get() as { at: number | null };
    return row.at;
  }

  /** Rows a kill left in 'sending'. */
  interrupted(): OutboxRecord[] {
    return (this.db.prepare(`${SELECT} WHERE o.state = 'sending'`).all() as Row[]).map(toRecord);
  }

  /** Queued rows waiting on a back-off are due now (the network came back); how many. */
  retryNow(now: number): number {
    return this.db.prepare(`UPDATE outbox SET next_attempt_at = ? WHERE state = 'queued' AND next_attempt_at > ?`).run(now, now).changes;
  }

  /** Newest first. */
  list(filter: OutboxFilter, offset: number, limit: number): { total: number; items: OutboxRecord[] } {
    const where: string[] = [];
    const params: (string | number)[] = [];
    if (filter.states.length > 0) {
      where.push(`o.state IN (${filter.states.map(() => '?').join(', ')})`);
      params.push(...filter.states);
    }
    if (filter.accountId) {
      where.push('o.account_id = ?');
      params.push(filter.accountId);
    }
    if (filter.ticket) {
      where.push('o.ticket_key = ?');
      params.push(filter.ticket);
    }
    for (const word of filter.text.split(/\s+/).filter(Boolean)) {
      where.push(`(o.subject LIKE ? ESCAPE '\\' OR o.from_json LIKE ? ESCAPE '\\' OR o.recipients_json LIKE ? ESCAPE '\\')`);
      const like = `%${escapeLike(word)}%`;
      params.push(like, like, like);
    }
    const clause = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
    const { n } = this.db.prepare(`SELECT COUNT(*) AS n FROM outbox o ${clause}`).get(...params) as { n: number };
    const rows = this.db.prepare(`${SELECT} ${clause} ORDER BY o.created_at DESC, o.id LIMIT ? OFFSET ?`).all(...params, limit, offset) as Row[];
    return { total: n, items: rows.map(toRecord) };
  }

  /** This client's mail by Message-ID, sent from the account or for one of its tickets. */
  byMessageIds(accountId: string, messageIds: string[]): OutboxRecord[] {
    if (messageIds.length === 0) return [];
    const stmt = this.db.prepare(`${SELECT} WHERE o.message_id = ? AND (o.account_id = ? OR o.ticket_account = ?) ORDER BY o.created_at DESC LIMIT 1`);
    return messageIds.flatMap((id) => {
      const row = stmt.get(id, accountId, accountId) as Row | undefined;
      return row ? [toRecord(row)] : [];
    });
  }
}
