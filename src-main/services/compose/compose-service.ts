/**
 * Drafts and sending them: a new draft gets its recipients, subject with the ticket token,
 * threading headers, greeting, signature and quote (reply-parts.ts); every save is kept
 * locally at once and copied to the server's Drafts folder later (drafts-folder.ts);
 * sending checks the draft (send-check.ts), runs the collision check for a ticket, wraps
 * the text in the account's template (src-preload/templates.ts) and hands the mail to the
 * outbox. The draft stays, hidden, while its outbox item is queued (undo brings it back)
 * and goes once the item leaves the queue.
 */
import { randomUUID } from 'node:crypto';
import type {
  ComposeView,
  Draft,
  DraftAttachment,
  DraftSummary,
  Me,
  MessageDetail,
  OutboxItem,
  SendResult,
  SendingAccount,
  TicketDetail,
} from '../../../src-preload/contract';
import { assembleHtml, dateValue, type VariableValues } from '../../../src-preload/templates';
import { appError } from '../errors/app-error';
import type { Credentials } from '../mail/connections';
import type { OutgoingMail } from '../outbox/outgoing-mail';
import type { Store } from '../store';
import type { AccountRecord } from '../store/accounts-repo';
import type { AttachmentStore } from '../store/attachments';
import type { DraftRecord } from '../store/drafts-repo';
import type { TeamState } from '../teamlog/state';
import type { TicketService } from '../tickets/ticket-service';
import { DraftsFolder } from './drafts-folder';
import { draftSubject, draftThreading, quotedMessage, replyRecipients, withIdentityCopies } from './reply-parts';
import { checkDraft, estimateMessageBytes, megabytes } from './send-check';
import type { z } from 'zod';
import type { StartDraftSchema } from '../../../src-preload/contract';

/** What compose needs of the outbox (services/outbox/outbox-service.ts). */
export interface ComposeOutbox {
  enqueue(mail: OutgoingMail): Promise<OutboxItem>;
  /** Called with an item whenever it changed (undo removes the item without telling). */
  onChange(listener: (item: OutboxItem) => void): unknown;
  /** The item as it is now; null when there is none (undone). */
  find(id: string): OutboxItem | null;
}

export interface ComposeDeps {
  store: Store;
  attachments: AttachmentStore;
  credentials(accountId: string): Promise<Credentials>;
  tickets: Pick<TicketService, 'getTicket' | 'checkCollision'>;
  me(): Me;
  /** The account's folded team state (its members, the token prefix); null while it has no log. */
  teamState(accountId: string): TeamState | null;
  /** Fetches a cached message's body that is not there yet; false when it could not. */
  loadBody(accountId: string, messageId: number): Promise<boolean>;
  outbox: ComposeOutbox;
  /** Drafts of the account changed without the renderer asking (server copy, undo, sent). */
  draftsChanged(accountId: string): void;
  /** Quiet time after a save before the Drafts folder gets its copy. */
  serverCopyDelayMs?: number;
  now?(): number;
}

export type StartDraftRequest = z.infer<typeof StartDraftSchema>;

const MB = 1024 * 1024;

function draftNotFound(): Error {
  return appError('drafts/not-found', 'This draft no longer exists: it was sent or deleted.', 'Close the editor; the outgoing mail log shows what was sent.');
}

export class ComposeService {
  private readonly folder: DraftsFolder;
  private readonly now: () => number;
  /** Drafts whose send is under way: a second click must not queue the mail twice. */
  private readonly sending = new Set<string>();

  constructor(private readonly deps: ComposeDeps) {
    this.now = deps.now ?? Date.now;
    this.folder = new DraftsFolder({
      drafts: deps.store.drafts,
      attachments: deps.attachments,
      account: (id) => deps.store.accounts.get(id),
      credentials: deps.credentials,
      changed: deps.draftsChanged,
      delayMs: deps.serverCopyDelayMs ?? 3000,
      now: this.now,
    });
    deps.outbox.onChange((item) => this.itemChanged(item));
  }

  /** Settles drafts whose mail left the outbox while the app was not running, and resumes server copies. */
  start(): void {
    this.settleSentDrafts();
    this.folder.start();
  }

  close(): Promise<void> {
    return this.folder.close();
  }

