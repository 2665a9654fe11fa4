/**
 * The mail outbox: every outgoing mail is a persisted task (../shared/DESIGN.md "Data").
 * enqueue() commits the row with the final Message-ID and raw MIME before any SMTP step;
 * each step's outcome is committed before the next; a restart resumes from the rows.
 *
 *   state      | leaves for                          | when
 *   -----------+-------------------------------------+----------------------------------------------
 *   queued     | sending                             | due: after sendAfter (undo window, schedule)
 *              |                                     | and the back-off (nextAttemptAt), while online
 *              | cancelled / (row removed)           | cancel() / undo() before undoUntil
 *   sending    | sent                                | SMTP 250 after the final dot (refused
 *              |                                     | recipients recorded, the others got it)
 *              | queued                              | transient failure before the final dot may
 *              |                                     | have gone (4xx, connection lost, timeout):
 *              |                                     | back-off with jitter
 *              | failed                              | permanent (5xx, sign-in, too large, every
 *              |                                     | recipient refused), or transient with the
 *              |                                     | attempts used up (send/retries-exhausted)
 *              | uncertain                           | connection lost after the end of the message
 *              |                                     | may have been handed over, before the reply
 *   failed     | queued / cancelled                  | resend() / cancel()
 *   cancelled  | queued                              | resend()
 *   uncertain  | sent / queued / cancelled           | resolveUncertain(delivered / resend / cancel)
 *   sent       | (after steps) sentFolder, ticketLogged: pending -> done | skipped | failed
 *
 * While 'sending', `phase` records how far the attempt got: claimed, connected, data-end.
 * data-end is committed synchronously before the message's last bytes are released to
 * the SMTP stream (smtp-attempt.ts), and the server's final "." can only follow them. A
 * restart turns 'sending' before data-end into queued (the server cannot have accepted
 * it) and at data-end into uncertain (it may have): never sent twice without the agent.
 *
 * The steps after sending repeat safely: the Sent copy is searched for by Message-ID
 * before it is appended, and the ticket events carry ids derived from the item
 * (outbox:<id>:replied, outbox:<id>:status) that the team log appends once.
 *
 * `faultHook(point)` is called at the named points for the exactly-once kill test.
 */
import { randomUUID } from 'node:crypto';
import type { ImapFlow } from 'imapflow';
import { isNetworkError, type ErrorInfo, type OutboxFilter, type OutboxItem, type OutboxPreview, type OutboxRecipient } from '../../../src-preload/contract';
import { providerFilingSent } from '../../../src-preload/providers';
import type { AccountRecord } from '../store/accounts-repo';
import type { AttachmentStore } from '../store/attachments';
import type { OutboxPatch, OutboxRecord, OutboxRepo, SendPhase } from '../store/outbox-repo';
import { appError, AppError } from '../errors/app-error';
import { explainError, retriesExhausted, type ErrorContext } from '../errors/explain';
import { connectionOptionsOf, errorContextOf, type Credentials } from '../mail/connections';
import { specialFolder, withImapSession } from '../mail/imap-session';
import { snippetOf, parseMessage } from '../mail/parse-message';
import { backoffDelay } from '../sync/backoff';
import type { TeamLog } from '../teamlog/team-log';
import { buildMime, newMessageId, type MimeAttachment } from './build-mime';
import type { OutgoingMail } from './outgoing-mail';
import { SmtpAttempt, SmtpAttemptError } from './smtp-attempt';

/** The named moments the kill test stops the process at (outbox-faults.test.ts). */
export type OutboxFaultPoint = 'enqueued' | 'claimed' | 'connected' | 'data-end' | 'accepted' | 'recorded' | 'sent-folder' | 'ticket-logged';

/** How often and how fast a transient failure is tried again (the steps after sending use it too). */
export interface RetryPolicy {
  /** Attempts in all, the first included. */
  attempts: number;
  /** The first back-off; each next one doubles, with jitter, up to maxDelayMs. */
  firstDelayMs: number;
  maxDelayMs: number;
}

