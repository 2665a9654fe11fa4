/**
 * Records every account's team log holds a copy of (canned answers, saved views): one
 * save is appended to each log, so the logs may disagree for a while (one is offline, or
 * an edit reached one log before another), and then the copy changed last wins. Pure.
 */
import type { EventPayload } from './events';
import { own } from './records';
import type { TeamState } from './state';

/** The members of an account's TeamLog the services of shared records use. */
export interface RecordLog {
  readonly accountId: string;
  /** With this client's pending events. */
  state(): TeamState;
  confirmed(): TeamState;
  append(payload: EventPayload): string;
}

export interface SharedEntry {
  /** Author clock and agent of the last change. */
  updatedAt: number;
  updatedBy: string;
}

/** What one account's log holds of a kind of record. */
export interface LogRecords<E extends SharedEntry> {
  accountId: string;
  /** With this client's pending events folded over the log's. */
  entries: Record<string, E>;
  /** As the log has them. */
  confirmed: Record<string, E>;
  /** Agent id → name, for "changed by". */
  agentName(agentId: string): string;
}

export interface Blended<E extends SharedEntry> {
  entry: E;
  /** A change of this client not yet in every log that should hold it. */
  pending: boolean;
  updatedBy: string;
}

/** Newer first; an exact tie (one save reaching two logs) is the same change, the agent id breaks any other. */
function newer(a: SharedEntry, b: SharedEntry): boolean {
  return a.updatedAt !== b.updatedAt ? a.updatedAt > b.updatedAt : a.updatedBy > b.updatedBy;
}

/** Every record any log holds, once, as changed last; `read` turns a log's copy into what the list shows. */
export function blendRecords<E extends SharedEntry, L extends LogRecords<E>>(logs: L[], read: (logged: E, log: L) => E = (logged) => logged): Blended<E>[] {
  const byId = new Map<string, Blended<E>>();
  for (const log of logs) {
    for (const [id, logged] of Object.entries(log.entries)) {
      // The pending view copies the record, not the entries: a different entry object is a pending change.
      const pending = own(log.confirmed, id) !== logged;
      const entry = read(logged, log);
      const known = byId.get(id);
      if (!known) {
        byId.set(id, { entry, pending, updatedBy: log.agentName(entry.updatedBy) });
        continue;
      }
      const pendingAnywhere = known.pending || pending;
      if (newer(entry, known.entry)) byId.set(id, { entry, pending: pendingAnywhere, updatedBy: log.agentName(entry.updatedBy) });
      else known.pending = pendingAnywhere;
    }
  }
  return [...byId.values()];
}

/** What changes the list of one log: which records, changed when, pending or not. */
export function recordsSignature(entries: Record<string, SharedEntry>, confirmed: Record<string, SharedEntry>): string {
  return Object.entries(entries)
    .map(([id, entry]) => `${id}@${entry.updatedAt}${own(confirmed, id) === entry ? '' : '*'}`)
    .join('\n');
}
