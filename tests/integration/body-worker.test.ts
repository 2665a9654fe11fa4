/**
 * The body workers and the deriver's workers as the packaged app runs them: the bundled
 * dist/main/worker (one entry for header, body and deriver workers, and its chunks), copied
 * where no node_modules can be found, started the way the services start it (BodyWorker,
 * Deriver), fetching from a real Dovecot. The sources they store, and the bodies derived
 * from them, must be exactly what the work connection stores for the same messages.
 * Needs `npm run build` first (npm test does it).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NewAccountSchema, type SyncProgress } from '../../src-preload/contract';
import { AttachmentStore } from '../../src-main/services/store/attachments';
import type { BodyJob } from '../../src-main/services/sync/body-worker';
import { autoDownloadBytes, fetchBodies, parseBodies, type BodySource, type FetchedBody, type FetchedRaw } from '../../src-main/services/sync/body-sync';
import { deriveBodies } from '../../src-main/services/sync/derive-body';
import { Deriver } from '../../src-main/services/sync/deriver';
import { fetchSources } from '../../src-main/services/sync/source-fetch';
import { parseHeaderFilter } from '../../src-main/services/sync/import-criteria';
import { WORKER_MIN_MESSAGES, syncFolderHeaders } from '../../src-main/services/sync/mailbox-sync';
import { BodyWorker } from '../../src-main/services/sync/parallel-bodies';
import { plainMessage } from '../support/fixtures';
import { DEFAULT_USERS, startMailServers, type MailServers } from '../support/mail-servers';
import { copyBuiltWorker } from '../support/header-worker';
import { REAL_WORLD } from '../support/real-world-mail';
import { createTestServices, removeTestDirs, testAccountInput, until } from '../support/services';

const alice = DEFAULT_USERS[0]!;
/** Enough for the body phase to start workers, and for the surviving one's share to start the deriver's workers. */
const MANY = 2 * WORKER_MIN_MESSAGES + 600;
let servers: MailServers;
let dir: string;
let script: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mailroom-body-worker-'));
  script = copyBuiltWorker(dir);
  servers = await startMailServers();
  for (const m of REAL_WORLD) await servers.append(alice.username, 'INBOX', m.raw);
  await servers.appendMany(alice.username, 'INBOX', Array.from({ length: 20 }, (_, i) => plainMessage(i)));
  await servers.appendMany(alice.username, 'Many', Array.from({ length: MANY }, (_, i) => plainMessage(1000 + i)));
});

afterAll(async () => {
  await servers?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
  removeTestDirs();
});

/** A direct connection to alice's mailbox, for what the test compares against. */
async function withClient<T>(use: (client: ImapFlow) => Promise<T>): Promise<T> {
  const client = new ImapFlow({ host: '127.0.0.1', port: servers.imapPort, secure: false, doSTARTTLS: false, auth: { user: alice.username, pass: alice.password }, logger: false });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.logout();
  }
}

/** What the work connection makes of these UIDs (fetchBodies' inline path), keeping files in `dataDir`. */
async function inline(folder: string, uids: number[], dataDir: string): Promise<FetchedBody[]> {
  const attachments = new AttachmentStore(dataDir);
  return withClient(async (client) => {
    const lock = await client.getMailboxLock(folder, { readOnly: true });
    try {
      return await parseBodies(uids, await fetchSources(client, uids, attachments), attachments);
    } finally {
      lock.release();
    }
  });
}

async function folderState(folder: string): Promise<{ uidvalidity: number; uids: number[] }> {
  return withClient(async (client) => {
    const lock = await client.getMailboxLock(folder, { readOnly: true });
    try {
      const uids = await client.search({ all: true }, { uid: true });
      return { uidvalidity: Number(client.mailbox && client.mailbox.uidValidity), uids: (uids || []).sort((a, b) => b - a) };
    } finally {
      lock.release();
    }
  });
}

function job(folder: string, uidvalidity: number, dataDir: string): BodyJob {
  return {
    server: { host: '127.0.0.1', port: servers.imapsPort, security: 'tls', trustedCertificate: null },
    credentials: { user: alice.username, pass: alice.password },
    options: { connectionTimeoutMs: 10_000, authTimeoutMs: 5_000 },
    path: folder,
    uidvalidity,
    dataDir,
  };
}

