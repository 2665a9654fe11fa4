import type { Socket } from 'node:net';
import type { ImapFlow } from 'imapflow';

export interface HeartbeatTiming {
  /** How often a NOOP is sent. */
  intervalMs: number;
  /** How long the connection may stay silent, once a NOOP is issued, before it counts as dead. */
  answerWithinMs: number;
}

/** 25 s + 20 s: a dead connection is closed within 45 s, inside the product's 60 s. */
export const DEFAULT_HEARTBEAT_TIMING: Readonly<HeartbeatTiming> = Object.freeze({ intervalMs: 25_000, answerWithinMs: 20_000 });

/** How long a LOGOUT may take before the connection is simply closed. */
export const LOGOUT_WITHIN_MS = 3000;

/**
 * The socket under the session. imapflow 2.x keeps it in `client.socket` (for TLS the
 * TLS socket, so its data events carry decrypted bytes); the typings leave it out.
 */
function socketOf(client: ImapFlow): Socket | null {
  const socket = (client as unknown as { socket?: unknown }).socket;
  return socket && typeof (socket as Socket).on === 'function' ? (socket as Socket) : null;
}

/**
 * A silent TCP connection can be dead for many minutes before the OS notices
 * (a laptop changing networks, a NAT dropping state). A NOOP every interval closes
 * such a connection when nothing at all comes back within the answer time.
 *
 * The answer time counts silence, not the NOOP's own reply: imapflow runs commands
 * one at a time, so a NOOP queued behind a long FETCH on a slow link is only sent
 * when the FETCH ends. Every byte the server sends proves the link alive and restarts
 * the answer time. A dead link still sends nothing, so it is closed at most
 * interval + answer time after it died; the close event then starts the usual
 * reconnect. The heartbeat ends with the connection (or earlier through the
 * returned function). Tests pass short timings; the app uses the defaults.
 */
export function startHeartbeat(client: ImapFlow, timing: HeartbeatTiming = DEFAULT_HEARTBEAT_TIMING): () => void {
  let stopped = false;
  let lastHeardAt = Date.now();
  const heard = () => {
    lastHeardAt = Date.now();
  };
  // Read once: the socket only changes during connect() (STARTTLS), before the heartbeat starts.
  const socket = socketOf(client);
  socket?.on('data', heard);

  /** The watchdog of the NOOP in flight; one at a time, a later beat would only queue behind it. */
  let watchdog: NodeJS.Timeout | null = null;
  const settle = () => {
    if (watchdog) clearTimeout(watchdog);
    watchdog = null;
  };
  const dead = () => {
    if (stopped) return;
    stop();
    client.close();
  };
  const beat = () => {
    if (watchdog || stopped) return;
    const issuedAt = Date.now();
    const check = () => {
      const silentFor = Date.now() - Math.max(issuedAt, lastHeardAt);
      if (silentFor >= timing.answerWithinMs) dead();
      else watchdog = setTimeout(check, timing.answerWithinMs - silentFor);
    };
    watchdog = setTimeout(check, timing.answerWithinMs);
    client.noop().then(settle, dead);
  };
  const interval = setInterval(beat, timing.intervalMs);
  const stop = () => {
    stopped = true;
    clearInterval(interval);
    settle();
    socket?.off('data', heard);
  };
  client.once('close', stop);
  return stop;
}

/**
 * Ends a session politely when the server can still hear it: LOGOUT, bounded,
 * then close. A dead link never answers LOGOUT, and imapflow would otherwise wait
 * for its socket timeout (minutes) before giving up.
 */
export async function logoutWithin(client: ImapFlow, ms = LOGOUT_WITHIN_MS): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  await Promise.race([client.logout().catch(() => undefined), late]);
  clearTimeout(timer);
  client.close();
}
