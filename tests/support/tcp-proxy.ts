/**
 * A loopback TCP proxy between the app and a server, to break connections on
 * command: cut them the way a dropped Wi-Fi does (both sides see the close), or
 * freeze them the way a NAT that lost its state or a laptop that changed networks
 * does (the sockets stay open and nothing gets through, in either direction), or
 * throttle them the way a slow but working link does.
 */
import net from 'node:net';
import { Transform } from 'node:stream';

export interface TcpProxy {
  port: number;
  /** Destroys every open connection (both sides, frozen ones too); new ones are still accepted. */
  cutAll(): void;
  /**
   * Black-holes every open connection: bytes from either side are read and dropped,
   * and neither side is closed, not even when the other one closes (no FIN gets
   * through either). New connections are forwarded as usual. Returns how many froze.
   */
  freezeAll(): number;
  /**
   * Slows the server's bytes to the client on every open connection to about
   * bytesPerSecond, in small steady pieces: a slow link that keeps delivering.
   * The other direction and new connections are not touched. Returns how many.
   */
  throttleAll(bytesPerSecond: number): number;
  /** Throttles every connection opened from now on like throttleAll (null: new ones go at full speed again). */
  throttleNew(bytesPerSecond: number | null): void;
  /**
   * While on, new connections are accepted but wait (unread) before the proxy
   * connects them on, like a server slow to answer; off releases the waiting ones.
   */
  hold(on: boolean): void;
  /** How many connections wait in hold. */
  held(): number;
  /** Refuses (closes at once) connections beyond this many open ones, like a server's per-user limit; null: no limit. */
  limit(open: number | null): void;
  /** How many connections are open now and still forwarding (frozen ones do not count). */
  open(): number;
  close(): Promise<void>;
}

interface Pair {
  client: net.Socket;
  upstream: net.Socket;
  frozen: boolean;
  /** Between upstream and client once throttled. */
  throttle: Transform | null;
}

/** Passes bytes on in pieces of a twentieth of a second each, paced to bytesPerSecond; pipe() back-pressure does the rest. */
function throttle(bytesPerSecond: number): Transform {
  const piece = Math.max(1, Math.floor(bytesPerSecond / 20));
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      let offset = 0;
      const next = () => {
        if (offset >= chunk.length || this.destroyed) return done();
        const part = chunk.subarray(offset, offset + piece);
        offset += part.length;
        this.push(part);
        setTimeout(next, (part.length / bytesPerSecond) * 1000);
      };
      next();
    },
  });
}

export async function startTcpProxy(targetPort: number, targetHost = '127.0.0.1'): Promise<TcpProxy> {
  const pairs = new Set<Pair>();
  const waiting: net.Socket[] = [];
  let holding = false;
  let maxOpen: number | null = null;
  let newRate: number | null = null;
  const slowDown = (pair: Pair, bytesPerSecond: number) => {
    const slow = throttle(bytesPerSecond);
    slow.on('error', () => undefined);
    pair.upstream.unpipe(pair.client);
    pair.upstream.pipe(slow).pipe(pair.client);
    pair.throttle = slow;
  };
  const link = (client: net.Socket) => {
    if (client.destroyed) return;
    const pair: Pair = { client, upstream: net.connect(targetPort, targetHost), frozen: false, throttle: null };
    pairs.add(pair);
    for (const [socket, other] of [
      [pair.client, pair.upstream],
      [pair.upstream, pair.client],
    ] as const) {
      socket.pipe(other);
      socket.on('error', () => socket.destroy());
      socket.on('close', () => {
        if (!pair.frozen) other.destroy();
        if (pair.client.destroyed && pair.upstream.destroyed) pairs.delete(pair);
      });
    }
    if (newRate !== null) slowDown(pair, newRate);
  };
  const live = (pair: Pair) => !pair.frozen && !pair.client.destroyed && !pair.upstream.destroyed;
  const server = net.createServer((client) => {
    if (maxOpen !== null && [...pairs].filter(live).length >= maxOpen) return client.destroy();
    if (!holding) return link(client);
    client.pause();
    client.on('error', () => client.destroy());
    waiting.push(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('proxy has no port');
  const destroyAll = () => {
    for (const client of waiting.splice(0)) client.destroy();
    for (const pair of pairs) {
      pair.throttle?.destroy();
      pair.client.destroy();
      pair.upstream.destroy();
    }
  };
  return {
    port: address.port,
    cutAll: destroyAll,
    freezeAll: () => {
      let frozen = 0;
      for (const pair of pairs) {
        if (!live(pair)) continue;
        pair.frozen = true;
        frozen += 1;
        // Whatever the throttle still holds is lost on the way too.
        pair.throttle?.unpipe();
        pair.throttle?.destroy();
        for (const socket of [pair.client, pair.upstream]) {
          socket.unpipe();
          // Keep reading and drop it, like a route to nowhere: a paused socket would push back instead.
          socket.on('data', () => undefined);
          socket.resume();
        }
      }
      return frozen;
    },
    throttleAll: (bytesPerSecond) => {
      let throttled = 0;
      for (const pair of pairs) {
        if (!live(pair) || pair.throttle) continue;
        slowDown(pair, bytesPerSecond);
        throttled += 1;
      }
      return throttled;
    },
    throttleNew: (bytesPerSecond) => {
      newRate = bytesPerSecond;
    },
    hold: (on) => {
      holding = on;
      if (!on) for (const client of waiting.splice(0)) link(client);
    },
    held: () => waiting.filter((c) => !c.destroyed).length,
    limit: (open) => {
      maxOpen = open;
    },
    open: () => [...pairs].filter(live).length,
    close: async () => {
      destroyAll();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
