/**
 * SQLite's WAL checkpoints off the services' main thread. By default the connection whose
 * commit takes the WAL past 1,000 pages copies them into the database file and fsyncs it
 * inside that commit: on the main thread, while a first sync writes gigabytes, that held
 * the event loop for up to 2 s (a commit's p99 486 ms, against 115 ms without checkpoints).
 * Once a big sync starts its worker threads (offload), a worker of its own checkpoints
 * every CHECKPOINT_EVERY_MS (checkpoint-worker.ts) and the main connection's automatic
 * checkpoints are off. Should that worker fail or stop, they are on again: nothing else
 * changes, and a checkpoint cut short is simply redone by SQLite.
 */
import { Worker } from 'node:worker_threads';
import type { Db } from './database';
import type { FromCheckpointWorker } from './checkpoint-worker';

const CHECKPOINT_EVERY_MS = 500;
/** SQLite's default wal_autocheckpoint, in pages. */
const AUTOMATIC_PAGES = 1000;

/**
 * better-sqlite3's addon as a worker thread can load it: the packaged app's copy lies
 * unpacked beside app.asar (electron-builder.yml asarUnpack), where no require reaches.
 */
function sqliteAddon(): string {
  return require.resolve('better-sqlite3/build/Release/better_sqlite3.node').replace(/app\.asar(?=[\\/])/, 'app.asar.unpacked');
}

export class Checkpoints {
  private worker: Worker | null = null;
  /** WAL pages the worker copied into the database file so far. */
  pages = 0;

  constructor(private readonly db: Db) {}

  /** Whether the worker checkpoints now (the main connection does not). */
  get offloaded(): boolean {
    return this.db.pragma('wal_autocheckpoint', { simple: true }) === 0;
  }

  /** Starts the checkpoint worker from the sync workers' script (header-worker.ts); once, later calls do nothing. */
  offload(script: string): void {
    if (this.worker || !this.db.open) return;
    let addon: string;
    try {
      addon = sqliteAddon();
    } catch (err) {
      console.warn(`WAL checkpoints stay on the main thread: SQLite's addon was not found (${(err as Error).message}).`);
      return;
    }
    const worker = new Worker(script, { workerData: { kind: 'checkpoint', file: this.db.name, addon, everyMs: CHECKPOINT_EVERY_MS }, resourceLimits: { maxYoungGenerationSizeMb: 4 } });
    this.worker = worker;
    worker.on('message', (message: FromCheckpointWorker) => {
      if (message.type === 'ready' && this.db.open) this.db.pragma('wal_autocheckpoint = 0');
      else if (message.type === 'checkpointed') this.pages += message.pages;
    });
    worker.on('error', (err) => console.warn(`WAL checkpoints back on the main thread: the checkpoint worker failed (${err.message}).`));
    worker.on('exit', () => {
      if (this.db.open) this.db.pragma(`wal_autocheckpoint = ${AUTOMATIC_PAGES}`);
    });
    worker.unref();
  }

  /** Ends the worker before the database closes. */
  stop(): void {
    this.worker?.postMessage({ type: 'stop' });
  }
}
