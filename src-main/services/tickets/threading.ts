/**
 * Which ticket an imported message belongs to, and why (pure: the caller passes what
 * the team state knows). In order:
 *
 * 1. In-Reply-To or References names a message of a known ticket: the nearest one
 *    wins (In-Reply-To, then References from the newest to the root), so a chain
 *    with a missing link still joins through an older id, usually the root's.
 * 2. The subject carries the account's ticket token of a known ticket ([#MR-1042]),
 *    for clients that drop the references. Not for a forward: its token names the
 *    ticket of the mail it wraps, and forwarding that mail starts a new conversation.
 * 3. Otherwise a new ticket, keyed by this message.
 *
 * A subject alone never joins two messages: two customers who write "Invoice", or
 * one who writes again with the subject of an old mail, get tickets of their own.
 */
import type { ThreadReason } from '../teamlog/events';
import { findToken, isForward } from './subject';

export interface ThreadInput {
  /** The message key: its Message-ID as stored, or "hash:<content hash>" without one. */
  key: string;
  /** As `<id>`. */
  inReplyTo: string | null;
  /** Oldest first, as `<id>`. */
  references: string[];
  subject: string;
}

export interface ThreadLookups {
  /** The ticket a message (by key) belongs to, in the team state or earlier in the same import; null when unknown. */
  ticketOfMessage(key: string): string | null;
  /** The ticket with this number in the account; null when there is none. */
  ticketByNumber(number: number): string | null;
  /** The account's token prefix (team settings), e.g. MR. */
  tokenPrefix: string;
}

export interface ThreadDecision {
  ticket: string;
  reason: ThreadReason;
}

export function threadMessage(message: ThreadInput, lookups: ThreadLookups): ThreadDecision {
  const nearestFirst = [...(message.inReplyTo ? [message.inReplyTo] : []), ...[...message.references].reverse()];
  for (const ref of nearestFirst) {
    if (ref === message.key) continue;
    const ticket = lookups.ticketOfMessage(ref);
    if (ticket !== null) return { ticket, reason: { kind: 'reply', to: ref } };
  }
  if (!isForward(message.subject)) {
    const token = findToken(message.subject, lookups.tokenPrefix);
    const ticket = token ? lookups.ticketByNumber(token.number) : null;
    if (token && ticket !== null) return { ticket, reason: { kind: 'token', token: token.token } };
  }
  return { ticket: message.key, reason: { kind: 'new' } };
}
