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
 * SEARCH that decides which UIDs to fetch. Each batch comes as JSON (headerBatchBytes):
 * a batch is thousands of small objects, which the structured clone of postMessage wrote
 * and read at 6 and 4 µs a header, and JSON at under 2 each, on both threads.
 */
export class HeaderWorker extends BatchWorker<Uint8Array[]> {
  constructor(script: string, job: HeaderJob) {
    super(script, { ...job, kind: 'headers' } satisfies SyncJob, 'header worker', HEADER_WORKER_YOUNG_GENERATION_MB);
  }

  /** Header batches for these UID batches, in order (see BatchWorker.results), as the worker sent them. */
  headers(batches: number[][]): AsyncIterable<HeaderPieces> {
    return this.results(batches);
  }
}

/** Headers per piece of a batch: about 60 KB of JSON. */
const HEADERS_PER_PIECE = 100;

/**
 * A batch of headers on its way to the store, in pieces of HEADERS_PER_PIECE: UTF-8 JSON
 * as a worker sends it, or headers fetched on the work connection. Up to eight batches
 * wait for the store (worker-batches.ts MAX_UNACKED per worker), and as objects or text
 * they sat in the main thread's young generation, whose every collection copied them
 * (3 MB) and promoted some: up to 45 ms each. As bytes they wait outside the heap,
 * moved to this thread rather than copied, and a piece is parsed only when it is stored
 * (headersOfPieces), so its objects die young.
 */
export type HeaderPieces = readonly (Uint8Array | readonly HeaderInput[])[];

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** A batch of headers as the worker sends it: pieces of UTF-8 JSON, each in a buffer of its own (transferred, not copied). */
export function headerBatchBytes(headers: HeaderInput[]): Uint8Array<ArrayBuffer>[] {
  return headerPieces(headers).map((piece) => encoder.encode(JSON.stringify(piece)));
}

/** A batch of headers fetched in this thread, in pieces. */
export function headerPieces(headers: HeaderInput[]): HeaderInput[][] {
  return chunks(headers, HEADERS_PER_PIECE);
}

/** The headers of some pieces of a batch, in order. */
export function headersOfPieces(pieces: HeaderPieces): HeaderInput[] {
  return pieces.flatMap((piece) => (piece instanceof Uint8Array ? (JSON.parse(decoder.decode(piece)) as HeaderInput[]) : piece));
}
