import { ImapFlow } from 'imapflow';
import nodemailer from 'nodemailer';
import type { ServerSettings } from '../../../src-preload/contract';

export interface Credentials {
  user: string;
  pass: string;
}

const CONNECTION_TIMEOUT_MS = 10_000;
const GREETING_TIMEOUT_MS = 5_000;

/**
 * A fresh ImapFlow per connection (an instance cannot reconnect). Certificates are
 * always verified: "none" means no encryption at all, never "encryption without checks".
 */
export function createImapClient(server: ServerSettings, credentials: Credentials): ImapFlow {
  return new ImapFlow({
    host: server.host,
    port: server.port,
    secure: server.security === 'tls',
    doSTARTTLS: server.security === 'starttls' ? true : server.security === 'none' ? false : undefined,
    auth: credentials,
    logger: false,
    connectionTimeout: CONNECTION_TIMEOUT_MS,
    greetingTimeout: GREETING_TIMEOUT_MS,
    tls: { rejectUnauthorized: true },
    clientInfo: { name: 'Mailroom' },
    // IDLE soon after the last command, so new mail is pushed within seconds.
    autoIdleDelay: 1000,
  });
}

export function createSmtpTransport(server: ServerSettings, credentials: Credentials) {
  return nodemailer.createTransport({
    host: server.host,
    port: server.port,
    secure: server.security === 'tls',
    requireTLS: server.security === 'starttls',
    ignoreTLS: server.security === 'none',
    auth: credentials,
    connectionTimeout: CONNECTION_TIMEOUT_MS,
    greetingTimeout: GREETING_TIMEOUT_MS,
    socketTimeout: 30_000,
    tls: { rejectUnauthorized: true },
  });
}
