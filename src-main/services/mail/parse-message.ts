import { simpleParser, type AddressObject, type Attachment, type ParsedMail, type SimpleParserOptions } from 'mailparser';
import type { Address, AttachmentInfo, PartView } from '../../../src-preload/contract';
import type { BodyInput } from '../sync/message-input';
import { charsetDecoder, decodeByGuess } from './charset-decoder';
import { readDeliveryStatus } from './delivery-status';
import { cidReferences, isReferenced } from './inline-images';

const SNIPPET_LENGTH = 200;

export function snippetOf(text: string): string {
  return text.replace(/\s+/g, ' ').trim().slice(0, SNIPPET_LENGTH);
}

/** Keeps an attachment's content somewhere and says where (its SHA-256). */
export type AttachmentSink = (content: Buffer) => string;

const DELIVERY_STATUS = new Set(['message/delivery-status', 'message/global-delivery-status']);
/** A whole message, or (bounces that return less) only its headers. */
const ATTACHED_MESSAGE = new Set(['message/rfc822', 'message/global', 'text/rfc822-headers']);
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

function parse(source: Buffer, warnings: string[]): Promise<ParsedMail> {
  const options: SimpleParserOptions = {
    // cid: images are resolved from the attachment store when the body is served, not copied into it.
    skipImageLinks: true,
    // Delivery reports come as parts, read into a per-recipient view, not as raw lines in the text.
    keepDeliveryStatus: true,
    maxHtmlLengthToParse: 5 * 1024 * 1024,
    // Typed as iconv-lite's decoder; mailparser calls it as node-iconv's stream class.
    Iconv: charsetDecoder(warnings) as unknown as SimpleParserOptions['Iconv'],
  };
  return simpleParser(source, options);
}

function addressList(field: AddressObject | AddressObject[] | undefined): Address[] {
  return [field ?? []].flat().flatMap((o) => o.value).map((a) => ({ name: a.name ?? '', address: a.address ?? '' }));
}

/** A forwarded or returned message, read like the outer one (its attachments listed, not stored). */
async function attachedMessage(content: Buffer, depth: number, warnings: string[]): Promise<PartView> {
  const inner: string[] = [];
  const parsed = await parse(content, inner);
  const text = withoutNul(parsed.text ?? '', inner) ?? '';
  const date = parsed.date?.getTime();
  const view: PartView = {
    kind: 'message',
    subject: parsed.subject ?? '',
    from: addressList(parsed.from)[0] ?? null,
    to: addressList(parsed.to),
    cc: addressList(parsed.cc),
    date: date !== undefined && Number.isFinite(date) ? date : null,
    text: text.length > MAX_ATTACHED_TEXT ? `${text.slice(0, MAX_ATTACHED_TEXT)}\n[…]` : text,
    attachments: await attachmentsOf(parsed, undefined, depth + 1, inner),
  };
  for (const w of inner) warnings.push(`In the attached message "${view.subject}": ${w}`);
  return view;
}

/** What the reader can read of a part in place, if anything; a part that cannot be read stays a plain attachment. */
async function partView(a: Attachment, depth: number, warnings: string[]): Promise<PartView | undefined> {
  const type = a.contentType.toLowerCase();
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
async function attachmentsOf(parsed: ParsedMail, sink: AttachmentSink | undefined, depth: number, warnings: string[]): Promise<AttachmentInfo[]> {
  const references = typeof parsed.html === 'string' ? cidReferences(parsed.html) : new Set<string>();
  const out: AttachmentInfo[] = [];
  for (const a of parsed.attachments) {
    const view = Buffer.isBuffer(a.content) ? await partView(a, depth, warnings) : undefined;
    out.push({
      filename: a.filename ?? (view?.kind === 'message' && view.subject ? `${view.subject}.eml` : 'unnamed'),
      contentType: a.contentType,
      size: a.size,
      ...(sink && Buffer.isBuffer(a.content) ? { sha256: sink(a.content) } : {}),
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

/**
 * Parses a raw message defensively: a message mailparser cannot read is kept
 * with its raw text and a notice, never dropped and never fatal to the sync.
 * Attachment contents go to the sink when one is given (the sync's disk store).
 */
export async function parseMessage(source: Buffer, sink?: AttachmentSink): Promise<BodyInput> {
  const warnings: string[] = [];
  if (source.length === 0) warnings.push('The server returned an empty message.');
  try {
    const parsed = await parse(source, warnings);
    const html = withoutNul(typeof parsed.html === 'string' ? parsed.html : null, warnings);
    let text = withoutNul(parsed.text ?? null, warnings);
    if (!html && !text && source.length > 0 && parsed.attachments.length === 0) {
      // A broken structure (a boundary that never occurs) hides the whole body from the parser.
      text = rawBody(source) || null;
      warnings.push(text ? 'The message structure could not be read; showing the raw text.' : 'The message has no readable text part.');
    }
    return {
      text,
      html,
      snippet: snippetOf(text ?? ''),
      attachments: await attachmentsOf(parsed, sink, 0, warnings),
      parseWarnings: warnings,
    };
  } catch (err) {
    // Fall back to the raw body so the reader still sees what arrived.
    const body = rawBody(source) ?? decodeByGuess(source).text.replace(/\0/g, '');
    warnings.push(`The message structure could not be read (${err instanceof Error ? err.message : String(err)}); showing the raw text.`);
    return { text: body, html: null, snippet: snippetOf(body), attachments: [], parseWarnings: warnings };
  }
}
