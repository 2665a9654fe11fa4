/**
 * Faults during sync against a real Dovecot: connections cut mid-fetch and mid-IDLE
 * through a loopback proxy. The cache must converge to the server's state, with
 * no duplicates, every body present, and mail delivered after the cut arriving.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NewAccountSchema, type AccountSummary } from '../../src-preload/contract';
import { createServices, type Services } from '../../src-main/services';
import { createNodePlatform } from '../../src-main/services/platform/node-platform';
import { parseMessage } from '../../src-main/services/mail/parse-message';
import { SEARCH_KEY } from '../../src-main/services/store/search-key';
import { WORKER_MIN_MESSAGES } from '../../src-main/services/sync/mailbox-sync';
import { makeDataDir } from '../support/host';
import { plainMessage } from '../support/fixtures';
import { DEFAULT_USERS, startMailServers, type MailServers } from '../support/mail-servers';
import { expungeFromInbox, serverInboxUids } from '../support/server-inbox';
import { createTestServices, removeTestDirs, testAccountInput, until } from '../support/services';
import { startSyncChild } from '../support/sync-child-process';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy';

let servers: MailServers;
let proxy: TcpProxy;
const alice = DEFAULT_USERS[0]!;
const SEEDED = 1500;

beforeAll(async () => {
  servers = await startMailServers();
  await servers.appendMany(alice.username, 'INBOX', Array.from({ length: SEEDED }, (_, i) => plainMessage(i)));
  proxy = await startTcpProxy(servers.imapsPort);
});

afterAll(async () => {
  await proxy?.close();
  await servers?.stop();
  removeTestDirs();
});

const serverUids = (): Promise<number[]> => serverInboxUids(servers, alice);

function cache(s: Services, accountId: string, path = 'INBOX') {
  const box = s.store.mailboxes.byPath(accountId, path);
  if (!box?.uidvalidity) return { uids: [] as number[], withoutBody: Infinity };
  return {
    uids: s.store.messages.list(box.id, 0, 100_000).items.map((m) => m.uid).sort((a, b) => a - b),
    withoutBody: s.store.messages.countWithoutBody(box.id, box.uidvalidity),
  };
}

/** Alice's account with IMAP through a proxy on `port` (TLS), syncing `folders` (default: the inbox). */
function addThrough(s: Services, port: number, folders?: string[]) {
  return s.accounts.add(
    NewAccountSchema.parse(testAccountInput(servers, alice, { imap: { host: '127.0.0.1', port, security: 'tls' }, ...(folders ? { import: { folders } } : {}) })),
  );
}

/** What the child has stored in INBOX, read from this process as the disk has it (the store runs in WAL mode). */
interface Stored {
  headers: number;
  /** Readable offline: a body, or a source the deriver has not parsed yet. */
  readable: number;
  bodies: number;
  underived: number;
}

