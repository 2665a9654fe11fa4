/**
 * Both directions of an event's message form, in one module so they cannot disagree:
 * formatEventMessage builds the RFC 822 message the writer APPENDs to the log folder, and
 * parseLoggedEvent reads a fetched message back into a LoggedEvent or says why it is
 * skipped (not an event, written by a newer Mailroom, malformed). Skips are never fatal:
 * the reader logs them and folds on.
 */
import { EVENT_FORMAT_VERSION, EVENT_MARKER_HEADER, TeamEventSchema, type EventType, type LoggedEvent, type TeamEvent } from './events';

export const EVENT_ID_HEADER = 'X-Mailroom-Event-Id';
export const EVENT_AGENT_HEADER = 'X-Mailroom-Agent';
/** On snapshot events only: the UID the state was folded up to, so a new client can find the newest by header search. */
export const SNAPSHOT_HEADER = 'X-Mailroom-Snapshot';
/** On a snapshot's parts (snapshotPartMessage): the snapshot event's id and the part's number, from 1. */
export const SNAPSHOT_PART_HEADER = 'X-Mailroom-Snapshot-Part';

export type ParsedEvent =
  | { ok: true; logged: LoggedEvent }
  | { ok: false; reason: 'not-an-event' | 'newer-version' | 'malformed'; detail: string };

// ---- writing ----

/** RFC 5322 date from the author's clock. */
function mailDate(at: number): string {
  return new Date(at).toUTCString().replace(/GMT$/, '+0000');
}

/** A header token we put in Message-ID and our own headers: printable ASCII without spaces, or refuse. */
function token(what: string, value: string): string {
  if (!/^[!-~]+$/.test(value)) throw new Error(`The event's ${what} "${value}" must be printable ASCII without spaces; use the generated UUID.`);
  return value;
}

/** The From header: ASCII as is; a non-ASCII display name as an RFC 2047 encoded word. */
function fromHeader(from: string): string {
  if (/[\r\n]/.test(from)) throw new Error('The event sender must be one line, for example "Mailroom <team@example.com>".');
  if (/^[\x20-\x7e]*$/.test(from)) return from;
  const named = /^(.*?)\s*<([^<>]+)>$/.exec(from);
  if (!named || !/^[\x20-\x7e]+$/.test(named[2] ?? '')) throw new Error(`The event sender "${from}" needs an ASCII address in angle brackets, for example "Jürgen <team@example.com>".`);
  return `=?UTF-8?B?${Buffer.from(named[1] ?? '', 'utf8').toString('base64')}?= <${named[2]}>`;
}

const LINE = 76;
/** Bytes a base64 line of LINE characters holds. */
const LINE_BYTES = (LINE / 4) * 3;
/** Bytes encoded at a time: whole lines (and a multiple of 3, so the pieces' base64 joins up). */
const PIECE_BYTES = LINE_BYTES * 1024;

/** The length of `bytes` bytes in base64. */
const base64Length = (bytes: number) => Math.ceil(bytes / 3) * 4;

/** Every run of up to LINE base64 characters, which writeBase64Message ends with CRLF. */
const LINES = new RegExp(`.{1,${LINE}}`, 'g');

/**
 * The message: `head`, a blank line, then the body (`length` bytes, given in parts) in
 * base64 lines of 76 characters (RFC 2045, so no line comes near the 998-character limit),
 * written straight into one buffer a piece at a time, with no whole copy of the body beside
 * it (its base64 text, the lines joined). Yields after each piece, so a snapshot part's
 * caller can give the event loop its turns (log-writer.ts); a piece's lines go in with
 * one write, not one per line.
 */
function* writeBase64Message(head: string, body: Iterable<Buffer>, length: number): Generator<void, Buffer> {
  const textLength = base64Length(length);
  const out = Buffer.allocUnsafe(Buffer.byteLength(head, 'utf8') + 4 + textLength + Math.ceil(textLength / LINE) * 2);
  let at = out.write(`${head}\r\n\r\n`, 0, 'utf8');
  // A piece is whole lines but for the last, so its runs are the message's lines.
  for (const piece of inPieces(body, PIECE_BYTES)) {
    at += out.write(piece.toString('base64').replace(LINES, '$&\r\n'), at, 'latin1');
    yield;
  }
  return out;
}

