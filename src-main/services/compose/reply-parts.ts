/**
 * What a new draft starts with, worked out from the message it answers or forwards:
 * recipients, subject, threading headers and the quoted text. Pure: the compose service
 * passes the message, the own addresses and the ticket token.
 */
import { convert } from 'html-to-text';
import { RecipientSchema, type Address, type DraftKind, type MessageDetail, type Recipient } from '../../../src-preload/contract';
import { escapeHtml } from '../../../src-preload/templates';
import { stripPrefixes, ticketSubject } from '../tickets/subject';

/** The message a draft answers, as far as these rules read it. */
export type SourceMessage = Pick<MessageDetail, 'from' | 'to' | 'cc' | 'replyTo' | 'subject' | 'date' | 'text' | 'html' | 'messageId'>;

/** References kept in a reply: the root and the newest ones (RFC 5322 allows trimming the middle). */
const MAX_REFERENCES = 50;
/** A longer quote is cut: an answer need not carry a whole book back. */
const MAX_QUOTE_CHARS = 100_000;

const lower = (address: string) => address.trim().toLowerCase();

/** Addresses a draft may hold (the contract's rule): group syntax and empty addresses are left out. */
function recipients(list: readonly Address[]): Recipient[] {
  return list.flatMap((a) => {
    const parsed = RecipientSchema.safeParse({ name: a.name, address: a.address });
    return parsed.success ? [parsed.data] : [];
  });
}

/** Each address once (the first spelling wins), leaving out those in `skip`. */
function distinct(list: readonly Recipient[], skip: ReadonlySet<string> = new Set()): Recipient[] {
  const seen = new Set(skip);
  return list.filter((r) => {
    const key = lower(r.address);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * To and Cc of a reply. Reply: the Reply-To the sender asked for, else From; our own mail
 * (sent from one of our addresses) is answered to its recipients instead, as mail clients
 * do. Reply all adds the original's To and Cc. Our own addresses never get a copy.
 */
export function replyRecipients(kind: 'reply' | 'reply-all', message: SourceMessage, own: ReadonlySet<string>): { to: Recipient[]; cc: Recipient[] } {
  const fromUs = message.from !== null && own.has(lower(message.from.address));
  const target = fromUs ? message.to : message.replyTo.length > 0 ? message.replyTo : message.from ? [message.from] : [];
  const to = distinct(recipients(target), own);
  if (kind === 'reply') return { to, cc: [] };
  const already = new Set([...own, ...to.map((r) => lower(r.address))]);
  const others = fromUs ? message.cc : [...message.to, ...message.cc];
  return { to, cc: distinct(recipients(others), already) };
}

/** The identity's CC1, CC2 and BCC added to what the draft has, without repeating an address. */
export function withIdentityCopies(
  lists: { to: Recipient[]; cc: Recipient[]; bcc: Recipient[] },
  identity: { cc1: string; cc2: string; bcc: string },
): { to: Recipient[]; cc: Recipient[]; bcc: Recipient[] } {
  const extra = (address: string) => recipients(address ? [{ name: '', address }] : []);
  const to = lists.to;
  const cc = distinct([...lists.cc, ...extra(identity.cc1), ...extra(identity.cc2)], new Set(to.map((r) => lower(r.address))));
  const bcc = distinct([...lists.bcc, ...extra(identity.bcc)], new Set([...to, ...cc].map((r) => lower(r.address))));
  return { to, cc, bcc };
}

/**
 * "Re: [#MR-12] Printer broken", "Fwd: …", or the ticket's subject with its token for new
 * mail from a ticket. Prefixes already there (in any language, repeated or counted) are
 * dropped first so they never stack, and so is the token, so it appears once.
 */
export function draftSubject(kind: DraftKind, original: string, ticket: { token: string; prefix: string } | null): string {
  const base = ticket ? ticketSubject(original, ticket.prefix) : stripPrefixes(original);
  const withToken = ticket ? `[#${ticket.token}] ${base}`.trim() : base;
  if (kind === 'reply' || kind === 'reply-all') return `Re: ${withToken}`.trim();
  if (kind === 'forward') return `Fwd: ${withToken}`.trim();
  return withToken;
}

/**
 * In-Reply-To and References (RFC 5322 3.6.4): a reply names the message and continues its
 * References; a forward starts a conversation of its own but keeps References, so an
 * answer to it can still be traced to the ticket.
 */
export function draftThreading(kind: DraftKind, message: Pick<SourceMessage, 'messageId'> | null, references: readonly string[]): { inReplyTo: string | null; references: string[] } {
  if (!message?.messageId || kind === 'new') return { inReplyTo: null, references: [] };
  const chain = [...new Set([...references, message.messageId])];
  const trimmed = chain.length > MAX_REFERENCES ? [chain[0]!, ...chain.slice(chain.length - (MAX_REFERENCES - 1))] : chain;
  return { inReplyTo: kind === 'forward' ? null : message.messageId, references: trimmed };
}

function person(address: Address | null): string {
  if (!address) return 'Unknown sender';
  return address.name ? `${address.name} <${address.address}>` : address.address;
}

function when(date: number): string {
  return new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(date));
}

/** The message's text as safe HTML: the plain part, else the HTML part reduced to text (no markup of the sender's survives). */
function textAsHtml(message: SourceMessage): string {
  const text = message.text ?? (message.html ? convert(message.html, { wordwrap: false, selectors: [{ selector: 'img', format: 'skip' }] }) : '');
  const cut = text.length > MAX_QUOTE_CHARS ? `${text.slice(0, MAX_QUOTE_CHARS)}\n[…]` : text;
  return escapeHtml(cut.trimEnd()).replace(/\r?\n/g, '<br>');
}

/** "On <date>, <name> wrote:" and the text in a blockquote; a forward gets the original's headers instead. */
export function quotedMessage(kind: 'reply' | 'reply-all' | 'forward', message: SourceMessage): string {
  if (kind === 'forward') {
    const lines = [
      '---------- Forwarded message ----------',
      `From: ${person(message.from)}`,
      `Date: ${when(message.date)}`,
      `Subject: ${message.subject}`,
      ...(message.to.length > 0 ? [`To: ${message.to.map(person).join(', ')}`] : []),
      ...(message.cc.length > 0 ? [`Cc: ${message.cc.map(person).join(', ')}`] : []),
    ];
    return `<p>${lines.map(escapeHtml).join('<br>')}</p><div class="mr-forwarded">${textAsHtml(message)}</div>`;
  }
  const who = message.from ? message.from.name || message.from.address : 'Unknown sender';
  return `<p>${escapeHtml(`On ${when(message.date)}, ${who} wrote:`)}</p><blockquote type="cite">${textAsHtml(message)}</blockquote>`;
}
