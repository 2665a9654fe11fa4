/**
 * Where a sign-in window may go: the provider's pages over https, and the loopback
 * redirect of this one attempt (http://127.0.0.1:<port>/<path> as sent in the
 * authorization request's redirect_uri), nothing else. Plain http pages, other local
 * ports and other schemes are refused, for navigations and server redirects alike.
 *
 * Pure (no `electron` import), so the rule is unit-tested in plain Node.
 */

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]', 'localhost']);

/** The redirect_uri of an authorization URL when it is a loopback http address, else null. */
export function loopbackRedirectOf(authorizationUrl: string): URL | null {
  let redirect: URL;
  try {
    const raw = new URL(authorizationUrl).searchParams.get('redirect_uri');
    if (!raw) return null;
    redirect = new URL(raw);
  } catch {
    return null;
  }
  if (redirect.protocol !== 'http:' || !LOOPBACK_HOSTS.has(redirect.hostname) || redirect.username || redirect.password) return null;
  return redirect;
}

/**
 * True when the sign-in window may load `target`. The redirect must match in
 * scheme, host, port and path exactly; only its query (code, state) may differ.
 */
export function isSignInNavigationAllowed(target: string, redirect: URL | null): boolean {
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    return false;
  }
  if (url.username || url.password) return false;
  if (url.protocol === 'https:') return true;
  return redirect !== null && url.origin === redirect.origin && url.pathname === redirect.pathname;
}
