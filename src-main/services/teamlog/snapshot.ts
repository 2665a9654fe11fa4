/**
 * A snapshot event's state: the folded TeamState as JSON (presence left out: it is
 * short-lived), gzipped, base64. The reducer keeps insertion order deterministic and never
 * stores undefined, so two clients that folded the same UIDs write the same JSON.
 * Parsing is defensive: a snapshot is written by any client, so anything of another
 * stateVersion or shape gives null and the reader folds from an older snapshot or the start.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import { TeamSettingsSchema } from '../../../src-preload/contract/team';
import { AutoReplySettingsSchema } from '../../../src-preload/contract/auto-reply';
import { STATE_VERSION, type TeamState } from './state';

/** V8 cannot hold a longer string; a snapshot that inflates past it is refused instead of exhausting memory. */
const MAX_JSON_BYTES = 512 * 1024 * 1024;

export function stateJson(state: TeamState): string {
  return JSON.stringify({ ...state, presence: {} });
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

/** The state from its JSON (a snapshot's, or one saved locally), or null when it is of another version or shape. */
export function parseStateJson(json: string): TeamState | null {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return null;
  }
  if (!isRecord(value) || value.stateVersion !== STATE_VERSION) return null;
  const { lastUid, nextNumber, tickets, messageTicket, ticketByNumber, agents, queues, lastOffered, recentEventIds, previousEventIds, rejections, canned, autoReplyDue, autoReplied } = value;
  if (!isCount(lastUid) || !isCount(nextNumber) || nextNumber < 1 || !Array.isArray(rejections)) return null;
  if (![tickets, messageTicket, ticketByNumber, agents, queues, lastOffered, recentEventIds, previousEventIds, canned, autoReplyDue, autoReplied].every(isRecord)) return null;
  if (!Object.entries(tickets as Record<string, unknown>).every(([key, ticket]) => isTicket(key, ticket))) return null;
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
 */
function shareRepeatedStrings(state: TeamState): void {
  const shared = new Map<string, string>();
  const one = (value: unknown): unknown => {
    if (typeof value !== 'string') return value;
    const known = shared.get(value);
    if (known !== undefined) return known;
    shared.set(value, value);
    return value;
  };
  for (const key in state.tickets) {
    // Written by any client: a line of another shape is left as it is.
    for (const line of state.tickets[key]!.activity as unknown[]) {
      if (!isRecord(line)) continue;
      line.agent = one(line.agent);
      line.type = one(line.type);
      line.summary = one(line.summary);
    }
  }
}
