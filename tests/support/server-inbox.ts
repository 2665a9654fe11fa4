import { ImapFlow } from 'imapflow';
import type { MailServers, TestUser } from './mail-servers';

/** The UIDs in `user`'s INBOX as the server has them, ascending: what fault tests compare the cache with. */
export async function serverInboxUids(servers: MailServers, user: TestUser): Promise<number[]> {
  const client = new ImapFlow({ host: '127.0.0.1', port: servers.imapPort, secure: false, doSTARTTLS: false, auth: { user: user.username, pass: user.password }, logger: false });
  await client.connect();
  try {
    const lock = await client.getMailboxLock('INBOX');
    try {
      return ((await client.search({ all: true }, { uid: true })) || []).sort((a, b) => a - b);
    } finally {
      lock.release();
    }
  } finally {
    await client.logout();
  }
}
