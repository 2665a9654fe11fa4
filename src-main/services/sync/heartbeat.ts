import type { ImapFlow } from 'imapflow';

export interface HeartbeatTiming {
  /** How often a NOOP is sent. */
  intervalMs: number;
  /** How long a NOOP may go unanswered before the connection counts as dead. */
  answerWithinMs: number;
}

/** 25 s + 20 s: a dead connection is closed within 45 s, inside the product's 60 s. */
export const DEFAULT_HEARTBEAT_TIMING: Readonly<HeartbeatTiming> = Object.freeze({ intervalMs: 25_000, answerWithinMs: 20_000 });

/**
 * A silent TCP connection can be dead for many minutes before the OS notices
 * (a laptop changing networks, a NAT dropping state). A NOOP every interval that
 * must be answered in time closes such a connection within interval + answer time;
 * the close event then starts the usual reconnect. Returns the function that stops
 * the heartbeat. Tests pass short timings; the app uses the defaults.
 */
export function startHeartbeat(client: ImapFlow, timing: HeartbeatTiming = DEFAULT_HEARTBEAT_TIMING): () => void {
  let stopped = false;
  const beat = async () => {
    let timer: NodeJS.Timeout | undefined;
    const silent = new Promise<'silent'>((resolve) => {
      timer = setTimeout(() => resolve('silent'), timing.answerWithinMs);
    });
    const answered = client.noop().then(
      () => 'answered' as const,
      () => 'silent' as const,
    );
    const outcome = await Promise.race([answered, silent]);
    clearTimeout(timer);
    if (outcome === 'silent' && !stopped) client.close();
  };
  const interval = setInterval(() => void beat(), timing.intervalMs);
  return () => {
    stopped = true;
    clearInterval(interval);
  };
}
