/**
 * The random values one OAuth sign-in attempt needs: the PKCE verifier and its
 * S256 challenge (RFC 7636), the state that ties the redirect to this attempt
 * (RFC 6749 §10.12) and the OpenID nonce that ties the ID token to it.
 */
import { createHash, randomBytes } from 'node:crypto';

/** base64url of `bytes` random bytes: URL-safe, unpadded, and inside RFC 7636's character set. */
function randomToken(bytes: number): string {
  return randomBytes(bytes).toString('base64url');
}

/** 32 random bytes give 43 characters: the shortest verifier RFC 7636 allows, with 256 bits of entropy. */
export function createCodeVerifier(): string {
  return randomToken(32);
}

/** code_challenge for code_challenge_method=S256: BASE64URL(SHA256(ASCII(verifier))). */
export function codeChallengeS256(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

export function createState(): string {
  return randomToken(16);
}

export function createNonce(): string {
  return randomToken(16);
}
