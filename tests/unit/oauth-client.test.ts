import { describe, expect, it } from 'vitest';
import { OAuthSettingsSchema, type OAuthSettings } from '../../src-preload/contract';
import { authorizationUrl, resolveOAuthClient, type OAuthKind } from '../../src-main/services/auth/oauth-client';
import { explainOAuthError } from '../../src-main/services/errors/explain-oauth';

const settings = (over: Partial<OAuthSettings> = {}) => OAuthSettingsSchema.parse({ clientId: 'client-1', scopes: 'openid email offline_access', ...over });
const request = { redirectUri: 'http://127.0.0.1:5555/callback', state: 'state-1', codeChallenge: 'challenge-1', nonce: 'nonce-1' };

async function urlFor(kind: OAuthKind, over: Partial<OAuthSettings> = {}): Promise<URL> {
  return new URL(authorizationUrl(await resolveOAuthClient(kind, settings(over)), request));
}

describe('OAuth endpoints and authorization URL', () => {
  it('fills the Microsoft tenant into the built-in endpoints and asks for the account picker', async () => {
    const client = await resolveOAuthClient('microsoft', settings({ tenant: 'contoso.onmicrosoft.com' }));
    expect(client.tokenEndpoint).toBe('https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token');
    const url = new URL(authorizationUrl(client, request));
    expect(url.origin + url.pathname).toBe('https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/authorize');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: 'client-1',
      redirect_uri: request.redirectUri,
      scope: 'openid email offline_access',
      state: 'state-1',
      code_challenge: 'challenge-1',
      code_challenge_method: 'S256',
      nonce: 'nonce-1',
      prompt: 'select_account',
    });
    expect((await resolveOAuthClient('microsoft', settings())).authorizationEndpoint).toContain('/common/');
  });

  it('asks Google for offline access and fresh consent, so every sign-in yields a refresh token', async () => {
    const url = await urlFor('google');
    expect(url.origin).toBe('https://accounts.google.com');
    expect(url.searchParams.get('access_type')).toBe('offline');
    expect(url.searchParams.get('prompt')).toBe('select_account consent');
  });

  it('uses explicit endpoints for other providers and forces a fresh login there', async () => {
    const url = await urlFor('oauth', { authorizationEndpoint: 'https://idp.example/authorize?tenant=t1', tokenEndpoint: 'https://idp.example/token' });
    expect(url.searchParams.get('tenant')).toBe('t1');
    expect(url.searchParams.get('prompt')).toBe('login consent');
    expect(url.searchParams.has('access_type')).toBe(false);
  });

  it('knows where to revoke: Google has an RFC 7009 endpoint, Microsoft v2 and explicit endpoints none', async () => {
    expect((await resolveOAuthClient('google', settings())).revocationEndpoint).toBe('https://oauth2.googleapis.com/revoke');
    expect((await resolveOAuthClient('microsoft', settings())).revocationEndpoint).toBe('');
    const explicit = await resolveOAuthClient('oauth', settings({ authorizationEndpoint: 'https://idp.example/a', tokenEndpoint: 'https://idp.example/t' }));
    expect(explicit.revocationEndpoint).toBe('');
  });

  it('refuses unencrypted endpoints except on this computer, and incomplete settings', async () => {
    await expect(resolveOAuthClient('oauth', settings({ authorizationEndpoint: 'http://idp.example/a', tokenEndpoint: 'https://idp.example/t' }))).rejects.toMatchObject({
      info: { code: 'oauth/insecure-endpoint' },
    });
    await expect(resolveOAuthClient('oauth', settings({ authorizationEndpoint: 'http://127.0.0.1:9/a', tokenEndpoint: 'http://127.0.0.1:9/t' }))).resolves.toMatchObject({
      tokenEndpoint: 'http://127.0.0.1:9/t',
    });
    await expect(resolveOAuthClient('oauth', settings())).rejects.toMatchObject({ info: { code: 'oauth/settings-incomplete' } });
  });
});

describe('explainOAuthError', () => {
  const aadsts = (code: string) => `AADSTS${code}: Something Microsoft says. Trace ID: 0000 Correlation ID: 1111 Timestamp: 2025-01-01 00:00:00Z`;

  it.each([
    ['50076', 'invalid_grant', 'auth/oauth-mfa-required', /multi-factor/],
    ['50079', 'interaction_required', 'auth/oauth-mfa-required', /multi-factor/],
    ['65001', 'invalid_grant', 'auth/oauth-consent-required', /administrator to grant admin consent/],
    ['700016', 'unauthorized_client', 'oauth/unknown-client', /client \(application\) ID/],
    ['50011', 'invalid_request', 'oauth/redirect-mismatch', /http:\/\/127\.0\.0\.1\/callback/],
    ['53003', 'access_denied', 'auth/oauth-blocked-by-policy', /Conditional Access|allow Mailroom/],
  ])('explains AADSTS%s', (code, error, expected, words) => {
    const info = explainOAuthError('sign-in', error, aadsts(code)).info;
    expect(info.code).toBe(expected);
    expect(`${info.cause} ${info.fix}`).toMatch(words);
    expect(info.detail).toContain(`AADSTS${code}`);
  });

  it('marks a refused refresh as needing a reconnect (auth/), but not a refused code', () => {
    expect(explainOAuthError('refresh', 'invalid_grant', 'grant request is invalid').info.code).toBe('auth/oauth-revoked');
    expect(explainOAuthError('refresh', 'invalid_grant', aadsts('700082')).info.code).toBe('auth/oauth-revoked');
    expect(explainOAuthError('sign-in', 'invalid_grant').info.code).toBe('oauth/code-rejected');
  });

  it('explains the standard error codes and keeps the provider words as detail', () => {
    expect(explainOAuthError('sign-in', 'access_denied', 'The user cancelled').info).toMatchObject({ code: 'oauth/denied', detail: 'access_denied: The user cancelled' });
    expect(explainOAuthError('sign-in', 'invalid_scope').info.code).toBe('oauth/invalid-scope');
    expect(explainOAuthError('refresh', 'invalid_client').info.code).toBe('oauth/unknown-client');
    expect(explainOAuthError('refresh', 'temporarily_unavailable').info.code).toBe('oauth/provider-unavailable');
    expect(explainOAuthError('sign-in', 'something_new').info).toMatchObject({ code: 'oauth/failed', cause: expect.stringContaining('something_new') });
  });
});
