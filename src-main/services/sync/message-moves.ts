/**
 * The server step of archive and delete in Mail (store/message-moves-repo.ts): on the work
 * connection, at the start of a sync round, each queued message is moved (UID MOVE) to the
 * account's \Archive or \Trash folder, then the task is cleared.
 *
 * A kill between the MOVE and done() repeats the MOVE (and the flag changes it carries)
 * on the next round, which does nothing: the UIDs are gone from the folder. A folder renumbered meanwhile (UIDVALIDITY
 * changed) or removed no longer names the messages, so the task is dropped unsent rather
 * than move whatever took those UIDs.
 *
 * An account without an archive folder gets one named Archive (as Thunderbird creates
 * "Archives"), so archiving takes mail out of the Inbox everywhere; one without Trash has
 * deleted mail erased in place (STORE \Deleted + UID EXPUNGE of exactly those UIDs).
 */
import type { ImapFlow } from 'imapflow';
import { specialFolder } from '../mail/imap-session';
import type { Store } from '../store';
import type { MoveDestination, PendingMessageMove } from '../store/message-moves-repo';

const ARCHIVE_NAME = 'Archive';

/** Runs the account's queued moves; answers the folders whose mail changed (the destinations too). */
export async function runMessageMoves(client: ImapFlow, store: Store, accountId: string): Promise<string[]> {
  const moves = store.messageMoves.forAccount(accountId);
  if (moves.length === 0) return [];
  const changed = new Set<string>();
  // One LIST and one lookup per destination for the whole queue (an agent archiving offline queues many).
  const listed = new Set((await client.list()).map((f) => f.path));
  const destinations = new Map<MoveDestination, Promise<string | null>>();
  for (const move of moves) {
    if (!destinations.has(move.destination)) destinations.set(move.destination, destinationOf(client, move.destination));
    const destination = await destinations.get(move.destination)!;
    if (await moveOne(client, move, destination, listed)) {
      changed.add(move.mailboxPath);
      if (destination) changed.add(destination);
    }
    store.messageMoves.done(move.id);
  }
  return [...changed];
}

/** The folder the messages go to; null: erase in place (no Trash). */
async function destinationOf(client: ImapFlow, destination: MoveDestination): Promise<string | null> {
  if (destination === 'trash') return specialFolder(client, '\\Trash');
  const archive = await specialFolder(client, '\\Archive');
  if (archive) return archive;
  const path = `${client.namespace?.prefix ?? ''}${ARCHIVE_NAME}`;
  await client.mailboxCreate(path);
  return path;
}

/** One task; false when the messages could not be named any more (folder gone or renumbered). */
async function moveOne(client: ImapFlow, move: PendingMessageMove, destination: string | null, listed: ReadonlySet<string>): Promise<boolean> {
  if (destination === move.mailboxPath || !listed.has(move.mailboxPath)) return false;
  const lock = await client.getMailboxLock(move.mailboxPath);
  try {
    if (!client.mailbox || Number(client.mailbox.uidValidity) !== move.uidvalidity) return false;
    if (destination) {
      // The agent's unsent read/flagged changes first: the MOVE takes the flags along.
      for (const { flag, value } of move.flagChanges) {
        if (value) await client.messageFlagsAdd(move.uids, [flag], { uid: true });
        else await client.messageFlagsRemove(move.uids, [flag], { uid: true });
      }
      await client.messageMove(move.uids, destination, { uid: true });
    }
    else await client.messageDelete(move.uids, { uid: true });
    return true;
  } finally {
    lock.release();
  }
}
