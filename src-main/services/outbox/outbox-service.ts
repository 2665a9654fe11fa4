/**
 * The mail outbox: every outgoing mail is a persisted task (../shared/DESIGN.md "Data").
 * enqueue() commits the row with the final Message-ID and raw MIME before any SMTP step;
 * each step's outcome is committed before the next; a restart resumes from the rows.
 * The states and what moves an item between them: state-machine.ts.
 *
 * One mail is sent at a time (a pump woken by a timer at the next due time), offline
 * nothing goes and no attempt is used up.
 *
 * The steps after sending repeat safely: the Sent copy is searched for by Message-ID
 * before it is appended, and the ticket events carry ids derived from the item
 * (outbox:<id>:replied, outbox:<id>:status) that the team log appends once.
 *
 * `faultHook(point)` is called at the named points for the exactly-once kill test.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { ImapFlow } from 'imapflow';
import type { ErrorInfo, OutboxFilter, OutboxItem, OutboxPreview, OutboxRecipient } from '../../../src-preload/contract';
import { providerFilingSent } from '../../../src-preload/providers';
import type { AccountRecord } from '../store/accounts-repo';
import type { AttachmentStore } from '../store/attachments';
import type { OutboxPatch, OutboxRecord, OutboxRepo, SendPhase } from '../store/outbox-repo';
import { appError, AppError } from '../errors/app-error';
import { explainError, type ErrorContext } from '../errors/explain';
import { connectionOptionsOf, errorContextOf, type Credentials } from '../mail/connections';
import { specialFolder, withImapSession } from '../mail/imap-session';
import { withInlineImages } from '../mail/inline-images';
import { bufferingSink, parseMessage, snippetOf } from '../mail/parse-message';
import type { TeamLog } from '../teamlog/team-log';
import { buildMime, newMessageId, type MimeAttachment } from './build-mime';
import type { OutgoingMail } from './outgoing-mail';
import { SmtpAttempt, SmtpAttemptError } from './smtp-attempt';
import { ACTION_FROM, attemptVerdict, coded, DEFAULT_RETRY_POLICY, nextAttemptAt, resumeAfterRestart, type RetryPolicy, type Verdict } from './state-machine';

export type { RetryPolicy } from './state-machine';

/**
 * The named moments, in order, the kill test stops the process at (outbox-faults.test.ts):
 * enqueued (row committed), claimed ('sending' committed), connected (signed in, phase
 * committed), data-end (committed; the message's end not yet released), accepted (250 read,
 * not recorded), recorded ('sent' committed), sent-folder (appended, not recorded),
 * ticket-logged (events queued in the team log, not recorded).
 */
export type OutboxFaultPoint = 'enqueued' | 'claimed' | 'connected' | 'data-end' | 'accepted' | 'recorded' | 'sent-folder' | 'ticket-logged';

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

/** The item as the renderer sees it: the record without what only the service uses. */
function itemOf(r: OutboxRecord): OutboxItem {
  const { phase: _p, statusAfter: _s, draftId: _d, idempotencyKey: _k, snippet: _n, afterAttempts: _a, afterNextAt: _t, ...item } = r;
  return item;
}

