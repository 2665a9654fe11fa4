/**
 * A snapshot's state: the folded TeamState as JSON (presence left out: it is short-lived),
 * gzipped, in parts of its own in the log (log-writer.ts). The records that grow with the
 * mailbox are written in ticket number order, the others in the reducer's insertion
 * order, and the reducer never stores undefined, so two clients that folded the same UIDs
 * write the same JSON.
 * Parsing is defensive: a snapshot is written by any client, so anything of another
 * stateVersion or shape gives null and the reader folds from an older snapshot or the start.
 * The local save (state-saver.ts, store/team-repo.ts) holds the same JSON in parts: a
 * header, a row per ticket and its history lines apart, so neither saving nor loading
 * builds the whole state as one string.
 */
import { once } from 'node:events';
import { createGzip, gunzipSync } from 'node:zlib';
import { TeamSettingsSchema } from '../../../src-preload/contract/team';
import { AutoReplySettingsSchema } from '../../../src-preload/contract/auto-reply';
import { stringSharing } from './string-sharing';
import { NONE, STATE_VERSION, ticketsByNumber, type TeamState, type TicketActivity, type TicketState } from './state';
import { MemoryTicketTable } from './ticket-table';

/** V8 cannot hold a longer string; a snapshot that inflates past it is refused instead of exhausting memory. */
const MAX_JSON_BYTES = 512 * 1024 * 1024;

/**
 * The whole histories of a group of tickets, read at once (the local save keeps them apart:
 * state-saver.ts): given the group, it answers each ticket's lines.
 */
export type HistoryOf = (tickets: readonly TicketState[]) => (ticket: TicketState) => readonly TicketActivity[];

/** What a fold from nothing holds: every line in the ticket's own `activity`. */
const ownHistory: HistoryOf = () => (ticket) => ticket.activity;

/** Tickets whose history is read at once for the growing records' JSON. */
const TICKETS_PER_GROUP = 500;

/** The state as one JSON text, each ticket with its whole history (a snapshot for the log). */
export function stateJson(state: TeamState, historyOf: HistoryOf = ownHistory, unplaced: Record<string, string> = state.tickets.unplaced()): string {
  return [...stateJsonPieces(state, historyOf, unplaced)].join('');
}

/**
 * stateJson's text in pieces, the state with presence left out and each ticket's whole
 * history in it. The three records that grow with the mailbox are written a group of
 * tickets at a time, walked by ticket number (state.ts ticketsByNumber): built whole, the
 * text held the event loop for half a minute at a million tickets. Tickets are opened in number order, so for a state
 * folded from the log this is JSON.stringify's text; any state gives the same text on
 * every client. messageTicket is written ticket by ticket from their lists (the reducer
 * keeps each placed message in its ticket's list), then `unplaced`, the entries naming
 * no known ticket.
 */
function* stateJsonPieces(state: TeamState, historyOf: HistoryOf, unplaced: Record<string, string>): Generator<string> {
  const whole: Record<string, unknown> = plainState(state, TICKET_RECORDS, { presence: {} });
  let comma = '';
  yield '{';
  for (const key of Object.keys(whole)) {
    const value = whole[key];
    if (value === undefined) continue; // as JSON.stringify leaves such a field out
    yield `${comma}${JSON.stringify(key)}:`;
    comma = ',';
    if (key === 'tickets') yield* entryPieces(state, withHistory(historyOf));
    else if (key === 'messageTicket') yield* entryPieces(state, placedMessages(state), unplaced);
    else if (key === 'ticketByNumber') yield* entryPieces(state, () => (ticket) => [[String(ticket.number), ticket.key]]);
    else yield JSON.stringify(value);
  }
  yield '}';
}

/** The JSON records the ticket table is written as, in a snapshot's order: the tickets by key, the ticket of each message, the ticket key of each number. */
interface TicketRecords {
  tickets: Record<string, unknown>;
  messageTicket: Record<string, string>;
  ticketByNumber: Record<string, string>;
}

/** Stand-ins for the records a caller writes piece by piece. */
const TICKET_RECORDS: TicketRecords = { tickets: {}, messageTicket: {}, ticketByNumber: {} };

/**
 * The state as the plain object a snapshot's JSON is, the ticket table written as
 * `records`, its fields in the order of every earlier release (the tickets' records
 * after nextNumber), then `also`'s.
 */
function plainState(state: TeamState, records: TicketRecords, also: Partial<TeamState> = {}): Record<string, unknown> {
  const { stateVersion, lastUid, nextNumber, tickets: _table, ...rest } = state;
  return { stateVersion, lastUid, nextNumber, ...records, ...rest, ...also };
}

