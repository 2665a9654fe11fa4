/**
 * The header worker as the packaged app runs it: the bundled dist/main/header-worker.js,
 * copied where no node_modules can be found (electron-builder unpacks it from app.asar),
 * fetching from a real Dovecot. Needs `npm run build` first (npm test does it).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { explainError } from '../../src-main/services/errors/explain';
import type { FromWorker, HeaderJob, ToWorker } from '../../src-main/services/sync/header-worker';
import { headerQuery } from '../../src-main/services/sync/headers';
import { plainMessage, subjectFor } from '../support/fixtures';
import { DEFAULT_USERS, startMailServers, type MailServers } from '../support/mail-servers';

const BUNDLE = path.join(__dirname, '../../dist/main/header-worker.js');
const alice = DEFAULT_USERS[0]!;
let servers: MailServers;
let dir: string;
let uidvalidity: number;

beforeAll(async () => {
  if (!fs.existsSync(BUNDLE)) throw new Error(`${BUNDLE} is missing: run npm run build first`);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mailroom-worker-'));
  fs.copyFileSync(BUNDLE, path.join(dir, 'header-worker.js'));
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

/** Runs the unpacked bundle on one job and collects what it posts until done or error. */
function run(job: HeaderJob, batches: number[][]): Promise<FromWorker[]> {
  const worker = new Worker(path.join(dir, 'header-worker.js'), { workerData: job });
  const received: FromWorker[] = [];
  return new Promise<FromWorker[]>((resolve, reject) => {
    worker.on('error', reject);
    worker.on('message', (message: FromWorker) => {
      received.push(message);
      if (message.type === 'batch') worker.postMessage({ type: 'ack' } satisfies ToWorker);
      else void worker.terminate().then(() => resolve(received));
    });
    worker.postMessage({ type: 'batches', batches } satisfies ToWorker);
  });
}

const job = (over: Partial<HeaderJob> = {}): HeaderJob => ({
  server: { host: '127.0.0.1', port: servers.imapsPort, security: 'tls', trustedCertificate: null },
  credentials: { user: alice.username, pass: alice.password },
  options: { connectionTimeoutMs: 10_000, authTimeoutMs: 5_000 },
  path: 'INBOX',
  uidvalidity,
  query: headerQuery([], false),
  terms: [],
  ...over,
});

describe('header worker bundle', () => {
  it('runs without node_modules and returns every batch in order', async () => {
    const received = await run(job(), [[30, 29, 28], [27, 26], [1]]);
    expect(received.map((m) => m.type)).toEqual(['batch', 'batch', 'batch', 'done']);
    const batches = received.flatMap((m) => (m.type === 'batch' ? [m.headers.map((h) => h.uid).sort((a, b) => b - a)] : []));
    expect(batches).toEqual([[30, 29, 28], [27, 26], [1]]);
    const first = received[2]?.type === 'batch' ? received[2].headers[0] : undefined;
    expect(first).toMatchObject({ uid: 1, subject: subjectFor(0), messageId: '<fixture-0@customers.example>' });
  });

  it('reports a refused login with the fields that explain it', async () => {
    const received = await run(job({ credentials: { user: alice.username, pass: 'wrong' } }), [[1]]);
    const last = received.at(-1);
    if (last?.type !== 'error') throw new Error(`expected an error, got ${JSON.stringify(last)}`);
    expect(explainError(Object.assign(new Error(String(last.error.message)), last.error)).code).toMatch(/^auth\//);
  });

  it('refuses to fetch when the folder UIDVALIDITY is not the one the sync saw', async () => {
    const received = await run(job({ uidvalidity: uidvalidity + 1 }), [[1]]);
    expect(received.at(-1)).toMatchObject({ type: 'error', error: { code: 'UIDVALIDITY_CHANGED', message: expect.stringContaining('UIDVALIDITY') as unknown } });
  });
});
