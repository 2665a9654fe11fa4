/**
 * Copies of drafts in the account's Drafts folder on the server, so a draft can be picked
 * up in webmail or on another computer. Never in the agent's way: the local save already
 * happened, the copy follows a little later (debounced per draft), a failure only waits
 * for the next save or the next try, and an account without a Drafts folder is skipped.
 *
 * Each copy carries `X-Mailroom-Draft: <id>`. After appending the new copy, every other
 * message with that header is deleted, so a copy left by a kill between the two steps,
 * or by an earlier run, goes too, and no UID needs remembering.
 */
import type { ImapFlow } from 'imapflow';
import MailComposer from 'nodemailer/lib/mail-composer';
import type { Draft } from '../../../src-preload/contract';
import type { Credentials } from '../mail/connections';
import { specialFolder, withImapSession } from '../mail/imap-session';
import type { AccountRecord } from '../store/accounts-repo';
import type { AttachmentStore } from '../store/attachments';
import type { DraftsRepo } from '../store/drafts-repo';

export const DRAFT_HEADER = 'X-Mailroom-Draft';

/** After a failure the next try waits longer, up to this. */
const MAX_RETRY_MS = 5 * 60_000;

export interface DraftsFolderDeps {
  drafts: DraftsRepo;
  attachments: AttachmentStore;
  account(accountId: string): AccountRecord | null;
  credentials(accountId: string): Promise<Credentials>;
  /** The server copy of a draft of this account changed (saved or removed). */
  changed(accountId: string): void;
  /** Quiet time after a save before the copy is made. */
  delayMs: number;
  now(): number;
}

/** The draft as a message, Bcc kept (it is a draft, not a sent mail); attachments whose file is gone are left out. */
async function draftMime(draft: Draft, from: { name: string; address: string }, attachments: AttachmentStore): Promise<Buffer> {
  const files = draft.attachments.flatMap((a) => {
    const content = attachments.read(a.sha256);
    return content ? [{ filename: a.filename, contentType: a.contentType, content }] : [];
  });
  const node = new MailComposer({
    from,
    to: draft.to,
    cc: draft.cc,
    bcc: draft.bcc,
    subject: draft.subject,
    html: draft.bodyHtml,
    attachments: files,
    headers: { [DRAFT_HEADER]: draft.id },
    ...(draft.inReplyTo ? { inReplyTo: draft.inReplyTo } : {}),
    ...(draft.references.length > 0 ? { references: draft.references } : {}),
    date: new Date(draft.updatedAt),
  }).compile();
  node.keepBcc = true;
  return node.build();
}

async function copiesOf(client: ImapFlow, draftId: string): Promise<number[]> {
  const found = await client.search({ header: { [DRAFT_HEADER]: draftId } }, { uid: true });
  return found || [];
}

export class DraftsFolder {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly failures = new Map<string, number>();
  /** One server step per draft at a time; a save meanwhile runs it again after. */
  private readonly running = new Map<string, Promise<void>>();
  private readonly again = new Set<string>();
  private closed = false;

  constructor(private readonly deps: DraftsFolderDeps) {}

  /** Picks up what an earlier run left: copies behind their draft, copies of deleted drafts. */
  start(): void {
    for (const { id } of this.deps.drafts.serverWork()) this.schedule(id, 0);
  }

  /** The draft changed or went: bring the server copy in line after the quiet time. */
  schedule(draftId: string, delayMs = this.deps.delayMs): void {
    if (this.closed) return;
    clearTimeout(this.timers.get(draftId));
    const timer = setTimeout(() => {
      this.timers.delete(draftId);
      void this.run(draftId);
    }, delayMs);
    timer.unref?.();
    this.timers.set(draftId, timer);
  }

  /** Stops the timers and waits for steps under way. */
  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    await Promise.allSettled([...this.running.values()]);
  }

  private run(draftId: string): Promise<void> {
    const current = this.running.get(draftId);
    if (current) {
      this.again.add(draftId);
      return current;
    }
    const step = this.step(draftId)
      .then(() => {
        this.failures.delete(draftId);
      })
      .catch((err: unknown) => {
        const failures = (this.failures.get(draftId) ?? 0) + 1;
        this.failures.set(draftId, failures);
        console.warn(`[drafts] the server copy of draft ${draftId} could not be updated (try ${failures}):`, err instanceof Error ? err.message : err);
        this.schedule(draftId, Math.min(MAX_RETRY_MS, this.deps.delayMs * 2 ** failures));
      })
      .finally(() => {
        this.running.delete(draftId);
        if (this.again.delete(draftId)) this.schedule(draftId, 0);
      });
    this.running.set(draftId, step);
    return step;
  }

  private async step(draftId: string): Promise<void> {
    const record = this.deps.drafts.get(draftId);
    if (!record) return;
    const { draft } = record;
    // The copy lives where it was saved: the draft may have moved to another sending account since.
    const holder = record.serverAccountId ? this.deps.account(record.serverAccountId) : null;
    if (record.state === 'deleted') {
      if (holder) await this.removeCopies(holder, draftId);
      this.deps.drafts.remove(draftId);
      if (holder) this.deps.changed(holder.id);
      return;
    }
    if (record.state !== 'open' || !record.serverDirty) return;
    const account = this.deps.account(draft.accountId);
    if (!account) return;
    if (holder && holder.id !== account.id) {
      await this.removeCopies(holder, draftId);
      this.deps.drafts.serverRemoved(draftId);
    }
    const raw = await draftMime(draft, { name: account.identity.senderName || account.name, address: account.email }, this.deps.attachments);
    const saved = await withImapSession(account, await this.deps.credentials(account.id), async (client) => {
      const folder = await specialFolder(client, '\\Drafts');
      if (!folder) return false;
      const appended = await client.append(folder, raw, ['\\Draft', '\\Seen']);
      const lock = await client.getMailboxLock(folder);
      try {
        const uids = await copiesOf(client, draftId);
        // Without UIDPLUS the append names no UID: the newest copy is the one just added.
        const keep = appended && appended.uid ? appended.uid : Math.max(...uids);
        const old = uids.filter((uid) => uid !== keep);
        if (old.length > 0) await client.messageDelete(old, { uid: true });
      } finally {
        lock.release();
      }
      return true;
    });
    if (!saved) {
      this.deps.drafts.serverSkipped(draftId, draft.updatedAt);
      return;
    }
    this.deps.drafts.serverSaved(draftId, account.id, draft.updatedAt, this.deps.now());
    this.deps.changed(account.id);
  }

  /** Every copy of the draft in the account's Drafts folder goes. */
  private async removeCopies(account: AccountRecord, draftId: string): Promise<void> {
    await withImapSession(account, await this.deps.credentials(account.id), async (client) => {
      const folder = await specialFolder(client, '\\Drafts');
      if (!folder) return;
      const lock = await client.getMailboxLock(folder);
      try {
        const uids = await copiesOf(client, draftId);
        if (uids.length > 0) await client.messageDelete(uids, { uid: true });
      } finally {
        lock.release();
      }
    });
  }
}
