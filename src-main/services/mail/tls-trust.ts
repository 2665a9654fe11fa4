import net from 'node:net';
import tls from 'node:tls';
import type { ServerSettings } from '../../../src-preload/contract';

/**
 * Which server certificates a connection accepts: the one place that decides it, for
 * IMAP and SMTP (imapflow's and nodemailer's `tls` options), the header workers
 * (through the same clients) and the connection test's look at the certificate.
 *
 * Without a pin nothing is overridden: Node's default store decides (the public roots
 * plus NODE_EXTRA_CA_CERTS), and the host name is checked as usual.
 *
 * With a pin (the admin accepted this server's certificate by its SHA-256 fingerprint),
 * that certificate is the only trust anchor, and it may be a leaf: OpenSSL's partial
 * chain lets a leaf from a private CA the server does not send (or this computer does
 * not know) end the chain, which a self-signed leaf does anyway. So the handshake
 * itself fails for any other certificate, public or not, and the clients write nothing
 * over the connection (with STARTTLS only the plain greeting and STARTTLS came before).
 * When the chain did verify, Node calls checkServerIdentity, still during the
 * handshake, which requires the exact fingerprint (a chain could also end at a pinned
 * certificate that signs others) and then checks the host name as for any certificate.
 * Node skips that call only for a resumed TLS session, and our clients resume none.
 * allowPartialTrustChain needs Node 20.18 / 22.9; an older one ignores it and refuses
 * a pinned private-CA leaf, so the check fails closed.
 */
export function tlsTrustOptions(server: ServerSettings): tls.ConnectionOptions {
  // SNI takes names only; for an IP literal Node checks the certificate against `host`.
  const name = net.isIP(server.host) ? {} : { servername: server.host };
  const pinned = server.trustedCertificate;
  if (!pinned) return { ...name, rejectUnauthorized: true };
  return {
    ...name,
    ca: [pinned.pem],
    allowPartialTrustChain: true,
    checkServerIdentity: (host, cert) =>
      cert.fingerprint256 === pinned.fingerprint256 ? tls.checkServerIdentity(host, cert) : certificateChanged(pinned.fingerprint256, cert.fingerprint256),
    rejectUnauthorized: true,
  };
}

/**
 * The same checks for the connection test's TLS step, which must see a refused
 * certificate to show it to the admin: the handshake may finish unverified, and the
 * caller reads the verdict from `authorized`/`authorizationError`, sends nothing over
 * the socket and closes it at once.
 */
export function tlsInspectionOptions(server: ServerSettings): tls.ConnectionOptions {
  return { ...tlsTrustOptions(server), rejectUnauthorized: false };
}

/** A pinned server presented another certificate: explained as possible interception (code CERT_CHANGED). */
export function certificateChanged(accepted: string, presented: string | undefined, reason?: string): Error {
  const why = reason ? ` (${reason})` : '';
  return Object.assign(new Error(`Certificate changed: accepted ${accepted}, presented ${presented ?? 'none'}${why}`), { code: 'CERT_CHANGED' });
}
