import type { ImapFlow } from 'imapflow';

const INTERVAL_MS = 25_000;
const ANSWER_WITHIN_MS = 20_000;

/**
 * A silent TCP connection can be dead for many minutes before the OS notices
 * (a laptop changing networks, a NAT dropping state). A NOOP every 25 s that must
 * be answered within 20 s closes such a connection within 45 s; the close event
 * then starts the usual reconnect. Returns the function that stops the heartbeat.
 */
export function startHeartbeat(client: ImapFlow): () => void {
  let stopped = false;
  const beat = async () => {
    let timer: NodeJS.Timeout | undefined;
    const silent = new Promise<'silent'>((resolve) => {
      timer = setTimeout(() => resolve('silent'), ANSWER_WITHIN_MS);
    });
    const answered = client.noop().then(
      () => 'answered' as const,
      () => 'silent' as const,
    );
    const outcome = await Promise.race([answered, silent]);
    clearTimeout(timer);
    if (outcome === 'silent' && !stopped) client.close();
  };
  const interval = setInterval(() => void beat(), INTERVAL_MS);
  return () => {
    stopped = true;
    clearInterval(interval);
  };
}
