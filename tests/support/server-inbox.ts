import { ImapFlow } from 'imapflow';
import type { MailServers, TestUser } from './mail-servers';

/** Opens `mailbox` of `user` on the test Dovecot (plain loopback IMAP), runs `read` and logs out. */
async function inMailbox<T>(servers: MailServers, user: TestUser, mailbox: string, read: (client: ImapFlow) => Promise<T>): Promise<T> {
  const client = new ImapFlow({ host: '127.0.0.1', port: servers.imapPort, secure: false, doSTARTTLS: false, auth: { user: user.username, pass: user.password }, logger: false });
  await client.connect();
  try {
    const lock = await client.getMailboxLock(mailbox);
    try {
      return await read(client);
    } finally {
      lock.release();
    }
  } finally {
    await client.logout();
  }
}

/** The UIDs in `user`'s INBOX as the server has them, ascending: what fault tests compare the cache with. */
export async function serverInboxUids(servers: MailServers, user: TestUser): Promise<number[]> {
  return inMailbox(servers, user, 'INBOX', async (client) => ((await client.search({ all: true }, { uid: true })) || []).sort((a, b) => a - b));
}

/** Deletes and expunges `uids` from `user`'s INBOX, as another mail program would. */
export async function expungeFromInbox(servers: MailServers, user: TestUser, uids: number[]): Promise<void> {
  await inMailbox(servers, user, 'INBOX', (client) => client.messageDelete(uids, { uid: true }));
}

/** How many messages of `user`'s `mailbox` are unread and how many flagged, as the server counts them. */
export async function serverFlagCounts(servers: MailServers, user: TestUser, mailbox = 'INBOX'): Promise<{ unread: number; flagged: number }> {
  return inMailbox(servers, user, mailbox, async (client) => ({
    unread: ((await client.search({ seen: false }, { uid: true })) || []).length,
    flagged: ((await client.search({ flagged: true }, { uid: true })) || []).length,
  }));
}

/** How many messages of `user`'s `mailbox` carry each Message-ID: what delivery tests count copies with. */
export async function serverMessageIdCounts(servers: MailServers, user: TestUser, mailbox = 'INBOX'): Promise<Map<string, number>> {
  return inMailbox(servers, user, mailbox, async (client) => {
    const counts = new Map<string, number>();
    if (client.mailbox === false || client.mailbox.exists === 0) return counts;
    for (const message of await client.fetchAll('1:*', { envelope: true })) {
      const id = message.envelope?.messageId ?? '';
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    return counts;
  });
}

/** The raw copies of the message with this Message-ID in a user's mailbox: a delivery count, and what arrived. */
export async function copiesOf(servers: MailServers, user: TestUser, messageId: string, mailbox = 'INBOX'): Promise<Buffer[]> {
  return inMailbox(servers, user, mailbox, async (client) => {
    const uids = (await client.search({ header: { 'message-id': messageId } }, { uid: true })) || [];
    if (uids.length === 0) return [];
    const copies: Buffer[] = [];
    for await (const message of client.fetch(uids, { source: true }, { uid: true })) if (message.source) copies.push(message.source);
    return copies;
  });
}
