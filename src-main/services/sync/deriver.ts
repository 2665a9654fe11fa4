import type { SyncProgress } from '../../../src-preload/contract';
import type { Store } from '../store';
import type { AttachmentStore } from '../store/attachments';
import { BatchWorker } from './batch-worker';
import { asTheyCome, filesKept } from './body-sync';
import { deriveBodies, type DeriveJob, type DerivedBody, type StoredSource } from './derive-body';
import type { SyncJob } from './header-worker';
import { WORKER_MIN_MESSAGES } from './mailbox-sync';
import { Pacer } from './time-slices';
import { chunks } from './uid-set';

/** Sources per worker batch and per commit: as the body phase's worker batches. */
const DERIVE_BATCH = 100;
/** Sources one main-thread step parses: a few, so a reader opening a message waits for little. */
const MAIN_THREAD_BATCH = 10;
/** Sources one worker pass takes, newest first; the next pass sees what was stored meanwhile. */
const PASS = 20_000;
/** Deriver worker threads: one, so the main thread keeps a core of two and the process one extra heap (two: derive-phase peak 890 MB, event loop max 943 ms at 100,000). */
const DERIVE_WORKERS = 1;

export interface DeriverDeps {
  store: Store;
  attachments: AttachmentStore;
  /** The sync workers' code (header-worker.ts); without it, every body is derived on the main thread. */
  script?: string;
  messagesChanged(mailboxId: string): void;
  /** Each folder's derivation as the 'indexing' phase of its sync progress, then 'done'. */
  progress(progress: SyncProgress): void;
}

/** One folder's derivation in this run: its account, what is derived, of how many. */
interface Tally {
  accountId: string;
  done: number;
  total: number;
}

/** A deriver worker thread (derive-body.ts, run by the script of header-worker.ts). */
export class DeriveWorker extends BatchWorker<DerivedBody[], StoredSource> {
  constructor(script: string, job: DeriveJob) {
    super(script, { ...job, kind: 'derive' } satisfies SyncJob, 'deriver worker');
  }

  bodies(batches: StoredSource[][]): AsyncGenerator<DerivedBody[]> {
    return this.results(batches);
  }
}

/**
 * Turns the sources the body phase stored (body-sync.ts) into text, HTML, attachments and
 * the search index, in the background, newest first: a big backlog in worker threads, a
 * small one (and what a failed worker left) on the main thread. What is derived is marked
 * in the transaction that stores it (messages.setDerived), so after a kill the next start
 * goes on where it was, and nothing is stored twice. A message opened before the deriver
 * got to it is derived at once (deriveNow).
 */
export class Deriver {
  private running = false;
  private again = false;
  private stopped = false;
  private readonly workers = new Set<DeriveWorker>();
  private readonly pacer = new Pacer(DERIVE_BATCH, { minSize: 5 });
  /** Per folder id, while a run derives it: the account list's progress bar shows it. */
  private readonly tallies = new Map<number, Tally>();

  constructor(private readonly deps: DeriverDeps) {}

  /** There may be sources to derive: a pass starts, or runs again once the current one ends. */
  poke(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    void this.run()
      .catch((err: unknown) => console.warn(`[deriver] stopped, the next sync round starts it again: ${err instanceof Error ? err.message : String(err)}`))
      .finally(() => {
        this.running = false;
        if (this.again) {
          this.again = false;
          this.poke();
        }
      });
  }

  /**
   * Derives one message's body from its stored source now (the reader opened it); false
   * when it has no stored source waiting, so the caller fetches it from the server.
   */
  async deriveNow(messageId: number): Promise<boolean> {
    const source = this.deps.store.messages.underivedSource(messageId);
    if (!source) return false;
    const [derived] = await deriveBodies([{ id: messageId, ...source }], this.deps.attachments);
    this.commit(derived ? [derived] : []);
    return derived?.body !== null;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all([...this.workers].map((w) => w.stop()));
  }

