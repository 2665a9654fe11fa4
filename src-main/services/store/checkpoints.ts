/**
 * SQLite's WAL checkpoints off the services' main thread. By default the connection whose
 * commit takes the WAL past 1,000 pages copies them into the database file and fsyncs it
 * inside that commit: on the main thread, while a first sync writes gigabytes, that held
 * the event loop for up to 2 s (a commit's p99 486 ms, against 115 ms without checkpoints).
 * While a big sync with worker threads runs (hold), a worker of its own checkpoints
 * (checkpoint-worker.ts) and the main connection does not; once every such sync has let
 * go, the worker ends (it would wake the machine four times a second for nothing).
 *
 * The WAL starts over only when a write begins with all of it copied. Under writes without
 * pause that never happens (a pass copies what the WAL held when it began, while the
 * writer adds more), and the WAL grew to 660 MB at a million messages; so past ROOM_PAGES
 * the big writers wait (room(), asynchronously: the event loop turns) for a pass that
 * begins while they wait and copies it all, and their next write starts it over.
 * Should the worker fail or stop, automatic checkpoints are back as they were: nothing else
 * changes, and a checkpoint cut short is simply redone by SQLite.
 */
import { Worker } from 'node:worker_threads';
import type { Db } from './database';
import type { FromCheckpointWorker, ToCheckpointWorker } from './checkpoint-worker';

const CHECKPOINT_EVERY_MS = 250;
/** SQLite's default wal_autocheckpoint, in pages. */
const AUTOMATIC_PAGES = 1000;
/** WAL pages (64 MB of 4 KB pages) past which big writers wait for the worker to copy them all. */
const ROOM_PAGES = 16_384;
/** The longest a writer waits for room: a reader that holds an old snapshot keeps a pass from copying it all. */
const ROOM_WAIT_MS = 10_000;

/**
 * better-sqlite3's addon as a worker thread can load it: the packaged app's copy lies
 * unpacked beside app.asar (electron-builder.yml asarUnpack), where no require reaches.
 */
function sqliteAddon(): string {
  return require.resolve('better-sqlite3/build/Release/better_sqlite3.node').replace(/app\.asar(?=[\\/])/, 'app.asar.unpacked');
}

export class Checkpoints {
  private worker: Worker | null = null;
  private running = false;
  /** The big syncs holding the worker (hold). */
  private holders = 0;
  /** The WAL's pages when the worker's last pass began (0 after a pass the writers waited for copied all: their next write starts it over). */
  private walPages = 0;
  /** The number of the last pass room() asked for. */
  private asked = 0;
  private waiters: (() => void)[] = [];
  /** The WAL pages the worker's last pass found copied (tests). */
  copiedPages = 0;

  constructor(
    private readonly db: Db,
    private readonly roomPages = ROOM_PAGES,
    private readonly everyMs = CHECKPOINT_EVERY_MS,
  ) {}

  /** Whether the worker checkpoints now (and the main connection does not). */
  get offloaded(): boolean {
    return this.running;
  }

  /**
   * A big sync starts: the worker runs (started from the sync workers' script,
   * header-worker.ts, unless it runs already) until every sync holding it has called the
   * release this returns.
   */
  hold(script: string): () => void {
    this.holders += 1;
    this.start(script);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.holders -= 1;
      if (this.holders === 0) this.stop();
    };
  }

  /** Ends the worker (also before the database closes); the main connection checkpoints again. */
  stop(): void {
    const worker = this.worker;
    if (!worker) return;
    this.worker = null;
    this.stopped();
    worker.postMessage({ type: 'stop' } satisfies ToCheckpointWorker);
  }

  private start(script: string): void {
    if (this.worker || !this.db.open) return;
    let addon: string;
    try {
      addon = sqliteAddon();
    } catch (err) {
      console.warn(`WAL checkpoints stay on the main thread: SQLite's addon was not found (${(err as Error).message}).`);
      return;
    }
    const worker = new Worker(script, { workerData: { kind: 'checkpoint', file: this.db.name, addon, everyMs: this.everyMs }, resourceLimits: { maxYoungGenerationSizeMb: 4 } });
    this.worker = worker;
    worker.on('message', (message: FromCheckpointWorker) => {
      // A worker stopped meanwhile speaks for nothing (a new one may run already).
      if (this.worker !== worker) return;
      if (message.type === 'ready') {
        if (!this.db.open) return;
        this.db.pragma('wal_autocheckpoint = 0');
        this.running = true;
        return;
      }
      this.copiedPages = message.copied;
      this.walPages = message.log;
      if (this.waiters.length > 0 && message.asked === this.asked) {
        // A reader's old snapshot kept part of it: ask again after a while.
        if (message.copied < message.log) setTimeout(() => this.ask(), this.everyMs);
        else this.walPages = 0;
      }
      if (this.walPages < this.roomPages) this.release();
    });
    worker.on('error', (err) => console.warn(`WAL checkpoints back on the main thread: the checkpoint worker failed (${err.message}).`));
    worker.on('exit', () => {
      if (this.worker !== worker) return;
      this.worker = null;
      this.stopped();
    });
    worker.unref();
  }

  /**
   * Resolves when a big writer may go on: at once, unless the worker runs and the WAL has
   * grown past roomPages; then once a pass has copied all of it (or after ROOM_WAIT_MS).
   */
  room(): Promise<void> {
    if (!this.running || this.walPages < this.roomPages) return Promise.resolve();
    if (this.waiters.length === 0) this.ask();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ROOM_WAIT_MS);
      this.waiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  private stopped(): void {
    this.running = false;
    this.walPages = 0;
    if (this.db.open) this.db.pragma(`wal_autocheckpoint = ${AUTOMATIC_PAGES}`);
    this.release();
  }

  private ask(): void {
    this.worker?.postMessage({ type: 'now', asked: ++this.asked } satisfies ToCheckpointWorker);
  }

  private release(): void {
    for (const wake of this.waiters.splice(0)) wake();
  }
}