const notFound = (id: string) => appError('outbox/not-found', `No outgoing mail ${id} on this computer.`, 'Refresh the outgoing mail log; it may have been removed with its account.');
const notAllowed = (what: string, state: string) =>
  appError('outbox/not-allowed', `This mail cannot be ${what} now: it is ${state}.`, 'Refresh the outgoing mail log and choose an action its state offers.');

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
      const next = resumeAfterRestart(r.phase);
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
    const ticketNumber = mail.ticket ? (this.deps.teamLog(mail.ticket.accountId)?.state().tickets.get(mail.ticket.key)?.number ?? null) : null;
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
    // The parts stay in memory: the reader's inline-image step shows pasted images in place.
    const parts = new Map<string, Buffer>();
    const body = await parseMessage(
      raw,
      bufferingSink((content) => {
        const sha256 = createHash('sha256').update(content).digest('hex');
        parts.set(sha256, content);
        return sha256;
      }),
    );
    const shown = withInlineImages({ html: body.html, attachments: body.attachments }, (sha256) => parts.get(sha256) ?? null);
    return {
      item,
      html: shown.html,
      text: body.text ?? '',
      attachments: shown.attachments.filter((a) => !a.contentId).map((a) => ({ filename: a.filename, contentType: a.contentType, size: a.size })),
    };
  }

  /** Queued (waiting, scheduled, retrying) or failed: it will not be sent. */
  cancel(id: string): OutboxItem {
    return this.change(id, 'cancelled', ACTION_FROM.cancel, { state: 'cancelled', nextAttemptAt: null });
  }

  /** Failed or cancelled: queued again now, with a fresh set of attempts. */
  resend(id: string): OutboxItem {
    return this.change(id, 'sent again', ACTION_FROM.resend, this.queuedAgain());
  }

  /** The agent's decision on an uncertain mail. */
  resolveUncertain(id: string, outcome: 'delivered' | 'resend' | 'cancel'): OutboxItem {
    if (outcome === 'resend') return this.change(id, 'sent again', ACTION_FROM.resolve, this.queuedAgain());
    if (outcome === 'cancel') return this.change(id, 'dropped', ACTION_FROM.resolve, { state: 'cancelled' });
    // It arrived: as if the server had said so now; the Sent copy and the ticket follow.
    return this.change(id, 'marked sent', ACTION_FROM.resolve, { state: 'sent', sentAt: this.now(), error: null, afterNextAt: null });
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
    return new Map([...this.summaries(accountId, keys)].map(([key, { item }]) => [key, item]));
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
    if (wait > 0) return this.wakeIn(wait);
    this.pumping = this.pump().then(
      () => {
        this.pumping = null;
        this.wake();
      },
      (err: unknown) => {
        // A bug must neither stop the outbox for good nor spin on the same row: said, then tried again later.
        console.warn('[outbox] sending stopped on an unexpected error:', err);
        this.pumping = null;
        this.wakeIn(this.retry.maxDelayMs);
      },
    );
  }

  private wakeIn(ms: number): void {
    if (this.timer) clearTimeout(this.timer);
    // setTimeout's limit is about 24.8 days; a later schedule is re-checked then.
    this.timer = setTimeout(() => this.wake(), Math.min(ms, 2 ** 31 - 1));
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
    let account: AccountRecord;
    let credentials: Credentials;
    try {
      account = this.deps.accounts.record(claimed.accountId);
      credentials = await this.deps.accounts.credentials(claimed.accountId);
    } catch (err) {
      // The account went (its rows go with it) or its secret cannot be read.
      if (!this.deps.repo.get(claimed.id)) return;
      account = this.deps.accounts.record(claimed.accountId);
      // Explained where it happened (AppError); a token refresh that could not reach the provider is retried like any network failure.
      const ctx: ErrorContext = { ...errorContextOf('smtp', account.smtp), auth: account.kind === 'imap' ? 'password' : 'oauth' };
      this.finish(claimed, attemptVerdict({ error: err, afterDataEnd: false, attempts: claimed.attempts, recipients: claimed.recipients }, this.retry, ctx));
      return;
    }
    if (this.closed) {
      // Closing while the credentials were read: nothing went out, the attempt does not count.
      const back = this.deps.repo.transition(claimed.id, ['sending'], { state: 'queued', phase: null, attempts: queued.attempts });
      if (back) this.notify(back);
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
      const failure = err instanceof SmtpAttemptError ? { error: err.cause, afterDataEnd: err.afterDataEnd } : { error: err, afterDataEnd: false };
      this.finish(claimed, attemptVerdict({ ...failure, attempts: claimed.attempts, recipients: claimed.recipients }, this.retry, ctx));
    } finally {
      this.attempt = null;
    }
  }

  private finish(claimed: OutboxRecord, verdict: Verdict): void {
    const patch: OutboxPatch = { state: verdict.state, phase: null, error: verdict.error };
    if (verdict.recipients) patch.recipients = verdict.recipients;
    if (verdict.state === 'queued') patch.nextAttemptAt = nextAttemptAt(this.now(), claimed.attempts, this.retry, this.random);
    const updated = this.deps.repo.transition(claimed.id, ['sending'], patch);
    if (updated) this.notify(updated);
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
        patch.afterNextAt = nextAttemptAt(this.now(), attempts, this.retry, this.random);
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
  private logToTicket(r: OutboxRecord): 'done' | 'skipped' | 'failed' {
    if (!r.ticket) return 'skipped';
    const log = this.deps.teamLog(r.ticket.accountId);
    if (!log) return 'skipped';
    try {
      log.append({ type: 'ticket.replied', ticket: r.ticket.key, message: r.messageId, auto: r.kind === 'auto-reply' }, `outbox:${r.id}:replied`);
      if (r.statusAfter) log.append({ type: 'ticket.status', ticket: r.ticket.key, status: r.statusAfter }, `outbox:${r.id}:status`);
      return 'done';
    } catch (err) {
      // Only an event the log refuses to write (malformed) lands here: retrying would not help.
      console.warn(`[outbox] ${r.id}: the reply could not be added to ticket ${r.ticket.key}:`, err);
      return 'failed';
    }
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

  private change(id: string, what: string, from: readonly OutboxRecord['state'][], patch: OutboxPatch): OutboxItem {
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