  private async run(): Promise<void> {
    let workersFailed = false;
    for (;;) {
      this.again = false;
      if (this.stopped) return;
      const pending = this.deps.store.messages.underived(PASS);
      if (pending.length === 0) return this.finished();
      this.count();
      const script = this.deps.script;
      if (script && !workersFailed && pending.length >= WORKER_MIN_MESSAGES) {
        workersFailed = !(await this.inWorkers(script, pending));
      } else {
        const derived = await deriveBodies(pending.slice(0, MAIN_THREAD_BATCH), this.deps.attachments);
        // Stopped while parsing: the store may be closing; the next start derives these again.
        if (this.stopped) return;
        this.commit(derived);
      }
    }
  }

  /** One pass in worker threads, each batch committed as it arrives; false when a worker failed (its batches are left for the main thread). */
  private async inWorkers(script: string, pending: StoredSource[]): Promise<boolean> {
    const batches = chunks(pending, DERIVE_BATCH);
    const release = this.deps.store.checkpoints.hold(script);
    const workers = Array.from({ length: DERIVE_WORKERS }, () => new DeriveWorker(script, { dataDir: this.deps.attachments.dataDir }));
    for (const w of workers) this.workers.add(w);
    let ok = true;
    try {
      const streams = workers.map((worker, k) => worker.bodies(batches.filter((_, i) => i % workers.length === k)));
      const failed = (err: unknown) => {
        ok = false;
        if (!this.stopped) console.warn(`[deriver] a worker failed, its sources are derived on the main thread: ${err instanceof Error ? err.message : String(err)}`);
      };
      for await (const derived of asTheyCome(streams, failed)) {
        if (this.stopped) return ok;
        await this.deps.store.checkpoints.room();
        await this.pacer.each(derived, (chunk) => this.commit(chunk));
      }
    } finally {
      release();
      await Promise.all(
        workers.map((w) => {
          this.workers.delete(w);
          return w.stop();
        }),
      );
    }
    return ok;
  }

  /** What each folder has left, counted again per pass (the sync may have stored more sources meanwhile). */
  private count(): void {
    for (const { mailboxId, accountId, count } of this.deps.store.messages.underivedByMailbox()) {
      const tally = this.tallies.get(mailboxId) ?? { accountId, done: 0, total: 0 };
      tally.total = tally.done + count;
      this.tallies.set(mailboxId, tally);
    }
  }

  private report(mailboxId: number, tally: Tally, phase: SyncProgress['phase']): void {
    this.deps.progress({ accountId: tally.accountId, mailboxId: String(mailboxId), phase, done: tally.done, total: tally.total });
  }

  /** Every source is derived: each folder's progress ends. */
  private finished(): void {
    for (const [mailboxId, tally] of this.tallies) this.report(mailboxId, { ...tally, done: 0, total: 0 }, 'done');
    this.tallies.clear();
  }

  /**
   * Stores derived bodies; a body whose files garbage collection removed meanwhile is left
   * for the next pass, and a source gone from the store is fetched again by the body phase.
   */
  private commit(derived: DerivedBody[]): void {
    const { messages } = this.deps.store;
    const bodies: { id: number; rawSha256: string; body: NonNullable<DerivedBody['body']> }[] = [];
    for (const d of derived) {
      if (d.body === null) messages.forgetSource(d.id, d.rawSha256);
      else if (filesKept(this.deps.attachments, [d.rawSha256, ...d.body.attachments.map((a) => a.sha256 ?? null)])) bodies.push({ id: d.id, rawSha256: d.rawSha256, body: d.body });
    }
    const stored = new Set(messages.setDerived(bodies));
    const changed = new Set<number>();
    for (const d of derived) {
      if (!stored.has(d.id)) continue;
      changed.add(d.mailboxId);
      const tally = this.tallies.get(d.mailboxId);
      if (tally) tally.done = Math.min(tally.total, tally.done + 1);
    }
    for (const mailboxId of changed) {
      const tally = this.tallies.get(mailboxId);
      if (tally) this.report(mailboxId, tally, 'indexing');
      this.deps.messagesChanged(String(mailboxId));
    }
  }
}