/** Runs `read` on the child's store as the disk has it (read-only: the store runs in WAL mode). */
function readStore<T>(dataDir: string, read: (db: Database.Database) => T): T {
  const db = new Database(path.join(dataDir, 'mailroom.sqlite3'), { readonly: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

/** The UIDs of INBOX rows the child has stored from `fromUid` on. */
function storedUidsFrom(dataDir: string, fromUid: number): number[] {
  return readStore(dataDir, (db) =>
    db.prepare(`SELECT m.uid FROM messages m JOIN mailboxes b ON b.id = m.mailbox_id WHERE b.path = 'INBOX' AND m.uid >= ? ORDER BY m.uid`).pluck().all(fromUid) as number[],
  );
}

function storedIn(dataDir: string): Stored {
  if (!fs.existsSync(path.join(dataDir, 'mailroom.sqlite3'))) return { headers: 0, readable: 0, bodies: 0, underived: 0 };
  return readStore(
    dataDir,
    (db) =>
      db
        .prepare(
          `SELECT count(*) AS headers, count(*) FILTER (WHERE m.body_loaded = 1 OR m.raw_sha256 IS NOT NULL) AS readable, coalesce(sum(m.body_loaded), 0) AS bodies,
             count(*) FILTER (WHERE m.body_loaded = 0 AND m.raw_sha256 IS NOT NULL) AS underived
           FROM messages m JOIN mailboxes b ON b.id = m.mailbox_id WHERE b.path = 'INBOX'`,
        )
        .get() as Stored,
  );
}

/** A point in the first sync where the child is killed: reached when `reached` holds (against what this run started with), and the kill counts if `landed` still holds after it. */
interface KillPoint {
  name: string;
  reached: (stored: Stored, atStart: Stored) => boolean;
  landed: (stored: Stored) => boolean;
}

/** Starts the sync child and waits until it syncs; with a kill point, SIGKILLs it there and returns what it had stored. */
async function runChild(dataDir: string, draft: unknown, at: KillPoint | null): Promise<{ stop: () => Promise<void>; stored: Stored | null }> {
  const atStart = storedIn(dataDir);
  const { stop } = await startSyncChild(dataDir, draft);
  if (!at) return { stop, stored: null };
  await until(`the child at ${at.name}`, () => at.reached(storedIn(dataDir), atStart), 60_000, 20);
  await stop();
  return { stop, stored: storedIn(dataDir) };
}

describe('faults', () => {
  it('resumes a first sync SIGKILLed mid-headers, mid-sources and mid-derivation without loss or duplicates, and forgets what was expunged while it was down', { timeout: 240_000 }, async () => {
    const dataDir = makeDataDir('mailroom-kill-');
    // A slow link (about 200 KB/s per connection), so every phase lasts seconds and each kill lands inside its phase.
    const slowLink = await startTcpProxy(servers.imapsPort);
    slowLink.throttleNew(200_000);
    const draft = testAccountInput(servers, alice, { imap: { host: '127.0.0.1', port: slowLink.port, security: 'tls' } });
    const points: KillPoint[] = [
      // Header batches: 100 on the work connection, then the workers' (up to 1,000 each,
      // stored within moments of each other): the second kill comes once this run stored more.
      { name: 'the first header batch', reached: (c) => c.headers >= 100, landed: (c) => c.headers < SEEDED },
      { name: "the restarted sync's first headers", reached: (c, atStart) => c.headers > atStart.headers, landed: (c) => c.headers < SEEDED },
      // Bodies: at least WORKER_MIN_MESSAGES are missing when the phase starts (after the
      // first kill too), so body workers fetch and store sources while the child commits;
      // the phase is killed before it ends, so nothing is derived yet. The restarted child
      // derives what the killed one stored while it fetches the rest.
      { name: '200 sources', reached: (c) => c.readable >= 200, landed: (c) => c.headers === SEEDED && c.readable < SEEDED && c.bodies === 0 },
      { name: '1,000 sources', reached: (c) => c.readable >= 1000, landed: (c) => c.readable < SEEDED && c.underived > 0 },
      { name: 'the first derived bodies', reached: (c, atStart) => c.underived < atStart.underived, landed: (c) => c.underived > 0 },
    ];
    expect(SEEDED - 200).toBeGreaterThanOrEqual(WORKER_MIN_MESSAGES);
    // Three messages beyond the seeded ones, the newest, so the first header batch stores
    // them; while the child is down after the first kill they are expunged on the server.
    const doomed = (await serverUids()).length;
    await servers.appendMany(alice.username, 'INBOX', [0, 1, 2].map((k) => plainMessage(SEEDED + k)));
    const extra = (await serverUids()).slice(doomed);
    for (const [i, point] of points.entries()) {
      const { stored } = await runChild(dataDir, draft, point);
      if (i === 0) {
        expect(storedUidsFrom(dataDir, extra[0]!)).toEqual(extra);
        await expungeFromInbox(servers, alice, extra);
      }
      // The resumed first sync forgets them (no later sync would hear of the expunge).
      expect(point.landed(stored!), `killed at ${point.name}: ${JSON.stringify(stored)}`).toBe(true);
    }
    // The last run at full speed, to the end.
    slowLink.throttleNew(null);
    const { stop } = await runChild(dataDir, draft, null);
    const reader = () => createServices({ dataDir, platform: createNodePlatform(dataDir, { MAILROOM_SECRET_KEY: 'c3'.repeat(32) }), host: 'browser', version: 'test', emit: () => undefined });
    const expected = await serverUids();
    try {
      await until(
        'child finished the sync',
        async () => {
          const s = reader();
          try {
            const account = s.accounts.list()[0];
            const c = account ? cache(s, account.id) : null;
            return c !== null && c.withoutBody === 0 && c.uids.length === expected.length && s.store.messages.countUnderived() === 0;
          } finally {
            // The services, not only the store: their team log and auto-replies run on after it closed.
            await s.close();
          }
        },
        45_000,
      );
    } finally {
      await stop();
      await slowLink.close();
    }
    const s = reader();
    try {
      const account = s.accounts.list()[0]!;
      expect(cache(s, account.id).uids).toEqual(expected);
      expect(storedIn(dataDir)).toEqual({ headers: expected.length, readable: expected.length, bodies: expected.length, underived: 0 });
    } finally {
      await s.close();
    }
    // Every message is in the search index exactly once, under its own key.
    readStore(dataDir, (db) => {
      const count = (sql: string) => db.prepare(sql).pluck().get() as number;
      expect(count('SELECT count(*) FROM messages_fts')).toBe(expected.length);
      expect(count(`SELECT count(*) FROM messages m WHERE NOT EXISTS (SELECT 1 FROM messages_fts f WHERE f.rowid = (SELECT ${SEARCH_KEY} FROM messages WHERE id = m.id))`)).toBe(0);
    });
  });

  it('closes a connection that finishes opening after its account was stopped, and syncs nothing on it', async () => {
    const slow = await startTcpProxy(servers.imapsPort);
    const { s } = createTestServices();
    try {
      const account = await addThrough(s, slow.port);
      slow.hold(true);
      s.sync.start(account);
      await until('the sync is connecting', () => slow.held() === 1);
      await s.sync.stop(account.id);
      slow.hold(false);
      expect(slow.open()).toBe(1);
      await until('the late connection is logged out', () => slow.open() === 0, 10_000);
      expect(s.store.accounts.get(account.id)?.status).not.toBe('syncing');
    } finally {
      await s.close();
      await slow.close();
    }
  });

  it('fetches on the work connection when the server refuses the header and body workers their connections', async () => {
    const BACKLOG = 3000;
    await servers.appendMany(alice.username, 'Crowded', Array.from({ length: BACKLOG }, (_, i) => plainMessage(20_000 + i)));
    const link = await startTcpProxy(servers.imapsPort);
    const { s, events } = createTestServices();
    try {
      const account = await addThrough(s, link.port, ['Crowded']);
      // Room for the work and IDLE connections only, as a server with a low per-user limit.
      link.limit(2);
      s.sync.start(account);
      await until('all headers and bodies', () => {
        const c = cache(s, account.id, 'Crowded');
        return c.uids.length === BACKLOG && c.withoutBody === 0;
      }, 60_000);
      // In one go: the refused workers never turned into a failed sync and a retry.
      const statuses = events.filter((e) => e.name === 'accountsChanged').flatMap((e) => (e.payload as AccountSummary[]).filter((a) => a.id === account.id).map((a) => a.status));
      expect(statuses).not.toContain('offline');
      expect(statuses).not.toContain('error');
      // Every body as parsing the fixture gives it, its source kept.
      const box = s.store.mailboxes.byPath(account.id, 'Crowded')!;
      const got: unknown[] = [];
      const want: unknown[] = [];
      for (const { id } of s.store.messages.list(box.id, 0, BACKLOG).items) {
        const stored = s.store.messages.get(Number(id))!;
        got.push({ text: stored.text, html: stored.html, snippet: stored.snippet, attachments: stored.attachments, parseWarnings: stored.parseWarnings, raw: s.store.messages.rawOf(Number(id)) !== null });
        const fixture = Number(/^<fixture-(\d+)@/.exec(stored.messageId ?? '')?.[1]);
        want.push({ ...(await parseMessage(Buffer.from(plainMessage(fixture)))), raw: true });
      }
      expect(got).toEqual(want);
    } finally {
      await s.close();
      await link.close();
    }
  });

  it('notices a link that dies silently under the header worker, reconnects and completes the first sync', async () => {
    const BACKLOG = 5000;
    await servers.appendMany(alice.username, 'Backlog', Array.from({ length: BACKLOG }, (_, i) => plainMessage(10_000 + i)));
    const link = await startTcpProxy(servers.imapsPort);
    const { s } = createTestServices({ heartbeat: { intervalMs: 1000, answerWithinMs: 2000 } });
    try {
      const account = await addThrough(s, link.port, ['Backlog']);
      const stored = () => {
        const box = s.store.mailboxes.byPath(account.id, 'Backlog');
        return box ? s.store.messages.list(box.id, 0, 1).total : 0;
      };
      // Work, IDLE and header-worker connections all on a slow link, so the workers' batches take a second or more each...
      link.throttleNew(500_000);
      s.sync.start(account);
      // ...and black-hole them once the workers' first batches are stored: they are mid-fetch of the next ones.
      await until("the workers' first batches", () => stored() >= 2500, 60_000, 50);
      expect(stored()).toBeLessThan(BACKLOG);
      expect(link.freezeAll()).toBeGreaterThanOrEqual(3);
      link.throttleNew(null); // the reconnections get a good link
      // Only the worker's own heartbeat ends that fetch: imapflow would wait minutes on the frozen socket.
      await until('converged after the silent drop', () => stored() === BACKLOG);
    } finally {
      await s.close();
      await link.close();
    }
  });

  it('converges after connections are cut mid-fetch and mid-IDLE, and mail sent after the cut arrives', async () => {
    const { s } = createTestServices();
    try {
      const account = await addThrough(s, proxy.port);
      s.sync.start(account);
      // Mid-fetch: some bodies are in, most are not.
      await until('bodies under way', () => {
        const c = cache(s, account.id);
        return c.uids.length === SEEDED && c.withoutBody < SEEDED - 50 && c.withoutBody > 200;
      });
      proxy.cutAll();
      await until('offline noticed', () => s.store.accounts.get(account.id)?.status === 'offline' || cache(s, account.id).withoutBody === 0, 20_000);
      await servers.deliver(alice.username, plainMessage(5000));
      await until('converged after the fetch cut', () => cache(s, account.id).withoutBody === 0 && cache(s, account.id).uids.length === SEEDED + 1, 60_000);

      // Mid-IDLE: both connections are waiting.
      await until('idle', () => s.store.accounts.get(account.id)?.status === 'idle');
      proxy.cutAll();
      await servers.deliver(alice.username, plainMessage(5001));
      await until('mail after the IDLE cut', () => cache(s, account.id).uids.length === SEEDED + 2 && cache(s, account.id).withoutBody === 0, 60_000);
      expect(cache(s, account.id).uids).toEqual(await serverUids());
    } finally {
      await s.close();
    }
  });
});
