/**
 * The deriver's worker thread yields the CPU to everything else: it parses every stored
 * source for minutes after a first sync is readable offline, while the user works, and
 * nobody waits for its next batch. The header and body workers keep the
 * process's priority: a first sync waits for them, and niced they cut the header phase's
 * speed at a million messages by about a quarter (README, Benchmark).
 *
 * Linux only: there a thread's nice value is its own (setpriority(2) on a thread id), and
 * /proc/thread-self names the thread. Elsewhere, or if the system refuses, the thread runs
 * at the process's priority.
 */
import { readlinkSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';

/** Nice steps below the thread that started it: about a tenth of the CPU share when both want a core. */
const STEPS_LOWER = 10;
const LOWEST = 19;

export function lowerThreadPriority(): void {
  try {
    // "<pid>/task/<tid>"
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (!Number.isSafeInteger(tid) || tid <= 0) return;
    setPriority(tid, Math.min(LOWEST, getPriority(tid) + STEPS_LOWER));
  } catch {
    // No /proc (macOS, Windows) or not allowed: the thread keeps the process's priority.
  }
}
