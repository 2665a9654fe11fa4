import { describe, expect, it } from 'vitest';
import { codeChallengeS256, createCodeVerifier, createNonce, createState } from '../../src-main/services/auth/pkce';

describe('PKCE (RFC 7636)', () => {
  it('derives the S256 challenge of the RFC 7636 appendix B example', () => {
    expect(codeChallengeS256('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
  });

  it('makes verifiers of 43 unreserved characters, different every time', () => {
    const verifiers = Array.from({ length: 50 }, createCodeVerifier);
    for (const verifier of verifiers) expect(verifier).toMatch(/^[A-Za-z0-9\-._~]{43}$/);
    expect(new Set(verifiers).size).toBe(verifiers.length);
  });

  it('makes URL-safe, unguessable state and nonce values', () => {
    const values = [...Array.from({ length: 20 }, createState), ...Array.from({ length: 20 }, createNonce)];
    for (const value of values) expect(value).toMatch(/^[A-Za-z0-9_-]{22,}$/);
    expect(new Set(values).size).toBe(values.length);
  });
});
