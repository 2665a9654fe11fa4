import { BatchWorker } from './batch-worker';
import type { BodyJob } from './body-worker';
import type { SyncJob } from './header-worker';
import type { FetchedBody } from './body-sync';

/** A body worker (body-worker.ts, run by the script of header-worker.ts) for one folder. */
export class BodyWorker extends BatchWorker<FetchedBody[]> {
  constructor(script: string, job: BodyJob) {
    super(script, { ...job, kind: 'bodies' } satisfies SyncJob, 'body worker');
  }

  /** Parsed bodies for these UID batches, in order (see BatchWorker.results). */
  bodies(batches: number[][]): AsyncGenerator<FetchedBody[]> {
    return this.results(batches);
  }
}
