import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { PeerCertificate } from 'node:tls';
import { describe, expect, it } from 'vitest';
import type { ServerSettings } from '../../src-preload/contract';
import { explainError } from '../../src-main/services/errors/explain';
import { errorContextOf } from '../../src-main/services/mail/connections';
import { tlsInspectionOptions, tlsTrustOptions } from '../../src-main/services/mail/tls-trust';

// The fixture names 127.0.0.1 and localhost.
const pem = readFileSync(path.join(__dirname, '../support/tls/server.crt'), 'utf8');
const cert = new X509Certificate(pem);
const presented = cert.toLegacyObject() as PeerCertificate;
const pin = { fingerprint256: cert.fingerprint256, pem };
const server = (host: string, trustedCertificate: ServerSettings['trustedCertificate'] = null): ServerSettings => ({
  host,
  port: 993,
  security: 'tls',
  trustedCertificate,
});

describe('tlsTrustOptions', () => {
  it("leaves an unpinned server to Node's default store and host-name check", () => {
    expect(tlsTrustOptions(server('mail.example.com'))).toEqual({ servername: 'mail.example.com', rejectUnauthorized: true });
    // SNI carries names only.
    expect(tlsTrustOptions(server('127.0.0.1'))).toEqual({ rejectUnauthorized: true });
  });

  it('makes the pinned certificate, leaf or not, the only trust anchor', () => {
    const options = tlsTrustOptions(server('localhost', pin));
    expect(options).toMatchObject({ ca: [pem], allowPartialTrustChain: true, rejectUnauthorized: true });
  });

  it('requires the exact fingerprint and still checks the host name', () => {
    const check = (host: string, fingerprint256: string) => tlsTrustOptions(server(host, { ...pin, fingerprint256 })).checkServerIdentity!;
    expect(check('localhost', cert.fingerprint256)('localhost', presented)).toBeUndefined();
    expect(check('localhost', '00:11')('localhost', presented)).toMatchObject({ code: 'CERT_CHANGED' });
    expect(check('mail.example.com', cert.fingerprint256)('mail.example.com', presented)).toMatchObject({ code: 'ERR_TLS_CERT_ALTNAME_INVALID' });
  });

  it('lets only the inspection by the connection test finish an unverified handshake, with the same checks', () => {
    const pinned = server('localhost', pin);
    expect(tlsInspectionOptions(pinned)).toEqual({ ...tlsTrustOptions(pinned), rejectUnauthorized: false, checkServerIdentity: expect.any(Function) });
  });
});

describe('explaining a refused certificate', () => {
  const chainErrors = [
    { label: 'self-signed', err: Object.assign(new Error('self-signed certificate'), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }) },
    { label: 'unknown issuer', err: Object.assign(new Error('unable to verify the first certificate'), { code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' }) },
    // nodemailer keeps only the message, under ESOCKET.
    { label: 'unknown issuer, from nodemailer', err: Object.assign(new Error('unable to verify the first certificate'), { code: 'ESOCKET' }) },
  ];

  it.each(chainErrors)('calls an untrusted certificate ($label) a changed one only when the server is pinned', ({ err }) => {
    expect(explainError(err, errorContextOf('smtp', server('mail.example.com'))).cause).toMatch(/not signed by an authority this computer trusts/);
    const pinned = explainError(err, errorContextOf('smtp', server('mail.example.com', pin)));
    expect(pinned).toMatchObject({ code: 'net/tls-cert-changed', cause: 'mail.example.com presented a different certificate from the one you accepted for this account.' });
    expect(pinned.fix).toMatch(/someone may be intercepting/);
  });

  it("reads our changed-certificate refusal after nodemailer replaced its code, and keeps a pinned server's name mismatch as such", () => {
    const changed = Object.assign(new Error('Certificate changed: accepted AA:BB, presented CC:DD'), { code: 'ESOCKET' });
    expect(explainError(changed, errorContextOf('smtp', server('mail.example.com'))).cause).toMatch(/different certificate/);
    const wrongName = Object.assign(new Error("Hostname/IP does not match certificate's altnames"), { code: 'ERR_TLS_CERT_ALTNAME_INVALID' });
    expect(explainError(wrongName, errorContextOf('imap', server('mail.example.com', pin))).code).toBe('net/tls-hostname');
  });
});
