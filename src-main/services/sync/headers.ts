import type { FetchMessageObject, FetchQueryObject, ImapFlow, MessageStructureObject } from 'imapflow';
import libmime from 'libmime';
import addressparser from 'nodemailer/lib/addressparser';
import type { Address } from '../../../src-preload/contract';
import { decodeUnlabelledHeader } from '../mail/charset-decoder';
import { isTestMail } from '../accounts/test-mail';
import type { HeaderInput } from './message-input';
import { headerValues, matchesHeaderFilter, type HeaderTerm } from './import-criteria';
import { contentFingerprint, sortDate } from './message-identity';
import { requireOpen } from './imap-reads';
import { toSequenceSet } from './uid-set';

/**
 * The envelope's fields, fetched as header lines and parsed here instead of as ENVELOPE:
 * imapflow spends about a quarter less CPU on a header worker's batch that way (ENVELOPE's
 * nested lists are tokenized value by value). The parsing is imapflow's own for ENVELOPE:
 * libmime's encoded words, the first header of each name, a group's name as an address
 * without an address.
 */
const ENVELOPE_HEADERS = ['date', 'subject', 'from', 'to', 'cc', 'reply-to', 'message-id', 'in-reply-to', 'references'];

/** What a header fetch asks the server for, and what it makes of the answer. */
export interface HeaderRequest {
  query: FetchQueryObject;
  /** The header filter's terms: a message that does not match is recorded as skipped. */
  terms: HeaderTerm[];
  /** Headers kept with the row (HeaderInput.headers): the header filter's and the routing rules' (lower case). */
  kept: string[];
}

/**
 * What the header phase asks the server for: enough to fill the list and thread the
 * mail into tickets, no bodies. The header filter's headers and those the routing rules
 * match on ride in the same HEADER.FIELDS item as the envelope's, so naming them costs
 * next to nothing more. On Gmail, X-GM-MSGID (imapflow's emailId) dedupes labels.
 */
export function headerRequest(terms: HeaderTerm[], gmail: boolean, routeHeaders: string[] = []): HeaderRequest {
  const kept = [...new Set([...terms.map((t) => t.name.toLowerCase()), ...routeHeaders.map((h) => h.toLowerCase())])];
  return {
    query: {
      uid: true,
      flags: true,
      bodyStructure: true,
      internalDate: true,
      size: true,
      headers: [...new Set([...ENVELOPE_HEADERS, ...kept])],
      ...(gmail ? { emailId: true, threadId: true } : {}),
    },
    terms,
    kept,
  };
}

/** References kept per message: the root and the newest ids (the trimming RFC 5322 3.6.4 suggests for long threads). */
const MAX_REFERENCES = 50;

/**
 * The ids of an In-Reply-To or References value as `<id>`, the form the envelope's
 * Message-ID has. Ids some old mailers write without brackets are bracketed; text
 * around them ("Your message of …") is dropped.
 */
export function messageIds(value: string | undefined): string[] {
  if (!value) return [];
  const bracketed = value.match(/<[^<>\s]+>/g);
  if (bracketed) return bracketed;
  return value
    .split(/\s+/)
    .filter((t) => /^[^<>()"@\s]+@[^<>()"@\s]+$/.test(t))
    .map((t) => `<${t}>`);
}

function trimReferences(ids: string[]): string[] {
  return ids.length <= MAX_REFERENCES ? ids : [ids[0]!, ...ids.slice(ids.length - MAX_REFERENCES + 1)];
}

/** The kept headers' values, or null when none were asked for. */
function keptHeaders(values: Map<string, string[]>, kept: readonly string[]): Record<string, string[]> | null {
  const pairs = kept.flatMap((name) => {
    const found = values.get(name);
    return found ? [[name, found] as const] : [];
  });
  return kept.length > 0 ? Object.fromEntries(pairs) : null;
}

/**
 * libmime's decodeWords, which runs five regular expressions over the text: without an
 * encoded word ("=?") nor its join marker (which holds a NUL) none can match, and the
 * text comes back as it is.
 */
const decodeWords = (text: string): string => (text.includes('=?') || text.includes('\0') ? libmime.decodeWords(text) : text);

/** An address header's mailboxes as ENVELOPE has them: a group is its name (no address), then its members. */
function parseAddresses(value: string): Address[] {
  const named = (name: string) => (name ? decodeWords(name) : '');
  const mailbox = (a: { name: string; address?: string }) => ({ name: named(a.name), address: a.address ?? '' });
  return addressparser(value)
    .flatMap((entry) => ('group' in entry && entry.group ? [{ name: named(entry.name), address: '' }, ...entry.group.map(mailbox)] : [mailbox(entry)]))
    .filter((a) => a.name || a.address);
}

/**
 * Address headers parsed lately, by their text: a shared mailbox's To and its customers'
 * From repeat from message to message, and parsing them was most of the CPU a header
 * worker spent turning a fetched message into a row (22 µs of it; 9 µs with this and
 * decodeWords above). Frozen, because rows share them.
 */
const parsedAddresses = new Map<string, readonly Address[]>();
const PARSED_ADDRESSES = 4096;
const NO_ADDRESSES: readonly Address[] = Object.freeze([]);

