/**
 * New mail after an expunge in INBOX (another agent deleting a message, the connection
 * test removing its test email): the IDLE connection must still hear the next arrival.
 * With QRESYNC the server reports the expunge as VANISHED; imapflow left its message
 * count one too high then, swallowed the next EXISTS (same count) as "nothing changed",
 * and the new mail waited for the poll interval (two minutes) to be listed.
 */
import { ImapFlow, type ExistsEvent, type ExpungeEvent } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NewAccountSchema, type SyncProgress } from '../../src-preload/contract';
import { createImapClient } from '../../src-main/services/mail/connections';
import { countVanishedMessages } from '../../src-main/services/sync/vanished-count';
import { plainMessage } from '../support/fixtures';
import { DEFAULT_USERS, startMailServers, type MailServers, type TestUser } from '../support/mail-servers';
import { createTestServices, removeTestDirs, testAccountInput, until } from '../support/services';

let servers: MailServers;
const [alice, bob, carol] = DEFAULT_USERS as [TestUser, TestUser, TestUser];
const SEEDED = 5;
/** Enough that the first sync is still fetching when the expunge comes. */
const MANY = 400;
/** The new mail: a Message-ID no seeded message has (the duplicate check would drop it). */
const NEW = 1000;

beforeAll(async () => {
  servers = await startMailServers();
  await servers.deliverMany(alice.username, Array.from({ length: SEEDED }, (_, i) => plainMessage(i)));
  await servers.deliverMany(bob.username, Array.from({ length: SEEDED }, (_, i) => plainMessage(i)));
  await servers.deliverMany(carol.username, Array.from({ length: MANY }, (_, i) => plainMessage(i)));
});

afterAll(async () => {
  await servers?.stop();
  removeTestDirs();
});

/** Deletes INBOX's newest message over a connection of its own, as another mail program does. */
async function deleteNewest(user: TestUser): Promise<void> {
  const other = new ImapFlow({ host: '127.0.0.1', port: servers.imapPort, secure: false, doSTARTTLS: false, auth: { user: user.username, pass: user.password }, logger: false });
  await other.connect();
  const lock = await other.getMailboxLock('INBOX');
  try {
    await other.messageDelete('*');
  } finally {
    lock.release();
    await other.logout();
  }
}

describe('new mail after an expunge', () => {
  it('an expunge reported as VANISHED lowers the count, so the next arrival still raises exists', async () => {
    const client = createImapClient({ host: '127.0.0.1', port: servers.imapsPort, security: 'tls', trustedCertificate: null }, { user: alice.username, pass: alice.password });
    countVanishedMessages(client);
    await client.connect();
    try {
      const opened = await client.mailboxOpen('INBOX', { readOnly: true });
      expect(opened.exists).toBe(SEEDED);
      const expunged: ExpungeEvent[] = [];
      const grew: ExistsEvent[] = [];
      client.on('expunge', (e: ExpungeEvent) => expunged.push(e));
      client.on('exists', (e: ExistsEvent) => grew.push(e));

      // Pushed while IDLE, alone: no arrival comes with it.
      await deleteNewest(alice);
      await until('the expunge pushed', () => expunged.length > 0);
      expect(expunged).toEqual([expect.objectContaining({ vanished: true, earlier: false })]);
      expect(client.mailbox && client.mailbox.exists).toBe(SEEDED - 1);

      // Back at the count held before the expunge: imapflow alone took this for "nothing changed".
      await servers.deliver(alice.username, plainMessage(NEW));
      await until('the arrival pushed', () => grew.length > 0);
      expect(grew).toEqual([expect.objectContaining({ path: 'INBOX', count: SEEDED, prevCount: SEEDED - 1 })]);
    } finally {
      await client.logout();
    }
  });

  // The bounded waits below are shorter than the poll interval (120 s): only the IDLE connection's push lists the mail in time.
  for (const [when, user, total] of [
    ['after the first sync', bob, SEEDED],
    ['during the first sync', carol, MANY],
  ] as const) {
    it(`new mail is pushed after a message was expunged ${when}`, async () => {
      const { s, events } = createTestServices();
      try {
        const account = await s.accounts.add(NewAccountSchema.parse(testAccountInput(servers, user)));
        s.sync.start(account);
        const inbox = await until('INBOX', () => s.store.mailboxes.byPath(account.id, 'INBOX') ?? undefined);
        const listed = () => s.store.messages.list(inbox.id, 0, 1).total;
        const rounds = () => events.filter((e) => e.name === 'syncProgress' && (e.payload as SyncProgress).mailboxId === String(inbox.id) && (e.payload as SyncProgress).phase === 'done').length;
        if (when === 'after the first sync') {
          // A second round follows the IDLE connection's opening (it asks for one): the expunge is then pushed to it.
          await until('the round after INBOX is watched', () => rounds() >= 2);
        } else {
          // Headers in, bodies still coming: the first round runs and the IDLE connection is open by now.
          await until('the first sync fetching bodies', () => {
            const uidvalidity = s.store.mailboxes.byId(inbox.id)?.uidvalidity;
            return listed() === total && uidvalidity && s.store.messages.countWithoutBody(inbox.id, uidvalidity) > 0;
          });
        }
        await deleteNewest(user);
        await until('the expunge synced', () => listed() === total - 1);

        await servers.deliver(user.username, plainMessage(NEW));
        await until('the new mail listed', () => listed() === total, 60_000);
        expect(s.store.messages.list(inbox.id, 0, 1).items[0]?.subject).toBe(/Subject: (.*)/.exec(plainMessage(NEW))?.[1]);
      } finally {
        await s.close();
      }
    }, 180_000);
  }
});
