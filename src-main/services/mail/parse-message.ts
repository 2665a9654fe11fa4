import fs from 'node:fs';
import { Readable, type Stream } from 'node:stream';
import { MailParser, type AddressObject, type AttachmentStream, type Headers, type MailParserOptions, type MessageText } from 'mailparser';
import { ATTACHED_MESSAGE_TYPES, type Address, type AttachedMessageRead, type AttachmentInfo, type PartView } from '../../../src-preload/contract';
import type { BodyInput } from '../sync/message-input';
import { charsetDecoder, decodeByGuess } from './charset-decoder';
import { readDeliveryStatus } from './delivery-status';
import { cidReferences, isReferenced } from './inline-images';
import { MAX_TEXT_PART_BYTES, withPartLimits } from './part-limits';
import { withOneChunkQueues } from './stream-queues';

const SNIPPET_LENGTH = 200;

/**
 * The list's preview: the text's beginning on one line, without the addresses in brackets
 * that the text made from an HTML-only mail carries for each image and link
 * ("spring banner [https://…]"), which filled previews with URLs. Read from a bounded
 * beginning: a 10 MB body costs no more than a short one.
 */
export function snippetOf(text: string): string {
  return text
    .slice(0, SNIPPET_LENGTH * 20)
    .replace(/\[(?:https?|cid|mailto):[^\]\s]*\]/gi, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, SNIPPET_LENGTH);
}

/** An attachment's content, written as it arrives; finish() says where it is now (its SHA-256 in the attachment store). */
export interface ContentWriter {
  write(chunk: Buffer): void;
  finish(): string;
  abort(): void;
}

/** Opens a writer per attachment (the sync's disk store): contents stream through, never held whole. */
export type AttachmentSink = () => ContentWriter;

/** A sink for callers that keep contents in memory anyway (a preview, tests): `keep` gets each content whole. */
export function bufferingSink(keep: (content: Buffer) => string): AttachmentSink {
  return () => {
    const chunks: Buffer[] = [];
    return { write: (chunk) => void chunks.push(chunk), finish: () => keep(Buffer.concat(chunks)), abort: () => undefined };
  };
}

/** A raw message whole: in memory, or a file (a big message, read back from the attachment store as a stream). */
export type WholeMessage = Buffer | { file: string };

/**
 * A big message parsed while it downloads: its bytes as they reach the disk, and its file
 * once whole (what the raw-text fallback reads); `whole` rejects when the download failed.
 */
export interface ArrivingMessage {
  arriving: Readable;
  whole: Promise<{ file: string }>;
}

export type MessageSource = WholeMessage | ArrivingMessage;

function streamOf(source: MessageSource): Readable {
  if (Buffer.isBuffer(source)) return Readable.from([source]);
  return 'arriving' in source ? source.arriving : fs.createReadStream(source.file);
}

const DELIVERY_STATUS = new Set(['message/delivery-status', 'message/global-delivery-status']);
const ATTACHED_MESSAGE: ReadonlySet<string> = new Set(ATTACHED_MESSAGE_TYPES);
const VIEWED_PARTS = new Set([...DELIVERY_STATUS, ...ATTACHED_MESSAGE]);
/** A message attached to one attached to one…: deeper ones stay plain attachments. */
const MAX_NESTING = 3;
/** An attached message's text is kept in the parent's row; the whole message is in the attachment store. */
const MAX_ATTACHED_TEXT = 100_000;

const NUL_WARNING = 'The message contained NUL bytes, which were removed.';

/** NUL characters end strings in C-based tools and break FTS tokens: drop them, say so. */
function withoutNul(value: string | null, warnings: string[]): string | null {
  if (value === null || !value.includes('\0')) return value;
  if (!warnings.includes(NUL_WARNING)) warnings.push(NUL_WARNING);
  return value.replace(/\0/g, '');
}

/** Attached messages and delivery reports up to this size are read in place (their content is held in memory for that). */
const MAX_VIEWED_PART_BYTES = 8 * 1024 * 1024;

/** An attachment as parsed: its content in memory only when the reader will view it (partView). */
interface ParsedPart {
  contentType: string;
  filename: string | undefined;
  cid: string | undefined;
  size: number;
  sha256: string | undefined;
  content: Buffer | null;
}

/** What mailparser read, as simpleParser would give it, but with attachments streamed to the sink. */
interface Parsed {
  headers: Headers;
  text: string | undefined;
  html: string | boolean | undefined;
  attachments: ParsedPart[];
}

const PARSER_OPTIONS: MailParserOptions = {
  // cid: images are resolved from the attachment store when the body is served, not copied into it.
  skipImageLinks: true,
  // textAsHtml is not used, and would be another copy of a long text.
  skipTextToHtml: true,
  // Delivery reports come as parts, read into a per-recipient view, not as raw lines in the text.
  keepDeliveryStatus: true,
  maxHtmlLengthToParse: 5 * 1024 * 1024,
};

