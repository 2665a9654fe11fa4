/**
 * The outbox's decisions, pure: what an ended SMTP attempt and a restart make of an item,
 * and when the next attempt is due. OutboxService (outbox-service.ts) applies them.
 *
 *   state      | leaves for                  | when
 *   -----------+-----------------------------+--------------------------------------------------
 *   queued     | sending                     | due: after sendAfter (undo window, schedule) and
 *              |                             | the back-off (nextAttemptAt), while online
 *              | cancelled / (row removed)   | cancel() / undo() before undoUntil
 *   sending    | sent                        | SMTP 250 after the final dot (refused recipients
 *              |                             | recorded on theirs, the others got it)
 *              | queued                      | transient, and the end of the message was not
 *              |                             | handed over (4xx, connection lost, timeout):
 *              |                             | back-off with jitter
 *              | failed                      | permanent (5xx, sign-in, too large, every
 *              |                             | recipient refused), or transient with the
 *              |                             | attempts used up (send/retries-exhausted)
 *              | uncertain                   | no reply after the end of the message may have
 *              |                             | been handed over (connection lost, timeout, kill)
 *   failed     | queued / cancelled          | resend() / cancel()
 *   cancelled  | queued                      | resend()
 *   uncertain  | sent / queued / cancelled   | resolveUncertain(delivered / resend / cancel)
 *   sent       | (steps after sending)       | sentFolder, ticketLogged: pending → done, skipped
 *              |                             | or failed (the Sent copy retried with back-off)
 *
 * While 'sending', `phase` records how far the attempt got: claimed, connected, data-end.
 * data-end is committed before the message's last bytes are released to the SMTP stream
 * (smtp-attempt.ts), and the server's final "." can only follow them. A restart turns
 * 'sending' before data-end into queued (the server cannot have accepted it) and at
 * data-end into uncertain (it may have): a mail is never sent twice without the agent.
 */
import { isNetworkError, type ErrorInfo, type OutboxRecipient, type OutboxState } from '../../../src-preload/contract';
import { explainError, retriesExhausted, type ErrorContext } from '../errors/explain';
import type { OutboxPatch, SendPhase } from '../store/outbox-repo';
import { backoffDelay } from '../sync/backoff';

/** How often and how fast a transient failure is tried again (the Sent copy uses it too). */
export interface RetryPolicy {
  /** Attempts in all, the first included. */
  attempts: number;
  /** The first back-off; each next one doubles, with jitter, up to maxDelayMs. */
  firstDelayMs: number;
  maxDelayMs: number;
}

/** About an hour and a half of trying: an outage of minutes costs nothing, a dead server is reported within the morning. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { attempts: 8, firstDelayMs: 30_000, maxDelayMs: 30 * 60_000 };

/** The states each action of the agent starts from. */
export const ACTION_FROM = {
  cancel: ['queued', 'failed'],
  resend: ['failed', 'cancelled'],
  resolve: ['uncertain'],
} as const satisfies Record<string, readonly OutboxState[]>;

/** When the attempt after `attemptsSoFar` failed ones is due (equal jitter, sync/backoff.ts). */
export function nextAttemptAt(now: number, attemptsSoFar: number, policy: RetryPolicy, random: () => number = Math.random): number {
  return now + backoffDelay(Math.max(0, attemptsSoFar - 1), policy.maxDelayMs, random, policy.firstDelayMs);
}

/** The server's "not now" answers, besides the network ones: a later attempt may pass. */
const TRANSIENT_SMTP = new Set(['smtp/unavailable', 'smtp/mailbox-busy', 'smtp/temporary-failure', 'smtp/insufficient-storage']);

export interface Verdict {
  state: 'queued' | 'failed' | 'uncertain';
  error: ErrorInfo;
  /** Set when the server refused recipients: each one's explanation. */
  recipients?: OutboxRecipient[];
}

export interface AttemptFailure {
  /** What nodemailer (or the credentials) threw. */
  error: unknown;
  /** The end of the message may have been handed over (smtp-attempt.ts). */
  afterDataEnd: boolean;
  /** Attempts made, this one included. */
  attempts: number;
  recipients: OutboxRecipient[];
}

interface RawSmtpError {
  responseCode?: number;
  rejectedErrors?: (Error & { recipient?: string; responseCode?: number })[];
}

/** An error carrying one of our own codes, for the explain table. */
export function coded(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

/** What a failed attempt means: try again later, give up explained, or ask the agent. */
export function attemptVerdict(failure: AttemptFailure, policy: RetryPolicy, ctx: ErrorContext): Verdict {
  const raw = (failure.error ?? {}) as RawSmtpError;
  // A reply to the message (4xx/5xx after the dot) is an answer; silence after the end is not.
  if (failure.afterDataEnd && raw.responseCode === undefined) {
    return { state: 'uncertain', error: { ...explainError(coded('SEND_DELIVERY_UNCERTAIN', 'no reply after the message')), detail: explainError(failure.error, ctx).detail ?? '' } };
  }
  let error = explainError(failure.error, ctx);
  let transient =
    isNetworkError(error.code) || TRANSIENT_SMTP.has(error.code) || (raw.responseCode !== undefined && raw.responseCode < 500 && error.code !== 'smtp/too-many-recipients');
  let recipients: OutboxRecipient[] | undefined;
  if (raw.rejectedErrors && raw.rejectedErrors.length > 0) {
    // Every recipient was refused (nodemailer fails the message only then): each explained on its own.
    const byAddress = new Map(raw.rejectedErrors.map((e) => [(e.recipient ?? '').toLowerCase(), explainError(e, ctx)]));
    recipients = failure.recipients.map((r) => ({ ...r, refused: byAddress.get(r.address.toLowerCase()) ?? null }));
    transient = raw.rejectedErrors.some((e) => (e.responseCode ?? 500) < 500);
    const reasons = new Set([...byAddress.values()].map((i) => i.code));
    if (!transient && reasons.size > 1) {
      const list = recipients.flatMap((r) => (r.refused ? [`${r.address} (${r.refused.cause.replace(/\.$/, '')})`] : [])).join(', ');
      error = explainError(coded('SMTP_RECIPIENTS_REFUSED', list));
    } else if (!transient) {
      // One reason for all (a relay refusal, unknown users): its own explanation says the fix best.
      error = [...byAddress.values()][0] ?? error;
    }
  }
  const withRecipients = recipients ? { recipients } : {};
  if (!transient) return { state: 'failed', error, ...withRecipients };
  if (failure.attempts >= policy.attempts) return { state: 'failed', error: retriesExhausted(error, failure.attempts), ...withRecipients };
  return { state: 'queued', error, ...withRecipients };
}

/** What a row found 'sending' on start becomes: only from data-end on may the server have it. */
export function resumeAfterRestart(phase: SendPhase | null): OutboxPatch {
  if (phase === 'data-end') {
    return { state: 'uncertain', phase: null, error: explainError(coded('SEND_DELIVERY_UNCERTAIN', 'Mailroom stopped after handing over the message')) };
  }
  return { state: 'queued', phase: null, nextAttemptAt: null };
}
