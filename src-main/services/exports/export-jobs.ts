import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Duplex, Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ExportKind, ExportProgress } from '../../../src-preload/contract';
import { appError } from '../errors/app-error';
import { explainError } from '../errors/explain';

/** What a job's producer gets: the cancel signal and a way to report how far it is. */
export interface JobContext {
  signal: AbortSignal;
  /** done items so far; missing: items that could not be included (zip). */
  progress(done: number, missing?: number): void;
}

/** A job's bytes: a source and the transforms they pass through, in order (the file is the end). */
export type JobStreams = [Readable, ...Duplex[]];

const KEEP_FINISHED = 50;

/** Progress is told at most this often while running (the end is always told). */
const PROGRESS_EVERY_MS = 150;

interface Job {
  progress: ExportProgress;
  abort: AbortController;
  finished: Promise<void>;
  lastEmit: number;
}

/**
 * Runs exports: each streams its bytes into a temporary file beside the target and
 * renames it to the target only once complete, so a cancelled, failed or killed export
 * never leaves a partial file under the name the agent chose (the temp file goes too).
 */
export class ExportJobs {
  private readonly jobs = new Map<string, Job>();

  constructor(private readonly emit: (progress: ExportProgress) => void) {}

  /**
   * Starts writing `produce`'s bytes to `target`; returns the job's id at once. A stream
   * that fails (destroy(err)) fails the job; cancelling aborts the signal.
   */
  start(kind: ExportKind, target: string, total: number, produce: (ctx: JobContext) => JobStreams): string {
    const id = crypto.randomUUID();
    const abort = new AbortController();
    const job: Job = {
      progress: { id, kind, done: 0, total, state: 'running', path: target, error: null, missing: 0 },
      abort,
      finished: Promise.resolve(),
      lastEmit: 0,
    };
    this.jobs.set(id, job);
    const ctx: JobContext = {
      signal: abort.signal,
      progress: (done, missing) => {
        job.progress = { ...job.progress, done, missing: missing ?? job.progress.missing };
        const now = Date.now();
        if (now - job.lastEmit >= PROGRESS_EVERY_MS) {
          job.lastEmit = now;
          this.emit(job.progress);
        }
      },
    };
    this.emit(job.progress);
    job.finished = this.run(job, target, () => produce(ctx));
    return id;
  }

  cancel(id: string): boolean {
    const job = this.jobs.get(id);
    if (!job || job.progress.state !== 'running') return false;
    job.abort.abort();
    return true;
  }

  /** A finished export's file (for "Show in folder"); only files this run wrote are ever named. */
  finishedPath(id: string): string {
    const job = this.jobs.get(id);
    if (!job || job.progress.state !== 'done') throw appError('exports/not-found', 'That export is not finished, or was made before Mailroom restarted.', 'Export again.');
    return job.progress.path;
  }

  /** Cancels what runs and waits until every temp file is gone. */
  async close(): Promise<void> {
    for (const job of this.jobs.values()) job.abort.abort();
    await Promise.all([...this.jobs.values()].map((j) => j.finished));
  }

  private async run(job: Job, target: string, produce: () => JobStreams): Promise<void> {
    const temp = path.join(path.dirname(target), `.${path.basename(target)}.${crypto.randomBytes(4).toString('hex')}.part`);
    try {
      fs.mkdirSync(path.dirname(target), { recursive: true });
      await pipeline([...produce(), fs.createWriteStream(temp, { flags: 'wx' })], { signal: job.abort.signal });
      if (job.abort.signal.aborted) throw new Error('cancelled');
      fs.renameSync(temp, target);
      job.progress = { ...job.progress, state: 'done', done: job.progress.total };
    } catch (err) {
      fs.rmSync(temp, { force: true });
      job.progress = job.abort.signal.aborted
        ? { ...job.progress, state: 'cancelled' }
        : { ...job.progress, state: 'failed', error: writeError(err, target) };
    }
    this.emit(job.progress);
    this.forgetOld();
  }

  /** Finished jobs are kept for "Show in folder"; the oldest beyond KEEP_FINISHED go. */
  private forgetOld(): void {
    const finished = [...this.jobs.values()].filter((j) => j.progress.state !== 'running');
    for (const job of finished.slice(0, Math.max(0, finished.length - KEEP_FINISHED))) this.jobs.delete(job.progress.id);
  }
}

function writeError(err: unknown, target: string) {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  if (code === 'ENOSPC') return { code: 'exports/write-failed' as const, cause: 'The disk is full: the export could not be written.', fix: 'Free some space, or save the export on another disk, and export again.' };
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
    return { code: 'exports/write-failed' as const, cause: `Mailroom may not write in ${path.dirname(target)}.`, fix: 'Save the export in a folder you can write to, such as Documents.' };
  }
  return explainError(err);
}
