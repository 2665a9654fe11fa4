/**
 * What the outgoing mail log says about an item's state, in words (pure: unit-tested, no DOM).
 * A queued mail waits for one of three things, and the agent should know which: the undo
 * window ("sending in 4 s"), a schedule ("scheduled for Tue 14:05") or the next attempt
 * after a transient failure ("next attempt 14:05").
 */
import type { OutboxItem, OutboxRecipient, OutboxState } from '../../../src-preload/contract';

export const STATE_LABEL: Record<OutboxState, string> = {
  queued: 'Queued',
  sending: 'Sending',
  sent: 'Sent',
  failed: 'Failed',
  uncertain: 'Delivery uncertain',
  cancelled: 'Cancelled',
};

/** Below this, a wait reads as a countdown in seconds; above it, as a clock time. */
const COUNTDOWN_MS = 60_000;

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' });
const dayTimeFormat = new Intl.DateTimeFormat(undefined, { weekday: 'short', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' });

function sameDay(a: number, b: number): boolean {
  return new Date(a).toDateString() === new Date(b).toDateString();
}

/** "14:05" today, "Tue, Mar 3, 14:05" another day. */
export function clockTime(at: number, now: number): string {
  return sameDay(at, now) ? timeFormat.format(at) : dayTimeFormat.format(at);
}

/** The one-line detail under a state: when a queued mail goes, when a sent one went, after how many attempts one failed. */
export function stateDetail(item: Pick<OutboxItem, 'state' | 'sendAfter' | 'nextAttemptAt' | 'attempts' | 'sentAt'>, now: number): string {
  switch (item.state) {
    case 'queued': {
      if (item.nextAttemptAt !== null) {
        const attempt = `${item.attempts} ${item.attempts === 1 ? 'attempt' : 'attempts'} so far`;
        return item.nextAttemptAt <= now ? `retrying now · ${attempt}` : `next attempt ${clockTime(item.nextAttemptAt, now)} · ${attempt}`;
      }
      const wait = item.sendAfter - now;
      if (wait <= 0) return 'waiting for the server';
      // The undo window (or a schedule about to come due) counts down; a later schedule names its time.
      if (wait < COUNTDOWN_MS) return `sending in ${Math.ceil(wait / 1000)} s`;
      return `scheduled for ${clockTime(item.sendAfter, now)}`;
    }
    case 'sending':
      return item.attempts > 1 ? `attempt ${item.attempts}` : '';
    case 'sent':
      return item.sentAt === null ? '' : clockTime(item.sentAt, now);
    case 'failed':
      return item.attempts > 1 ? `after ${item.attempts} attempts` : '';
    case 'uncertain':
      return 'check before sending again';
    case 'cancelled':
      return 'will not be sent';
  }
}

/** A queued item waiting for its send time: its detail may count down by the second. */
export function countsDown(item: Pick<OutboxItem, 'state' | 'nextAttemptAt'>): boolean {
  return item.state === 'queued' && item.nextAttemptAt === null;
}

export type OutboxAction = 'resend' | 'cancel' | 'resolve';

/** What the agent may do with an item in this state (the service refuses the rest with outbox/not-allowed). */
export function actionsFor(state: OutboxState): OutboxAction[] {
  switch (state) {
    case 'queued':
      return ['cancel'];
    case 'failed':
      return ['resend', 'cancel'];
    case 'cancelled':
      return ['resend'];
    case 'uncertain':
      return ['resolve'];
    case 'sending':
    case 'sent':
      return [];
  }
}

const KIND_WORD: Record<OutboxRecipient['kind'], string> = { to: 'To', cc: 'Cc', bcc: 'Bcc' };

/** The recipients for a screen reader: "To: ana@x; Cc: ben@y (refused)". The screen marks Cc and Bcc by underline style. */
export function recipientsInWords(recipients: OutboxRecipient[]): string {
  const parts: string[] = [];
  for (const kind of ['to', 'cc', 'bcc'] as const) {
    const list = recipients.filter((r) => r.kind === kind);
    if (list.length === 0) continue;
    parts.push(`${KIND_WORD[kind]}: ${list.map((r) => `${r.name.trim() || r.address}${r.refused ? ' (refused)' : ''}`).join(', ')}`);
  }
  return parts.join('; ') || 'No recipients';
}
