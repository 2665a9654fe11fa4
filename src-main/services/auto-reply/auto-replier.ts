/**
 * Sends the auto-replies the team log decided this client sends. The reducer names one
 * client per customer mail (state.autoReplyDue[key].by: the client whose import placed
 * it), so ten agents' apps send one auto-reply. Only the CONFIRMED state counts: a
 * pending import of ours may lose to another client's earlier UID.
 *
 * Each due entry: enqueue the reply (outbox idempotency key per account and mail), then
 * log autoReply.done with an id derived from the mail. A kill between the two repeats
 * both after the restart, and both repeats are no-ops: one mail, one done event. Entries
 * that cannot be acted on any more (a day late, the mail gone, auto-reply turned off, the
 * outbox refusing the mail) are logged as skipped with the reason, shown on the ticket.
 */
import { createHash } from 'node:crypto';
import type { OutboxItem } from '../../../src-preload/contract/outbox';
import { AppError } from '../errors/app-error';
import type { OutgoingMail } from '../outbox/outgoing-mail';
import type { Store } from '../store';
import type { TeamLog } from '../teamlog/team-log';
import type { AutoReplyDue } from '../teamlog/state';
import { autoReplyMail } from './auto-reply-mail';

/** A decision older than this (the sending app was closed meanwhile) is not acted on: a late auto-reply confuses more than it helps. */
export const AUTO_REPLY_LATE_MS = 24 * 60 * 60_000;

export interface AutoReplyOutbox {
  enqueue(mail: OutgoingMail): Promise<OutboxItem>;
}

/** What the replier uses of a team log. */
export type AutoReplyLog = Pick<TeamLog, 'accountId' | 'confirmed' | 'append'>;

export interface AutoReplierDeps {
  store: Store;
  /** The account's team log, null when it has none (yet). */
  log(accountId: string): AutoReplyLog | null;
  logs(): AutoReplyLog[];
  agentId(): string;
  outbox: AutoReplyOutbox;
  now?: () => number;
}

/** The done event's id: the same for every attempt at the same mail, so a repeat is not appended again. */
export function doneEventId(key: string): string {
  return `auto-reply-done:${createHash('sha256').update(key).digest('hex').slice(0, 40)}`;
}

export class AutoReplier {
  private readonly running = new Map<string, Promise<void>>();
  private readonly again = new Set<string>();
  /** "accountId\nkey" done in this session, until the log confirms it (the due entry leaves the state). */
  private readonly handled = new Set<string>();
  private closed = false;
  private readonly now: () => number;

  constructor(private readonly deps: AutoReplierDeps) {
    this.now = deps.now ?? Date.now;
  }

  /** Looks at every log once (what a killed run left undone); afterwards wake() on every log change. */
  start(): void {
    for (const log of this.deps.logs()) this.wake(log.accountId);
  }

  /** The account's log changed: look for auto-replies due from this client (one pass at a time per account). */
  wake(accountId: string): void {
    if (this.closed) return;
    if (this.running.has(accountId)) {
      this.again.add(accountId);
      return;
    }
    const run = (async () => {
      do {
        this.again.delete(accountId);
        await this.pass(accountId).catch((err: unknown) => console.warn(`[auto-reply] ${accountId}: a pass failed; the next change of the log tries again:`, err));
      } while (this.again.has(accountId) && !this.closed);
    })().finally(() => this.running.delete(accountId));
    this.running.set(accountId, run);
  }

  /** Resolves once no pass runs (the passes woken meanwhile included). */
  async settled(): Promise<void> {
    while (this.running.size > 0) await Promise.all(this.running.values());
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.settled();
  }

  private async pass(accountId: string): Promise<void> {
    const log = this.deps.log(accountId);
    const account = this.deps.store.accounts.get(accountId);
    if (!log || !account) return;
    const state = log.confirmed();
    const me = this.deps.agentId();
    const due = Object.entries(state.autoReplyDue);
    const dueIds = new Set(due.map(([key]) => `${accountId}\n${key}`));
    for (const id of this.handled) if (id.startsWith(`${accountId}\n`) && !dueIds.has(id)) this.handled.delete(id);
    for (const [key, entry] of due) {
      if (this.closed) return;
      if (entry.by !== me || this.handled.has(`${accountId}\n${key}`)) continue;
      const outcome = await this.act(log, key, entry);
      if (outcome === null) continue;
      log.append({ type: 'autoReply.done', message: key, outcome: outcome.sent ? 'sent' : 'skipped', reason: outcome.reason.slice(0, 500) }, doneEventId(key));
      this.handled.add(`${accountId}\n${key}`);
    }
  }

  /** Sends (enqueues) the reply, or says why not; null: a failure of ours, tried again at the next wake. */
  private async act(log: AutoReplyLog, key: string, due: AutoReplyDue): Promise<{ sent: boolean; reason: string } | null> {
    const { store } = this.deps;
    const state = log.confirmed();
    const account = store.accounts.get(log.accountId);
    if (!account) return null;
    if (!state.autoReply.settings.enabled) return { sent: false, reason: 'auto-reply was turned off before it went out' };
    if (this.now() - due.at > AUTO_REPLY_LATE_MS) return { sent: false, reason: 'it was due more than a day ago, while the app that sends it was closed' };
    const summary = store.messages.byKeys(account.id, [key]).get(key);
    const mail = summary ? store.ticketImport.rows([Number(summary.id)])[0] : undefined;
    if (!mail) return { sent: false, reason: 'the customer’s mail is no longer in the mailbox' };
    const own = new Set(store.accounts.list().map((a) => a.email.toLowerCase()));
    try {
      await this.deps.outbox.enqueue(autoReplyMail({ account, state, key, due, mail, own, agentId: this.deps.agentId(), now: this.now() }, state.autoReply.settings));
      return { sent: true, reason: '' };
    } catch (err) {
      // The outbox refused this mail for good (too large, no valid recipient…): say so on the ticket.
      if (err instanceof AppError) return { sent: false, reason: `the outbox refused it: ${err.info.cause}` };
      throw err;
    }
  }
}
