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

/** The raw copies of the message with this Message-ID in a user's mailbox: a delivery count, and what arrived. */
export async function copiesOf(servers: MailServers, user: TestUser, messageId: string, mailbox = 'INBOX'): Promise<Buffer[]> {
  const client = new ImapFlow({ host: '127.0.0.1', port: servers.imapPort, secure: false, doSTARTTLS: false, auth: { user: user.username, pass: user.password }, logger: false });
  await client.connect();
  try {
    const lock = await client.getMailboxLock(mailbox);
    try {
      const uids = (await client.search({ header: { 'message-id': messageId } }, { uid: true })) || [];
      if (uids.length === 0) return [];
      const copies: Buffer[] = [];
      for await (const message of client.fetch(uids, { source: true }, { uid: true })) if (message.source) copies.push(message.source);
      return copies;
    } finally {
      lock.release();
    }
  } finally {
    await client.logout();
  }
}