  /** Accounts the agent may send from: active, and the team settings name the agent or nobody. */
  sendingAccounts(): SendingAccount[] {
    const me = this.deps.me().agentId;
    return this.deps.store.accounts
      .list()
      .filter((a) => a.active && this.mayUse(a.id, me))
      .map((a) => ({
        id: a.id,
        name: a.name,
        key: a.key,
        email: a.email,
        senderName: senderName(a),
        maxMessageBytes: a.sending.maxMessageMb * MB,
      }));
  }

  async startDraft(request: StartDraftRequest): Promise<ComposeView> {
    const { kind } = request;
    const asked = request.ticket ? this.deps.tickets.getTicket(request.ticket.accountId, request.ticket.ticket) : null;
    const message = kind === 'new' && !request.messageId ? null : await this.sourceMessage(request.messageId ?? null, asked);
    if (kind !== 'new' && !message) {
      throw appError('mail/not-found', 'There is no message to answer here on this computer yet.', 'Wait until the mail has been downloaded, or write a new mail.');
    }
    // Answering a ticket's message from the Mail area answers the ticket: its token, its collision check.
    const ticket = asked ?? (message && kind !== 'new' ? this.ticketOfMessage(message) : null);
    const account = this.chooseAccount(request.accountId ?? null, ticket?.accountId ?? (message ? this.accountOfMessage(message) : null));
    const own = new Set(this.deps.store.accounts.list().map((a) => a.email.toLowerCase()));

    const base =
      kind === 'reply' || kind === 'reply-all'
        ? replyRecipients(kind, message!, own)
        : { to: kind === 'new' && request.contact ? [request.contact] : [], cc: [] };
    const { to, cc, bcc } = withIdentityCopies({ ...base, bcc: [] }, account.identity);
    const prefix = ticket ? this.deps.teamState(ticket.accountId)?.settings.tokenPrefix : undefined;
    const subject = draftSubject(kind, message?.subject ?? ticket?.subject ?? '', ticket && prefix ? { token: ticket.token, prefix } : null);
    const threading = draftThreading(kind, message, message ? this.deps.store.messages.referencesOf(Number(message.id)) : []);
    // A forward carries the original only where the account says so; a reply always quotes it.
    const quote = message && kind !== 'new' && (kind !== 'forward' || account.sending.includePreviousOnForward) ? quotedMessage(kind, message) : null;

    const draft: Draft = {
      id: randomUUID(),
      accountId: account.id,
      kind,
      ticket: ticket ? { accountId: ticket.accountId, key: ticket.key } : null,
      sourceMessageId: message?.id ?? null,
      to,
      cc,
      bcc,
      subject,
      bodyHtml: '',
      attachments: quote !== null && kind === 'forward' && message ? forwardedAttachments(message) : [],
      inReplyTo: threading.inReplyTo,
      references: threading.references,
      updatedAt: this.now(),
    };
    const values = this.variablesFor(draft, ticket);
    // The greeting and signature around an empty paragraph for the agent's text: the template's {{body}} slot alone keeps assembleHtml from wrapping a whole document.
    const opening = assembleHtml({ ...account.identity, htmlTemplate: '{{body}}' }, '<p></p>', values).text;
    draft.bodyHtml = quote === null ? opening : `${opening}\n${quote}`;
    this.deps.store.drafts.insert(draft, ticket?.seenUid ?? null);
    return this.view(this.record(draft.id), ticket);
  }

  getDraft(id: string): ComposeView {
    this.settleSentDrafts();
    const record = this.record(id);
    if (record.state === 'deleted') throw draftNotFound();
    return this.view(record);
  }

  listDrafts(filter: { accountId: string; ticket: string }): DraftSummary[] {
    this.settleSentDrafts();
    return this.deps.store.drafts.list(filter).map((d) => ({
      id: d.id,
      accountId: d.accountId,
      kind: d.kind,
      ticket: d.ticket,
      subject: d.subject,
      to: d.to.map((r) => r.address),
      updatedAt: d.updatedAt,
    }));
  }

  /**
   * The agent's text, recipients, subject and sending account, kept at once. What the
   * draft was started from (kind, ticket, threading) and its attachments (changed through
   * their own calls) stay as stored, whatever an older copy in the editor says.
   */
  saveDraft(input: Draft): { savedAt: number } {
    const stored = this.openRecord(input.id).draft;
    if (input.accountId !== stored.accountId) this.chooseAccount(input.accountId, null);
    const draft: Draft = {
      ...input,
      kind: stored.kind,
      ticket: stored.ticket,
      sourceMessageId: stored.sourceMessageId,
      attachments: stored.attachments,
      inReplyTo: stored.inReplyTo,
      references: stored.references,
      updatedAt: this.nextVersion(stored),
    };
    this.store(draft);
    return { savedAt: draft.updatedAt };
  }