describe('body worker bundle', () => {
  it('keeps a fetched source in memory only for a parse that follows (a body worker parses nothing)', async () => {
    const { uids } = await folderState('INBOX');
    const attachments = new AttachmentStore(fs.mkdtempSync(path.join(dir, 'kept-')));
    const [stored, forParse] = await withClient(async (client) => {
      const lock = await client.getMailboxLock('INBOX', { readOnly: true });
      try {
        return [await fetchSources(client, uids, attachments), await fetchSources(client, uids, attachments, { parse: true })];
      } finally {
        lock.release();
      }
    });
    expect([...stored.keys()].sort()).toEqual([...uids].sort());
    expect([...stored.values()].filter((s) => s.content !== null)).toEqual([]);
    for (const [uid, source] of forParse) {
      expect(source.sha256).toBe(stored.get(uid)!.sha256);
      expect(source.content).toEqual(fs.readFileSync(attachments.pathOf(source.sha256)));
    }
  });

  it('runs without node_modules and stores exactly the sources the work connection would, bodies derived from them as it parses them', async () => {
    const { uidvalidity, uids } = await folderState('INBOX');
    const batches = [uids.slice(0, 5), uids.slice(5, 6), uids.slice(6), [uids[0]! + 1000]];
    const workerDir = fs.mkdtempSync(path.join(dir, 'worker-'));
    const received: FetchedRaw[][] = [];
    for await (const sources of new BodyWorker(script, job('INBOX', uidvalidity, workerDir)).sources(batches)) received.push(sources);
    expect(received.map((sources) => sources.map((b) => b.uid))).toEqual(batches);
    const expected = await inline('INBOX', batches.flat(), fs.mkdtempSync(path.join(dir, 'inline-')));
    expect(received.flat()).toEqual(expected.map((b) => ({ uid: b.uid, raw: b.raw })));
    // A UID the server does not have: no source, as on the work connection (which keeps its headers and notes why).
    expect(received[3]![0]).toEqual({ uid: uids[0]! + 1000, raw: null });
    const kept = new AttachmentStore(workerDir);
    const stored = received.flat().filter((b): b is { uid: number; raw: string } => b.raw !== null);
    expect(stored.filter((b) => !kept.has(b.raw))).toEqual([]);
    // Each stored source derives into what the work connection parsed, its attachments kept beside it.
    const derived = await deriveBodies(stored.map((b) => ({ id: b.uid, mailboxId: 1, rawSha256: b.raw })), kept);
    expect(derived.map((d) => ({ uid: d.id, body: d.body, raw: d.rawSha256 }))).toEqual(expected.filter((b) => b.raw !== null));
    const files = derived.flatMap((d) => d.body!.attachments.map((a) => a.sha256 ?? null)).filter((sha): sha is string => sha !== null);
    expect(files.length).toBeGreaterThan(0);
    expect(files.filter((sha) => !kept.has(sha))).toEqual([]);
  });

  it("fetches a killed body worker's batches on the work connection, derives the rest once each after a deriver worker dies: every body as the work connection parses it", { timeout: 180_000 }, async () => {
    const { s, dir: dataDir } = createTestServices();
    try {
      const account = await s.accounts.add(NewAccountSchema.parse(testAccountInput(servers, alice)));
      s.store.mailboxes.upsertAll(account.id, [{ path: 'Many', name: 'Many', delimiter: '/', specialUse: null }]);
      const hooks = { progress: () => undefined, changed: () => undefined, cancelled: () => false };
      const { uidvalidity, uids } = await folderState('Many');
      const delivered: number[] = [];
      const shares: number[] = [];
      const stores: number[] = [];
      await withClient(async (client) => {
        const record = s.store.accounts.get(account.id)!;
        const context = { client, store: s.store, accountId: account.id, settings: record.import, terms: parseHeaderFilter(''), routeHeaders: [], since: null, headerWorker: null, hooks };
        await syncFolderHeaders(context, s.store.mailboxes.byPath(account.id, 'Many')!);
        // The first worker's thread is terminated after its first batch (what it had already
        // sent still arrives, at most a few batches); the second runs to the end.
        const bodyWorker = async (folder: { path: string; uidvalidity: number }): Promise<BodySource> => {
          const worker = new BodyWorker(script, job(folder.path, folder.uidvalidity, dataDir));
          const k = delivered.push(0) - 1;
          return {
            sources: async function* (batches) {
              shares[k] = batches.length;
              for await (const sources of worker.sources(batches)) {
                delivered[k]! += 1;
                yield sources;
                if (k === 0) await worker.stop();
              }
            },
            stop: () => worker.stop(),
          };
        };
        const sourcesStored = () => void stores.push(s.store.messages.countUnderived());
        await fetchBodies({ client, store: s.store, attachments: new AttachmentStore(dataDir), bodyWorker, sourcesStored, hooks, maxBytes: autoDownloadBytes(account) }, s.store.mailboxes.byPath(account.id, 'Many')!, uidvalidity);
      });
      // Both workers ran; the killed one left batches undone, the other delivered all of its own.
      expect(delivered[0]).toBeGreaterThanOrEqual(1);
      expect(delivered[0]).toBeLessThan(shares[0]!);
      expect(delivered[1]).toBe(shares[1]);
      const box = s.store.mailboxes.byPath(account.id, 'Many')!;
      // Every message readable offline; the workers' share waits for the deriver, told once.
      expect(s.store.messages.countWithoutBody(box.id, uidvalidity)).toBe(0);
      expect(stores).toHaveLength(1);
      const underived = stores[0]!;
      expect(underived).toBeGreaterThanOrEqual(WORKER_MIN_MESSAGES);
      // A deriver whose worker threads die once each has sent its first batch: the rest is derived on the main thread.
      const dying = path.join(dir, 'dying-worker.mjs');
      fs.writeFileSync(
        dying,
        `import { parentPort } from 'node:worker_threads';
const post = parentPort.postMessage.bind(parentPort);
parentPort.postMessage = (m) => { post(m); if (m.type === 'batch' && !globalThis.__died) { globalThis.__died = true; process.exit(1); } };
await import(${JSON.stringify(pathToFileURL(script).href)});\n`,
      );
      const storedIds: number[] = [];
      const setDerived = s.store.messages.setDerived.bind(s.store.messages);
      s.store.messages.setDerived = (bodies) => {
        const ids = setDerived(bodies);
        storedIds.push(...ids);
        return ids;
      };
      const changed = new Set<string>();
      const progress: SyncProgress[] = [];
      const deriver = new Deriver({ store: s.store, attachments: new AttachmentStore(dataDir), script: dying, messagesChanged: (id) => changed.add(id), progress: (p) => progress.push(p) });
      deriver.poke();
      await until('every source derived and the progress ended', () => s.store.messages.countUnderived() === 0 && progress.at(-1)?.phase === 'done', 120_000);
      // The account list's bar: the folder's derivation counts up to every source, then ends.
      const indexing = progress.filter((p) => p.phase === 'indexing');
      expect(indexing.every((p) => p.mailboxId === String(box.id) && p.accountId === box.accountId && p.total === underived)).toBe(true);
      expect(indexing.map((p) => p.done)).toEqual([...indexing.map((p) => p.done)].sort((a, b) => a - b));
      expect(indexing.at(-1)?.done).toBe(underived);
      await deriver.stop();
      expect(storedIds).toHaveLength(underived);
      expect(new Set(storedIds).size).toBe(underived);
      expect([...changed]).toEqual([String(box.id)]);
      const expected = new Map((await inline('Many', uids, fs.mkdtempSync(path.join(dir, 'inline-')))).map((b) => [b.uid, b]));
      const rows = s.store.messages.list(box.id, 0, 100_000).items;
      expect(rows.map((r) => r.uid).sort((a, b) => b - a)).toEqual(uids);
      for (const row of rows) {
        const stored = s.store.messages.get(Number(row.id))!;
        const want = expected.get(row.uid)!;
        expect({ uid: row.uid, body: { text: stored.text, html: stored.html, snippet: stored.snippet, attachments: stored.attachments, parseWarnings: stored.parseWarnings }, raw: s.store.messages.rawOf(Number(row.id)) }).toEqual(want);
      }
      // Searchable once each: the index fills after the headers, and a body re-indexes its own row.
      const db = new Database(path.join(dataDir, 'mailroom.sqlite3'), { readonly: true });
      try {
        expect(db.prepare('SELECT count(*) FROM messages_fts').pluck().get()).toBe(MANY);
      } finally {
        db.close();
      }
    } finally {
      await s.close();
    }
  });
});
