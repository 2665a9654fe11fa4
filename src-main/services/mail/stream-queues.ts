import type { Stream } from 'node:stream';

/** The parts of a stream's state that size its queues (Node keeps them in _readableState / _writableState). */
interface QueueState {
  objectMode: boolean;
  highWaterMark: number;
}

/**
 * Lets at most one chunk wait in each object-mode queue of these streams, where Node lets 16.
 * The parser's stages (mailsplit's splitter and joiner, mailparser's own) pass slices of the
 * source's chunks as objects: 16 waiting per stage kept chunks alive long enough for V8 to
 * promote them to the old generation, where garbage waits for a full collection (tens of MB
 * for a 100 MB message). These streams take no option for it, hence their state is set here.
 */
export function withOneChunkQueues(...streams: Stream[]): void {
  for (const stream of streams) {
    const { _readableState: readable, _writableState: writable } = stream as unknown as { _readableState?: QueueState; _writableState?: QueueState };
    for (const state of [readable, writable]) if (state?.objectMode) state.highWaterMark = 1;
  }
}