function addresses(value: string | undefined): readonly Address[] {
  if (!value) return NO_ADDRESSES;
  let parsed = parsedAddresses.get(value);
  if (parsed === undefined) {
    parsed = Object.freeze(parseAddresses(value).map((a) => Object.freeze(a)));
    // Many distinct values (a mailbox of newsletters): start again rather than track which are old.
    if (parsedAddresses.size >= PARSED_ADDRESSES) parsedAddresses.clear();
    parsedAddresses.set(value, parsed);
  }
  return parsed;
}

function hasAttachment(node: MessageStructureObject | undefined): boolean {
  if (!node) return false;
  if (node.disposition === 'attachment') return true;
  return (node.childNodes ?? []).some(hasAttachment);
}

function validTime(value: Date | string | undefined): number | null {
  if (value === undefined) return null;
  const time = new Date(value).getTime();
  return Number.isFinite(time) ? time : null;
}

/**
 * The Subject as text. One written in raw 8-bit without a charset label does not read as
 * UTF-8 (replacement characters): its bytes are decoded by decodeUnlabelledHeader with the
 * message's charset instead.
 */
function subjectOf(msg: FetchMessageObject, value: string | undefined): string {
  if (!value) return '';
  const bytes = value.includes('\ufffd') ? headerBytes(msg.headers, 'subject') : null;
  return bytes ? decodeUnlabelledHeader(bytes, textCharset(msg.bodyStructure)) : decodeWords(value);
}

/** Maps a fetched message to a row; a missing, unreadable or far-future Date header gives way to the arrival time (sortDate). */
export function headerFromFetch(msg: FetchMessageObject, request: Pick<HeaderRequest, 'terms' | 'kept'>): HeaderInput {
  const values = headerValues(msg.headers);
  const first = (name: string) => values.get(name)?.[0];
  const senders = addresses(first('from'));
  const from = senders[0] ?? null;
  const replyTo = addresses(first('reply-to'));
  const to = addresses(first('to'));
  const date = sortDate(validTime(first('date')), validTime(msg.internalDate));
  const subject = subjectOf(msg, first('subject'));
  const size = msg.size ?? 0;
  const messageId = first('message-id') || null;
  return {
    uid: msg.uid,
    messageId,
    inReplyTo: messageIds(first('in-reply-to'))[0] ?? null,
    references: trimReferences(messageIds(values.get('references')?.join(' '))),
    headers: keptHeaders(values, request.kept),
    subject,
    from,
    to,
    cc: addresses(first('cc')),
    // ENVELOPE's rule (RFC 3501 7.4.2): without a Reply-To, replies go to From.
    replyTo: replyTo.length > 0 ? replyTo : senders,
    date,
    flags: [...(msg.flags ?? [])],
    size,
    hasAttachments: hasAttachment(msg.bodyStructure),
    contentHash: contentFingerprint({ date, subject, from, to, size }),
    gmMsgId: msg.emailId ?? null,
    skip: isTestMail(subject, messageId) ? 'test-mail' : matchesHeaderFilter(request.terms, values) ? null : 'filtered',
  };
}

/** Error code: the folder is not the one the sync examined, its UIDs mean other messages now. */
export const UIDVALIDITY_CHANGED = 'UIDVALIDITY_CHANGED';

/**
 * Fetches one batch of headers, in the server's order (rows are stored in it, and
 * messages of equal arrival time list by it). A message the server leaves out of the
 * answer (Dovecot drops one whose MIME structure it cannot describe, e.g. 50 levels of
 * nesting) is asked for again without BODYSTRUCTURE; the body phase then reads whatever
 * it can. Nothing on the server is skipped silently.
 *
 * Each message becomes its row as it arrives, so imapflow's parsed objects die young
 * (a batch of them kept until the end outlived the workers' small young generation,
 * and collecting them was a sixth of a header worker's time).
 */
export async function fetchHeaders(client: ImapFlow, batch: number[], request: HeaderRequest): Promise<HeaderInput[]> {
  const headers: HeaderInput[] = [];
  const returned = new Set<number>();
  const take = async (uids: number[], items: FetchQueryObject) => {
    for await (const msg of client.fetch(toSequenceSet(uids), items, { uid: true })) {
      returned.add(msg.uid);
      headers.push(headerFromFetch(msg, request));
    }
    requireOpen(client, 'the header fetch');
  };
  await take(batch, request.query);
  const left = batch.filter((uid) => !returned.has(uid));
  if (left.length > 0) {
    const { bodyStructure: _structure, ...plainer } = request.query;
    await take(left, plainer);
  }
  return headers;
}

/** One header's value as bytes, unfolded; null when the block does not have it. */
export function headerBytes(block: Buffer | undefined, name: string): Buffer | null {
  // latin1 maps each byte to one character and back, so the bytes survive the string work.
  const text = (block ?? Buffer.alloc(0)).toString('latin1').replace(/\r?\n[ \t]+/g, ' ');
  const line = text.split(/\r?\n/).find((l) => l.slice(0, l.indexOf(':')).trim().toLowerCase() === name);
  return line === undefined ? null : Buffer.from(line.slice(line.indexOf(':') + 1).trim(), 'latin1');
}

/** The charset of the message's first text part, as its body structure names it. */
export function textCharset(node: MessageStructureObject | undefined): string | null {
  if (!node) return null;
  const charset = node.type.startsWith('text/') ? node.parameters?.charset : undefined;
  if (charset) return charset;
  for (const child of node.childNodes ?? []) {
    const found = textCharset(child);
    if (found) return found;
  }
  return null;
}
