/**
 * A loopback proxy in front of the test Dovecot's plain IMAP port that reads the
 * client's command lines, so a test can stop a sync at one exact command: hold it
 * unsent (the server never acts on it), or let it through and drop the server's
 * answers (the server acts, the client never hears of it). Plain IMAP because the
 * proxy has to read the commands.
 */
import net from 'node:net';

export interface ImapGate {
  port: number;
  /** The next client command matching pattern, and everything after it on that connection, wait unsent until release(). */
  holdAt(pattern: RegExp): void;
  /** The next client command matching pattern goes through; from then on the server's bytes on that connection are dropped. */
  muteAfter(pattern: RegExp): void;
  /** The command that tripped the armed gate, tag included; null until then. */
  tripped(): string | null;
  /** Sends what a hold kept and disarms the gate; muted connections stay muted. */
  release(): void;
  close(): Promise<void>;
}

interface Gate {
  pattern: RegExp;
  mode: 'hold' | 'mute';
  tripped: string | null;
}

interface Connection {
  client: net.Socket;
  upstream: net.Socket;
  /** Client bytes not yet a whole line. */
  partial: string;
  /** Client bytes kept back by a hold. */
  held: string[] | null;
  muted: boolean;
}

/** A pattern for holdAt that matches only the nth line `pattern` matches: e.g. the sync's folder listing after the connection test's. */
export function nthMatch(pattern: RegExp, n: number): RegExp {
  let seen = 0;
  const nth = new RegExp(pattern.source, pattern.flags);
  nth.test = (line: string) => pattern.test(line) && ++seen === n;
  return nth;
}

export async function startImapGate(plainImapPort: number): Promise<ImapGate> {
  const connections = new Set<Connection>();
  let gate: Gate | null = null;
  const fromClient = (c: Connection, chunk: Buffer) => {
    const lines = (c.partial + chunk.toString('latin1')).split(/(?<=\r\n)/);
    c.partial = lines[lines.length - 1]!.endsWith('\r\n') ? '' : lines.pop()!;
    for (const line of lines) {
      if (c.held) {
        c.held.push(line);
        continue;
      }
      if (gate && !gate.tripped && gate.pattern.test(line)) {
        gate.tripped = line.trimEnd();
        if (gate.mode === 'hold') {
          c.held = [line];
          continue;
        }
        c.upstream.write(line, 'latin1');
        c.muted = true;
        continue;
      }
      c.upstream.write(line, 'latin1');
    }
  };
  const server = net.createServer((client) => {
    const c: Connection = { client, upstream: net.connect(plainImapPort, '127.0.0.1'), partial: '', held: null, muted: false };
    connections.add(c);
    client.on('data', (chunk: Buffer) => fromClient(c, chunk));
    c.upstream.on('data', (chunk: Buffer) => {
      if (!c.muted) client.write(chunk);
    });
    for (const socket of [client, c.upstream]) {
      socket.on('error', () => socket.destroy());
      socket.on('close', () => {
        client.destroy();
        c.upstream.destroy();
        connections.delete(c);
      });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('gate has no port');
  return {
    port: address.port,
    holdAt: (pattern) => {
      gate = { pattern, mode: 'hold', tripped: null };
    },
    muteAfter: (pattern) => {
      gate = { pattern, mode: 'mute', tripped: null };
    },
    tripped: () => gate?.tripped ?? null,
    release: () => {
      gate = null;
      for (const c of connections) {
        const held = c.held;
        c.held = null;
        for (const line of held ?? []) c.upstream.write(line, 'latin1');
      }
    },
    close: async () => {
      for (const c of connections) {
        c.client.destroy();
        c.upstream.destroy();
      }
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
