import crypto from 'node:crypto';
import type { FetchMessageObject, FetchQueryObject, ImapFlow, MessageAddressObject, MessageStructureObject } from 'imapflow';
import type { Address } from '../../../src-preload/contract';
import { isTestMail } from '../accounts/test-mail';
import type { HeaderInput } from './message-input';
import { headerValues, matchesHeaderFilter, type HeaderTerm } from './import-criteria';
import { requireOpen } from './imap-reads';
import { toSequenceSet } from './uid-set';

/**
 * What the header phase asks the server for: enough to fill the list, no bodies.
 * The header filter's headers come along (only when there is a filter: each extra
 * item slows the fetch) so the filter is decided before anything is stored; on
 * Gmail, X-GM-MSGID (imapflow's emailId) dedupes labels.
 */
export function headerQuery(terms: HeaderTerm[], gmail: boolean): FetchQueryObject {
  const names = [...new Set(terms.map((t) => t.name))];
  return {
    uid: true,
    envelope: true,
    flags: true,
    bodyStructure: true,
    internalDate: true,
    size: true,
    ...(names.length > 0 ? { headers: names } : {}),
    ...(gmail ? { emailId: true, threadId: true } : {}),
  };
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

/** Maps a fetched envelope to a row; a missing or unreadable Date header falls back to the arrival time. */
export function headerFromFetch(msg: FetchMessageObject, terms: HeaderTerm[]): HeaderInput {
  const env = msg.envelope;
  const from = addresses(env?.from)[0] ?? null;
  const to = addresses(env?.to);
  const date = validTime(env?.date) ?? validTime(msg.internalDate) ?? 0;
  const subject = env?.subject ?? '';
  const size = msg.size ?? 0;
  const messageId = env?.messageId ?? null;
  return {
    uid: msg.uid,
    messageId,
    subject,
    from,
    to,
    cc: addresses(env?.cc),
    replyTo: addresses(env?.replyTo),
    date,
    flags: [...(msg.flags ?? [])],
    size,
    hasAttachments: hasAttachment(msg.bodyStructure),
    contentHash: messageId === null ? crypto.createHash('sha256').update(JSON.stringify([date, subject, from?.address ?? '', to.map((a) => a.address), size])).digest('hex') : null,
    gmMsgId: msg.emailId ?? null,
    skip: isTestMail(subject, env?.messageId ?? null) ? 'test-mail' : matchesHeaderFilter(terms, headerValues(msg.headers)) ? null : 'filtered',
  };
}

/** Error code: the folder is not the one the sync examined, its UIDs mean other messages now. */
export const UIDVALIDITY_CHANGED = 'UIDVALIDITY_CHANGED';

/**
 * Fetches one batch of headers. A message the server leaves out of the answer
 * (Dovecot drops one whose MIME structure it cannot describe, e.g. 50 levels of
 * nesting) is asked for again without BODYSTRUCTURE; the body phase then reads
 * whatever it can. Nothing on the server is skipped silently.
 */
export async function fetchHeaders(client: ImapFlow, batch: number[], query: FetchQueryObject, terms: HeaderTerm[]): Promise<HeaderInput[]> {
  const headers: HeaderInput[] = [];
  for await (const msg of client.fetch(toSequenceSet(batch), query, { uid: true })) headers.push(headerFromFetch(msg, terms));
  requireOpen(client, 'the header fetch');
  const returned = new Set(headers.map((h) => h.uid));
  const left = batch.filter((uid) => !returned.has(uid));
  if (left.length === 0) return headers;
  const { bodyStructure: _structure, ...plainer } = query;
  for await (const msg of client.fetch(toSequenceSet(left), plainer, { uid: true })) headers.push(headerFromFetch(msg, terms));
  requireOpen(client, 'the header fetch');
  return headers;
}