  deleteDraft(id: string): { deleted: boolean } {
    const record = this.deps.store.drafts.get(id);
    if (!record || record.state === 'deleted') return { deleted: false };
    this.deps.store.drafts.markDeleted(id);
    this.folder.schedule(id, 0);
    return { deleted: true };
  }

  /** Stored in the attachment store; refused when the mail would exceed the account's limit, with the limit named. */
  addAttachment(draftId: string, file: { filename: string; contentType: string; content: Buffer }): { draft: Draft } {
    const stored = this.openRecord(draftId).draft;
    const limit = this.account(stored.accountId).sending.maxMessageMb * MB;
    const size = estimateMessageBytes(stored.bodyHtml, [...stored.attachments.map((a) => a.size), file.content.length]);
    if (size > limit) {
      throw appError(
        'send/too-large',
        `${file.filename} (${megabytes(file.content.length)}) would make the mail about ${megabytes(size)} once encoded; this account sends at most ${megabytes(limit)}.`,
        'Attach a smaller file or share it by link. An admin can raise the limit in the account’s Sending settings if the provider accepts more.',
      );
    }
    const attachment: DraftAttachment = {
      id: randomUUID(),
      filename: file.filename,
      contentType: file.contentType || 'application/octet-stream',
      size: file.content.length,
      sha256: this.deps.attachments.put(file.content),
    };
    const draft = { ...stored, attachments: [...stored.attachments, attachment], updatedAt: this.nextVersion(stored) };
    this.store(draft);
    return { draft };
  }

  removeAttachment(draftId: string, attachmentId: string): { draft: Draft } {
    const stored = this.openRecord(draftId).draft;
    const draft = { ...stored, attachments: stored.attachments.filter((a) => a.id !== attachmentId), updatedAt: this.nextVersion(stored) };
    this.store(draft);
    return { draft };
  }

  async sendDraft(id: string, options: { scheduleAt: number | null; ignoreCollision: boolean }): Promise<SendResult> {
    if (this.sending.has(id)) {
      throw appError('send/invalid', 'This draft is being sent already.', 'Wait a moment: the outgoing mail log shows it once it is queued.');
    }
    this.sending.add(id);
    try {
      const first = this.check(this.openRecord(id), options.scheduleAt);
      if (first.problems.length > 0) return { outcome: 'invalid', problems: first.problems };
      const { ticket } = first.record.draft;
      if (ticket && !options.ignoreCollision && first.record.seenUid !== null) {
        const report = await this.deps.tickets.checkCollision(ticket.accountId, ticket.key, first.record.seenUid);
        if (report.collided) {
          // Shown now: "Back to the ticket" and sending again does not report the same events twice.
          this.deps.store.drafts.setSeenUid(id, this.deps.tickets.getTicket(ticket.accountId, ticket.key).seenUid);
          return { outcome: 'collision', report };
        }
      }
      // Read again: the agent may have saved while the log was asked.
      const checked = this.check(this.openRecord(id), options.scheduleAt);
      if (checked.problems.length > 0) return { outcome: 'invalid', problems: checked.problems };
      const item = await this.deps.outbox.enqueue(this.outgoing(checked, options.scheduleAt));
      this.deps.store.drafts.markSent(id, item.id);
      this.deps.draftsChanged(checked.record.draft.accountId);
      // An item found by its idempotency key (sent before a kill) may have left the queue already.
      if (item.state !== 'queued') this.itemChanged(item);
      return { outcome: 'queued', item };
    } finally {
      this.sending.delete(id);
    }
  }

  private check(record: DraftRecord, scheduleAt: number | null) {
    const { draft } = record;
    const account = this.chooseAccount(draft.accountId, null);
    const values = this.variablesFor(draft);
    const now = this.now();
    return { record, account, values, now, ...checkDraft(draft, values, { maxMessageBytes: account.sending.maxMessageMb * MB, now, scheduleAt }) };
  }

