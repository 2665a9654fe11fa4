import type { FetchMessageObject, FetchQueryObject, ImapFlow, MessageAddressObject, MessageStructureObject } from 'imapflow';
import type { Address } from '../../../src-preload/contract';
import { decodeUnlabelledHeader } from '../mail/charset-decoder';
import { isTestMail } from '../accounts/test-mail';
import type { HeaderInput } from './message-input';
import { headerValues, matchesHeaderFilter, type HeaderTerm } from './import-criteria';
import { contentFingerprint, sortDate } from './message-identity';
import { requireOpen } from './imap-reads';
import { toSequenceSet } from './uid-set';

/**
 * What the header phase asks the server for: enough to fill the list and thread the
 * mail into tickets, no bodies. References comes in a HEADER.FIELDS fetch (the
 * envelope has In-Reply-To but not References); the header filter's headers and
 * those the routing rules match on ride in the same item, so naming them costs
 * next to nothing more. On Gmail, X-GM-MSGID (imapflow's emailId) dedupes labels.
 */
export function headerQuery(terms: HeaderTerm[], gmail: boolean, routeHeaders: string[] = []): FetchQueryObject {
  const names = [...new Set(['references', ...terms.map((t) => t.name), ...routeHeaders.map((h) => h.toLowerCase())])];
  return {
    uid: true,
    envelope: true,
    flags: true,
    bodyStructure: true,
    internalDate: true,
    size: true,
    headers: names,
    ...(gmail ? { emailId: true, threadId: true } : {}),
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

/** The fetched headers other than References, or null when only References was asked for. */
function otherHeaders(values: Map<string, string[]>): Record<string, string[]> | null {
  const rest = [...values].filter(([name]) => name !== 'references');
  return rest.length > 0 ? Object.fromEntries(rest) : null;
}

function addresses(list: MessageAddressObject[] | undefined): Address[] {
  return (list ?? []).map((a) => ({ name: a.name ?? '', address: a.address ?? '' }));
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

/** Maps a fetched envelope to a row; a missing, unreadable or far-future Date header gives way to the arrival time (sortDate). */
export function headerFromFetch(msg: FetchMessageObject, terms: HeaderTerm[]): HeaderInput {
  const env = msg.envelope;
  const from = addresses(env?.from)[0] ?? null;
  const to = addresses(env?.to);
  const date = sortDate(validTime(env?.date), validTime(msg.internalDate));
  const subject = env?.subject ?? '';
  const size = msg.size ?? 0;
  const messageId = env?.messageId ?? null;
  const values = headerValues(msg.headers);
  return {
    uid: msg.uid,
    messageId,
    inReplyTo: messageIds(env?.inReplyTo)[0] ?? null,
    references: trimReferences(messageIds(values.get('references')?.join(' '))),
    headers: otherHeaders(values),
    subject,
    from,
    to,
    cc: addresses(env?.cc),
    replyTo: addresses(env?.replyTo),
    date,
    flags: [...(msg.flags ?? [])],
    size,
    hasAttachments: hasAttachment(msg.bodyStructure),
    contentHash: contentFingerprint({ date, subject, from, to, size }),
    gmMsgId: msg.emailId ?? null,
    skip: isTestMail(subject, env?.messageId ?? null) ? 'test-mail' : matchesHeaderFilter(terms, values) ? null : 'filtered',
  };
}

/** Error code: the folder is not the one the sync examined, its UIDs mean other messages now. */
export const UIDVALIDITY_CHANGED = 'UIDVALIDITY_CHANGED';

/**
 * Fetches one batch of headers. A message the server leaves out of the answer
 * (Dovecot drops one whose MIME structure it cannot describe, e.g. 50 levels of
 * nesting) is asked for again without BODYSTRUCTURE; the body phase then reads
 * whatever it can. Nothing on the server is skipped silently.
 *
 * Each message becomes its row as it arrives, so imapflow's parsed objects die young
 * (a batch of them kept until the end outlived the workers' small young generation,
 * and collecting them was a sixth of a header worker's time).
 */
export async function fetchHeaders(client: ImapFlow, batch: number[], query: FetchQueryObject, terms: HeaderTerm[]): Promise<HeaderInput[]> {
  // In the server's order: rows are stored in it, and messages of equal arrival time list by it.
  const headers: (HeaderInput | null)[] = [];
  // A garbled subject's message waits in its place (null above) for its raw subject.
  const garbled = new Map<number, FetchMessageObject>();
  const returned = new Set<number>();
  const take = async (uids: number[], items: FetchQueryObject) => {
    for await (const msg of client.fetch(toSequenceSet(uids), items, { uid: true })) {
      returned.add(msg.uid);
      if (msg.envelope?.subject?.includes('\ufffd')) garbled.set(headers.push(null) - 1, msg);
      else headers.push(headerFromFetch(msg, terms));
    }
    requireOpen(client, 'the header fetch');
  };
  await take(batch, query);
  const left = batch.filter((uid) => !returned.has(uid));
  if (left.length > 0) {
    const { bodyStructure: _structure, ...plainer } = query;
    await take(left, plainer);
  }
  if (garbled.size > 0) {
    const subjects = await rawSubjects(client, [...garbled.values()].map((m) => m.uid));
    for (const [at, msg] of garbled) {
      const subject = subjects.get(msg.uid);
      headers[at] = headerFromFetch(subject === undefined || !msg.envelope ? msg : { ...msg, envelope: { ...msg.envelope, subject } }, terms);
    }
  }
  return headers as HeaderInput[];
}

/**
 * Subjects written in raw 8-bit without a charset label come out of the envelope as
 * replacement characters (imapflow reads its strings as UTF-8). Only for those, the
 * Subject line's bytes are fetched again and decoded by decodeUnlabelledHeader with the
 * message's charset, so ordinary mail costs no extra command.
 */
async function rawSubjects(client: ImapFlow, garbled: number[]): Promise<Map<number, string>> {
  const subjects = new Map<number, string>();
  for await (const msg of client.fetch(toSequenceSet(garbled), { uid: true, headers: ['subject'], bodyStructure: true }, { uid: true })) {
    const bytes = headerBytes(msg.headers, 'subject');
    if (bytes) subjects.set(msg.uid, decodeUnlabelledHeader(bytes, textCharset(msg.bodyStructure)));
  }
  requireOpen(client, 'the header fetch');
  return subjects;
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