/** About an hour and a half of trying: an outage of a few minutes costs nothing, a dead server is reported the same morning. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { attempts: 8, firstDelayMs: 30_000, maxDelayMs: 30 * 60_000 };

export interface OutboxDeps {
  repo: OutboxRepo;
  accounts: { record(accountId: string): AccountRecord; credentials(accountId: string): Promise<Credentials> };
  attachments: Pick<AttachmentStore, 'read'>;
  /** The team log of the ticket's account (null: none, e.g. the account is gone). */
  teamLog(accountId: string): Pick<TeamLog, 'append' | 'state'> | null;
  /** outboxChanged for the renderer. */
  changed(accountId: string): void;
  retry?: RetryPolicy;
  faultHook?: (point: OutboxFaultPoint) => void;
  now?: () => number;
  random?: () => number;
}

const MB = 1024 * 1024;
/** Failures a later attempt may not meet: the network, and the server's "not now" answers. */
const TRANSIENT_SMTP = new Set(['smtp/unavailable', 'smtp/mailbox-busy', 'smtp/temporary-failure', 'smtp/insufficient-storage']);

/** The item as the renderer sees it: the record without what only the service uses. */
function itemOf(r: OutboxRecord): OutboxItem {
  const { phase: _p, statusAfter: _s, draftId: _d, idempotencyKey: _k, snippet: _n, afterAttempts: _a, afterNextAt: _t, ...item } = r;
  return item;
}

const notFound = (id: string) => appError('outbox/not-found', `No outgoing mail ${id} on this computer.`, 'Refresh the outgoing mail log; it may have been removed with its account.');
const notAllowed = (what: string, state: string) =>
  appError('outbox/not-allowed', `This mail cannot be ${what} now: it is ${state}.`, 'Refresh the outgoing mail log and choose an action its state offers.');

/** What an ended attempt means for the item. */
interface Verdict {
  state: 'queued' | 'failed' | 'uncertain';
  error: ErrorInfo;
  recipients?: OutboxRecipient[];
}

export class OutboxService {
  private readonly listeners = new Set<(item: OutboxItem) => void>();
  private readonly retry: RetryPolicy;
  private readonly now: () => number;
  private readonly random: () => number;
  private online = true;
  private started = false;
  private closed = false;
  private timer: NodeJS.Timeout | null = null;
  /** The running pump (one at a time: mails go one after the other). */
  private pumping: Promise<void> | null = null;
  private attempt: SmtpAttempt | null = null;

  constructor(private readonly deps: OutboxDeps) {
    this.retry = deps.retry ?? DEFAULT_RETRY_POLICY;
    this.now = deps.now ?? Date.now;
    this.random = deps.random ?? Math.random;
  }

  /** Resumes after a restart: attempts a kill interrupted become queued or uncertain, then due mail goes. */
  start(): void {
    if (this.started || this.closed) return;
    this.started = true;
    for (const r of this.deps.repo.interrupted()) {
      const next = this.resumeOf(r.phase);
      const updated = this.deps.repo.transition(r.id, ['sending'], next);
      if (updated) this.notify(updated);
    }
    this.wake();
  }

  /** The network came back (sync reached a server) or went: waiting mail goes now, or waits without using attempts. */
  networkChanged(online: boolean): void {
    if (online === this.online) return;
    this.online = online;
    if (!online) return;
    this.deps.repo.retryNow(this.now());
    this.wake();
  }

