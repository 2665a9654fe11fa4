/** Small measuring helpers for the benchmarks: timers, percentiles, RSS sampling, tables, the machine, the entry point. */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import v8 from 'node:v8';
import { monitorEventLoopDelay, performance, type IntervalHistogram } from 'node:perf_hooks';

export const MB = 1024 * 1024;

export function now(): number {
  return performance.now();
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Nearest-rank percentile (p in 0..100) of a non-empty sample. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(sorted.length, rank) - 1]!;
}

export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

export function round(value: number | null, digits = 1): number | null {
  if (value === null || !Number.isFinite(value)) return null;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** VmHWM (peak resident set) of this process (or of another one by pid) in MB, from /proc; null off Linux. */
export function vmHwmMb(pid: number | 'self' = 'self'): number | null {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/** What the disk still had to write before a measured run: dirty page cache, and how long `sync` took to write it. */
export interface DiskSettled {
  dirtyMb: number | null;
  syncMs: number;
}

/**
 * Writes out the page cache's dirty pages before the next contender runs, so it does not
 * pay for the writes of the one before (mbsync writes a 1.4 GB Maildir at 100,000
 * messages and removes it); the figures say how much was left to write.
 */
export function settleDisk(): DiskSettled {
  let dirtyMb: number | null = null;
  try {
    const match = /^Dirty:\s+(\d+) kB/m.exec(readFileSync('/proc/meminfo', 'utf8'));
    if (match) dirtyMb = Number(match[1]) / 1024;
  } catch {
    // Off Linux: no figure, sync still runs.
  }
  const t = now();
  spawnSync('sync');
  return { dirtyMb, syncMs: now() - t };
}

/** process.memoryUsage() in MB plus V8's heap spaces: where a process's resident memory is. */
export interface MemorySplit {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
  /** Used MB per V8 heap space of this thread (worker threads' heaps are not in here, only in rss). */
  spaces: Record<string, number>;
  /** MB the same spaces hold from the system, used or not: what of heapTotal is slack. */
  committed: Record<string, number>;
}

export function memorySplit(): MemorySplit {
  const m = process.memoryUsage();
  const spaces: Record<string, number> = {};
  const committed: Record<string, number> = {};
  for (const s of v8.getHeapSpaceStatistics()) {
    spaces[s.space_name] = round(s.space_used_size / MB, 1)!;
    committed[s.space_name] = round(s.space_size / MB, 1)!;
  }
  return {
    rss: round(m.rss / MB, 1)!,
    heapUsed: round(m.heapUsed / MB, 1)!,
    heapTotal: round(m.heapTotal / MB, 1)!,
    external: round(m.external / MB, 1)!,
    arrayBuffers: round(m.arrayBuffers / MB, 1)!,
    spaces,
    committed,
  };
}

/**
 * Samples process.memoryUsage.rss() every intervalMs and keeps the overall peak
 * plus the peak of the current named phase, with the memory split at that peak
 * (taken only when the peak moves by 4 MB or more: the split costs heap statistics).
 */
export class RssSampler {
  peak = 0;
  readonly phasePeaks: Record<string, number> = {};
  readonly phasePeakSplits: Record<string, MemorySplit> = {};
  private phase = 'start';
  private readonly timer: NodeJS.Timeout;

  constructor(intervalMs = 50) {
    this.sample();
    this.timer = setInterval(() => this.sample(), intervalMs);
    this.timer.unref();
  }

  enter(phase: string): void {
    this.sample();
    this.phase = phase;
    this.sample();
  }

  sample(): void {
    const rss = process.memoryUsage.rss();
    if (rss > this.peak) this.peak = rss;
    if (rss > (this.phasePeaks[this.phase] ?? 0)) {
      const split = this.phasePeakSplits[this.phase];
      if (!split || rss - split.rss * MB >= 4 * MB) this.phasePeakSplits[this.phase] = memorySplit();
      this.phasePeaks[this.phase] = rss;
    }
  }

  stop(): void {
    this.sample();
    clearInterval(this.timer);
  }

  /** Peak in MB: the larger of the sampled peak and the kernel's VmHWM. */
  peakMb(): number {
    return Math.max(this.peak / MB, vmHwmMb() ?? 0);
  }
}

/** Event-loop utilisation and CPU time of this process over one phase. */
export class Load {
  private readonly elu = performance.eventLoopUtilization();
  private readonly cpu = process.cpuUsage();
  private readonly start = now();

  /** { eventLoop: 0..1 busy, cpu: CPU seconds per wall second (can exceed 1 with worker threads/libuv) } */
  finish(): { eventLoop: number; cpu: number } {
    const elu = performance.eventLoopUtilization(this.elu);
    const cpu = process.cpuUsage(this.cpu);
    const wallMs = now() - this.start;
    return { eventLoop: elu.utilization, cpu: wallMs > 0 ? (cpu.user + cpu.system) / 1000 / wallMs : 0 };
  }
}

/** Milliseconds since the epoch with performance.now()'s resolution: comparable between processes of one machine. */
export function epochNow(): number {
  return performance.timeOrigin + performance.now();
}

export interface LoopDelayFigures {
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

const LOOP_RESOLUTION_MS = 10;

/**
 * How late this process's event loop ran timers over one phase (perf_hooks' delay
 * histogram, sampled every 10 ms): what a renderer call waits before it is even read.
 * The histogram holds whole intervals between samples (an idle loop shows 10.2 ms), so
 * the sampling interval is taken off.
 */
export class LoopDelay {
  private readonly histogram: IntervalHistogram = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });

  constructor() {
    this.histogram.enable();
  }

  finish(): LoopDelayFigures {
    this.histogram.disable();
    const ms = (ns: number) => Math.max(0, ns / 1e6 - LOOP_RESOLUTION_MS);
    return { p50Ms: ms(this.histogram.percentile(50)), p99Ms: ms(this.histogram.percentile(99)), maxMs: ms(this.histogram.max) };
  }
}

/** A plain fixed-width text table. */
export function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (cells: string[]) => cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ');
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export function fmt(value: number | null | undefined, digits = 1, unit = ''): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return 'n/a';
  return `${value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })}${unit}`;
}

/** What the figures were measured on (the JSON's `machine`). */
export function machine() {
  const cpus = os.cpus();
  const pkg = (name: string): string | null => {
    try {
      return (JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')) as { version: string }).version;
    } catch {
      return null;
    }
  };
  const dovecot = spawnSync('dovecot', ['--version'], { encoding: 'utf8' }).stdout?.trim() || null;
  return {
    cores: cpus.length,
    cpu: cpus[0]?.model ?? 'unknown',
    memory_gb: round(os.totalmem() / 1024 ** 3, 1),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    imapflow: pkg('imapflow'),
    better_sqlite3: pkg('better-sqlite3'),
    dovecot,
  };
}

/**
 * Runs a benchmark's main() and exits with its outcome. The servers use the fixture
 * certificate, which Node must trust from the start of the process: without
 * NODE_EXTRA_CA_CERTS the script runs itself again with it.
 */
export function benchEntry(file: string, certFile: string, main: () => Promise<void>): void {
  if (!process.env.NODE_EXTRA_CA_CERTS) {
    const rerun = spawnSync(process.execPath, [...process.execArgv, file, ...process.argv.slice(2)], {
      stdio: 'inherit',
      env: { ...process.env, NODE_EXTRA_CA_CERTS: certFile },
    });
    process.exit(rerun.status ?? 1);
  }
  main().then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(err instanceof Error ? (err.stack ?? err.message) : err);
      process.exit(1);
    },
  );
}
