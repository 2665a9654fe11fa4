/**
 * Whether a mail may get an auto-reply at all, by its own marks (RFC 3834 section 2 and
 * the conventions robots follow): pure, used by the ticket importer (the verdict it
 * logs in mail.imported) and by the settings' dry run, so both judge alike.
 * The team's settings and per-sender limits are the reducer's (autoReplyRuleSkip).
 */
import type { Address } from '../../../src-preload/contract';
import type { AutoReplySkipReason } from '../../../src-preload/contract/auto-reply';

/**
 * Headers the judgement reads, fetched with every message's envelope (sync/headers.ts):
 * the few a robot or a list sets, plus Return-Path and Sender.
 */
export const AUTO_REPLY_HEADERS = ['auto-submitted', 'precedence', 'list-id', 'list-unsubscribe', 'return-path', 'sender', 'x-auto-response-suppress'] as const;

export interface JudgedMail {
  from: Address | null;
  /** Header values by lower-case name, as the sync stored them (only those it fetched). */
  headers: Record<string, string[]>;
  /** Sent by the account itself (its Sent folder, or the account's address as From). */
  outgoing: boolean;
}

/**
 * Local parts of robots (RFC 3834 2: "owner-*", "*-request", "MAILER-DAEMON"; RFC 2142
 * postmaster) and of senders who say no one reads the answer (noreply and its spellings).
 */
const ROBOT_LOCAL_PART = /^(mailer-daemon|postmaster|listserv|majordomo|bounces?|owner-.+|.+-request|.+-bounces?|no[-_.]?reply|do[-_.]?not[-_.]?reply|no[-_.]?response)(\+.*)?$/i;

/** Microsoft's own "do not auto-answer this" (values All, OOF, AutoReply; DR/NDR/RN/NRN are about receipts). */
const SUPPRESSING = /\b(all|oof|autoreply)\b/i;

function first(headers: Record<string, string[]>, name: string): string | null {
  return Object.hasOwn(headers, name) ? (headers[name]?.[0] ?? null) : null;
}

function addressIn(value: string): string {
  const bracketed = /<([^<>]*)>/.exec(value);
  return (bracketed ? bracketed[1]! : value).trim().toLowerCase();
}

function isRobot(address: string): boolean {
  const at = address.lastIndexOf('@');
  return ROBOT_LOCAL_PART.test(at < 0 ? address : address.slice(0, at));
}

/**
 * The first reason this mail must get no auto-reply, or null. `own` holds the lower-cased
 * addresses of every account on this client: answering ourselves starts a loop.
 */
export function autoReplyMark(mail: JudgedMail, own: ReadonlySet<string>): AutoReplySkipReason | null {
  if (mail.outgoing) return 'outgoing';
  const from = mail.from?.address.trim().toLowerCase() ?? '';
  if (!from) return 'no-sender';
  if (own.has(from)) return 'own-address';
  const autoSubmitted = first(mail.headers, 'auto-submitted');
  if (autoSubmitted !== null && autoSubmitted.trim().toLowerCase().split(/[\s;(]/)[0] !== 'no') return 'auto-submitted';
  const suppress = first(mail.headers, 'x-auto-response-suppress');
  if (suppress !== null && SUPPRESSING.test(suppress)) return 'auto-submitted';
  const precedence = first(mail.headers, 'precedence')?.trim().toLowerCase();
  if (precedence === 'bulk' || precedence === 'list' || precedence === 'junk') return 'bulk-precedence';
  if (first(mail.headers, 'list-id') !== null || first(mail.headers, 'list-unsubscribe') !== null) return 'mailing-list';
  const returnPath = first(mail.headers, 'return-path');
  if (returnPath !== null && addressIn(returnPath) === '') return 'empty-return-path';
  const sender = first(mail.headers, 'sender');
  const robot = [from, sender === null ? '' : addressIn(sender), returnPath === null ? '' : addressIn(returnPath)].some((a) => a !== '' && isRobot(a));
  return robot ? 'robot-sender' : null;
}

/** Every reason in words for the dry run: what the mail shows and why that means no auto-reply. */
export const SKIP_EXPLANATIONS: Record<AutoReplySkipReason, string> = {
  disabled: 'Auto-reply is turned off for this account.',
  'auto-submitted': 'It was sent by a program (it carries Auto-Submitted or X-Auto-Response-Suppress): answering robots makes mail loops (RFC 3834).',
  'bulk-precedence': 'It is marked as bulk, list or junk mail (Precedence): such mail is not answered.',
  'mailing-list': 'It came through a mailing list (List-Id or List-Unsubscribe): an answer would go to the whole list.',
  'robot-sender': 'Its sender is a robot address (mailer-daemon, postmaster, noreply and the like): nobody would read the answer.',
  'empty-return-path': 'Its Return-Path is empty (<>): it is a bounce or another automatic notice.',
  'own-address': 'It comes from one of your own accounts: answering it would answer ourselves.',
  'before-enabled': 'It arrived before auto-reply was turned on, or was found by the first sync of the account: only new mail is answered.',
  'reply-in-ticket': 'It continues an existing ticket, and the auto-reply is only for new tickets.',
  'rate-limited': 'Its sender already got an auto-reply within the limit (one per hour, or per day when that option is on).',
  'no-sender': 'It has no sender address to answer.',
  outgoing: 'It was sent from this account, not received.',
};

export const REPLY_EXPLANATION = 'It would get the auto-reply: a person wrote it, and nothing above holds it back.';