  onChange(listener: (item: OutboxItem) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Builds the raw MIME and commits the row; SMTP follows after sendAfter. Refuses (throws,
   * explained) a mail without recipient, with an unreadable attachment, or over the account's
   * size limit. An idempotencyKey already used returns that item.
   */
  async enqueue(mail: OutgoingMail): Promise<OutboxItem> {
    const existing = mail.idempotencyKey ? this.deps.repo.byIdempotencyKey(mail.idempotencyKey) : null;
    if (existing) return itemOf(existing);
    if (mail.to.length + mail.cc.length + mail.bcc.length === 0) throw new AppError(explainError(coded('SEND_NO_RECIPIENT', 'no recipient')));
    const account = this.deps.accounts.record(mail.accountId);
    const attachments: MimeAttachment[] = mail.attachments.map((a) => {
      const content = this.deps.attachments.read(a.sha256);
      if (!content) throw new AppError(explainError(coded('SEND_ATTACHMENT_UNREADABLE', `"${a.filename}"`)));
      return { filename: a.filename, contentType: a.contentType, content };
    });
    const messageId = newMessageId(mail.from.address);
    const createdAt = this.now();
    const { raw, text } = await buildMime(mail, messageId, new Date(createdAt), attachments);
    const limit = account.sending.maxMessageMb * MB;
    if (raw.length > limit) {
      throw new AppError(explainError(coded('SEND_TOO_LARGE', `${(raw.length / MB).toFixed(1)} MB with attachments and encoding, the limit is ${account.sending.maxMessageMb} MB`)));
    }
    // Another enqueue with the key may have finished while this one built its MIME.
    const raced = mail.idempotencyKey ? this.deps.repo.byIdempotencyKey(mail.idempotencyKey) : null;
    if (raced) return itemOf(raced);
    const id = randomUUID();
    const recipients: OutboxRecipient[] = [
      ...mail.to.map((a) => ({ ...a, kind: 'to' as const, refused: null })),
      ...mail.cc.map((a) => ({ ...a, kind: 'cc' as const, refused: null })),
      ...mail.bcc.map((a) => ({ ...a, kind: 'bcc' as const, refused: null })),
    ];
    const ticketNumber = mail.ticket ? (this.deps.teamLog(mail.ticket.accountId)?.state().tickets[mail.ticket.key]?.number ?? null) : null;
    this.deps.repo.insert({
      id,
      accountId: mail.accountId,
      kind: mail.kind,
      agentId: mail.agentId,
      from: mail.from,
      recipients,
      subject: mail.subject,
      snippet: snippetOf(text),
      messageId,
      size: raw.length,
      raw,
      state: 'queued',
      phase: null,
      createdAt,
      sendAfter: mail.sendAfter,
      undoUntil: mail.undoUntil,
      attempts: 0,
      nextAttemptAt: null,
      sentAt: null,
      error: null,
      ticket: mail.ticket ? { ...mail.ticket, number: ticketNumber } : null,
      statusAfter: mail.statusAfter,
      sentFolder: 'pending',
      ticketLogged: mail.ticket ? 'pending' : 'skipped',
      afterAttempts: 0,
      afterNextAt: null,
      idempotencyKey: mail.idempotencyKey,
      draftId: mail.draftId,
    });
    this.deps.faultHook?.('enqueued');
    const item = this.record(id);
    this.notify(item);
    this.wake();
    return itemOf(item);
  }

  list(filter: OutboxFilter, offset: number, limit: number): { total: number; items: OutboxItem[] } {
    const { total, items } = this.deps.repo.list(filter, offset, limit);
    return { total, items: items.map(itemOf) };
  }

  get(id: string): OutboxItem {
    return itemOf(this.record(id));
  }

  /** The mail as it was (or will be) sent: its parts from the stored raw MIME. */
  async preview(id: string): Promise<OutboxPreview> {
    const item = this.get(id);
    const raw = this.deps.repo.raw(id);
    if (!raw) throw notFound(id);
    const body = await parseMessage(raw);
    return {
      item,
      html: body.html,
      text: body.text ?? '',
      attachments: body.attachments.map((a) => ({ filename: a.filename ?? 'attachment', contentType: a.contentType, size: a.size })),
    };
  }

  /** Queued (waiting, scheduled, retrying) or failed: it will not be sent. */
  cancel(id: string): OutboxItem {
    return this.change(id, 'cancelled', ['queued', 'failed'], { state: 'cancelled', nextAttemptAt: null });
  }

  /** Failed or cancelled: queued again now, with a fresh set of attempts. */
  resend(id: string): OutboxItem {
    return this.change(id, 'sent again', ['failed', 'cancelled'], this.queuedAgain());
  }

  /** The agent's decision on an uncertain mail. */
  resolveUncertain(id: string, outcome: 'delivered' | 'resend' | 'cancel'): OutboxItem {
    if (outcome === 'resend') return this.change(id, 'sent again', ['uncertain'], this.queuedAgain());
    if (outcome === 'cancel') return this.change(id, 'dropped', ['uncertain'], { state: 'cancelled' });
    // It arrived: as if the server had said so now; the Sent copy and the ticket follow.
    return this.change(id, 'marked sent', ['uncertain'], { state: 'sent', sentAt: this.now(), error: null, afterNextAt: null });
  }

  /**
   * Within the undo window: the mail will not be sent; its row goes (it never left) and the
   * draft it came from returns. onChange listeners are not told: the caller takes the draft back.
   */
  undo(id: string): { draftId: string } {
    const r = this.record(id);
    const now = this.now();
    if (r.state !== 'queued' || r.undoUntil === null || now >= r.undoUntil || r.draftId === null) {
      throw appError('outbox/not-allowed', 'Too late to undo: the mail is on its way or already sent.', 'Look for it in the outgoing mail log; if it was sent, send a correction.');
    }
    // The guard and the change in one statement: the pump cannot claim it in between.
    if (!this.deps.repo.transition(id, ['queued'], { state: 'cancelled' })) throw notAllowed('undone', 'on its way');
    this.deps.repo.delete(id);
    this.deps.changed(r.accountId);
    return { draftId: r.draftId };
  }

  /** This client's outgoing mail by Message-ID (the ticket pane's messages), for an account or its tickets. */
  byMessageIds(accountId: string, keys: string[]): Map<string, OutboxItem> {
    return new Map(this.deps.repo.byMessageIds(accountId, keys).map((r) => [r.messageId, itemOf(r)]));
  }

  /** Subject and snippet of this client's sent mail, for the ticket pane when Sent was not synced. */
  summaries(accountId: string, keys: string[]): Map<string, { item: OutboxItem; snippet: string }> {
    return new Map(this.deps.repo.byMessageIds(accountId, keys).map((r) => [r.messageId, { item: itemOf(r), snippet: r.snippet }]));
  }

  /** Stops the pump; an attempt that has not handed over the message's end is dropped (queued on the next start), one that has is awaited. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.attempt?.abortBeforeDataEnd();
    await this.pumping;
  }

  // --- The pump: one mail at a time, woken by a timer at the next due time ---

  /** Offline, nothing goes (no attempt is used up); networkChanged(true) wakes it. A running pump re-reads the queue itself. */
  private wake(): void {
    if (!this.started || this.closed || this.pumping) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (!this.online) return;
    const at = this.deps.repo.nextWakeAt();
    if (at === null) return;
    const wait = at - this.now();
    if (wait > 0) {
      // setTimeout's limit is about 24.8 days; a later schedule is re-checked then.
      this.timer = setTimeout(() => this.wake(), Math.min(wait, 2 ** 31 - 1));
      return;
    }
    this.pumping = this.pump().finally(() => {
      this.pumping = null;
      this.wake();
    });
  }

  private async pump(): Promise<void> {
    while (!this.closed && this.online) {
      const now = this.now();
      for (const r of this.deps.repo.afterDue(now)) {
        if (this.closed) return;
        await this.afterSending(r);
      }
      const next = this.deps.repo.nextDue(now);
      if (!next) return;
      await this.send(next);
    }
  }

  private async send(queued: OutboxRecord): Promise<void> {
    const hook = this.deps.faultHook;
    const claimed = this.deps.repo.transition(queued.id, ['queued'], { state: 'sending', phase: 'claimed', attempts: queued.attempts + 1, nextAttemptAt: null });
    if (!claimed) return;
    hook?.('claimed');
    this.notify(claimed);
    const account = this.deps.accounts.record(claimed.accountId);
    let credentials: Credentials;
    try {
      credentials = await this.deps.accounts.credentials(claimed.accountId);
    } catch (err) {
      // A token refresh that could not reach the provider is retried like any network failure.
      this.finish(claimed, this.verdict(claimed, err, { ...errorContextOf('smtp', account.smtp), auth: account.kind === 'imap' ? 'password' : 'oauth' }));
      return;
    }
    const ctx = this.context(account, credentials);
    const raw = this.deps.repo.raw(claimed.id);
    if (!raw) return;
    const attempt = new SmtpAttempt(account.smtp, credentials, connectionOptionsOf(account));
    this.attempt = attempt;
    try {
      const accepted = await attempt.run({ from: claimed.from.address, to: claimed.recipients.map((r) => r.address) }, raw, {
        connected: () => {
          this.setPhase(claimed.id, 'connected');
          hook?.('connected');
        },
        dataEnd: () => {
          this.setPhase(claimed.id, 'data-end');
          hook?.('data-end');
        },
      });
      hook?.('accepted');
      const refused = new Map(accepted.rejected.map((r) => [r.address.toLowerCase(), explainError(r.error, ctx)]));
      const sent = this.deps.repo.transition(claimed.id, ['sending'], {
        state: 'sent',
        phase: null,
        sentAt: this.now(),
        error: null,
        recipients: claimed.recipients.map((r) => ({ ...r, refused: refused.get(r.address.toLowerCase()) ?? null })),
        ...this.afterSteps(account, claimed),
      });
      hook?.('recorded');
      if (sent) {
        this.notify(sent);
        await this.afterSending(sent);
      }
    } catch (err) {
      this.finish(claimed, this.verdict(claimed, err, ctx));
    } finally {
      this.attempt = null;
    }
  }

  private finish(claimed: OutboxRecord, verdict: Verdict): void {
    const patch: OutboxPatch = { state: verdict.state, phase: null, error: verdict.error };
    if (verdict.recipients) patch.recipients = verdict.recipients;
    if (verdict.state === 'queued') patch.nextAttemptAt = this.now() + backoffDelay(claimed.attempts, this.retry.maxDelayMs, this.random, this.retry.firstDelayMs);
    const updated = this.deps.repo.transition(claimed.id, ['sending'], patch);
    if (updated) this.notify(updated);
  }

  /** What a failed attempt means: try again later, give up (explained), or ask the agent. */
  private verdict(claimed: OutboxRecord, err: unknown, ctx: ErrorContext): Verdict {
    const failure = err instanceof SmtpAttemptError ? err.cause : err;
    const afterDataEnd = err instanceof SmtpAttemptError && err.afterDataEnd;
    const raw = failure as { responseCode?: number; rejectedErrors?: (Error & { recipient?: string; responseCode?: number })[] };
    // The end of the message may be at the server and no reply came: only the agent can find out.
    if (afterDataEnd && raw.responseCode === undefined) {
      return { state: 'uncertain', error: { ...explainError(coded('SEND_DELIVERY_UNCERTAIN', 'no reply after the message')), detail: explainError(failure, ctx).detail ?? '' } };
    }
    let error = explainError(failure, ctx);
    let recipients: OutboxRecipient[] | undefined;
    let transient = isNetworkError(error.code) || TRANSIENT_SMTP.has(error.code) || (raw.responseCode !== undefined && raw.responseCode < 500 && error.code !== 'smtp/too-many-recipients');
    if (raw.rejectedErrors && raw.rejectedErrors.length > 0) {
      // Every recipient was refused: each is explained on its own row.
      const byAddress = new Map(raw.rejectedErrors.map((e) => [(e.recipient ?? '').toLowerCase(), explainError(e, ctx)]));
      recipients = claimed.recipients.map((r) => ({ ...r, refused: byAddress.get(r.address.toLowerCase()) ?? null }));
      transient = raw.rejectedErrors.some((e) => (e.responseCode ?? 500) < 500);
      const codes = new Set([...byAddress.values()].map((i) => i.code));
      if (!transient && codes.size > 1) {
        const list = recipients.flatMap((r) => (r.refused ? [`${r.address} (${r.refused.cause.replace(/\.$/, '')})`] : [])).join(', ');
        error = explainError(coded('SMTP_RECIPIENTS_REFUSED', list));
      } else if (!transient) {
        error = [...byAddress.values()][0] ?? error;
      }
    }
    if (!transient) return { state: 'failed', error, ...(recipients ? { recipients } : {}) };
    if (claimed.attempts >= this.retry.attempts) return { state: 'failed', error: retriesExhausted(error, claimed.attempts), ...(recipients ? { recipients } : {}) };
    return { state: 'queued', error, ...(recipients ? { recipients } : {}) };
  }

  // --- After SMTP accepted it: the Sent copy and the ticket ---

  /** Which steps follow for this account's settings. */
  private afterSteps(account: AccountRecord, r: OutboxRecord): Pick<OutboxPatch, 'sentFolder' | 'ticketLogged' | 'afterAttempts' | 'afterNextAt'> {
    const copy = account.sending.sentCopy;
    const skipCopy = copy === 'never' || (copy === 'auto' && providerFilingSent(account.smtp.host) !== null);
    return { sentFolder: skipCopy ? 'skipped' : 'pending', ticketLogged: r.ticket ? 'pending' : 'skipped', afterAttempts: 0, afterNextAt: null };
  }

  private async afterSending(r: OutboxRecord): Promise<void> {
    const patch: OutboxPatch = {};
    let failure: ErrorInfo | null = null;
    if (r.sentFolder === 'pending') {
      try {
        patch.sentFolder = await this.fileInSent(r);
        this.deps.faultHook?.('sent-folder');
      } catch (err) {
        failure = explainError(err);
        const attempts = r.afterAttempts + 1;
        if (attempts >= this.retry.attempts) patch.sentFolder = 'failed';
        patch.afterAttempts = attempts;
        patch.afterNextAt = this.now() + backoffDelay(r.afterAttempts, this.retry.maxDelayMs, this.random, this.retry.firstDelayMs);
      }
    }
    if (r.ticketLogged === 'pending') {
      patch.ticketLogged = this.logToTicket(r);
      this.deps.faultHook?.('ticket-logged');
    }
    // A sent mail keeps error null unless filing it failed for good: then the log says why.
    if (patch.sentFolder === 'failed' && failure) patch.error = failure;
    const updated = this.deps.repo.transition(r.id, ['sent'], patch);
    if (updated) this.notify(updated);
  }

  /** ticket.replied places the message in its ticket; the account's status rule follows. Both appended once, by their ids. */
  private logToTicket(r: OutboxRecord): 'done' | 'skipped' {
    if (!r.ticket) return 'skipped';
    const log = this.deps.teamLog(r.ticket.accountId);
    if (!log) return 'skipped';
    log.append({ type: 'ticket.replied', ticket: r.ticket.key, message: r.messageId, auto: r.kind === 'auto-reply' }, `outbox:${r.id}:replied`);
    if (r.statusAfter) log.append({ type: 'ticket.status', ticket: r.ticket.key, status: r.statusAfter }, `outbox:${r.id}:status`);
    return 'done';
  }

  /** Appends the raw MIME to Sent, unless a copy with this Message-ID is there already (a repeat after a kill). */
  private async fileInSent(r: OutboxRecord): Promise<'done' | 'skipped'> {
    const raw = this.deps.repo.raw(r.id);
    if (!raw) return 'skipped';
    const account = this.deps.accounts.record(r.accountId);
    return withImapSession(account, await this.deps.accounts.credentials(r.accountId), async (client: ImapFlow) => {
      const sent = await specialFolder(client, '\\Sent');
      if (!sent) return 'skipped';
      const lock = await client.getMailboxLock(sent);
      try {
        const found = await client.search({ header: { 'message-id': r.messageId } }, { uid: true });
        if (found && found.length > 0) return 'done';
      } finally {
        lock.release();
      }
      await client.append(sent, raw, ['\\Seen'], new Date(r.sentAt ?? this.now()));
      return 'done';
    });
  }

  // --- Small helpers ---

  private record(id: string): OutboxRecord {
    const r = this.deps.repo.get(id);
    if (!r) throw notFound(id);
    return r;
  }

  private change(id: string, what: string, from: OutboxRecord['state'][], patch: OutboxPatch): OutboxItem {
    const before = this.record(id);
    const updated = this.deps.repo.transition(id, from, patch);
    if (!updated) throw notAllowed(what, before.state);
    this.notify(updated);
    this.wake();
    return itemOf(updated);
  }

  private queuedAgain(): OutboxPatch {
    return { state: 'queued', attempts: 0, nextAttemptAt: null, error: null, sendAfter: this.now(), undoUntil: null, phase: null };
  }

  /** What a 'sending' row found on start becomes: only at data-end may the server have it. */
  private resumeOf(phase: SendPhase | null): OutboxPatch {
    if (phase === 'data-end') {
      return { state: 'uncertain', phase: null, error: explainError(coded('SEND_DELIVERY_UNCERTAIN', 'Mailroom stopped after handing over the message')) };
    }
    return { state: 'queued', phase: null, nextAttemptAt: null };
  }

  private setPhase(id: string, phase: SendPhase): void {
    this.deps.repo.transition(id, ['sending'], { phase });
  }

  private context(account: AccountRecord, credentials: Credentials): ErrorContext {
    return { ...errorContextOf('smtp', account.smtp), auth: 'accessToken' in credentials ? ('oauth' as const) : ('password' as const) };
  }

  private notify(r: OutboxRecord): void {
    const item = itemOf(r);
    for (const listener of this.listeners) listener(item);
    this.deps.changed(r.accountId);
  }
}

/** An error carrying one of our own codes, for the explain table. */
function coded(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}
