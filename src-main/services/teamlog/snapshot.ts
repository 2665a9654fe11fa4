/**
 * A snapshot event's state: the folded TeamState as JSON (presence left out: it is
 * short-lived), gzipped, base64. The reducer keeps insertion order deterministic and never
 * stores undefined, so two clients that folded the same UIDs write the same JSON.
 * Parsing is defensive: a snapshot is written by any client, so anything of another
 * stateVersion or shape gives null and the reader folds from an older snapshot or the start.
 * The local save (store/team-repo.ts) holds the same JSON in parts: a header and chunks of
 * tickets, so neither saving nor loading builds the whole state as one string.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import { TeamSettingsSchema } from '../../../src-preload/contract/team';
import { AutoReplySettingsSchema } from '../../../src-preload/contract/auto-reply';
import { put } from './records';
import { stringSharing } from './string-sharing';
import { STATE_VERSION, type TeamState } from './state';

/** V8 cannot hold a longer string; a snapshot that inflates past it is refused instead of exhausting memory. */
const MAX_JSON_BYTES = 512 * 1024 * 1024;

export function stateJson(state: TeamState): string {
  return JSON.stringify({ ...state, presence: {} });
}

/** Tickets per chunk of a saved state: a chunk's JSON is about 1.5 MB. */
const TICKETS_PER_CHUNK = 1000;

/** The state without its tickets: the first part of a saved state (ticketChunks holds the rest). */
export function stateHeaderJson(state: TeamState): string {
  return JSON.stringify({ ...state, tickets: {}, presence: {} });
}

/**
 * The tickets as JSON objects of TICKETS_PER_CHUNK each, in the state's order, made one at a
 * time: a local save never builds the whole state as one string (store/team-repo.ts).
 */
export function* ticketChunks(state: TeamState): Generator<string> {
  let chunk: Record<string, TeamState['tickets'][string]> = {};
  let size = 0;
  for (const key in state.tickets) {
    put(chunk, key, state.tickets[key]!);
    if (++size < TICKETS_PER_CHUNK) continue;
    yield JSON.stringify(chunk);
    chunk = {};
    size = 0;
  }
  if (size > 0) yield JSON.stringify(chunk);
}

export function serializeState(state: TeamState): string {
  return gzipSync(stateJson(state)).toString('base64');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const isCount = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;

/** Enough of each ticket's shape that the reducer and the ticket views cannot trip over it. */
function isTicket(key: string, value: unknown): boolean {
  return (
    isRecord(value) &&
    value.key === key &&
    isCount(value.number) &&
    isCount(value.offers) &&
    typeof value.status === 'string' &&
    Array.isArray(value.messages) &&
    Array.isArray(value.notes) &&
    Array.isArray(value.tags) &&
    Array.isArray(value.activity) &&
    (value.offer === null || isRecord(value.offer)) &&
    (value.closed === null || isRecord(value.closed))
  );
}

export function parseSnapshotState(text: string): TeamState | null {
  let json: string;
  try {
    json = gunzipSync(Buffer.from(text, 'base64'), { maxOutputLength: MAX_JSON_BYTES }).toString('utf8');
  } catch {
    return null;
  }
  return parseStateJson(json);
}

/** The state from its JSON (a snapshot's), or null when it is of another version or shape. */
export function parseStateJson(json: string): TeamState | null {
  return parseStateParts(json, []);
}

function parseJson(json: string): unknown {
  try {
    return JSON.parse(json);
  } catch {
    return null;
  }
}

/**
 * A locally saved state: its header (stateHeaderJson, or a whole state saved before
 * chunks) and its ticket chunks, parsed one at a time. Null when any part is of another
 * version or shape.
 */
export function parseStateParts(header: string, chunks: Iterable<string>): TeamState | null {
  const value = parseJson(header);
  if (!isRecord(value) || value.stateVersion !== STATE_VERSION) return null;
  const { lastUid, nextNumber, tickets, messageTicket, ticketByNumber, agents, queues, lastOffered, recentEventIds, previousEventIds, rejections, canned, autoReplyDue, autoReplied } = value;
  if (!isCount(lastUid) || !isCount(nextNumber) || nextNumber < 1 || !Array.isArray(rejections)) return null;
  if (![tickets, messageTicket, ticketByNumber, agents, queues, lastOffered, recentEventIds, previousEventIds, canned, autoReplyDue, autoReplied].every(isRecord)) return null;
  if (!Object.entries(tickets as Record<string, unknown>).every(([key, ticket]) => isTicket(key, ticket))) return null;
  for (const json of chunks) {
    const chunk = parseJson(json);
    if (!isRecord(chunk)) return null;
    for (const key in chunk) {
      if (!isTicket(key, chunk[key])) return null;
      put(tickets as Record<string, unknown>, key, chunk[key]);
    }
  }
  const settings = TeamSettingsSchema.safeParse(value.settings);
  const autoReply = isRecord(value.autoReply) ? AutoReplySettingsSchema.safeParse(value.autoReply.settings) : null;
  if (!settings.success || !autoReply?.success) return null;
  const enabledAt = (value.autoReply as Record<string, unknown>).enabledAt;
  if (enabledAt !== null && !isCount(enabledAt)) return null;
  const state: TeamState = { ...(value as unknown as TeamState), settings: settings.data, autoReply: { settings: autoReply.data, enabledAt }, presence: {} };
  shareRepeatedStrings(state);
  return state;
}

/**
 * JSON.parse makes a string per value: the activity lines' agent ids, types and summaries
 * (hundreds of thousands of lines, a few dozen agents and a few thousand distinct
 * summaries) would each be a copy. One copy of each cut 80 MB of heap at 100,000 tickets.
 * Keys are shared the same way: each ticket's own key and its messages' keys are the
 * tickets and messageTicket records' own keys, and so are the ticket keys messageTicket
 * and ticketByNumber point to (the full-text filter's sets of ticket keys then compare by
 * identity, not by their characters); a customer's name and address are one copy each.
 */
function shareRepeatedStrings(state: TeamState): void {
  const one = stringSharing();
  // The records' own keys first: they are the copies every reference should share.
  for (const key in state.tickets) one(key);
  for (const key in state.messageTicket) one(key);
  for (const key in state.tickets) {
    const ticket = state.tickets[key]!;
    ticket.key = key;
    // Written by any client: values of another shape are left as they are.
    if (isRecord(ticket.customer)) {
      ticket.customer.name = one(ticket.customer.name);
      ticket.customer.address = one(ticket.customer.address);
    }
    for (const message of ticket.messages as unknown[]) if (isRecord(message)) message.key = one(message.key);
    for (const line of ticket.activity as unknown[]) {
      if (!isRecord(line)) continue;
      line.agent = one(line.agent);
      line.type = one(line.type);
      line.summary = one(line.summary);
    }
  }
  for (const record of [state.messageTicket, state.ticketByNumber] as Record<string, unknown>[]) {
    for (const key in record) put(record, key, one(record[key]));
  }
}
