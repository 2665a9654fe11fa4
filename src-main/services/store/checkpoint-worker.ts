/**
 * The worker side of the store's WAL checkpoints (checkpoints.ts is the main thread's):
 * a second connection to the database that copies committed WAL pages into the database
 * file every `everyMs`, PASSIVE so that it never waits for the writer nor the writer for
 * it. SQLite's native addon comes by path: this thread's bundle has no node_modules.
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

/** What the worker tells the main thread: it runs (the main connection may stop checkpointing), or how many WAL pages one pass copied. */
export type FromCheckpointWorker = { type: 'ready' } | { type: 'checkpointed'; pages: number };

interface CheckpointResult {
  busy: number;
  log: number;
  checkpointed: number;
}

export function serveCheckpoints(port: MessagePort, job: CheckpointJob): void {
  const db = new Database(job.file, { nativeBinding: job.addon, fileMustExist: true });
  db.pragma('busy_timeout = 1000');
  const send = (message: FromCheckpointWorker) => port.postMessage(message);
  const timer = setInterval(() => {
    const [result] = db.pragma('wal_checkpoint(PASSIVE)') as CheckpointResult[];
    if (result && result.checkpointed > 0) send({ type: 'checkpointed', pages: result.checkpointed });
  }, job.everyMs);
  port.on('message', (message: { type?: string }) => {
    if (message.type !== 'stop') return;
    clearInterval(timer);
    db.close();
    port.close();
  });
  send({ type: 'ready' });
}