type Entry = [key: string, value: unknown];

/** A record's entries for each ticket of a group, with what they need read for the whole group at once. */
type EntriesOf = (group: readonly TicketState[]) => (ticket: TicketState) => Entry[];

/**
 * A record's JSON from each ticket's entries in number order, then `rest`'s entries: an
 * entry a piece (pieces over V8's 128 KB would be allocated with the old objects, and the
 * garbage of a million of them held a collection of seconds), made a group of
 * TICKETS_PER_GROUP tickets at a time, read together (ticket-table.ts inNumberRange).
 */
function* entryPieces(state: TeamState, entriesOf: EntriesOf, rest: Record<string, unknown> = {}): Generator<string> {
  let comma = '';
  const text = ([key, value]: Entry) => {
    const piece = `${comma}${JSON.stringify(key)}:${JSON.stringify(value)}`;
    comma = ',';
    return piece;
  };
  yield '{';
  for (let first = 1; first < state.nextNumber; first += TICKETS_PER_GROUP) {
    const group = ticketsByNumber(state, first, first + TICKETS_PER_GROUP);
    // The group's texts at once: a save between two of them would move lines its history read did not see.
    yield* group.flatMap(entriesOf(group)).map(text);
  }
  for (const entry of Object.entries(rest)) yield text(entry);
  yield '}';
}

/** Each ticket with its whole history, read for the group at once. */
function withHistory(historyOf: HistoryOf): EntriesOf {
  return (group) => {
    const history = historyOf(group);
    return (ticket) => [[ticket.key, { ...ticket, activity: history(ticket) }]];
  };
}

/** The ticket's messages that messageTicket places in it, the group's placements looked up at once. */
function placedMessages(state: TeamState): EntriesOf {
  return (group) => {
    const placed = state.tickets.ticketsOfMessages(group.flatMap((ticket) => ticket.messages.map((message) => message.key)));
    return (ticket) => ticket.messages.flatMap((message): Entry[] => (placed.get(message.key) === ticket.key ? [[message.key, ticket.key]] : []));
  };
}

/**
 * A local save's header (state-saver.ts): the state without its tickets and the two records
 * that grow with them, which the store keeps a row each (store/team-tickets-repo.ts). Of
 * messageTicket it keeps `unplaced`, the entries naming no known ticket (ticket-table.ts
 * unplaced), so finding them again needs no walk of every placement.
 */
export function stateHeaderJson(state: TeamState, unplaced: Record<string, string>): string {
  return JSON.stringify(plainState(state, { tickets: {}, messageTicket: unplaced, ticketByNumber: {} }, { presence: {} }));
}

/** A ticket as its saved row holds it: without its history lines (the save keeps those in team_ticket_activity). */
export function ticketJson(ticket: TicketState): string {
  return JSON.stringify({ ...ticket, activity: NONE });
}

/**
 * JSON is handed to the compressor this many characters at a time: the text stays a young
 * object (under V8's 128 KB even at two bytes a character) that the next scavenge frees.
 */
const WRITE_CHARS = 48 * 1024;

/**
 * stateJson gzipped, in time slices, in the pieces the compressor gave (the snapshot's
 * parts are cut from them: log-writer.ts appendSnapshot): `pace` runs between pieces and
 * gives the event loop its turn (false: stop, the log closed; the answer is then null), and the
 * text is compressed by one gzip stream in libuv's thread pool while the next pieces are
 * built. The state must not be folded meanwhile (team-log.ts writes snapshots inside its
 * pass, where alone it folds); `historyOf` is asked a group at a time, so a save between
 * two groups (which moves history lines from the tickets to the store) leaves every line
 * in exactly one of the two places it reads.
 */
