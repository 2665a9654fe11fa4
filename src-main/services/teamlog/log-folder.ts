import type { ImapFlow } from 'imapflow';
import { escapeRegExp } from '../../../src-preload/escape-regexp';

/** The log folder's name under the personal namespace: Mailroom/Log, Mailroom.Log, INBOX.Mailroom.Log… */
const PARENT = 'Mailroom';
const LEAF = 'Log';

/** Where an account's team log lives on this server: the personal namespace's prefix and delimiter. */
export function logFolderPath(namespace: { prefix?: string; delimiter?: string | null } | undefined): string {
  const delimiter = namespace?.delimiter;
  // A flat namespace (no hierarchy) cannot have a parent folder: one name does.
  if (!delimiter) return `${namespace?.prefix ?? ''}${PARENT}-${LEAF}`;
  return `${namespace?.prefix ?? ''}${PARENT}${delimiter}${LEAF}`;
}

/** The log folder this connection's server uses. */
export function logFolderOf(client: ImapFlow): string {
  return logFolderPath(client.namespace);
}

/**
 * The team log and the folder that holds it, whatever the namespace prefix (INBOX. on
 * some servers): hidden from the folder list, never synced as mail, never searched. A
 * folder a person named "Mailroom" is hidden too; the name is ours. Folders recorded
 * before the delimiter was known match with either usual one.
 */
export function isTeamLogFolder(path: string, delimiter: string | null): boolean {
  const d = delimiter ? escapeRegExp(delimiter) : '[./]';
  return new RegExp(`^(?:.*${d})?(?:${PARENT}${d}${LEAF}|${PARENT}-${LEAF})$|^(?:INBOX${d})?${PARENT}$`).test(path);
}

/** A listed folder minus the team log's, for the folder list, the folder chooser and the sync. */
export function withoutTeamLog<T extends { path: string; delimiter?: string | null }>(folders: T[]): T[] {
  return folders.filter((f) => !isTeamLogFolder(f.path, f.delimiter ?? null));
}

/** The log folder, selected and locked on the work connection (release the lock when done). */
export interface OpenLogFolder {
  path: string;
  uidvalidity: number;
  /** The folder was missing and has just been created (deleted on the server, or the team's first client). */
  created: boolean;
  release(): void;
}

/**
 * Selects the log folder read-write on the work connection, creating it when missing,
 * under imapflow's mailbox lock so a body the reader asks for meanwhile waits instead
 * of switching folders under a read. Read-write because this connection APPENDs to
 * it; once released it stays selected, and imapflow IDLEs on it while the connection
 * is quiet.
 */
export async function openLogFolder(client: ImapFlow, path: string): Promise<OpenLogFolder> {
  let created = false;
  let lock: { release(): void };
  try {
    try {
      lock = await client.getMailboxLock(path);
    } catch (err) {
      if (!client.usable || !isMissingFolder(err)) throw err;
      await client.mailboxCreate(path);
      created = true;
      lock = await client.getMailboxLock(path);
    }
  } catch (err) {
    // Still connected: the server said no (explain.ts words it, keeping the server's code and text).
    if (!client.usable) throw err;
    const e = err as { message?: string; responseText?: string; serverResponseCode?: string };
    throw Object.assign(new Error(e.message ?? String(err)), { code: 'TEAM_LOG_FOLDER', responseText: e.responseText, serverResponseCode: e.serverResponseCode });
  }
  const mailbox = client.mailbox;
  if (!client.usable || !mailbox || mailbox.path !== path) {
    lock.release();
    throw Object.assign(new Error(`Connection not available: it closed while opening the team log ${path}.`), { code: 'NoConnection' });
  }
  return { path, uidvalidity: Number(mailbox.uidValidity), created, release: () => lock.release() };
}

/** The server says the folder does not exist: NONEXISTENT (RFC 5530), or the words servers use without it. */
function isMissingFolder(err: unknown): boolean {
  const e = err as { serverResponseCode?: string; responseText?: string; message?: string };
  if (e.serverResponseCode === 'NONEXISTENT') return true;
  return /NONEXISTENT|doesn't exist|does not exist|no such (mailbox|folder)|mailbox not found|unknown mailbox/i.test(`${e.responseText ?? ''} ${e.message ?? ''}`);
}
