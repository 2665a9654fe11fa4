/**
 * The worker side of the store's WAL checkpoints (checkpoints.ts is the main thread's):
 * a second connection to the database that copies committed WAL pages into the database
 * file every `everyMs`, or at once when the main thread waits for it. PASSIVE, so that it
 * never waits for the writer nor the writer for it. SQLite's native addon comes by path:
 * this thread's bundle has no node_modules.
 */
import type { MessagePort } from 'node:worker_threads';
import Database from 'better-sqlite3';

export interface CheckpointJob {
  /** The database file. */
  file: string;
  /** better-sqlite3's compiled addon (better_sqlite3.node). */
  addon: string;
  everyMs: number;
}

/**
 * What the worker tells the main thread: it runs, or where the WAL stood after a pass
 * (pages in it when the pass began, pages copied; `asked`: the number of the pass the main thread asked for).
 */
export type FromCheckpointWorker = { type: 'ready' } | { type: 'checkpointed'; log: number; copied: number; asked?: number };

/** What the main thread asks: a pass now, numbered (it waits for the WAL to be copied), or the end. */
export type ToCheckpointWorker = { type: 'now'; asked: number } | { type: 'stop' };

interface CheckpointResult {
  busy: number;
  log: number;
  checkpointed: number;
}

export function serveCheckpoints(port: MessagePort, job: CheckpointJob): void {
  const db = new Database(job.file, { nativeBinding: job.addon, fileMustExist: true });
  db.pragma('busy_timeout = 1000');
  const pass = (asked?: number) => {
    const [result] = db.pragma('wal_checkpoint(PASSIVE)') as CheckpointResult[];
    if (result && result.log >= 0) port.postMessage({ type: 'checkpointed', log: result.log, copied: result.checkpointed, asked } satisfies FromCheckpointWorker);
  };
  const timer = setInterval(pass, job.everyMs);
  port.on('message', (message: ToCheckpointWorker) => {
    if (message.type === 'now') return pass(message.asked);
    clearInterval(timer);
    db.close();
    port.close();
  });
  port.postMessage({ type: 'ready' } satisfies FromCheckpointWorker);
}