function parse(source: Readable, warnings: string[], sink: AttachmentSink | undefined): Promise<Parsed> {
  // Typed as iconv-lite's decoder; mailparser calls it as node-iconv's stream class.
  const parser = new MailParser({ ...PARSER_OPTIONS, Iconv: charsetDecoder(warnings) as unknown as MailParserOptions['Iconv'] });
  // mailparser's own stages too (not in its typings): see stream-queues.ts.
  const stages = parser as unknown as { chunkedPassthrough: Stream; splitter: Stream };
  withOneChunkQueues(parser, stages.chunkedPassthrough, stages.splitter);
  const mail: Parsed = { headers: new Map(), text: undefined, html: undefined, attachments: [] };
  const open = new Set<ContentWriter>();
  let failed = false;
  return new Promise((resolve, reject) => {
    const input = withPartLimits(source, warnings);
    const fail = (err: unknown) => {
      // An attachment's stream may still deliver what it buffered: its writer is gone.
      failed = true;
      for (const writer of open) writer.abort();
      open.clear();
      // Ends the whole pipeline, the file it reads included.
      input.destroy();
      parser.destroy();
      reject(err instanceof Error ? err : new Error(String(err)));
    };
    parser.on('headers', (headers: Headers) => (mail.headers = headers));
    parser.on('data', (data: AttachmentStream | MessageText) => {
      if (data.type === 'text') {
        mail.text = data.text;
        mail.html = data.html;
        return;
      }
      const part: ParsedPart = { contentType: data.contentType, filename: data.filename, cid: data.cid, size: 0, sha256: undefined, content: null };
      mail.attachments.push(part);
      const writer = sink?.();
      if (writer) open.add(writer);
      let viewed: Buffer[] | null = VIEWED_PARTS.has(data.contentType.toLowerCase()) ? [] : null;
      const content = data.content as Readable;
      content.on('data', (chunk: Buffer) => {
        if (failed) return;
        try {
          writer?.write(chunk);
        } catch (err) {
          fail(err);
          return;
        }
        part.size += chunk.length;
        viewed = viewed && part.size <= MAX_VIEWED_PART_BYTES ? [...viewed, chunk] : null;
      });
      content.on('end', () => {
        if (failed) return;
        try {
          if (writer) part.sha256 = writer.finish();
        } catch (err) {
          fail(err);
          return;
        }
        if (writer) open.delete(writer);
        part.content = viewed ? Buffer.concat(viewed) : null;
        data.release();
      });
    });
    parser.on('error', fail);
    parser.on('end', () => resolve(mail));
    input.on('error', fail).pipe(parser);
  });
}

function addressList(field: AddressObject | AddressObject[] | undefined): Address[] {
  return [field ?? []].flat().flatMap((o) => o.value).map((a) => ({ name: a.name ?? '', address: a.address ?? '' }));
}

/** A forwarded or returned message, read like the outer one (its attachments listed, not stored). */
async function attachedMessage(content: WholeMessage, depth: number, warnings: string[]): Promise<AttachedMessageRead['view']> {
  const inner: string[] = [];
  const parsed = await parse(streamOf(content), inner, undefined);
  const header = <T>(key: string) => parsed.headers.get(key) as T | undefined;
  const text = withoutNul(parsed.text ?? '', inner) ?? '';
  const date = header<Date>('date')?.getTime();
  const view: AttachedMessageRead['view'] = {
    kind: 'message',
    subject: header<string>('subject') ?? '',
    from: addressList(header<AddressObject>('from'))[0] ?? null,
    to: addressList(header<AddressObject>('to')),
    cc: addressList(header<AddressObject>('cc')),
    date: date !== undefined && Number.isFinite(date) ? date : null,
    text: text.length > MAX_ATTACHED_TEXT ? `${text.slice(0, MAX_ATTACHED_TEXT)}\n[…]` : text,
    attachments: await attachmentsOf(parsed, depth + 1, inner),
  };
  for (const w of inner) warnings.push(`In the attached message "${view.subject}": ${w}`);
  return view;
}

/**
 * An attached message stored without its view (bigger than MAX_VIEWED_PART_BYTES, nested
 * deeper than MAX_NESTING, or cached before views existed), read from its file when the
 * reader asks; what could not be read comes back as warnings, like the outer message's.
 */
export async function readAttachedMessage(file: string): Promise<AttachedMessageRead> {
  const warnings: string[] = [];
  return { view: await attachedMessage({ file }, 0, warnings), warnings };
}