  private outgoing(checked: ReturnType<ComposeService['check']>, scheduleAt: number | null): OutgoingMail {
    const { record, account, values, now } = checked;
    const { draft } = record;
    const ticketAccount = draft.ticket ? this.deps.store.accounts.get(draft.ticket.accountId) : null;
    // The ticket's account decides what happens to its tickets after a reply.
    const rule = (ticketAccount ?? account).sending.statusAfterReply;
    const isReply = draft.kind === 'reply' || draft.kind === 'reply-all';
    const undoMs = account.sending.undoSeconds * 1000;
    return {
      accountId: account.id,
      kind: draft.kind,
      agentId: this.deps.me().agentId,
      from: { name: senderName(account), address: account.email },
      to: draft.to,
      cc: draft.cc,
      bcc: draft.bcc,
      subject: checked.subject,
      // The greeting and signature are in the text already (startDraft): only the template wraps it.
      html: assembleHtml({ greeting: '', signature: '', htmlTemplate: account.identity.htmlTemplate }, checked.bodyHtml, values).text,
      attachments: draft.attachments.map(({ filename, contentType, sha256, size }) => ({ filename, contentType, sha256, size })),
      inReplyTo: draft.inReplyTo,
      references: draft.references,
      headers: {},
      ticket: draft.ticket,
      statusAfter: draft.ticket && isReply && rule !== 'unchanged' ? rule : null,
      sendAfter: scheduleAt ?? now + undoMs,
      undoUntil: scheduleAt === null && undoMs > 0 ? now + undoMs : null,
      // Per send of this draft: repeating the same send (a kill before markSent) finds the queued item.
      idempotencyKey: `draft:${draft.id}:${record.sends}`,
      draftId: draft.id,
    };
  }

  /** An item left the queue: its draft goes (sent, failed, uncertain: the log has the mail now), or comes back (undone, cancelled). */
  private itemChanged(item: OutboxItem): void {
    if (item.state === 'queued') return;
    this.settleSent(item.id, item.state === 'cancelled' ? 'back' : 'gone');
  }

  /**
   * Drafts handed to the outbox whose item changed without a word: undone (the outbox
   * removes the item and the undoSend caller opens the draft again), or while the app
   * was not running. Cheap: only drafts waiting in the outbox are looked at.
   */
  private settleSentDrafts(): void {
    for (const { outboxId } of this.deps.store.drafts.sentItems()) {
      const item = this.deps.outbox.find(outboxId);
      if (item) this.itemChanged(item);
      else this.settleSent(outboxId, 'back');
    }
  }

  private settleSent(outboxId: string, fate: 'back' | 'gone'): void {
    const drafts = this.deps.store.drafts;
    const id = drafts.idOfItem(outboxId);
    if (!id) return;
    const accountId = drafts.get(id)?.draft.accountId;
    if (fate === 'back') drafts.reopen(id);
    else {
      drafts.markDeleted(id);
      this.folder.schedule(id, 0);
    }
    if (accountId) this.deps.draftsChanged(accountId);
  }

  private store(draft: Draft): void {
    if (!this.deps.store.drafts.save(draft)) throw draftNotFound();
    this.folder.schedule(draft.id);
  }

  /** A later version than the stored one, even within the same millisecond (the server copy compares versions). */
  private nextVersion(stored: Draft): number {
    return Math.max(this.now(), stored.updatedAt + 1);
  }

  private record(id: string): DraftRecord {
    const record = this.deps.store.drafts.get(id);
    if (!record) throw draftNotFound();
    return record;
  }

  private openRecord(id: string): DraftRecord {
    const record = this.record(id);
    if (record.state === 'sent') {
      throw appError('drafts/not-found', 'This draft was sent: it waits in the outbox.', 'Undo the send to change it, or cancel it in the outgoing mail log.');
    }
    if (record.state !== 'open') throw draftNotFound();
    return record;
  }

  private view(record: DraftRecord, ticket?: TicketDetail | null): ComposeView {
    return {
      draft: record.draft,
      variables: this.variablesFor(record.draft, ticket),
      fromChoices: this.sendingAccounts(),
      seenUid: record.seenUid,
      serverSavedAt: record.serverSavedAt,
    };
  }

