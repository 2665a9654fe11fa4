import { BatchWorker } from './batch-worker';
import type { HeaderJob, SyncJob } from './header-worker';
import type { HeaderInput } from './message-input';

/** A header worker (header-worker.ts) for one folder: it connects while the parent runs the SEARCH that decides which UIDs to fetch. */
export class HeaderWorker extends BatchWorker<HeaderInput[]> {
  constructor(script: string, job: HeaderJob) {
    super(script, { ...job, kind: 'headers' } satisfies SyncJob, 'header worker');
  }

  /** Header batches for these UID batches, in order (see BatchWorker.results). */
  headers(batches: number[][]): AsyncGenerator<HeaderInput[]> {
    return this.results(batches);
  }
}
