import type { ImapFlow } from 'imapflow';
import type { MailboxInput } from '../store/mailboxes-repo';
import { withoutTeamLog } from '../teamlog/log-folder';

/**
 * The account's folders as the server lists them, with names and special-use flags, minus
 * the team log's. Every place that stores folders reads them here, so the first ones stored
 * (from the connection test) already carry their roles and the folder list never reorders.
 */
export async function listFolders(client: ImapFlow): Promise<MailboxInput[]> {
  return withoutTeamLog(await client.list()).map((f) => ({ path: f.path, name: f.name, delimiter: f.delimiter || null, specialUse: f.specialUse || null }));
}
