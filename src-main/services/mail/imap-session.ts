/**
 * Short-lived IMAP work outside the sync (appending sent mail to Sent, saving drafts):
 * one connection, used and logged out. The connection budget (../shared/DESIGN.md) allows
 * it because it is short; when the server refuses it (too many connections), the caller
 * keeps its work pending and tries again later.
 */
import type { ImapFlow } from 'imapflow';
import type { AccountRecord } from '../store/accounts-repo';
import { connectionOptionsOf, createImapClient, errorContextOf, type Credentials } from './connections';
import { AppError } from '../errors/app-error';
import { explainError } from '../errors/explain';

export async function withImapSession<T>(account: AccountRecord, credentials: Credentials, work: (client: ImapFlow) => Promise<T>): Promise<T> {
  const client = createImapClient(account.imap, credentials, connectionOptionsOf(account));
  try {
    await client.connect();
    return await work(client);
  } catch (err) {
    throw err instanceof AppError ? err : new AppError(explainError(err, errorContextOf('imap', account.imap)));
  } finally {
    await client.logout().catch(() => client.close());
  }
}

/**
 * The folder with this special-use flag (RFC 6154), else one of the usual names; null when
 * the account has none.
 */
export async function specialFolder(client: ImapFlow, use: '\\Sent' | '\\Drafts' | '\\Trash' | '\\Archive'): Promise<string | null> {
  const folders = await client.list();
  const flagged = folders.find((f) => f.specialUse === use);
  if (flagged) return flagged.path;
  const names = { '\\Sent': ['sent', 'sent items', 'sent messages', 'inbox.sent'], '\\Drafts': ['drafts', 'inbox.drafts'], '\\Trash': ['trash', 'deleted items', 'inbox.trash'], '\\Archive': ['archive', 'archives', 'inbox.archive'] }[use];
  return folders.find((f) => names.includes(f.path.toLowerCase()))?.path ?? null;
}
