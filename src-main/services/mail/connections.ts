import { ImapFlow } from 'imapflow';
import nodemailer from 'nodemailer';
import type { AccountDraft, ServerSettings } from '../../../src-preload/contract';
import type { ErrorContext } from '../errors/explain';
import { imapTraceLogger } from '../sync/sync-trace';
import { tlsTrustOptions } from './tls-trust';

/** A password (or app password) account, or an OAuth account with a fresh access token. */
export type Credentials = { user: string; pass: string } | { user: string; accessToken: string };

export interface ConnectionOptions {
  /** Up to the established (TLS) connection. */
  connectionTimeoutMs: number;
  /** From connected to the server's greeting, so a server that accepts and never speaks fails fast. */
  authTimeoutMs: number;
  /** Breaks and restarts IDLE this often (the INBOX watcher: account-sync.ts); none: IDLE until a command. */
  restartIdleMs?: number;
}

/** The account defaults (connectionTimeoutSec 10, authTimeoutSec 5). */
export const DEFAULT_CONNECTION_OPTIONS: ConnectionOptions = { connectionTimeoutMs: 10_000, authTimeoutMs: 5_000 };

export function connectionOptionsOf(account: Pick<AccountDraft, 'connectionTimeoutSec' | 'authTimeoutSec'>): ConnectionOptions {
  return { connectionTimeoutMs: account.connectionTimeoutSec * 1000, authTimeoutMs: account.authTimeoutSec * 1000 };
}

/** How explainError reads a failure on this server: with a pin, any untrusted certificate is a changed one. */
export function errorContextOf(protocol: 'imap' | 'smtp', server: ServerSettings): ErrorContext {
  return { protocol, host: server.host, port: server.port, pinnedCertificate: Boolean(server.trustedCertificate) };
}

/** A fresh ImapFlow per connection (an instance cannot reconnect). */
export function createImapClient(
  server: ServerSettings,
  credentials: Credentials,
  options: ConnectionOptions = DEFAULT_CONNECTION_OPTIONS,
): ImapFlow {
  const client = new ImapFlow({
    host: server.host,
    port: server.port,
    secure: server.security === 'tls',
    doSTARTTLS: server.security === 'starttls' ? true : server.security === 'none' ? false : undefined,
    auth: credentials,
    logger: imapTraceLogger(`${server.host}:${server.port}`),
    connectionTimeout: options.connectionTimeoutMs,
    greetingTimeout: options.authTimeoutMs,
    tls: tlsTrustOptions(server),
    clientInfo: { name: 'Mailroom' },
    // IDLE soon after the last command, so new mail is pushed within seconds.
    autoIdleDelay: 1000,
    ...(options.restartIdleMs ? { maxIdleTime: options.restartIdleMs } : {}),
    // RFC 7162: expunges arrive as VANISHED UID sets, so a resync never compares every UID.
    qresync: true,
  });
  // Failures reach callers as rejected commands and a 'close'. The listener is here, before connect():
  // a link lost mid-login rejects connect() and then emits the session's own failure, which with no
  // listener yet would be an unhandled rejection (and end the browser host's process).
  client.on('error', () => undefined);
  return client;
}

/** Where and how to reach an SMTP server: what the transport and a bare SMTP connection (the outbox) share. */
export function smtpConnectionOptions(server: ServerSettings, options: ConnectionOptions = DEFAULT_CONNECTION_OPTIONS) {
  return {
    host: server.host,
    port: server.port,
    secure: server.security === 'tls',
    requireTLS: server.security === 'starttls',
    ignoreTLS: server.security === 'none',
    connectionTimeout: options.connectionTimeoutMs,
    greetingTimeout: options.authTimeoutMs,
    socketTimeout: 30_000,
    tls: tlsTrustOptions(server),
  };
}

export function createSmtpTransport(
  server: ServerSettings,
  credentials: Credentials,
  options: ConnectionOptions = DEFAULT_CONNECTION_OPTIONS,
) {
  return nodemailer.createTransport({
    ...smtpConnectionOptions(server, options),
    auth: 'accessToken' in credentials ? { type: 'OAuth2', user: credentials.user, accessToken: credentials.accessToken } : credentials,
    // Always sign in. Otherwise nodemailer skips AUTH when the server does not offer it
    // (Postfix offers it only after STARTTLS), and verify() reports success unsigned.
    forceAuth: true,
  });
}
