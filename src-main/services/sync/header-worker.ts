/**
 * Entry point of the sync worker threads (worker-batches.ts runs them): a big header
 * phase's header batches, a big body phase's sources (body-worker.ts), or the deriver's
 * bodies parsed from stored sources (derive-body.ts). Parsing IMAP responses and MIME is
 * most of those phases' CPU (imapflow turns every response back into text, too); here it
 * runs on another core (with its own connection, for the fetches), while the main thread
 * only stores what arrives, and the main process stays responsive during a first sync.
 * The store's WAL checkpoints run here too while such a sync runs (store/checkpoints.ts).
 * One script for every kind, so each entry point names one worker file.
 */
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import type { CheckpointJob } from '../store/checkpoint-worker';
import type { BodyJob } from './body-worker';
import type { DeriveJob, StoredSource } from './derive-body';
import type { HeaderRequest } from './headers';
import { lowerThreadPriority } from './thread-priority';
import type { FolderJob } from './worker-batches';

export interface HeaderJob extends FolderJob {
  request: HeaderRequest;
}

/** workerData: which kind of batches the worker fetches (and for which folder), or derives. */
export type SyncJob = ({ kind: 'headers' } & HeaderJob) | ({ kind: 'bodies' } & BodyJob) | ({ kind: 'derive' } & DeriveJob) | ({ kind: 'checkpoint' } & CheckpointJob);

/**
 * Each kind loads only the modules it runs (imported here, not above): every thread pays its
 * own heap for what it loads, and a checkpoint thread that loaded the IMAP client and the
 * MIME parser too held 19 MB of heap for a PRAGMA. Messages sent meanwhile wait in the port.
 */
async function serve(port: MessagePort, job: SyncJob): Promise<void> {
  if (job.kind === 'checkpoint') return (await import('../store/checkpoint-worker')).serveCheckpoints(port, job);
  if (job.kind === 'derive') {
    lowerThreadPriority();
    const { deriveBatch } = await import('./derive-body');
    return (await import('./worker-batches')).serveLocalBatches(port, (batch: StoredSource[]) => deriveBatch(batch, job));
  }
  const { serveBatches } = await import('./worker-batches');
  if (job.kind === 'bodies') {
    const { fetchSourceBatch } = await import('./body-worker');
    return serveBatches(port, job, (client, batch) => fetchSourceBatch(client, batch, job));
  }
  const [{ fetchHeaders }, { headerBatchBytes }] = await Promise.all([import('./headers'), import('./parallel-headers')]);
  // As JSON bytes, which the parent reads faster than a structured clone, moved to it (parallel-headers.ts).
  serveBatches(
    port,
    job,
    async (client, batch) => headerBatchBytes(await fetchHeaders(client, batch, job.request)),
    (pieces) => pieces.map((piece) => piece.buffer),
  );
}

// A module that fails to load rejects, which stops the thread: its owner sees the exit.
if (parentPort) void serve(parentPort, workerData as SyncJob);
