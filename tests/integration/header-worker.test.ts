/**
 * The sync worker as the packaged app runs it: the bundled dist/main/worker (its entry and
 * chunks), copied where no node_modules can be found (electron-builder unpacks it from app.asar),
 * started the way the services start it (HeaderWorker with the script the entry point
 * gives), fetching from a real Dovecot. Needs `npm run build` first (npm test does it).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { explainError } from '../../src-main/services/errors/explain';
import { DeriveWorker } from '../../src-main/services/sync/deriver';
import type { HeaderJob } from '../../src-main/services/sync/header-worker';
import { headerRequest } from '../../src-main/services/sync/headers';
import type { HeaderInput } from '../../src-main/services/sync/message-input';
import { HeaderWorker, headersOfPieces } from '../../src-main/services/sync/parallel-headers';
import { openStore } from '../../src-main/services/store';
import { addStoreAccount } from '../support/store-account';
import { headerInput } from '../support/header-input';
import { copyBuiltWorker } from '../support/header-worker';
import { until } from '../support/services';
import { plainMessage, subjectFor } from '../support/fixtures';
import { DEFAULT_USERS, startMailServers, type MailServers } from '../support/mail-servers';

const alice = DEFAULT_USERS[0]!;
let servers: MailServers;
let dir: string;
let script: string;
let uidvalidity: number;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mailroom-worker-'));
  script = copyBuiltWorker(dir);
  servers = await startMailServers();
  await servers.appendMany(alice.username, 'INBOX', Array.from({ length: 30 }, (_, i) => plainMessage(i)));
  const client = new ImapFlow({ host: '127.0.0.1', port: servers.imapPort, secure: false, doSTARTTLS: false, auth: { user: alice.username, pass: alice.password }, logger: false });
  await client.connect();
  const status = await client.status('INBOX', { uidValidity: true });
  uidvalidity = Number(status && status.uidValidity);
  await client.logout();
});

afterAll(async () => {
  await servers?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Runs the unpacked bundle on one job: the header batches it returned, and the error that ended it, if one did. */
async function run(job: HeaderJob, batches: number[][]): Promise<{ received: HeaderInput[][]; error: Error | null }> {
  const received: HeaderInput[][] = [];
  try {
    for await (const pieces of new HeaderWorker(script, job).headers(batches)) received.push(headersOfPieces(pieces));
    return { received, error: null };
  } catch (err) {
    if (!(err instanceof Error)) throw err;
    return { received, error: err };
  }
}

/** A thread's nice value from its /proc stat line: the 19th field, counted after the command name (in parentheses, which may hold spaces). */
const niceOf = (stat: string) => Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);

/** The nice value of the thread that calls it. */
const ownNice = () => niceOf(fs.readFileSync('/proc/thread-self/stat', 'utf8'));

/** This process's threads and their nice values. */
function threadNices(): Map<number, number> {
  const nices = new Map<number, number>();
  for (const tid of fs.readdirSync('/proc/self/task')) {
    try {
      nices.set(Number(tid), niceOf(fs.readFileSync(`/proc/self/task/${tid}/stat`, 'utf8')));
    } catch {
      // The thread ended meanwhile.
    }
  }
  return nices;
}

const job = (over: Partial<HeaderJob> = {}): HeaderJob => ({
  server: { host: '127.0.0.1', port: servers.imapsPort, security: 'tls', trustedCertificate: null },
  credentials: { user: alice.username, pass: alice.password },
  options: { connectionTimeoutMs: 10_000, authTimeoutMs: 5_000 },
  path: 'INBOX',
  uidvalidity,
  request: headerRequest([], false),
  ...over,
});

describe('header worker bundle', () => {
  it('runs without node_modules and returns every batch in order', async () => {
    const { received, error } = await run(job(), [[30, 29, 28], [27, 26], [1]]);
    expect(error).toBeNull();
    expect(received.map((headers) => headers.map((h) => h.uid).sort((a, b) => b - a))).toEqual([[30, 29, 28], [27, 26], [1]]);
    expect(received[2]?.[0]).toMatchObject({ uid: 1, subject: subjectFor(0), messageId: '<fixture-0@customers.example>' });
  });

  it('reports a refused login with the fields that explain it', async () => {
    const { received, error } = await run(job({ credentials: { user: alice.username, pass: 'wrong' } }), [[1]]);
    expect(received).toEqual([]);
    expect(explainError(error).code).toMatch(/^auth\//);
  });

  it('refuses to fetch when the folder UIDVALIDITY is not the one the sync saw', async () => {
    const { received, error } = await run(job({ uidvalidity: uidvalidity + 1 }), [[1]]);
    expect(received).toEqual([]);
    expect(error).toMatchObject({ code: 'UIDVALIDITY_CHANGED', message: expect.stringContaining('UIDVALIDITY') as unknown });
  });

  it.runIf(process.platform === 'linux')('runs the deriver ten nice steps below the thread that started it, and header batches at its priority (Linux)', async () => {
    const mine = ownNice();
    /** The nice values of the threads that started with the worker `start` makes, while it runs. */
    const nicesOfNewThreads = async (start: () => AsyncIterable<unknown>) => {
      const before = new Set(threadNices().keys());
      let started: number[] = [];
      // While a result is in hand the worker is alive: it stops when the iteration ends.
      for await (const result of start()) {
        expect(result).toBeDefined();
        started = [...threadNices()].filter(([tid]) => !before.has(tid)).map(([, nice]) => nice);
      }
      return started;
    };
    const deriver = () => new DeriveWorker(script, { dataDir: dir }).bodies([[]]);
    expect(await nicesOfNewThreads(deriver)).toContain(Math.min(19, mine + 10));
    const headers = () => new HeaderWorker(script, job()).headers([[1]]);
    const headerThreads = await nicesOfNewThreads(headers);
    expect(headerThreads).toContain(mine);
    expect(headerThreads).not.toContain(Math.min(19, mine + 10));
    expect(ownNice()).toBe(mine);
  });

  it('checkpoints the store with the SQLite addon it is handed (no node_modules beside it)', async () => {
    const store = openStore(fs.mkdtempSync(path.join(dir, 'store-')));
    try {
      addStoreAccount(store, 'a1');
      store.checkpoints.hold(script);
      await until('the checkpoint worker runs', () => store.checkpoints.offloaded, 30_000, 20);
      const box = store.mailboxes.byPath('a1', 'INBOX')!;
      const batch = Array.from({ length: 2000 }, (_, i) => headerInput(i + 1, { subject: 'x'.repeat(1000) }));
      store.messages.upsertHeaders(box.id, 7, batch, { accountId: 'a1', dedupe: true, adopt: false });
      await until('the worker copied WAL pages into the database', () => store.checkpoints.copiedPages > 0, 30_000, 20);
    } finally {
      store.close();
    }
  });
});
