/** Small measuring helpers for the benchmark: timers, percentiles, RSS sampling, tables. */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

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

/** VmHWM (peak resident set) of this process in MB, from /proc; null off Linux. */
export function vmHwmMb(): number | null {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    return match ? Number(match[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/**
 * Samples process.memoryUsage.rss() every intervalMs and keeps the overall peak
 * plus the peak of the current named phase.
 */
export class RssSampler {
  peak = 0;
  readonly phasePeaks: Record<string, number> = {};
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
    if (rss > (this.phasePeaks[this.phase] ?? 0)) this.phasePeaks[this.phase] = rss;
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
