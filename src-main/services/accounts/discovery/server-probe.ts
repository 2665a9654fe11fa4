/**
 * Whether a mail server answers at host:port with the given encryption: for SSL/TLS the
 * handshake and the greeting, for STARTTLS the greeting and STARTTLS among the
 * capabilities. Nothing is signed in and no password is sent, so the certificate is not
 * judged here: the connection test checks it and offers to trust it.
 */
import net from 'node:net';
import tls from 'node:tls';
import type { Security } from '../../../../src-preload/contract';

export interface ProbeTarget {
  protocol: 'imap' | 'smtp';
  host: string;
  port: number;
  security: Security;
}

/** The greeting line and what to send next, per protocol. */
const DIALOG = {
  imap: { greeting: /^\* (OK|PREAUTH)\b/i, ask: 'a1 CAPABILITY\r\n', done: /^a1 /i, bye: 'a2 LOGOUT\r\n' },
  smtp: { greeting: /^220[ -]/, ask: 'EHLO mailroom.invalid\r\n', done: /^\d{3} /, bye: 'QUIT\r\n' },
} as const;

export function probeServer(target: ProbeTarget, options: { lookup: net.LookupFunction; timeoutMs: number }): Promise<boolean> {
  return new Promise((resolve) => {
    const dialog = DIALOG[target.protocol];
    const socket =
      target.security === 'tls'
        ? tls.connect({ host: target.host, port: target.port, servername: target.host, lookup: options.lookup, rejectUnauthorized: false })
        : net.connect({ host: target.host, port: target.port, lookup: options.lookup });
    let settled = false;
    const finish = (found: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (found && !socket.destroyed) socket.end(dialog.bye);
      socket.destroy();
      resolve(found);
    };
    const timer = setTimeout(() => finish(false), options.timeoutMs);
    let buffer = '';
    let greeted = false;
    let capabilities = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      // A server that talks this much before a line ends is not one we want.
      if (buffer.length > 64 * 1024) return finish(false);
      let newline = buffer.indexOf('\n');
      while (newline >= 0) {
        const line = buffer.slice(0, newline).replace(/\r$/, '');
        buffer = buffer.slice(newline + 1);
        if (!greeted) {
          if (!dialog.greeting.test(line)) return finish(false);
          if (target.protocol === 'smtp' && /^220-/.test(line)) {
            newline = buffer.indexOf('\n');
            continue;
          }
          greeted = true;
          // A greeting over TLS, or over plain text where encryption is not asked for, is enough.
          if (target.security !== 'starttls') return finish(true);
          socket.write(dialog.ask);
        } else {
          capabilities += `${line}\n`;
          if (dialog.done.test(line)) return finish(/STARTTLS/i.test(capabilities));
        }
        newline = buffer.indexOf('\n');
      }
    });
    socket.on('error', () => finish(false));
    socket.on('close', () => finish(false));
  });
}
