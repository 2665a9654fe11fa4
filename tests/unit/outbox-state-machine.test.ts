import { describe, expect, it } from 'vitest';
import type { OutboxRecipient } from '../../src-preload/contract';
import { attemptVerdict, nextAttemptAt, resumeAfterRestart, type RetryPolicy } from '../../src-main/services/outbox/state-machine';

const policy: RetryPolicy = { attempts: 4, firstDelayMs: 1000, maxDelayMs: 5000 };
const ctx = { protocol: 'smtp' as const, host: 'smtp.example.test', port: 587 };
const recipients: OutboxRecipient[] = [
  { name: '', address: 'a@example.test', kind: 'to', refused: null },
  { name: '', address: 'b@elsewhere.test', kind: 'cc', refused: null },
];
/** What nodemailer throws: the reply, its code, the command it answered. */
const reply = (response: string, command: string, extra: Record<string, unknown> = {}) =>
  Object.assign(new Error(`Failed: ${response}`), { code: 'EENVELOPE', response, responseCode: Number(response.slice(0, 3)), command, ...extra });
const verdict = (error: unknown, over: { afterDataEnd?: boolean; attempts?: number } = {}) =>
  attemptVerdict({ error, afterDataEnd: over.afterDataEnd ?? false, attempts: over.attempts ?? 1, recipients }, policy, ctx);

describe('what an ended attempt makes of the mail', () => {
  it('queues it again on a network failure or a 4xx before the end, until the attempts run out', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    expect(verdict(refused)).toMatchObject({ state: 'queued', error: { code: 'net/refused' } });
    expect(verdict(reply('421 4.3.2 Service shutting down', 'MAIL FROM'))).toMatchObject({ state: 'queued', error: { code: 'smtp/unavailable' } });
    expect(verdict(reply('451 4.3.0 Try again later', 'DATA'), { afterDataEnd: true })).toMatchObject({ state: 'queued' });
    const last = verdict(refused, { attempts: 4 });
    expect(last).toMatchObject({ state: 'failed', error: { code: 'send/retries-exhausted' } });
    expect(last.error.cause).toMatch(/tried 4 times/);
  });

  it('fails at once on a permanent refusal', () => {
    expect(verdict(Object.assign(new Error('Invalid login: 535 5.7.8'), { code: 'EAUTH', responseCode: 535, command: 'AUTH PLAIN' }))).toMatchObject({
      state: 'failed',
      error: { code: 'auth/failed' },
    });
    expect(verdict(reply('552 5.3.4 Message size exceeds fixed limit', 'DATA'), { afterDataEnd: true })).toMatchObject({ state: 'failed', error: { code: 'smtp/message-too-large' } });
    expect(verdict(reply('452 4.5.3 Error: too many recipients', 'RCPT TO'))).toMatchObject({ state: 'failed', error: { code: 'smtp/too-many-recipients' } });
  });

  it('is uncertain when the link drops after the end of the message was handed over, and only then', () => {
    const closed = Object.assign(new Error('Connection closed unexpectedly'), { code: 'ECONNECTION' });
    const uncertain = verdict(closed, { afterDataEnd: true });
    expect(uncertain).toMatchObject({ state: 'uncertain', error: { code: 'send/delivery-uncertain' } });
    expect(uncertain.error.detail).toMatch(/Connection closed unexpectedly/);
    // The same drop before the end: the server cannot have the mail.
    expect(verdict(closed)).toMatchObject({ state: 'queued', error: { code: 'net/closed' } });
    // Never retried blindly, however many attempts are left.
    expect(verdict(closed, { afterDataEnd: true, attempts: 1 }).state).toBe('uncertain');
  });

  it('explains each refused recipient, summing up different reasons', () => {
    const unknown = Object.assign(reply('550 5.1.1 <a@example.test>: Recipient address rejected: User unknown', 'RCPT TO'), { recipient: 'a@example.test' });
    const relay = Object.assign(reply('554 5.7.1 <b@elsewhere.test>: Relay access denied', 'RCPT TO'), { recipient: 'b@elsewhere.test' });
    const all = verdict(reply('554 5.7.1 Relay access denied', 'RCPT TO', { rejectedErrors: [unknown, relay] }));
    expect(all.state).toBe('failed');
    expect(all.error.code).toBe('smtp/recipients-refused');
    expect(all.error.cause).toMatch(/a@example\.test \(The recipient's mailbox does not exist .*\), b@elsewhere\.test \(The SMTP server will not pass/);
    expect(all.recipients?.map((r) => r.refused?.code)).toEqual(['smtp/recipient-unknown', 'smtp/relay-denied']);

    const deferred = Object.assign(reply('450 4.2.0 <a@example.test>: Recipient address rejected: Greylisted', 'RCPT TO'), { recipient: 'a@example.test' });
    expect(verdict(reply('450 4.2.0 Greylisted', 'RCPT TO', { rejectedErrors: [deferred] })).state).toBe('queued');
  });
});

describe('a restart', () => {
  it('queues what cannot have reached the server and asks about what may have', () => {
    expect(resumeAfterRestart('claimed')).toEqual({ state: 'queued', phase: null, nextAttemptAt: null });
    expect(resumeAfterRestart('connected')).toEqual({ state: 'queued', phase: null, nextAttemptAt: null });
    expect(resumeAfterRestart('data-end')).toMatchObject({ state: 'uncertain', phase: null, error: { code: 'send/delivery-uncertain' } });
  });
});

describe('back-off', () => {
  it('doubles from the first delay with jitter, capped', () => {
    const at = (attempts: number, random: number) => nextAttemptAt(0, attempts, policy, () => random);
    expect([at(1, 0), at(1, 1)]).toEqual([500, 1000]);
    expect([at(2, 0), at(2, 1)]).toEqual([1000, 2000]);
    expect([at(3, 0), at(3, 1)]).toEqual([2000, 4000]);
    expect([at(9, 0), at(9, 1)]).toEqual([2500, 5000]);
  });
});