  /** Values for the variables: the agent's profile, the ticket's customer (else the first recipient), the ticket, the sending account, today. */
  private variablesFor(draft: Draft, known?: TicketDetail | null): VariableValues {
    const ticket = known !== undefined ? known : draft.ticket ? this.ticketOrNull(draft.ticket.accountId, draft.ticket.key) : null;
    const profile = this.deps.me().profile;
    const account = this.deps.store.accounts.get(draft.accountId);
    const customer = ticket?.customer ?? draft.to[0] ?? null;
    const values: VariableValues = {
      'agent.name': profile?.name ?? '',
      'agent.email': profile?.email ?? '',
      'agent.phone': profile?.phone ?? '',
      'agent.mobile': profile?.mobile ?? '',
      'agent.fax': profile?.fax ?? '',
      'customer.name': customer?.name ?? '',
      'customer.email': customer?.address ?? '',
      'account.name': account?.name ?? '',
      'account.email': account?.email ?? '',
      date: dateValue(this.now()),
    };
    // Without a ticket these stay unknown here, so the check says "no value here" instead of sending an empty gap.
    if (ticket) Object.assign(values, { 'ticket.number': String(ticket.number), 'ticket.token': ticket.token, 'ticket.subject': ticket.subject });
    return values;
  }

  private ticketOrNull(accountId: string, key: string): TicketDetail | null {
    try {
      return this.deps.tickets.getTicket(accountId, key);
    } catch {
      return null;
    }
  }

  /**
   * The message answered: the one asked for, else the ticket's newest customer message
   * this computer has. A body not downloaded yet is fetched first, for the quote.
   */
  private async sourceMessage(messageId: string | null, ticket: TicketDetail | null): Promise<MessageDetail | null> {
    const fromTicket = () => {
      const cached = (ticket?.messages ?? []).filter((m) => m.messageId !== null);
      return (cached.filter((m) => m.direction === 'in').at(-1) ?? cached.at(-1))?.messageId ?? null;
    };
    const id = messageId ?? fromTicket();
    if (id === null) return null;
    const message = this.deps.store.messages.get(Number(id));
    if (!message) throw appError('mail/not-found', 'That message is no longer on this computer.', 'Open the ticket or folder again; the list shows the current mail.');
    if (message.bodyLoaded) return message;
    const accountId = this.accountOfMessage(message);
    if (accountId && (await this.deps.loadBody(accountId, Number(message.id)).catch(() => false))) return this.deps.store.messages.get(Number(id)) ?? message;
    return message;
  }

  /** The ticket the team log put this cached message in; null for mail without a Message-ID or not in a ticket. */
  private ticketOfMessage(message: MessageDetail): TicketDetail | null {
    const accountId = this.accountOfMessage(message);
    const state = accountId ? this.deps.teamState(accountId) : null;
    const ticketKey = state && message.messageId ? state.tickets.ticketOfMessage(message.messageId) : undefined;
    return accountId && ticketKey ? this.ticketOrNull(accountId, ticketKey) : null;
  }

  private accountOfMessage(message: MessageDetail): string | null {
    return this.deps.store.mailboxes.byId(Number(message.mailboxId))?.accountId ?? null;
  }

  /** The account asked for (it must be one the agent may send from), else the ticket's or message's, else the primary, else the first. */
  private chooseAccount(asked: string | null, natural: string | null): AccountRecord {
    const choices = this.sendingAccounts();
    if (asked !== null) {
      if (!choices.some((c) => c.id === asked)) {
        throw appError(
          'tickets/not-allowed',
          'You cannot send from this account: it is turned off, or its team settings do not include you.',
          'Pick another account under From, or ask an admin to add you in Settings → Team.',
        );
      }
      return this.account(asked);
    }
    const all = this.deps.store.accounts.list();
    const pick = choices.find((c) => c.id === natural) ?? choices.find((c) => all.find((a) => a.id === c.id)?.primary) ?? choices[0];
    if (!pick) {
      throw appError('accounts/not-found', 'There is no account you may send from.', 'Add an account in Settings, or ask an admin to add you to one in Settings → Team.');
    }
    return this.account(pick.id);
  }

  private account(id: string): AccountRecord {
    const account = this.deps.store.accounts.get(id);
    if (!account) throw appError('accounts/not-found', 'The sending account no longer exists.', 'Pick another account under From.');
    return account;
  }

  private mayUse(accountId: string, me: string): boolean {
    const members = this.deps.teamState(accountId)?.settings.members ?? [];
    return members.length === 0 || members.includes(me);
  }
}

function senderName(account: AccountRecord): string {
  return account.identity.senderName || account.name;
}

/** The original's files (not the images its HTML shows in place), when they are stored here. */
function forwardedAttachments(message: MessageDetail): DraftAttachment[] {
  return message.attachments.flatMap((a) =>
    a.sha256 && !a.contentId
      ? [{ id: randomUUID(), filename: a.filename || 'attachment', contentType: a.contentType || 'application/octet-stream', size: a.size, sha256: a.sha256 }]
      : [],
  );
}
