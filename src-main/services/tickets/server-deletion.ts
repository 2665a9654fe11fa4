/**
 * A ticket deleted "also from the server": its messages are moved to the account's Trash,
 * then erased there (STORE \Deleted + UID EXPUNGE). Only the client whose agent deleted the
 * ticket does it, on its work connection at the start of a sync round, as a persisted task
 * (store/server-deletions-repo.ts) in the shape of delete-after-import:
 *
 * 1. queue(): the task and every cached copy are committed, the copies marked after_import
 *    'deleting' (they no longer follow the server), before the ticket.delete event is queued.
 * 2. MOVE each folder's copies to Trash; the Trash UIDs the server names (COPYUID) are
 *    recorded. Trash's UIDNEXT was recorded before the first MOVE, so when a kill lost the
 *    answer the copies are found again among the messages that arrived after it, by key.
 * 3. UID EXPUNGE exactly those Trash UIDs; the copies are marked erased and their cached
 *    rows dropped in one transaction.
 *
 * Repeating a step after a kill is harmless: a MOVE or EXPUNGE of UIDs that are gone does
 * nothing, and no step ever touches a message outside the ones recorded or found by key
 * after the recorded UIDNEXT (so another message in Trash is never erased). An account
 * without a Trash folder has its copies erased where they are.
 */
import type { ImapFlow } from 'imapflow';
import { specialFolder } from '../mail/imap-session';
import type { Store } from '../store';
import type { DeletionCopy, ServerDeletion as DeletionTask } from '../store/server-deletions-repo';
import { headerFromFetch, headerRequest } from '../sync/headers';
import { toSequenceSet } from '../sync/uid-set';
import type { TeamLogView } from './sources';
import { messageKey } from './ticket-importer';

/** What the sync calls (AccountSyncDeps.ticketDeletions). */
export interface TicketDeletionHook {
  /** Runs the account's unfinished server deletions on the work connection; answers the folders whose cached mail changed. */
  run(client: ImapFlow, accountId: string): Promise<string[]>;
}

export interface ServerDeletionDeps {
  store: Store;
  /** The account's team log: the delete event is queued again (by its id, so once) if a kill came first. */
  log(accountId: string): Pick<TeamLogView, 'state' | 'append'> | null;
  /** Wakes the account's sync, which runs the task. */
  poke(accountId: string): void;
  now(): number;
}

/** Where the copies go: Trash as it was before the first MOVE, or none (erased in place). */
type Trash = { path: string; uidvalidity: number; uidNext: number } | null;

export class ServerDeletion implements TicketDeletionHook {
  constructor(private readonly deps: ServerDeletionDeps) {}

  /** Step 1: call before queuing the ticket.delete event with eventId (TicketService.deleteTicket). */
  queue(accountId: string, ticket: string, messageKeys: string[], eventId: string): void {
    this.deps.store.serverDeletions.queue(accountId, ticket, messageKeys, eventId, this.deps.now());
    this.deps.poke(accountId);
  }

  async run(client: ImapFlow, accountId: string): Promise<string[]> {
    const changed = new Set<string>();
    for (const task of this.deps.store.serverDeletions.forAccount(accountId)) {
      if (!this.eventStands(task)) continue;
      for (const path of await this.runTask(client, task)) changed.add(path);
    }
    return [...changed];
  }

  /** The server is touched only once the agent's delete shows in the team state; a kill before it was queued queues it now. */
  private eventStands(task: DeletionTask): boolean {
    const log = this.deps.log(task.accountId);
    const state = log?.state();
    if (!log || !state) return false;
    const ticket = state.tickets.get(task.ticketKey);
    if (ticket?.deleted) return true;
    if (!ticket) return false;
    log.append({ type: 'ticket.delete', ticket: task.ticketKey, fromServer: true }, task.eventId);
    return log.state().tickets.get(task.ticketKey)?.deleted != null;
  }

  private async runTask(client: ImapFlow, task: DeletionTask): Promise<string[]> {
    const repo = this.deps.store.serverDeletions;
    const trash = task.trash ? (task.trash.path ? task.trash : null) : await this.recordTrash(client, task);
    const copies = repo.copies(task.id);
    const moving = copies.filter((c) => c.state === 'moving');
    for (const [path, group] of byFolder(moving)) await this.moveOut(client, path, group, trash);
    if (trash) {
      const trashed = repo.copies(task.id).filter((c) => c.state === 'trashed');
      await this.erase(client, trash, trashed);
    }
    const left = repo.copies(task.id).filter((c) => c.state !== 'erased');
    if (left.length === 0) repo.finish(task.id);
    return [...new Set(copies.map((c) => c.mailboxPath))];
  }

  /** Trash and its UIDNEXT before anything moves; an account without Trash records an empty path. */
  private async recordTrash(client: ImapFlow, task: DeletionTask): Promise<Trash> {
    const path = await specialFolder(client, '\\Trash');
    const status = path ? await client.status(path, { uidNext: true, uidValidity: true }) : null;
    const trash = path && status ? { path, uidvalidity: Number(status.uidValidity ?? 0), uidNext: status.uidNext ?? 1 } : { path: '', uidvalidity: 0, uidNext: 0 };
    this.deps.store.serverDeletions.setTrash(task.id, trash);
    return trash.path ? trash : null;
  }

