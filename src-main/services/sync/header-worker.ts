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
import { parentPort, workerData } from 'node:worker_threads';
import { serveCheckpoints, type CheckpointJob } from '../store/checkpoint-worker';
import { fetchSourceBatch, type BodyJob } from './body-worker';
import { deriveBatch, type DeriveJob, type StoredSource } from './derive-body';
import { fetchHeaders, type HeaderRequest } from './headers';
import { serveBatches, serveLocalBatches, type FolderJob } from './worker-batches';

export interface HeaderJob extends FolderJob {
  request: HeaderRequest;
}

/** workerData: which kind of batches the worker fetches (and for which folder), or derives. */
export type SyncJob = ({ kind: 'headers' } & HeaderJob) | ({ kind: 'bodies' } & BodyJob) | ({ kind: 'derive' } & DeriveJob) | ({ kind: 'checkpoint' } & CheckpointJob);

if (parentPort) {
  const job = workerData as SyncJob;
  if (job.kind === 'checkpoint') serveCheckpoints(parentPort, job);
  else if (job.kind === 'bodies') serveBatches(parentPort, job, (client, batch) => fetchSourceBatch(client, batch, job));
  else if (job.kind === 'derive') serveLocalBatches(parentPort, (batch: StoredSource[]) => deriveBatch(batch, job));
  else serveBatches(parentPort, job, (client, batch) => fetchHeaders(client, batch, job.request));
}
