import { describe, expect, it } from 'vitest';
import type { ConnectionTestResult, ErrorCode } from '../../src-preload/contract';
import { fixesFor } from '../../src-renderer/features/accounts/connection-fixes';
import { INITIAL_FIELDS, suggestKey, type DraftFields } from '../../src-renderer/features/accounts/draft';

const fields = (over: Partial<DraftFields>): DraftFields => ({ ...INITIAL_FIELDS, 'imap.host': 'imap.example.org', 'smtp.host': 'smtp.example.org', ...over });
const failed = (step: string, code: ErrorCode): ConnectionTestResult =>
  ({ ok: false, folders: [], steps: [{ step, ok: false, error: { code, cause: 'c', fix: 'f' } }] }) as ConnectionTestResult;
const none = { imap: [], smtp: [] };

describe('fixesFor', () => {
  it('SSL/TLS on the submission port: switch to STARTTLS on that port, or SSL/TLS on 465', () => {
    const fixes = fixesFor(failed('smtp-tls', 'net/tls-mismatch'), fields({ 'smtp.port': '587', 'smtp.security': 'tls' }), none);
    expect(fixes.map((f) => f.label)).toEqual(['Switch to STARTTLS on 587', 'Use port 465 with SSL/TLS']);
    expect(fixes[0]).toMatchObject({ kind: 'smtp', host: 'smtp.example.org', port: 587, security: 'starttls' });
  });

  it('STARTTLS on 993 (the server waits for a TLS hello): SSL/TLS on 993', () => {
    const fixes = fixesFor(failed('imap-tcp', 'net/greeting-timeout'), fields({ 'imap.port': '993', 'imap.security': 'starttls' }), none);
    expect(fixes.map((f) => f.label)).toEqual(['Switch to SSL/TLS on 993']);
  });

  it('no STARTTLS offered, or a password refused without encryption: the encrypted ports', () => {
    expect(fixesFor(failed('imap-tls', 'net/starttls-unavailable'), fields({ 'imap.port': '143', 'imap.security': 'starttls' }), none).map((f) => f.label)).toEqual([
      'Use port 993 with SSL/TLS',
    ]);
    expect(fixesFor(failed('smtp-login', 'auth/encryption-required'), fields({ 'smtp.port': '25', 'smtp.security': 'none' }), none).map((f) => f.label)).toEqual([
      'Use port 465 with SSL/TLS',
      'Use port 587 with STARTTLS',
    ]);
  });

  it('a name that does not resolve: the servers discovery found instead', () => {
    const found = { imap: [{ host: 'mail.example.org', port: 993, security: 'tls' as const, source: 'srv' as const }], smtp: [] };
    expect(fixesFor(failed('imap-dns', 'net/host-not-found'), fields({}), found)).toEqual([{ kind: 'imap', label: 'Use mail.example.org (port 993, SSL/TLS)', host: 'mail.example.org', port: 993, security: 'tls' }]);
  });

  it('offers nothing where the fix is not a setting (wrong password, untrusted certificate)', () => {
    expect(fixesFor(failed('imap-login', 'auth/failed'), fields({}), none)).toEqual([]);
    expect(fixesFor(failed('imap-tls', 'net/tls-untrusted'), fields({}), none)).toEqual([]);
  });
});

describe('suggestKey', () => {
  it('makes the key from the name: initials of several words, the first three letters of one', () => {
    expect(suggestKey('Customer Support')).toBe('CS');
    expect(suggestKey('Sales')).toBe('SAL');
    expect(suggestKey('  ')).toBe('');
    expect(suggestKey('a b c d e f g')).toBe('ABCDE');
  });
});
