/**
 * A loopback TCP proxy between the app and a server, to cut connections on
 * command the way a dropped Wi-Fi or a NAT timeout does.
 */
import net from 'node:net';

export interface TcpProxy {
  port: number;
  /** Destroys every open connection (both sides); new ones are still accepted. */
  cutAll(): void;
  /** How many connections are open now. */
  open(): number;
  close(): Promise<void>;
}

export async function startTcpProxy(targetPort: number, targetHost = '127.0.0.1'): Promise<TcpProxy> {
  const sockets = new Set<net.Socket>();
  const track = (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  };
  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, targetHost);
    track(client);
    track(upstream);
    client.pipe(upstream);
    upstream.pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('proxy has no port');
  return {
    port: address.port,
    cutAll: () => {
      for (const socket of sockets) socket.destroy();
    },
    open: () => sockets.size / 2,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
