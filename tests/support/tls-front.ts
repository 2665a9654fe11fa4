/**
 * A TLS front for the test Dovecot's plain IMAP port whose certificate a test can
 * swap while accounts sync through it: a server that presents another certificate
 * (renewed, or someone intercepting) to the next connection. Minimal on purpose;
 * certificates here are made with openssl, as an admin would.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';

export interface KeyPair {
  cert: string;
  key: string;
}

export interface TlsFront {
  port: number;
  /** New connections get this certificate; open ones keep theirs. */
  present(pair: KeyPair): void;
  /** Destroys every open connection (both sides), as a server restart does. */
  cutAll(): void;
  close(): Promise<void>;
}

/** A fresh self-signed certificate for 127.0.0.1, trusted by nobody. */
export function selfSignedPair(): KeyPair {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mailroom-cert-'));
  try {
    const [key, cert] = [path.join(dir, 'key.pem'), path.join(dir, 'cert.pem')];
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '2', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
    return { cert: fs.readFileSync(cert, 'utf8'), key: fs.readFileSync(key, 'utf8') };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export async function startTlsFront(plainImapPort: number, initial: KeyPair): Promise<TlsFront> {
  const open = new Set<net.Socket>();
  const server = tls.createServer(initial, (client) => {
    const upstream = net.connect(plainImapPort, '127.0.0.1');
    for (const socket of [client, upstream]) {
      open.add(socket);
      socket.on('error', () => socket.destroy());
      socket.on('close', () => {
        open.delete(socket);
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream).pipe(client);
  });
  server.on('tlsClientError', () => undefined); // a client refusing the certificate is what some tests want
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const cutAll = () => {
    for (const socket of open) socket.destroy();
  };
  return {
    port: (server.address() as net.AddressInfo).port,
    present: (pair) => server.setSecureContext(pair),
    cutAll,
    close: async () => {
      cutAll();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
