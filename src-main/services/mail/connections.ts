import tls from 'node:tls';
import { ImapFlow } from 'imapflow';
import nodemailer from 'nodemailer';
import type { AccountDraft, ServerSettings } from '../../../src-preload/contract';

/** A password (or app password) account, or an OAuth account with a fresh access token. */
export type Credentials = { user: string; pass: string } | { user: string; accessToken: string };

export interface ConnectionOptions {
  /** Up to the established (TLS) connection. */
  connectionTimeoutMs: number;
  /** From connected to the server's greeting, so a server that accepts and never speaks fails fast. */
  authTimeoutMs: number;
}

/** The account defaults (connectionTimeoutSec 10, authTimeoutSec 5). */
export const DEFAULT_CONNECTION_OPTIONS: ConnectionOptions = { connectionTimeoutMs: 10_000, authTimeoutMs: 5_000 };

export function connectionOptionsOf(account: Pick<AccountDraft, 'connectionTimeoutSec' | 'authTimeoutSec'>): ConnectionOptions {
  return { connectionTimeoutMs: account.connectionTimeoutSec * 1000, authTimeoutMs: account.authTimeoutSec * 1000 };
}

/**
 * How a server's certificate is checked, shared by the real connections and the
 * connection diagnosis so both always agree.
 *
 * Without a pin nothing is overridden: Node's default store applies, which also holds
 * NODE_EXTRA_CA_CERTS (a custom `ca` would drop those, see below).
 *
 * With a pin (the admin accepted this server's self-signed or private certificate),
 * that certificate joins the public roots as a trust anchor, and the host-name check is
 * skipped for exactly that certificate, since self-signed ones rarely name the host
 * as typed. A different untrusted certificate still fails with the usual chain error:
 * Node only calls checkServerIdentity after the chain verified, which is also why
 * rejectUnauthorized must stay true. A pinned server does not see NODE_EXTRA_CA_CERTS
 * (Node 20 has no API to read them back); the pin or a public CA must vouch for it.
 */
export function certificateCheck(server: ServerSettings): Pick<tls.ConnectionOptions, 'ca' | 'checkServerIdentity'> {
  const pinned = server.trustedCertificate;
  if (!pinned) return {};
  return {
    ca: [...tls.rootCertificates, pinned.pem],
    checkServerIdentity: (host, cert) => (cert.fingerprint256 === pinned.fingerprint256 ? undefined : tls.checkServerIdentity(host, cert)),
  };
}

/** Certificates are always verified: "none" means no encryption at all, never "encryption without checks". */
function tlsOptions(server: ServerSettings): tls.ConnectionOptions {
  return { ...certificateCheck(server), rejectUnauthorized: true };
}

/** A fresh ImapFlow per connection (an instance cannot reconnect). */
export function createImapClient(
  server: ServerSettings,
  credentials: Credentials,
  options: ConnectionOptions = DEFAULT_CONNECTION_OPTIONS,
): ImapFlow {
  return new ImapFlow({
    host: server.host,
    port: server.port,
    secure: server.security === 'tls',
    doSTARTTLS: server.security === 'starttls' ? true : server.security === 'none' ? false : undefined,
    auth: credentials,
    logger: false,
    connectionTimeout: options.connectionTimeoutMs,
    greetingTimeout: options.authTimeoutMs,
    tls: tlsOptions(server),
    clientInfo: { name: 'Mailroom' },
    // IDLE soon after the last command, so new mail is pushed within seconds.
    autoIdleDelay: 1000,
    // RFC 7162: expunges arrive as VANISHED UID sets, so a resync never compares every UID.
    qresync: true,
  });
}

export function createSmtpTransport(
  server: ServerSettings,
  credentials: Credentials,
  options: ConnectionOptions = DEFAULT_CONNECTION_OPTIONS,
) {
  return nodemailer.createTransport({
    host: server.host,
    port: server.port,
    secure: server.security === 'tls',
    requireTLS: server.security === 'starttls',
    ignoreTLS: server.security === 'none',
    auth: 'accessToken' in credentials ? { type: 'OAuth2', user: credentials.user, accessToken: credentials.accessToken } : credentials,
    // Always sign in. Otherwise nodemailer skips AUTH when the server does not offer it
    // (Postfix offers it only after STARTTLS), and verify() reports success unsigned.
    forceAuth: true,
    connectionTimeout: options.connectionTimeoutMs,
    greetingTimeout: options.authTimeoutMs,
    socketTimeout: 30_000,
    tls: tlsOptions(server),
  });
}
