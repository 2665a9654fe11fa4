import { Worker } from 'node:worker_threads';
import type { HeaderInput } from './message-input';
import type { FromWorker, HeaderJob, ToWorker } from './header-worker';

/**
 * A header worker (header-worker.ts) for one folder. It starts connecting when
 * created, so that overlaps with the SEARCH that decides which UIDs to fetch.
 *
 * `script` is the worker's code, chosen by the entry point, which alone knows how
 * it runs: the Electron app's bundle unpacked beside app.asar, the browser host's
 * build, or the TypeScript source behind a loader in tests and the benchmark.
 */
export class HeaderWorker {
  private readonly worker: Worker;
  private readonly queue: FromWorker[] = [];
  private failure: Error | null = null;
  private wake: (() => void) | null = null;

  constructor(script: string, job: HeaderJob) {
    this.worker = new Worker(script, { workerData: job });
    this.worker.on('message', (message: FromWorker) => this.push(message));
    this.worker.on('error', (err) => this.fail(err));
    this.worker.on('exit', (code) => this.fail(new Error(`The header worker stopped (exit code ${code}).`)));
  }

  /**
   * Header batches for these UID batches, in order; the worker starts on them at
   * once, before the iteration does. A failure arrives as an Error carrying the
   * server error's fields; stopping early ends the worker.
   */
  headers(batches: number[][]): AsyncGenerator<HeaderInput[]> {
    this.send({ type: 'batches', batches });
    return this.received();
  }

  private async *received(): AsyncGenerator<HeaderInput[]> {
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
        yield message.headers;
      }
    } finally {
      await this.stop();
    }
  }

  async stop(): Promise<void> {
    await this.worker.terminate();
  }

  private send(message: ToWorker): void {
    this.worker.postMessage(message);
  }

  private push(message: FromWorker): void {
    this.queue.push(message);
    this.wake?.();
  }

  private fail(err: Error): void {
    this.failure ??= err;
    this.wake?.();
  }
}
