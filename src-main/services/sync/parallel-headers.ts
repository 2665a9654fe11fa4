import { BatchWorker } from './batch-worker';
import type { HeaderJob, SyncJob } from './header-worker';
import type { HeaderInput } from './message-input';
import { chunks } from './uid-set';

/**
 * imapflow turns every FETCH answer into thousands of short-lived tokens, and into text
 * again for its log: with 8 MB of young generation, collecting them took a sixth of a
 * header worker's time. 24 MB cut a worker's CPU for 20,000 messages in 1,000-message
 * batches by 7-16 %, for at most 16 MB more per worker while the phase lasts.
 */
const HEADER_WORKER_YOUNG_GENERATION_MB = 24;

/**
 * A header worker (header-worker.ts) for one folder: it connects while the parent runs the
 * SEARCH that decides which UIDs to fetch. Each batch comes as JSON text (headerBatchText):
 * a batch is thousands of small objects, which the structured clone of postMessage wrote
 * and read at 6 and 4 µs a header, and JSON at under 2 each, on both threads.
 */
export class HeaderWorker extends BatchWorker<string[]> {
  constructor(script: string, job: HeaderJob) {
    super(script, { ...job, kind: 'headers' } satisfies SyncJob, 'header worker', HEADER_WORKER_YOUNG_GENERATION_MB);
  }

  /** Header batches for these UID batches, in order (see BatchWorker.results). */
  async *headers(batches: number[][]): AsyncGenerator<HeaderInput[]> {
    for await (const texts of this.results(batches)) yield headersOfBatchText(texts);
  }
}

/** Headers per piece of a batch's JSON text: about 60 KB, under the size V8 puts in its large-object space, which only a full collection frees. */
const HEADERS_PER_TEXT = 100;

/** A batch of headers as the worker sends it: JSON text in pieces of HEADERS_PER_TEXT. */
export function headerBatchText(headers: HeaderInput[]): string[] {
  return chunks(headers, HEADERS_PER_TEXT).map((piece) => JSON.stringify(piece));
}

/** The headers of a batch's text (headerBatchText). */
function headersOfBatchText(texts: string[]): HeaderInput[] {
  return texts.flatMap((text) => JSON.parse(text) as HeaderInput[]);
}
