import { Worker } from 'node:worker_threads';

/** What the parent sends a sync worker (worker-batches.ts): the batches (once: UIDs, or the deriver's sources), then an acknowledgement per result. */
export type ToWorker<I = number> = { type: 'batches'; batches: I[][] } | { type: 'ack' };

/** What a sync worker sends back: one result per batch, in order, then done; or an error at any point. */
export type FromWorker<R> = { type: 'batch'; result: R } | { type: 'done' } | { type: 'error'; error: Record<string, unknown> };

/**
 * Each worker thread has a V8 heap of its own, whose young generation grows to 48 MB by
 * default; a worker's garbage is short-lived batches, so a small one costs a few more quick
 * collections (the header phase at 25,000 messages peaked about 50 MB lower). A kind of
 * worker whose time is mostly parsing may ask for more (parallel-headers.ts).
 */
const YOUNG_GENERATION_MB = 8;

/**
 * A sync worker thread (header-worker.ts) from the parent's side: on one folder, where it
 * starts connecting when created, so that overlaps with whatever the parent does before
 * it hands over the batches; or the deriver's, which reads stored sources only.
 *
 * `script` is the worker's code, chosen by the entry point, which alone knows how
 * it runs: the Electron app's bundle unpacked beside app.asar, the browser host's
 * build, or the TypeScript source behind a loader in tests and the benchmark.
 */
export class BatchWorker<R, I = number> {
  private readonly worker: Worker;
  private readonly queue: FromWorker<R>[] = [];
  private failure: Error | null = null;
  private wake: (() => void) | null = null;

  constructor(script: string, job: unknown, name: string, youngGenerationMb = YOUNG_GENERATION_MB) {
    this.worker = new Worker(script, { workerData: job, resourceLimits: { maxYoungGenerationSizeMb: youngGenerationMb } });
    this.worker.on('message', (message: FromWorker<R>) => this.push(message));
    this.worker.on('error', (err) => this.fail(err));
    this.worker.on('exit', (code) => this.fail(new Error(`The ${name} stopped (exit code ${code}).`)));
  }

  /**
   * Results for these batches, in order; the worker starts on them at once,
   * before the iteration does. A failure arrives as an Error carrying the server
   * error's fields; stopping early ends the worker.
   */
  protected results(batches: I[][]): AsyncGenerator<R> {
    this.send({ type: 'batches', batches });
    return this.received();
  }

  private async *received(): AsyncGenerator<R> {
    try {
      for (;;) {
        const message = this.queue.shift();
        if (!message) {
          if (this.failure) throw this.failure;
          await new Promise<void>((resolve) => (this.wake = resolve));
          continue;
        }
        if (message.type === 'done') return;
        if (message.type === 'error') throw Object.assign(new Error(String(message.error.message)), message.error);
        this.send({ type: 'ack' });
        yield message.result;
      }
    } finally {
      await this.stop();
    }
  }

  async stop(): Promise<void> {
    await this.worker.terminate();
  }

  private send(message: ToWorker<I>): void {
    this.worker.postMessage(message);
  }

  private push(message: FromWorker<R>): void {
    this.queue.push(message);
    this.wake?.();
  }

  private fail(err: Error): void {
    this.failure ??= err;
    this.wake?.();
  }
}