export async function serializeStateInSlices(state: TeamState, historyOf: HistoryOf, unplaced: Record<string, string>, pace: () => Promise<boolean>): Promise<Buffer[] | null> {
  const gzip = createGzip();
  const compressed: Buffer[] = [];
  gzip.on('data', (chunk: Buffer) => compressed.push(chunk));
  const ended = once(gzip, 'end');
  let gathered: string[] = [];
  let chars = 0;
  for (const piece of stateJsonPieces(state, historyOf, unplaced)) {
    gathered.push(piece);
    chars += piece.length;
    if (chars < WRITE_CHARS) continue;
    const more = gzip.write(gathered.join(''));
    gathered = [];
    chars = 0;
    if (!more) await once(gzip, 'drain');
    if (!(await pace())) {
      gzip.destroy();
      return null;
    }
  }
  gzip.end(gathered.join(''));
  await ended;
  // Not joined: the parts are cut from the pieces (log-writer.ts), and a joined copy outlived the APPEND as old garbage.
  return compressed;
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

/** The state of a snapshot of an earlier release, held in its event in base64; null when unreadable. */
export function parseSnapshotState(text: string): TeamState | null {
  return parseSnapshotGz([Buffer.from(text, 'base64')]);
}

/** The state from its gzipped JSON, in parts (log-reader.ts readSnapshotParts); null when unreadable. */
export function parseSnapshotGz(parts: readonly Buffer[]): TeamState | null {
  let json: string;
  try {
    json = gunzipSync(parts.length === 1 ? parts[0]! : Buffer.concat(parts), { maxOutputLength: MAX_JSON_BYTES }).toString('utf8');
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
 * chunks) and the ticket chunks of a release before team_tickets, parsed one at a time,
 * the tickets in memory (state-saver.ts moves them to the store). Null when any part is of
 * another version or shape.
 */
export function parseStateParts(header: string, chunks: Iterable<string>): TeamState | null {
  const reading = readStateParts(header, chunks);
  for (;;) {
    const step = reading.next();
    if (step.done) return step.value;
  }
}

/**
 * parseStateParts in turns: `pause` runs between chunks (a chunk of 1,000 tickets parses
 * in tens of milliseconds), so a state of 100,000 tickets loads without holding the event
 * loop for seconds. Null also when `pause` says to stop (the log closed meanwhile).
 */
export async function loadStateParts(header: string, chunks: Iterable<string>, pause: () => Promise<boolean>): Promise<TeamState | null> {
  const reading = readStateParts(header, chunks);
  for (;;) {
    const step = reading.next();
    if (step.done) return step.value;
    if (!(await pause())) return null;
  }
}

/** The parse of parseStateParts, yielding after each chunk. */
function* readStateParts(header: string, chunks: Iterable<string>): Generator<void, TeamState | null> {
  const value = parseJson(header);
  if (!isRecord(value) || value.stateVersion !== STATE_VERSION) return null;
  // ticketByNumber is not read: the table indexes every ticket under its own number (reducer.ts openTicket).
  const { lastUid, nextNumber, tickets, messageTicket, ticketByNumber, agents, queues, lastOffered, recentEventIds, previousEventIds, rejections, canned, autoReplyDue, autoReplied } = value;
  if (!isCount(lastUid) || !isCount(nextNumber) || nextNumber < 1 || !Array.isArray(rejections)) return null;
  if (![tickets, messageTicket, ticketByNumber, agents, queues, lastOffered, recentEventIds, previousEventIds, canned, autoReplyDue, autoReplied].every(isRecord)) return null;
  const one = stringSharing();
  const table = new MemoryTicketTable();
  const sharing: Sharing = { one, reason: reasonSharing(one) };
  const read = (record: Record<string, unknown>) => {
    for (const key in record) {
      const ticket = record[key];
      if (!readTicket(key, ticket, sharing)) return false;
      table.put(ticket as TicketState);
    }
    return true;
  };
  // The placements' message keys and ticket keys share one copy each with the tickets' own.
  const place = (record: Record<string, unknown>) => {
    for (const message in record) {
      const ticket = record[message];
      if (typeof ticket !== 'string') return false;
      table.place(one(message), one(ticket));
    }
    return true;
  };
  if (!place(messageTicket as Record<string, unknown>) || !read(tickets as Record<string, unknown>)) return null;
  for (const json of chunks) {
    const parsed = parseJson(json);
    // [tickets, messageTicket entries]; a chunk saved before the entries moved here holds tickets only.
    const [chunk, messages] = Array.isArray(parsed) ? parsed : [parsed, {}];
    if (!isRecord(chunk) || !isRecord(messages)) return null;
    // Shared chunk by chunk: the parsed copies die young instead of piling up until the last chunk.
    if (!read(chunk) || !place(messages)) return null;
    yield;
  }
  const settings = TeamSettingsSchema.safeParse(value.settings);
  const autoReply = isRecord(value.autoReply) ? AutoReplySettingsSchema.safeParse(value.autoReply.settings) : null;
  if (!settings.success || !autoReply?.success) return null;
  const enabledAt = (value.autoReply as Record<string, unknown>).enabledAt;
  if (enabledAt !== null && !isCount(enabledAt)) return null;
  const { messageTicket: _placements, ticketByNumber: _numbers, ...fields } = value;
  return { ...(fields as unknown as TeamState), tickets: table, settings: settings.data, autoReply: { settings: autoReply.data, enabledAt }, presence: {} };
}

/**
 * Checks a parsed ticket's shape, fills what a state of an earlier release lacks (from
 * its history, which such a state holds) and shares its repeated strings. JSON.parse
 * makes a string per value: every status, queue, agent id, tag, message direction and
 * reason, history line and customer would be a copy of its own (one copy of each cut
 * over 100 MB of heap at 100,000 tickets).
 */
const TICKET_TEXTS = ['status', 'queue', 'assignee', 'disposition', 'mergedInto'];
/** Of closed, taken, offer and deleted. */
const AUTHOR_TEXTS = ['agent', 'how', 'kind', 'phase'];
const REASON_TEXTS = ['kind', 'agent', 'to'];

/** The named fields' strings become their shared copies; anything else (another shape: any client writes snapshots) stays. */
function shareFields(record: unknown, fields: readonly string[], one: <T>(value: T) => T): void {
  if (!isRecord(record)) return;
  for (const field of fields) if (typeof record[field] === 'string') record[field] = one(record[field]);
}

/**
 * One object per distinct reason naming no message ("new", each agent's "sent"…): a
 * reason is replaced, never changed in place (reducer.ts), and 100,000 copies of
 * `{ kind: 'new' }` alone were 3 MB. Reasons with other fields (a reply's message) stay.
 */
function reasonSharing(one: <T>(value: T) => T): (reason: unknown) => unknown {
  const shared = new Map<string, unknown>();
  return (reason) => {
    if (!isRecord(reason)) return reason;
    for (const field in reason) if (field !== 'kind' && field !== 'agent' && field !== 'auto') return reason;
    const { kind, agent, auto } = reason;
    const key = `${String(kind)}\n${String(agent)}\n${String(auto)}`;
    const known = shared.get(key);
    if (known !== undefined) return known;
    shareFields(reason, REASON_TEXTS, one);
    shared.set(key, reason);
    return reason;
  };
}

/** Shares a parsed state's repeated values: strings (stringSharing), empty lists (NONE) and message reasons. */
interface Sharing {
  one: <T>(value: T) => T;
  reason: (reason: unknown) => unknown;
}

/**
 * Reads saved tickets one JSON text at a time (stored-ticket-table.ts), their repeated
 * values shared among those one reader reads: null for a text of another shape.
 */
export function ticketReader(): (key: string, json: string) => TicketState | null {
  const one = stringSharing();
  const sharing: Sharing = { one, reason: reasonSharing(one) };
  return (key, json) => {
    const value = parseJson(json);
    return readTicket(key, value, sharing) ? (value as TicketState) : null;
  };
}

function readTicket(key: string, value: unknown, { one, reason }: Sharing): boolean {
  if (!isTicket(key, value)) return false;
  const ticket = value as Record<string, unknown> & { activity: readonly unknown[]; messages: unknown[]; notes: readonly unknown[]; tags: readonly unknown[] };
  ticket.key = one(key);
  shareFields(ticket, TICKET_TEXTS, one);
  shareFields(ticket.customer, ['name', 'address'], one);
  for (const field of ['closed', 'taken', 'offer', 'deleted']) shareFields(ticket[field], AUTHOR_TEXTS, one);
  ticket.tags = ticket.tags.length === 0 ? NONE : ticket.tags.map(one);
  if (ticket.notes.length === 0) ticket.notes = NONE;
  for (const note of ticket.notes) shareFields(note, ['agent'], one);
  for (const message of ticket.messages) {
    shareFields(message, ['key', 'direction'], one);
    if (isRecord(message)) message.reason = reason(message.reason);
  }
  for (const line of ticket.activity) shareFields(line, ['agent', 'type', 'summary'], one);
  const lines = ticket.activity.filter(isRecord);
  if (!isCount(ticket.openedUid)) ticket.openedUid = isCount(lines[0]?.uid) ? lines[0].uid : 0;
  if (ticket.taken === undefined) {
    const won = lines.findLast((a) => a.type === 'ticket.take' || a.type === 'ticket.accept');
    ticket.taken = won ? { agent: won.agent, at: won.at, how: won.type === 'ticket.take' ? 'took' : 'accepted' } : null;
  }
  if (ticket.activity.length === 0) ticket.activity = NONE;
  return true;
}
