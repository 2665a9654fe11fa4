import { BatchWorker } from './batch-worker';
import type { BodyJob } from './body-worker';
import type { SyncJob } from './header-worker';
import type { FetchedRaw } from './body-sync';

/** A body worker (body-worker.ts, run by the script of header-worker.ts) for one folder. */
export class BodyWorker extends BatchWorker<FetchedRaw[]> {
  constructor(script: string, job: BodyJob) {
    super(script, { ...job, kind: 'bodies' } satisfies SyncJob, 'body worker');
  }

  /** The stored sources for these UID batches, in order (see BatchWorker.results). */
  sources(batches: number[][]): AsyncGenerator<FetchedRaw[]> {
    return this.results(batches);
  }
}
