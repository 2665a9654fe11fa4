/**
 * An SMTP proxy between Mailroom and the test Postfix that can lose a reply the way a
 * dropped link does at the worst moment: the client's final DATA dot reaches Postfix,
 * Postfix queues the mail and answers 250, and both connections are cut before that
 * answer gets back. The mail IS delivered and the client cannot know (RFC 5321 4.1.1.4).
 *
 * Both legs are TLS (implicit, port-465 style: the account uses security 'tls' to the
 * proxy, the proxy speaks to Postfix's SMTPS port), so the proxy sees the SMTP dialogue
 * in clear, with the fixture certificate the test commands trust for 127.0.0.1.
 */
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import tls from 'node:tls';

export interface SmtpCutProxy {
  port: number;
  /** The next connection whose client sends a final DATA dot is cut before Postfix's answer gets back. */
  cutAfterNextDot(): void;
  /** Postfix's answers that were dropped by a cut, in order (e.g. "250 2.0.0 Ok: queued as 4Xy…"). */
  swallowed(): string[];
  close(): Promise<void>;
}

const FIXTURE = path.join(__dirname, 'tls');
/** The end of DATA: a line holding a single dot. Dot-stuffing keeps it out of the message itself, and no command line is a lone dot. */
const FINAL_DOT = Buffer.from('\r\n.\r\n');

export async function startSmtpCutProxy(smtpsPort: number, serverCertPem: string): Promise<SmtpCutProxy> {
  const open = new Set<net.Socket>();
  const dropped: string[] = [];
  let armed = false;

  const server = tls.createServer({ cert: fs.readFileSync(path.join(FIXTURE, 'server.crt')), key: fs.readFileSync(path.join(FIXTURE, 'server.key')) }, (client) => {
    const upstream = tls.connect({ host: '127.0.0.1', port: smtpsPort, ca: serverCertPem });
    const cutBoth = () => {
      client.destroy();
      upstream.destroy();
    };
    for (const socket of [client, upstream]) {
      open.add(socket);
      socket.on('error', cutBoth);
      socket.on('close', () => {
        open.delete(socket);
        cutBoth();
      });
    }
    upstream.pipe(client);

    // The last bytes of the client's stream, so a dot line split across chunks is still seen.
    let tail = Buffer.alloc(0);
    const fromClient = (chunk: Buffer) => {
      const seen = Buffer.concat([tail, chunk]);
      const at = armed ? seen.indexOf(FINAL_DOT) : -1;
      if (at < 0) {
        tail = seen.subarray(Math.max(0, seen.length - (FINAL_DOT.length - 1)));
        upstream.write(chunk);
        return;
      }
      armed = false;
      // Postfix gets everything up to and including the dot, the client gets nothing more.
      client.off('data', fromClient);
      upstream.unpipe(client);
      upstream.write(chunk.subarray(0, at + FINAL_DOT.length - tail.length));
      let answer = '';
      upstream.on('data', (reply: Buffer) => {
        answer += reply.toString('latin1');
        // Cut once Postfix answered the dot (its final reply line has a space after the code): it has queued the mail or refused it.
        if (/^\d{3} [^\r\n]*\r\n/m.test(answer)) {
          dropped.push(answer.trimEnd());
          cutBoth();
        }
      });
      // unpipe() paused it, and a new 'data' listener does not undo an explicit pause.
      upstream.resume();
    };
    client.on('data', fromClient);
  });
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const cutAll = () => {
    for (const socket of open) socket.destroy();
  };
  return {
    port: (server.address() as net.AddressInfo).port,
    cutAfterNextDot: () => {
      armed = true;
    },
    swallowed: () => [...dropped],
    close: async () => {
      cutAll();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
