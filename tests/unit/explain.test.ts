import { describe, expect, it } from 'vitest';
import { explainError, isNetworkError } from '../../src-main/services/errors/explain';

const withProps = (message: string, props: Record<string, unknown>) => Object.assign(new Error(message), props);

describe('explainError', () => {
  it('explains an IMAP authentication failure with a fix', () => {
    const info = explainError(withProps('Authentication failed', { authenticationFailed: true, serverResponseCode: 'AUTHENTICATIONFAILED' }), {
      protocol: 'imap',
    });
    expect(info.code).toBe('auth/failed');
    expect(info.cause).toMatch(/IMAP server rejected/);
    expect(info.fix).toMatch(/app password/);
  });

  it('explains SMTP 535 and 534 (app password required) differently', () => {
    expect(explainError(withProps('Invalid login: 535 5.7.8', { code: 'EAUTH', responseCode: 535 }), { protocol: 'smtp' }).code).toBe('auth/failed');
    expect(
      explainError(withProps('534-5.7.9 Application-specific password required', { code: 'EAUTH', responseCode: 534 }), { protocol: 'smtp' }).code,
    ).toBe('auth/app-password-required');
  });

  it('names the host and port when the connection is refused', () => {
    const info = explainError(withProps('connect ECONNREFUSED 127.0.0.1:1', { code: 'ECONNREFUSED' }), { host: '127.0.0.1', port: 1 });
    expect(info.code).toBe('net/refused');
    expect(info.cause).toContain('127.0.0.1:1');
    expect(isNetworkError(info)).toBe(true);
  });

  it('recognises untrusted certificates and TLS/port mismatches', () => {
    expect(explainError(withProps('self-signed certificate', { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' })).code).toBe('net/tls-untrusted');
    // nodemailer keeps only the message, under ESOCKET
    expect(explainError(withProps('self-signed certificate', { code: 'ESOCKET' }), { protocol: 'smtp' }).code).toBe('net/tls-untrusted');
    expect(explainError(withProps('ssl3_get_record:wrong version number', { code: 'EPROTO' }), { protocol: 'smtp', port: 587 }).fix).toMatch(/465/);
  });

  it('maps SMTP sender refusals and DNS failures', () => {
    expect(explainError(withProps('550 5.7.1 not allowed', { responseCode: 550 }), { protocol: 'smtp' }).code).toBe('smtp/sender-rejected');
    expect(explainError(withProps('getaddrinfo ENOTFOUND imap.nowhere', { code: 'ENOTFOUND' }), { host: 'imap.nowhere' }).cause).toContain('imap.nowhere');
  });

  it('never returns an empty explanation', () => {
    const info = explainError('weird');
    expect(info.code).toBe('unknown');
    expect(info.fix.length).toBeGreaterThan(10);
  });
});