/** `parts` read as one run of bytes, `size` bytes at a time (the last piece may be shorter): views into the parts, a copy only where a piece spans two. */
export function* inPieces(parts: Iterable<Buffer>, size: number): Generator<Buffer> {
  let held: Buffer[] = [];
  let heldBytes = 0;
  for (let part of parts) {
    if (heldBytes > 0) {
      const take = Math.min(size - heldBytes, part.length);
      held.push(part.subarray(0, take));
      heldBytes += take;
      part = part.subarray(take);
      if (heldBytes < size) continue;
      yield Buffer.concat(held, heldBytes);
      held = [];
      heldBytes = 0;
    }
    let start = 0;
    for (; start + size <= part.length; start += size) yield part.subarray(start, start + size);
    if (start < part.length) {
      held = [part.subarray(start)];
      heldBytes = part.length - start;
    }
  }
  if (heldBytes > 0) yield Buffer.concat(held, heldBytes);
}

/** The Subject of an event's message: readable in any mail program, and searchable by type (log-cleanup.ts). */
export function eventSubject(type: EventType): string {
  return `Mailroom event ${type}`;
}

export function formatEventMessage(event: TeamEvent, from: string): Buffer {
  const json = Buffer.from(JSON.stringify(event), 'utf8');
  return written(writeBase64Message(eventHead(event, from), [json], json.length));
}

/**
 * One part of a snapshot's state (the gzipped state JSON, cut in parts by log-writer.ts):
 * a message of its own, not an event (it has no event marker), named by the snapshot
 * event's id and its number from 1 in SNAPSHOT_PART_HEADER. Written in steps, as
 * writeBase64Message is (the app gives the event loop a turn between them: log-writer.ts).
 */
export function snapshotPartMessage(event: Extract<TeamEvent, { type: 'snapshot' }>, index: number, gz: Buffer, from: string): Generator<void, Buffer> {
  const id = token('id', event.id);
  const head = [
    `From: ${fromHeader(from)}`,
    `Date: ${mailDate(event.at)}`,
    `Subject: Mailroom snapshot part ${index} of ${event.parts}`,
    `Message-ID: <${id}.${index}@mailroom.invalid>`,
    `${SNAPSHOT_PART_HEADER}: ${id} ${index}`,
    'MIME-Version: 1.0',
    'Content-Type: application/gzip',
    'Content-Transfer-Encoding: base64',
  ].join('\r\n');
  return writeBase64Message(head, [gz], gz.length);
}

/** A message written in steps, all at once. */
export function written(steps: Generator<void, Buffer>): Buffer {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

function eventHead(event: TeamEvent, from: string): string {
  const id = token('id', event.id);
  const headers = [
    `From: ${fromHeader(from)}`,
    `Date: ${mailDate(event.at)}`,
    `Subject: ${eventSubject(event.type)}`,
    `Message-ID: <${id}@mailroom.invalid>`,
    `${EVENT_MARKER_HEADER}: ${EVENT_FORMAT_VERSION}`,
    `${EVENT_ID_HEADER}: ${id}`,
    `${EVENT_AGENT_HEADER}: ${token('agent id', event.agent)}`,
    ...(event.type === 'snapshot' ? [`${SNAPSHOT_HEADER}: ${event.upTo}`] : []),
    'MIME-Version: 1.0',
    'Content-Type: application/json; charset=utf-8',
    'Content-Transfer-Encoding: base64',
  ];
  return headers.join('\r\n');
}

// ---- reading ----

function splitMessage(raw: Buffer): { head: string; body: Buffer } {
  const crlf = raw.indexOf('\r\n\r\n');
  const lf = raw.indexOf('\n\n');
  if (crlf < 0 && lf < 0) return { head: raw.toString('latin1'), body: Buffer.alloc(0) };
  const [at, length] = crlf >= 0 && (lf < 0 || crlf < lf) ? [crlf, 4] : [lf, 2];
  return { head: raw.subarray(0, at).toString('latin1'), body: raw.subarray(at + length) };
}

/** Header names lower-cased to their first value, folded lines joined. */
function parseHeaders(head: string): Map<string, string> {
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!headers.has(name)) headers.set(name, line.slice(colon + 1).trim());
  }
  return headers;
}