  /** Step 2 for one folder: MOVE to Trash (or erase in place without one). */
  private async moveOut(client: ImapFlow, path: string, copies: DeletionCopy[], trash: Trash): Promise<void> {
    const repo = this.deps.store.serverDeletions;
    if (trash && path === trash.path) {
      // Already in Trash: only the erase is left.
      repo.setTrashed(copies.map((c) => ({ id: c.id, trashUid: c.uidvalidity === trash.uidvalidity ? c.uid : null })));
      return;
    }
    const folders = await client.list();
    if (!folders.some((f) => f.path === path)) {
      // The folder went (deleted or renamed on the server): its copies went with it, or are found in Trash.
      if (trash) repo.setTrashed(copies.map((c) => ({ id: c.id, trashUid: null })));
      else repo.setErased(copies.map((c) => c.id), (rows) => this.deps.store.messages.forget(rows));
      return;
    }
    const lock = await client.getMailboxLock(path);
    try {
      const mailbox = client.mailbox;
      const uidvalidity = mailbox ? Number(mailbox.uidValidity) : 0;
      // A changed UIDVALIDITY renumbered the folder: the copies are found by key there.
      const uidOf = uidvalidity === copies[0]?.uidvalidity ? new Map(copies.map((c) => [c.id, c.uid])) : await this.findByKey(client, copies, 1);
      const uids = [...uidOf.values()];
      if (!trash) {
        if (uids.length > 0) await client.messageDelete(toSequenceSet(uids), { uid: true });
        repo.setErased(copies.map((c) => c.id), (rows) => this.deps.store.messages.forget(rows));
        return;
      }
      const moved = uids.length > 0 ? await client.messageMove(toSequenceSet(uids), trash.path, { uid: true }) : false;
      // COPYUID names each copy's Trash UID when it is for the Trash we recorded.
      const sameTrash = moved && moved.uidValidity !== undefined && Number(moved.uidValidity) === trash.uidvalidity;
      repo.setTrashed(
        copies.map((c) => {
          const from = uidOf.get(c.id);
          const to = sameTrash && from !== undefined ? moved.uidMap?.get(from) : undefined;
          return { id: c.id, trashUid: to ?? null };
        }),
      );
    } finally {
      lock.release();
    }
  }

  /** Step 3: UID EXPUNGE the copies in Trash, found first where the MOVE's answer was lost. */
  private async erase(client: ImapFlow, trash: NonNullable<Trash>, copies: DeletionCopy[]): Promise<void> {
    if (copies.length === 0) return;
    const repo = this.deps.store.serverDeletions;
    const lock = await client.getMailboxLock(trash.path);
    try {
      const uidvalidity = client.mailbox ? Number(client.mailbox.uidValidity) : 0;
      const known = uidvalidity === trash.uidvalidity ? copies.filter((c) => c.trashUid !== null) : [];
      const lost = copies.filter((c) => !known.includes(c));
      // Only what arrived after the recorded UIDNEXT can be ours (all of Trash if it was renumbered).
      const found = lost.length > 0 ? await this.findByKey(client, lost, uidvalidity === trash.uidvalidity ? trash.uidNext : 1) : new Map<number, number>();
      const uids = [...known.map((c) => c.trashUid as number), ...found.values()];
      if (uids.length > 0) await client.messageDelete(toSequenceSet(uids), { uid: true });
      // A lost copy not in Trash is gone from the server already (someone else deleted it).
      repo.setErased(copies.map((c) => c.id), (rows) => this.deps.store.messages.forget(rows));
    } finally {
      lock.release();
    }
  }

  /** The open folder's UIDs (from `from` on) of the copies, matched by their team log key; each server message once. */
  private async findByKey(client: ImapFlow, copies: DeletionCopy[], from: number): Promise<Map<number, number>> {
    const byKey = new Map<string, number[]>();
    const request = headerRequest([], false);
    for await (const msg of client.fetch(`${from}:*`, request.query, { uid: true })) {
      // "N:*" names the last message even when its UID is below N.
      if (msg.uid < from) continue;
      const header = headerFromFetch(msg, request);
      const key = messageKey({ messageId: header.messageId, contentHash: header.contentHash });
      if (key) byKey.set(key, [...(byKey.get(key) ?? []), msg.uid]);
    }
    const found = new Map<number, number>();
    for (const c of copies) {
      const uid = byKey.get(c.messageKey)?.shift();
      if (uid !== undefined) found.set(c.id, uid);
    }
    return found;
  }
}

function byFolder(copies: DeletionCopy[]): Map<string, DeletionCopy[]> {
  const groups = new Map<string, DeletionCopy[]>();
  for (const c of copies) groups.set(c.mailboxPath, [...(groups.get(c.mailboxPath) ?? []), c]);
  return groups;
}
