import { describe, expect, it } from 'vitest';
import { isSignInNavigationAllowed, loopbackRedirectOf } from '../../src-main/electron/policy/sign-in-navigation';

const REDIRECT = 'http://127.0.0.1:53124/callback';
const AUTH_URL = `https://login.example.com/authorize?client_id=x&redirect_uri=${encodeURIComponent(REDIRECT)}&state=s`;

describe('loopbackRedirectOf', () => {
  it("takes the attempt's loopback redirect from the authorization URL", () => {
    expect(loopbackRedirectOf(AUTH_URL)?.href).toBe(REDIRECT);
    expect(loopbackRedirectOf(`https://idp/authorize?redirect_uri=${encodeURIComponent('http://[::1]:4000/cb')}`)?.port).toBe('4000');
  });

  it('has none when the redirect is missing or not a loopback http address', () => {
    expect(loopbackRedirectOf('https://login.example.com/authorize?client_id=x')).toBeNull();
    for (const redirect of ['https://127.0.0.1:53124/callback', 'http://example.com/callback', 'http://10.0.0.5/cb', 'http://u:p@127.0.0.1:1/cb', 'custom:cb']) {
      expect(loopbackRedirectOf(`https://idp/authorize?redirect_uri=${encodeURIComponent(redirect)}`), redirect).toBeNull();
    }
    expect(loopbackRedirectOf('not a url')).toBeNull();
  });
});

describe('isSignInNavigationAllowed', () => {
  const redirect = loopbackRedirectOf(AUTH_URL);

  it("allows the provider's https pages", () => {
    expect(isSignInNavigationAllowed('https://login.example.com/login?x=1', redirect)).toBe(true);
    expect(isSignInNavigationAllowed('https://mfa.other-example.net/', redirect)).toBe(true);
  });

  it('allows the exact loopback redirect, with any query', () => {
    expect(isSignInNavigationAllowed(`${REDIRECT}?code=abc&state=s`, redirect)).toBe(true);
    expect(isSignInNavigationAllowed(`${REDIRECT}?error=access_denied`, redirect)).toBe(true);
  });

  it('refuses plain http pages and every other loopback address', () => {
    for (const target of [
      'http://login.example.com/login',
      'http://127.0.0.1:53125/callback',
      'http://127.0.0.1:53124/other',
      'http://127.0.0.1:53124/callback/extra',
      'http://localhost:53124/callback',
      'http://127.0.0.1/callback',
      'http://u:p@127.0.0.1:53124/callback',
    ]) {
      expect(isSignInNavigationAllowed(target, redirect), target).toBe(false);
    }
  });

  it('refuses other schemes and https with credentials', () => {
    for (const target of ['file:///etc/passwd', 'javascript:alert(1)', 'data:text/html,hi', 'mailroom://app/index.html', 'ftp://x/', 'https://u:p@login.example.com/', 'nonsense']) {
      expect(isSignInNavigationAllowed(target, redirect), target).toBe(false);
    }
  });

  it('allows no loopback address at all when the attempt has no loopback redirect', () => {
    expect(isSignInNavigationAllowed(`${REDIRECT}?code=abc`, null)).toBe(false);
    expect(isSignInNavigationAllowed('https://login.example.com/', null)).toBe(true);
  });
});