function decodeQuotedPrintable(body: Buffer): Buffer {
  const text = body.toString('latin1').replace(/=\r?\n/g, '');
  return Buffer.from(text.replace(/=([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1');
}

function decodeBody(body: Buffer, encoding: string): Buffer | null {
  switch (encoding) {
    case '':
    case '7bit':
    case '8bit':
    case 'binary':
      return body;
    case 'base64':
      return Buffer.from(body.toString('latin1').replace(/[^A-Za-z0-9+/=]/g, ''), 'base64');
    case 'quoted-printable':
      return decodeQuotedPrintable(body);
    default:
      return null;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const newer = (uid: number, version: unknown): ParsedEvent => ({
  ok: false,
  reason: 'newer-version',
  detail: `UID ${uid} was written in event format ${String(version)}; this Mailroom reads format ${EVENT_FORMAT_VERSION}. Update Mailroom to fold it.`,
});

/** A header's first value in a message or its header fields alone (a FETCH of some fields). */
export function headerOf(raw: Buffer, name: string): string | undefined {
  return parseHeaders(splitMessage(raw).head).get(name.toLowerCase());
}

/** Whether the message's header is a snapshot event's (its first bytes are enough). */
export function isSnapshotHeader(source: Buffer): boolean {
  return headerOf(source, SNAPSHOT_HEADER) !== undefined;
}

/**
 * A snapshot event from its message's header alone (log-reader.ts fetches no more of a
 * big one), its state left empty: folding passes a snapshot by (reducer.ts) and needs
 * only its id, author and UID. Only a client that starts from a snapshot reads its state,
 * with parseLoggedEvent on the whole message.
 */
export function snapshotFromHeader(uid: number, source: Buffer): ParsedEvent {
  const headers = parseHeaders(splitMessage(source).head);
  const marker = headers.get(EVENT_MARKER_HEADER.toLowerCase());
  if (marker !== undefined && /^\d+$/.test(marker) && Number(marker) > EVENT_FORMAT_VERSION) return newer(uid, marker);
  const date = Date.parse(headers.get('date') ?? '');
  const parsed = TeamEventSchema.safeParse({
    v: Number(marker),
    id: headers.get(EVENT_ID_HEADER.toLowerCase()),
    agent: headers.get(EVENT_AGENT_HEADER.toLowerCase()),
    at: Number.isNaN(date) ? 0 : date,
    type: 'snapshot',
    upTo: Number(headers.get(SNAPSHOT_HEADER.toLowerCase())),
    state: '',
  });
  if (!parsed.success) return { ok: false, reason: 'malformed', detail: `UID ${uid}'s snapshot header does not name its event: ${parsed.error.issues[0]?.path.join('.') ?? 'unknown field'}.` };
  return { ok: true, logged: { uid, event: parsed.data } };
}

/** A snapshot part's place and its bytes (snapshotPartMessage), or null when the message is no such part. */
export function parseSnapshotPart(source: Buffer): { snapshotId: string; index: number; gz: Buffer } | null {
  const { head, body } = splitMessage(source);
  const headers = parseHeaders(head);
  const named = /^(\S+) (\d+)$/.exec(headers.get(SNAPSHOT_PART_HEADER.toLowerCase()) ?? '');
  const encoding = (headers.get('content-transfer-encoding') ?? '').toLowerCase();
  const gz = named ? decodeBody(body, encoding) : null;
  return named && gz ? { snapshotId: named[1]!, index: Number(named[2]), gz } : null;
}

export function parseLoggedEvent(uid: number, source: Buffer | string): ParsedEvent {
  const { head, body } = splitMessage(typeof source === 'string' ? Buffer.from(source, 'utf8') : source);
  const headers = parseHeaders(head);
  const marker = headers.get(EVENT_MARKER_HEADER.toLowerCase());
  if (marker === undefined) return { ok: false, reason: 'not-an-event', detail: `UID ${uid} has no ${EVENT_MARKER_HEADER} header.` };
  if (/^\d+$/.test(marker) && Number(marker) > EVENT_FORMAT_VERSION) return newer(uid, marker);

  const encoding = (headers.get('content-transfer-encoding') ?? '').toLowerCase();
  const decoded = decodeBody(body, encoding);
  if (!decoded) return { ok: false, reason: 'malformed', detail: `UID ${uid} has an unknown Content-Transfer-Encoding "${encoding}".` };
  let json: unknown;
  try {
    json = JSON.parse(decoded.toString('utf8'));
  } catch (error) {
    return { ok: false, reason: 'malformed', detail: `UID ${uid}'s body is not JSON: ${(error as Error).message}` };
  }
  if (isRecord(json) && typeof json.v === 'number' && json.v > EVENT_FORMAT_VERSION) return newer(uid, json.v);
  const parsed = TeamEventSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, reason: 'malformed', detail: `UID ${uid} is not a valid event: ${issue ? `${issue.path.join('.') || 'body'}: ${issue.message}` : 'unknown shape'}` };
  }
  return { ok: true, logged: { uid, event: parsed.data } };
}
