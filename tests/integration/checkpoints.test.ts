/**
 * The store's WAL checkpoints on a worker thread (store/checkpoints.ts): while a big sync
 * holds it, the worker copies the WAL into the database file and the main connection
 * does not; past a size, big writers wait for the worker so that the WAL starts over
 * instead of growing; when the worker ends, the main connection checkpoints as before.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src-main/services/store';
import { Checkpoints } from '../../src-main/services/store/checkpoints';
import { openDatabase } from '../../src-main/services/store/database';
import { addStoreAccount } from '../support/store-account';
import { headerInput } from '../support/header-input';
import { HEADER_WORKER_SOURCE } from '../support/header-worker';
import { until } from '../support/services';

let dir: string;
let store: Store;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mailroom-checkpoints-'));
  store = openStore(dir);
  addStoreAccount(store, 'a1');
});

afterEach(() => {
  store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** About 4 MB of rows, enough WAL pages for several automatic checkpoints. */
function writeHeaders(from: number): void {
  const box = store.mailboxes.byPath('a1', 'INBOX')!;
  for (let uid = from; uid < from + 4000; uid += 500) {
    const batch = Array.from({ length: 500 }, (_, i) => headerInput(uid + i, { subject: `Subject ${uid + i} ${'x'.repeat(500)}` }));
    store.messages.upsertHeaders(box.id, 7, batch, { accountId: 'a1', dedupe: true, adopt: false });
  }
}

describe('WAL checkpoints', () => {
  it('run on the worker while a big sync holds it, not in the main thread\'s commits, and end when every sync let go', async () => {
    expect(store.checkpoints.offloaded).toBe(false);
    const release = store.checkpoints.hold(HEADER_WORKER_SOURCE);
    await until('the checkpoint worker runs', () => store.checkpoints.offloaded, 30_000, 20);
    writeHeaders(1);
    await until('the worker copied WAL pages into the database', () => store.checkpoints.copiedPages > 0, 30_000, 20);
    // A second big sync (another account, the deriver) shares the worker.
    const second = store.checkpoints.hold(HEADER_WORKER_SOURCE);
    release();
    release();
    expect(store.checkpoints.offloaded).toBe(true);
    second();
    expect(store.checkpoints.offloaded).toBe(false);
    // The next big sync starts a worker again.
    const third = store.checkpoints.hold(HEADER_WORKER_SOURCE);
    await until('a new checkpoint worker runs', () => store.checkpoints.offloaded, 30_000, 20);
    third();
  });

  it('go back to the main connection as before when the worker ends, and nothing written is lost', async () => {
    const release = store.checkpoints.hold(HEADER_WORKER_SOURCE);
    await until('the checkpoint worker runs', () => store.checkpoints.offloaded, 30_000, 20);
    writeHeaders(1);
    release();
    expect(store.checkpoints.offloaded).toBe(false);
    writeHeaders(10_001);
    store.close();
    store = openStore(dir);
    const box = store.mailboxes.byPath('a1', 'INBOX')!;
    expect(store.messages.knownUids(box.id, 7)).toHaveLength(8000);
  });

  it('keep the WAL near its room under writes without pause: a writer that waits for room() lets it start over', async () => {
    // A database of its own, with 1 MB of room and a pass every 50 ms, written 40 MB.
    const db = openDatabase(path.join(dir, 'room'));
    const checkpoints = new Checkpoints(db, 256, 50);
    try {
      db.exec('CREATE TABLE blobs (data BLOB)');
      const insert = db.prepare('INSERT INTO blobs (data) VALUES (randomblob(?))');
      checkpoints.hold(HEADER_WORKER_SOURCE);
      await until('the checkpoint worker runs', () => checkpoints.offloaded, 30_000, 20);
      let walBytes = 0;
      for (let i = 0; i < 400; i++) {
        await checkpoints.room();
        db.transaction(() => insert.run(100_000)).immediate();
        walBytes = Math.max(walBytes, fs.statSync(`${db.name}-wal`).size);
        await sleep(2);
      }
      // Without the wait the WAL grows with every write (40 MB); with it, it starts over near 1 MB.
      expect(walBytes).toBeLessThan(12 * 1024 * 1024);
      expect((db.prepare('SELECT count(*) AS n FROM blobs').get() as { n: number }).n).toBe(400);
    } finally {
      checkpoints.stop();
      db.close();
    }
  });
});
