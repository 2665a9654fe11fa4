/**
 * Exponential back-off with "equal jitter": half the delay is fixed, half random,
 * so many clients cut off by the same outage do not reconnect in lockstep.
 */
export function backoffDelay(attempt: number, maxMs: number, random: () => number = Math.random, firstMs = 1000): number {
  const base = Math.min(maxMs, firstMs * 2 ** Math.min(Math.max(attempt, 0), 16));
  return base / 2 + random() * (base / 2);
}
