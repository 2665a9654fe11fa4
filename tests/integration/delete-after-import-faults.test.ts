/**
 * Delete-after-import against a real Dovecot, with the syncing process SIGKILLed
 * between its steps: rows committed as 'deleting' but the server not yet told, and
 * the server expunged but the rows not yet 'deleted'. After a restart nothing is
 * lost, every message is cached once with its body, the server keeps none of the
 * imported ones, and no command ever deletes a message whose body is not stored.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { plainMessage } from '../support/fixtures';
import { makeDataDir } from '../support/host';
import { startImapGate, type ImapGate } from '../support/imap-gate';
import { DEFAULT_USERS, startMailServers, type MailServers, type TestUser } from '../support/mail-servers';
import { serverInboxUids } from '../support/server-inbox';
import { removeTestDirs, testAccountInput, until } from '../support/services';
import { startSyncChild } from '../support/sync-child-process';

let servers: MailServers;
let gate: ImapGate;
const SEEDED = 20;
const STORE_DELETED = /^\S+ UID STORE \S+ \+FLAGS(\.SILENT)? \(\\Deleted\)/i;
const UID_EXPUNGE = /^\S+ UID EXPUNGE /i;

beforeAll(async () => {
  servers = await startMailServers();
  gate = await startImapGate(servers.imapPort);
});

afterAll(async () => {
  await gate?.close();
  await servers?.stop();
  removeTestDirs();
});

const serverUids = (user: TestUser): Promise<number[]> => serverInboxUids(servers, user);

interface Row {
  uid: number;
  messageId: string;
  bodyLoaded: number;
  afterImport: string | null;
}

/** The child's INBOX rows as the disk has them (the store runs in WAL mode). */
function rowsIn(dataDir: string): Row[] {
  const db = new Database(path.join(dataDir, 'mailroom.sqlite3'), { readonly: true });
  try {
    return db
      .prepare(
        `SELECT m.uid, m.message_id AS messageId, m.body_loaded AS bodyLoaded, m.after_import AS afterImport
         FROM messages m JOIN mailboxes b ON b.id = m.mailbox_id WHERE b.path = 'INBOX' ORDER BY m.uid`,
      )
      .all() as Row[];
  } finally {
    db.close();
  }
}

/** Polls an async probe until it holds. */
async function eventually(what: string, probe: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** "1:3,7" → [1, 2, 3, 7] */
function uidsOf(set: string): number[] {
  return set.split(',').flatMap((part) => {
    const [from, to] = part.split(':').map(Number) as [number, number | undefined];
    return Array.from({ length: (to ?? from) - from + 1 }, (_, i) => from + i);
  });
}

interface KillCase {
  name: string;
  user: TestUser;
  /** Arms the gate so the first run stops at the step under test. */
  arm: () => void;
  /** Once the gate tripped: waits for the step's effect on the server and checks the kill lands between the steps. */
  landed: (dataDir: string, user: TestUser) => Promise<void>;
}

const cases: KillCase[] = [
  {
    name: 'after the local commit, before STORE \\Deleted and EXPUNGE',
    user: DEFAULT_USERS[1]!,
    arm: () => gate.holdAt(STORE_DELETED),
    landed: async (dataDir, user) => {
      const rows = rowsIn(dataDir);
      expect(rows.filter((r) => r.afterImport === 'deleting' && r.bodyLoaded === 1)).toHaveLength(SEEDED);
      expect(await serverUids(user)).toEqual(rows.map((r) => r.uid));
    },
  },
  {
    name: 'after the EXPUNGE, before the rows are marked deleted',
    user: DEFAULT_USERS[2]!,
    arm: () => gate.muteAfter(UID_EXPUNGE),
    landed: async (dataDir, user) => {
      await eventually('the server expunged', async () => (await serverUids(user)).length === 0);
      expect(rowsIn(dataDir).filter((r) => r.afterImport === 'deleting' && r.bodyLoaded === 1)).toHaveLength(SEEDED);
    },
  },
];

describe('delete after import, killed between its steps', () => {
  for (const c of cases) {
    it(`loses nothing and deletes nothing unstored when killed ${c.name}`, { timeout: 120_000 }, async () => {
      const dataDir = makeDataDir('mailroom-delete-kill-');
      await servers.deliverMany(c.user.username, Array.from({ length: SEEDED }, (_, i) => plainMessage(i)));
      const draft = testAccountInput(servers, c.user, { imap: { host: '127.0.0.1', port: gate.port, security: 'none' }, import: { afterImport: 'delete' } });

      c.arm();
      const first = await startSyncChild(dataDir, draft);
      try {
        await until('the gate trips', () => gate.tripped(), 60_000, 20);
        await c.landed(dataDir, c.user);
      } finally {
        await first.stop();
        gate.release();
      }

      // Delivered while the app is down: not stored yet, so not to be deleted yet.
      await servers.deliver(c.user.username, plainMessage(SEEDED));
      const late = (await serverUids(c.user)).at(-1)!;
      gate.holdAt(STORE_DELETED);
      const second = await startSyncChild(dataDir, draft);
      try {
        const command = await until('the restarted sync deletes', () => gate.tripped() ?? false, 60_000, 20);
        const asked = uidsOf(command.split(' ')[3]!);
        const stored = new Set(rowsIn(dataDir).filter((r) => r.bodyLoaded === 1).map((r) => r.uid));
        expect(asked.filter((uid) => !stored.has(uid))).toEqual([]);
        expect(await serverUids(c.user)).toContain(late);
        gate.release();
        await eventually('server emptied and rows deleted', async () => (await serverUids(c.user)).length === 0 && rowsIn(dataDir).every((r) => r.afterImport === 'deleted'));
      } finally {
        await second.stop();
        gate.release();
      }

      const rows = rowsIn(dataDir);
      expect(rows.map((r) => r.messageId).sort()).toEqual(Array.from({ length: SEEDED + 1 }, (_, i) => `<fixture-${i}@customers.example>`).sort());
      expect(rows.every((r) => r.bodyLoaded === 1)).toBe(true);
      expect(await serverUids(c.user)).toEqual([]);
    });
  }
});
