import { describe, expect, it } from 'vitest';
import { MAX_EXTERNAL_URL_LENGTH, parseSafeExternalUrl } from '../../src-preload/safe-external-url';

describe('parseSafeExternalUrl', () => {
  it('accepts plain web links and returns the normalized URL', () => {
    expect(parseSafeExternalUrl('https://example.com/help?q=1#top')?.href).toBe('https://example.com/help?q=1#top');
    expect(parseSafeExternalUrl('http://example.com')?.href).toBe('http://example.com/');
    expect(parseSafeExternalUrl('HTTPS://Example.COM/Path')?.href).toBe('https://example.com/Path');
    expect(parseSafeExternalUrl('https://[2001:db8::1]:8443/x')?.hostname).toBe('[2001:db8::1]');
  });

  it('accepts mailto links, with or without headers', () => {
    expect(parseSafeExternalUrl('mailto:support@example.com')?.protocol).toBe('mailto:');
    expect(parseSafeExternalUrl('mailto:a@example.com,b@example.com?subject=Hello%20there&body=Hi')?.pathname).toBe(
      'a@example.com,b@example.com',
    );
    expect(parseSafeExternalUrl('mailto:?to=a@example.com')).not.toBeNull();
  });

  it('refuses script and local-content schemes', () => {
    for (const raw of [
      'javascript:alert(1)',
      'JavaScript:alert(1)',
      'javascript://example.com/%0Aalert(1)',
      'vbscript:msgbox(1)',
      'file:///etc/passwd',
      'file://server/share/evil.exe',
      'data:text/html,<script>alert(1)</script>',
      'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
      'blob:https://example.com/0e0b5f7e-1111-2222-3333-444444444444',
      'about:blank',
      'chrome://settings',
      'devtools://devtools/bundled/inspector.html',
    ]) {
      expect(parseSafeExternalUrl(raw), raw).toBeNull();
    }
  });

  it('refuses custom and OS handler schemes', () => {
    for (const raw of [
      'ms-msdt:/id PCWDiagnostic',
      'search-ms:query=x',
      'smb://attacker.example/share',
      'ftp://example.com/file',
      'ssh://example.com',
      'tel:+15551234567',
      'slack://open',
      'mailroom://internal',
      'x-apple.systempreferences:',
    ]) {
      expect(parseSafeExternalUrl(raw), raw).toBeNull();
    }
  });

  it('refuses credentials in the URL', () => {
    expect(parseSafeExternalUrl('https://user:pass@example.com/')).toBeNull();
    expect(parseSafeExternalUrl('https://user@example.com/')).toBeNull();
    expect(parseSafeExternalUrl('http://bank.example.com@evil.example/login')).toBeNull();
    expect(parseSafeExternalUrl('https://:secret@example.com/')).toBeNull();
    expect(parseSafeExternalUrl('mailto://user:pass@example.com')).toBeNull();
  });

  it('refuses mailto with an authority part', () => {
    expect(parseSafeExternalUrl('mailto://example.com/a@example.com')).toBeNull();
  });

  it('refuses whitespace, control characters and bidi marks anywhere', () => {
    for (const raw of [
      ' https://example.com',
      'https://example.com ',
      'java\nscript:alert(1)',
      'java\tscript:alert(1)',
      'https://exa\nmple.com',
      'https://example.com/\r\nSet-Cookie:x',
      'https://example.com/a b',
      '\u0000https://example.com',
      'https://example.com/\u0007',
      'https://example.com/\u007f',
      'https://example.com/\u0085',
      'https://example.com/\u00a0',
      'https://example.com/\u200b',
      'https://example.com/\u202egnp.exe',
      'https://example.com/\u2066x\u2069',
      'https://example.com/\ufeff',
      'https://example.com/\u3000',
    ]) {
      expect(parseSafeExternalUrl(raw), JSON.stringify(raw)).toBeNull();
    }
  });

  it('refuses what does not parse or has no host', () => {
    for (const raw of ['', 'example.com', '//example.com', 'https://', 'https:///', 'https://exa mple.com', 'mailto']) {
      expect(parseSafeExternalUrl(raw), JSON.stringify(raw)).toBeNull();
    }
  });

  it('refuses URLs over the length limit, before or after normalization', () => {
    const base = 'https://example.com/';
    expect(parseSafeExternalUrl(base + 'a'.repeat(MAX_EXTERNAL_URL_LENGTH - base.length))).not.toBeNull();
    expect(parseSafeExternalUrl(base + 'a'.repeat(MAX_EXTERNAL_URL_LENGTH - base.length + 1))).toBeNull();
    // Each "<" becomes "%3C" when serialized, so this grows past the limit.
    expect(parseSafeExternalUrl(base + '<'.repeat(1000))).toBeNull();
  });

  it('does not throw on non-string input from an untyped caller', () => {
    expect(parseSafeExternalUrl(undefined as unknown as string)).toBeNull();
    expect(parseSafeExternalUrl({ toString: () => 'https://example.com' } as unknown as string)).toBeNull();
  });
});
