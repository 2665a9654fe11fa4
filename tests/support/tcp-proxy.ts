/**
 * A loopback TCP proxy between the app and a server, to break connections on
 * command: cut them the way a dropped Wi-Fi does (both sides see the close), or
 * freeze them the way a NAT that lost its state or a laptop that changed networks
 * does (the sockets stay open and nothing gets through, in either direction).
 */
import net from 'node:net';

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
  /** How many connections are open now and still forwarding (frozen ones do not count). */
  open(): number;
  close(): Promise<void>;
}

interface Pair {
  client: net.Socket;
  upstream: net.Socket;
  frozen: boolean;
}

export async function startTcpProxy(targetPort: number, targetHost = '127.0.0.1'): Promise<TcpProxy> {
  const pairs = new Set<Pair>();
  const server = net.createServer((client) => {
    const pair: Pair = { client, upstream: net.connect(targetPort, targetHost), frozen: false };
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
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('proxy has no port');
  const destroyAll = () => {
    for (const pair of pairs) {
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
        if (pair.frozen || pair.client.destroyed || pair.upstream.destroyed) continue;
        pair.frozen = true;
        frozen += 1;
        for (const socket of [pair.client, pair.upstream]) {
          socket.unpipe();
          // Keep reading and drop it, like a route to nowhere: a paused socket would push back instead.
          socket.on('data', () => undefined);
          socket.resume();
        }
      }
      return frozen;
    },
    open: () => [...pairs].filter((p) => !p.frozen && !p.client.destroyed && !p.upstream.destroyed).length,
    close: async () => {
      destroyAll();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
