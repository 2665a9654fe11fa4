/**
 * A new-mail round against a real Dovecot: after a synced folder's UIDNEXT moved, only
 * UIDs from the old UIDNEXT on are searched, compared with the cache and fetched (the
 * store reads the known UIDs of that range alone, not every row of the folder). UIDs
 * are assigned in ascending order and never reused (RFC 3501 2.3.1.1), so a message
 * below the old UIDNEXT cannot be new mail: one the cache lost is found by the full
 * comparison a first sync makes, which still reads every known UID.
 */
import { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { NewAccountSchema } from '../../src-preload/contract';
import type { Services } from '../../src-main/services';
import { parseHeaderFilter } from '../../src-main/services/sync/import-criteria';
import { syncFolderHeaders } from '../../src-main/services/sync/mailbox-sync';
import { plainMessage, subjectFor } from '../support/fixtures';
import { startMailServers, type MailServers, type TestUser } from '../support/mail-servers';
import { createTestServices, removeTestDirs, testAccountInput, until } from '../support/services';

const user: TestUser = { username: 'rounds@example.test', password: 'pass-rounds-1', email: 'rounds@example.test' };
const SEEDED = 30;
let servers: MailServers;

beforeAll(async () => {
  servers = await startMailServers({ users: [user] });
  await servers.appendMany(user.username, 'INBOX', Array.from({ length: SEEDED }, (_, i) => plainMessage(i)));
});

afterAll(async () => {
  await servers?.stop();
  removeTestDirs();
});

/** One header sync of INBOX over `client`, as a round of the account's sync runs it. */
async function round(s: Services, accountId: string, client: ImapFlow): Promise<void> {
  const record = s.store.accounts.get(accountId)!;
  await syncFolderHeaders(
    { client, store: s.store, accountId, settings: record.import, terms: parseHeaderFilter(''), routeHeaders: [], since: null, headerWorker: null, hooks: { progress: () => undefined, changed: () => undefined, cancelled: () => false } },
    s.store.mailboxes.byPath(accountId, 'INBOX')!,
  );
}

describe('new-mail round', () => {
  it('searches, compares and fetches only the UIDs from the old UIDNEXT on; a UID the cache lost below it comes back with a full comparison', async () => {
    const { s } = createTestServices();
    try {
      const account = await s.accounts.add(NewAccountSchema.parse(testAccountInput(servers, user)));
      s.sync.start(account);
      const inbox = await until('INBOX', () => s.store.mailboxes.byPath(account.id, 'INBOX') ?? undefined);
      await until('first sync done', () => {
        const box = s.store.mailboxes.byId(inbox.id);
        return s.store.accounts.get(account.id)?.status === 'idle' && box?.uidNext != null && s.store.messages.countWithoutBody(inbox.id, box.uidvalidity!) === 0;
      });
      await s.sync.stop(account.id);
      const { uidvalidity, uidNext: oldUidNext } = s.store.mailboxes.byId(inbox.id)!;
      const listed = () => s.store.messages.list(inbox.id, 0, 1000).items;
      expect(listed()).toHaveLength(SEEDED);

      const commands: string[] = [];
      const client = new ImapFlow({ host: '127.0.0.1', port: servers.imapPort, secure: false, doSTARTTLS: false, auth: { user: user.username, pass: user.password }, logger: false, qresync: true, emitLogs: true });
      client.on('log', (entry: { src?: string; msg?: string }) => {
        if (entry.src === 'c' && entry.msg) commands.push(entry.msg.replace(/^\S+ /, ''));
      });
      const known = vi.spyOn(s.store.messages, 'knownUids');
      await client.connect();
      try {
        await servers.deliverMany(user.username, [plainMessage(SEEDED), plainMessage(SEEDED + 1)]);
        await round(s, account.id, client);
        const fresh = [oldUidNext!, oldUidNext! + 1];
        // Stored once each, nothing else fetched, and the cache read only the new range.
        expect(listed()).toHaveLength(SEEDED + 2);
        expect(listed().filter((m) => fresh.includes(m.uid)).map((m) => m.subject).sort()).toEqual([subjectFor(SEEDED), subjectFor(SEEDED + 1)].sort());
        expect(commands.filter((c) => /^UID SEARCH/.test(c))).toEqual([expect.stringContaining(`UID ${oldUidNext}:*`) as unknown]);
        expect(commands.filter((c) => /^UID FETCH (?!1:\*)/.test(c))).toEqual([expect.stringMatching(new RegExp(`^UID FETCH ${fresh[0]}:${fresh[1]} `)) as unknown]);
        expect(known.mock.calls).toEqual([[inbox.id, uidvalidity, oldUidNext]]);
        expect(known.mock.results[0]?.value).toEqual([]);

        // The next round: nothing new, nothing fetched or compared.
        commands.length = 0;
        known.mockClear();
        await round(s, account.id, client);
        expect(commands.filter((c) => /^UID (SEARCH|FETCH)/.test(c))).toEqual([]);
        expect(known).not.toHaveBeenCalled();
        expect(listed()).toHaveLength(SEEDED + 2);

        // The cache loses a row below the old UIDNEXT: no new-mail round can find it (its
        // UID is not new); once the folder's sync state is reset, as after an interrupted
        // first sync, the full comparison reads every known UID and fetches only that one.
        s.store.messages.removeUids(inbox.id, uidvalidity!, [3]);
        s.store.mailboxes.setSyncState(inbox.id, { uidvalidity: uidvalidity!, uidNext: null, highestModseq: null });
        commands.length = 0;
        known.mockClear();
        await round(s, account.id, client);
        expect(listed()).toHaveLength(SEEDED + 2);
        expect(listed().find((m) => m.uid === 3)?.subject).toBe(subjectFor(2));
        expect(commands.filter((c) => /^UID FETCH (?!1:\*)/.test(c))).toEqual([expect.stringMatching(/^UID FETCH 3 /) as unknown]);
        expect(known.mock.calls[0]).toEqual([inbox.id, uidvalidity, 1]);
      } finally {
        known.mockRestore();
        await client.logout();
      }
    } finally {
      await s.close();
    }
  }, 120_000);
});
