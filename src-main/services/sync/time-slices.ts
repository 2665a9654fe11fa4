/**
 * Long loops on the services' main thread (storing 100,000 headers, indexing them,
 * committing bodies, importing tickets) run in slices and let the event loop turn in
 * between, so a renderer call waits for one slice, not for the whole loop.
 *
 * The slice is the thread's, not each loop's: the loops that run at the same time (a
 * first sync stores headers while the search index and the ticket importer catch up)
 * share it, and once it is spent they take the turns of the event loop one each. With a
 * slice per loop, each ran its slice in the same turn, and the turns added up (a p99 of
 * 58 ms with 20 ms slices).
 */
import { performance } from 'node:perf_hooks';

/** How long a loop runs before the event loop gets a turn: well under the 50 ms a person notices. */
export const SLICE_MS = 20;

export interface SliceOptions {
  sliceMs?: number;
  /** The fewest items a Pacer's chunk gets, whatever one slow chunk measured (a busy machine stretches wall time). */
  minSize?: number;
  /** Milliseconds from some fixed point (performance.now; tests pass their own, and get turns of their own). */
  clock?: () => number;
}

/** The current slice and the loops waiting for a turn of the event loop, one woken per turn. */
class Turns {
  private sliceStart: number;
  private readonly waiting: (() => void)[] = [];
  private scheduled = false;

  constructor(readonly clock: () => number) {
    this.sliceStart = clock();
  }

  /** Milliseconds spent of the current slice. */
  spent(): number {
    return this.clock() - this.sliceStart;
  }

  /** Resolves in a later turn of the event loop, the only paced loop to resume in that turn, with a new slice. */
  next(): Promise<void> {
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.waiting.length === 0) return;
    this.scheduled = true;
    // An immediate queued from an immediate runs in the next turn, after timers and I/O.
    setImmediate(() => {
      this.scheduled = false;
      this.sliceStart = this.clock();
      this.waiting.shift()?.();
      this.schedule();
    });
  }
}

/** One Turns per clock: the thread's (performance.now) for the services, a test's own for its slicers. */
const turnsByClock = new WeakMap<() => number, Turns>();
const threadClock = () => performance.now();

function turnsOf(clock: () => number): Turns {
  let turns = turnsByClock.get(clock);
  if (!turns) turnsByClock.set(clock, (turns = new Turns(clock)));
  return turns;
}

/** Paces a loop: pace() returns at once while the slice lasts and waits for a turn of the event loop once it is spent. */
export class TimeSlicer {
  private readonly sliceMs: number;
  private readonly turns: Turns;

  constructor(options: SliceOptions = {}) {
    this.sliceMs = options.sliceMs ?? SLICE_MS;
    this.turns = turnsOf(options.clock ?? threadClock);
  }

  /** Milliseconds a unit of work of this slicer should take: half a slice, so one fits before the turn. */
  get unitMs(): number {
    return this.sliceMs / 2;
  }

  now(): number {
    return this.turns.clock();
  }

  /**
   * The slice is spent, or `nextMs` would overrun it: pace() would wait. A loop over many
   * cheap steps checks this before awaiting, so its steps allocate no promise each.
   */
  due(nextMs = 0): boolean {
    const spent = this.turns.spent();
    return spent >= this.sliceMs || spent + nextMs > this.sliceMs;
  }

  /** `nextMs`: what the loop's next step is expected to cost; the turn comes first when it would overrun the slice. */
  async pace(nextMs = 0): Promise<void> {
    if (this.due(nextMs)) await this.turns.next();
  }
}

/** The most items one call gets whatever the measured cost says: a batch stays a batch. */
const MAX_ITEMS = 2000;

/**
 * Work that goes in chunks of items (one transaction each), sized from what the last
 * chunks cost so that one takes about half a slice, paced by a TimeSlicer. One Pacer per
 * kind of work: the size it learned carries over to the next call.
 */
export class Pacer {
  private size: number;
  private readonly minSize: number;
  private readonly slicer: TimeSlicer;

  constructor(initialSize: number, options: SliceOptions = {}) {
    this.minSize = Math.max(1, options.minSize ?? 1);
    this.size = Math.max(this.minSize, Math.min(MAX_ITEMS, initialSize));
    this.slicer = new TimeSlicer(options);
  }

  /** How many items the next chunk gets. */
  chunkSize(): number {
    return this.size;
  }

  /**
   * Runs `work` once with a limit of chunkSize() items; it returns how many it did (0: none
   * left). Paces first (a chunk begins a turn when the slice has no room for it, also the
   * first chunk of a batch that just arrived), then adapts the size to the time taken.
   * Returns what `work` returned.
   */
  async step(work: (limit: number) => number): Promise<number> {
    await this.slicer.pace(this.slicer.unitMs);
    const start = this.slicer.now();
    const done = work(this.size);
    const ms = this.slicer.now() - start;
    if (done > 0) {
      // At most double or halve per step: one fast chunk (a warm cache) must not make the next
      // one long, nor one slow chunk (the process descheduled on a busy machine) make the rest
      // so small that each transaction's own cost dominates.
      const fitting = ms > 0 ? Math.floor((this.slicer.unitMs * done) / ms) : this.size * 2;
      this.size = Math.max(this.minSize, Math.floor(this.size / 2), Math.min(MAX_ITEMS, this.size * 2, fitting));
    }
    return done;
  }

  /** Runs `work` over `items` in order, in chunks of chunkSize(), pacing in between. */
  async each<T>(items: readonly T[], work: (chunk: T[]) => void): Promise<void> {
    let i = 0;
    while (i < items.length) {
      i += await this.step((limit) => {
        const chunk = items.slice(i, i + limit);
        work(chunk);
        return chunk.length;
      });
    }
  }
}