/** What the reader can read of a part in place, if anything; a part that cannot be read stays a plain attachment. */
async function partView(a: ParsedPart, depth: number, warnings: string[]): Promise<PartView | undefined> {
  const type = a.contentType.toLowerCase();
  if (!a.content) return undefined;
  if (DELIVERY_STATUS.has(type)) return readDeliveryStatus(a.content.toString('utf8'));
  if (!ATTACHED_MESSAGE.has(type) || depth >= MAX_NESTING) return undefined;
  try {
    return await attachedMessage(a.content, depth, warnings);
  } catch (err) {
    warnings.push(`An attached message could not be read (${err instanceof Error ? err.message : String(err)}).`);
    return undefined;
  }
}

/**
 * Every part mailparser did not put into the text: files, images the HTML shows by
 * cid: (marked with contentId, still stored so the reader can show them from the
 * cache), delivery reports and attached messages (with a view to read them in place).
 */
async function attachmentsOf(parsed: Parsed, depth: number, warnings: string[]): Promise<AttachmentInfo[]> {
  const references = typeof parsed.html === 'string' ? cidReferences(parsed.html) : new Set<string>();
  const out: AttachmentInfo[] = [];
  for (const a of parsed.attachments) {
    const view = await partView(a, depth, warnings);
    out.push({
      filename: a.filename ?? (view?.kind === 'message' && view.subject ? `${view.subject}.eml` : 'unnamed'),
      contentType: a.contentType,
      size: a.size,
      ...(a.sha256 !== undefined ? { sha256: a.sha256 } : {}),
      ...(a.cid && isReferenced(a.cid, references) ? { contentId: a.cid } : {}),
      ...(view ? { view } : {}),
    });
  }
  return out;
}

/** What follows the header block, decoded by a guess; null when there is no blank line ending the headers. */
function rawBody(source: Buffer): string | null {
  const raw = decodeByGuess(source).text.replace(/\0/g, '');
  const split = raw.search(/\r?\n\r?\n/);
  return split >= 0 ? raw.slice(split).trim() : null;
}

/** The message's first bytes, as much as a text part may hold: what the raw-text fallback shows. */
function headOf(source: WholeMessage): Buffer {
  if (Buffer.isBuffer(source)) return source.subarray(0, MAX_TEXT_PART_BYTES);
  const head = Buffer.alloc(Math.min(MAX_TEXT_PART_BYTES, fs.statSync(source.file).size));
  const fd = fs.openSync(source.file, 'r');
  try {
    return head.subarray(0, fs.readSync(fd, head, 0, head.length, 0));
  } finally {
    fs.closeSync(fd);
  }
}

/** What the parser read, as the row stores it. */
async function bodyOf(parsed: Parsed, whole: WholeMessage, empty: boolean, warnings: string[]): Promise<BodyInput> {
  const html = withoutNul(typeof parsed.html === 'string' ? parsed.html : null, warnings);
  let text = withoutNul(parsed.text ?? null, warnings);
  if (!html && !text && !empty && parsed.attachments.length === 0) {
    // A broken structure (a boundary that never occurs) hides the whole body from the parser.
    text = rawBody(headOf(whole)) || null;
    warnings.push(text ? 'The message structure could not be read; showing the raw text.' : 'The message has no readable text part.');
  }
  return {
    text,
    html,
    snippet: snippetOf(text ?? ''),
    attachments: await attachmentsOf(parsed, 0, warnings),
    parseWarnings: warnings,
  };
}

/**
 * Parses a raw message defensively: a message mailparser cannot read is kept
 * with its raw text and a notice, never dropped and never fatal to the sync.
 * Attachment contents stream to the sink when one is given (the sync's disk store);
 * only text parts (up to MAX_TEXT_PART_BYTES each) and parts read in place are held in memory.
 * A message still arriving fails only when its download fails.
 */
export async function parseMessage(source: MessageSource, sink?: AttachmentSink): Promise<BodyInput> {
  const warnings: string[] = [];
  let parsed: Parsed | null = null;
  let failure: unknown;
  try {
    parsed = await parse(streamOf(source), warnings, sink);
  } catch (err) {
    failure = err;
  }
  const whole = Buffer.isBuffer(source) || !('arriving' in source) ? source : await source.whole;
  const empty = Buffer.isBuffer(whole) ? whole.length === 0 : fs.statSync(whole.file).size === 0;
  if (empty) warnings.unshift('The server returned an empty message.');
  try {
    if (parsed) return await bodyOf(parsed, whole, empty, warnings);
  } catch (err) {
    failure = err;
  }
  // Fall back to the raw body so the reader still sees what arrived.
  const head = headOf(whole);
  const body = rawBody(head) ?? decodeByGuess(head).text.replace(/\0/g, '');
  warnings.push(`The message structure could not be read (${failure instanceof Error ? failure.message : String(failure)}); showing the raw text.`);
  return { text: body, html: null, snippet: snippetOf(body), attachments: [], parseWarnings: warnings };
}
