/**
 * Entry point of the sync worker threads (worker-batches.ts runs them): a big header
 * phase's header batches, or a big body phase's bodies (body-worker.ts). Parsing IMAP
 * responses and MIME is most of those phases' CPU (imapflow turns every response back
 * into text, too); here it runs on another core with its own connection, while the
 * main thread only stores what arrives, and the main process stays responsive during
 * a first sync. One script for both kinds, so each entry point names one worker file.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { FetchQueryObject } from 'imapflow';
import { fetchBodyBatch, type BodyJob } from './body-worker';
import { fetchHeaders } from './headers';
import type { HeaderTerm } from './import-criteria';
import { serveBatches, type FolderJob } from './worker-batches';

export interface HeaderJob extends FolderJob {
  query: FetchQueryObject;
  terms: HeaderTerm[];
}

/** workerData: which kind of batches the worker fetches, and for which folder. */
export type SyncJob = ({ kind: 'headers' } & HeaderJob) | ({ kind: 'bodies' } & BodyJob);

if (parentPort) {
  const job = workerData as SyncJob;
  if (job.kind === 'bodies') serveBatches(parentPort, job, (client, batch) => fetchBodyBatch(client, batch, job));
  else serveBatches(parentPort, job, (client, batch) => fetchHeaders(client, batch, job.query, job.terms));
}
