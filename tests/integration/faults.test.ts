/**
 * Faults during sync against a real Dovecot: connections cut mid-fetch and mid-IDLE
 * through a loopback proxy. The cache must converge to the server's state, with
 * no duplicates, every body present, and mail delivered after the cut arriving.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import Database from 'better-sqlite3';
import { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NewAccountSchema, type AccountSummary } from '../../src-preload/contract';
import { createServices, type Services } from '../../src-main/services';
import { createNodePlatform } from '../../src-main/services/platform/node-platform';
import { SEARCH_KEY } from '../../src-main/services/store/search-key';
import { makeDataDir } from '../support/host';
import { plainMessage } from '../support/fixtures';
import { DEFAULT_USERS, startMailServers, type MailServers } from '../support/mail-servers';
import { createTestServices, removeTestDirs, testAccountInput, until } from '../support/services';
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

async function serverUids(): Promise<number[]> {
  const client = new ImapFlow({ host: '127.0.0.1', port: servers.imapPort, secure: false, doSTARTTLS: false, auth: { user: alice.username, pass: alice.password }, logger: false });
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

/** Starts the sync child, waits until it syncs, and SIGKILLs it after `ms`. */
async function runChildFor(dataDir: string, draft: unknown, ms: number | null): Promise<() => Promise<void>> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, '../support/sync-child.ts'), dataDir, JSON.stringify(draft)], {
    env: process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`child did not start: ${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('syncing')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
  });
  if (ms !== null) {
    await new Promise((resolve) => setTimeout(resolve, ms));
    child.kill('SIGKILL');
    await exited;
  }
  return async () => {
    child.kill('SIGKILL');
    await exited;
  };
}

/** Deterministic pseudo-random numbers (mulberry32), so a failing run can be replayed. */
function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('faults', () => {
  it('resumes a first sync SIGKILLed at random points without loss or duplicates', async () => {
    const dataDir = makeDataDir('mailroom-kill-');
    const draft = testAccountInput(servers, alice);
    const random = seeded(7);
    for (let i = 0; i < 4; i++) await runChildFor(dataDir, draft, 300 + Math.floor(random() * 1500));
    const stop = await runChildFor(dataDir, draft, null);
    const reader = () => createServices({ dataDir, platform: createNodePlatform(dataDir, { MAILROOM_SECRET_KEY: 'c3'.repeat(32) }), host: 'browser', version: 'test', emit: () => undefined });
    const expected = await serverUids();
    try {
      await until(
        'child finished the sync',
        () => {
          const s = reader();
          try {
            const account = s.accounts.list()[0];
            const c = account ? cache(s, account.id) : null;
            return c !== null && c.withoutBody === 0 && c.uids.length === expected.length;
          } finally {
            s.store.close();
          }
        },
        45_000,
      );
    } finally {
      await stop();
    }
    const s = reader();
    try {
      const account = s.accounts.list()[0]!;
      expect(cache(s, account.id).uids).toEqual(expected);
    } finally {
      s.store.close();
    }
    // Every message is in the search index exactly once, under its own key.
    const db = new Database(path.join(dataDir, 'mailroom.sqlite3'), { readonly: true });
    try {
      const count = (sql: string) => db.prepare(sql).pluck().get() as number;
      expect(count('SELECT count(*) FROM messages_fts')).toBe(expected.length);
      expect(count(`SELECT count(*) FROM messages m WHERE NOT EXISTS (SELECT 1 FROM messages_fts f WHERE f.rowid = (SELECT ${SEARCH_KEY} FROM messages WHERE id = m.id))`)).toBe(0);
    } finally {
      db.close();
    }
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

  it('fetches on the work connection when the server refuses the header workers their connections', async () => {
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
      // A count, not cache(): this is polled every 5 ms.
      const stored = () => {
        const box = s.store.mailboxes.byPath(account.id, 'Backlog');
        return box ? s.store.messages.list(box.id, 0, 1).total : 0;
      };
      s.sync.start(account);
      // Work, IDLE and header-worker connections: slow them all, so the worker's
      // batches of 2,000 take seconds each...
      await until('three connections', () => link.open() >= 3, 10_000, 5);
      link.throttleAll(500_000);
      // ...and black-hole them once the worker's first batch is stored: it is mid-fetch of the next.
      await until("the worker's first batch", () => stored() >= 2500, 30_000, 5);
      expect(stored()).toBeLessThan(BACKLOG);
      expect(link.freezeAll()).toBeGreaterThanOrEqual(3);
      // Only the worker's own heartbeat ends that fetch: imapflow would wait minutes on the frozen socket.
      await until('converged after the silent drop', () => stored() === BACKLOG, 30_000);
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
