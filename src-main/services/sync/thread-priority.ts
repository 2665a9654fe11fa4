/**
 * The sync workers' threads yield the CPU to everything else: a first sync keeps every
 * core busy (two workers parsing, the main thread storing, the checkpoints, and on a
 * laptop the renderer drawing), and what the user waits on is the main thread answering
 * the renderer's calls, not a batch arriving a few milliseconds sooner.
 *
 * Linux only: there a thread's nice value is its own (setpriority(2) on a thread id), and
 * /proc/thread-self names the thread. Elsewhere, or if the system refuses, the thread runs
 * at the process's priority, as before.
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
