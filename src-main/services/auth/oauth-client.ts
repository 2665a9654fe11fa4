/**
 * OAuth 2.0 / OpenID Connect for a public desktop client (RFC 6749, RFC 7636,
 * RFC 8252): where the provider's endpoints are, the authorization URL, the
 * token endpoint (code and refresh grants), revocation (RFC 7009), who signed
 * in; what the provider's refusals mean is in errors/explain-oauth.ts. Stateless:
 * OAuthService keeps the tokens.
 */
import type { AccountKind, OAuthSettings } from '../../../src-preload/contract';
import { OAUTH_PROVIDERS } from '../../../src-preload/providers';
import { appError, type AppError } from '../errors/app-error';
import { explainOAuthError, type OAuthStage } from '../errors/explain-oauth';

export type OAuthKind = Exclude<AccountKind, 'imap'>;

/** What it takes to reach one provider again; stored beside the tokens so a refresh needs no settings. */
export interface OAuthClient {
  kind: OAuthKind;
  clientId: string;
  scopes: string;
  authorizationEndpoint: string;
  tokenEndpoint: string;
  /** '' when there is none this app can call (Google and Microsoft put the address in the ID token). */
  userinfoEndpoint: string;
  /** RFC 7009 revocation; '' when the provider has none (Microsoft) or it is not known (explicit endpoints). */
  revocationEndpoint: string;
}

export interface TokenSet {
  accessToken: string;
  /** Epoch milliseconds. */
  expiresAt: number;
  /** null when the server sent none (a refresh that does not rotate). */
  refreshToken: string | null;
  idToken: string | null;
}

export interface SignedInUser {
  email: string;
  name: string;
}

const HTTP_TIMEOUT_MS = 30_000;
/** Revoking happens while the admin waits for an account to be deleted, and is only best effort. */
const REVOKE_TIMEOUT_MS = 10_000;
/** expires_in is only RECOMMENDED (RFC 6749 §5.1); without it refresh early, which is cheap. */
const DEFAULT_LIFETIME_S = 300;

/**
 * prompt per provider, chosen so every attempt starts fresh and yields a refresh token:
 * - google: the account chooser, plus consent because Google returns a refresh token only
 *   when the user consents in this very request (a reconnected account would get none).
 * - microsoft: the account picker; it returns a refresh token whenever offline_access is asked.
 * - oauth (any OIDC provider): login, so a session left in the system browser cannot silently
 *   sign in the previous user (select_account is not universally supported), and consent
 *   because OIDC Core §11 grants offline_access only together with prompt=consent.
 */
const PROMPT: Record<OAuthKind, string> = {
  google: 'select_account consent',
  microsoft: 'select_account',
  oauth: 'login consent',
};

// ---------------------------------------------------------------------------
// Endpoints

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]', 'localhost']);

/** Codes and tokens travel through these URLs: https only, except a provider on this very computer. */
function checkEndpoint(raw: string, what: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw appError('oauth/settings-incomplete', `The ${what} "${raw}" is not a URL.`, 'Enter the full address, starting with https://.');
  }
  const local = url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname);
  if (url.protocol !== 'https:' && !local) {
    throw appError(
      'oauth/insecure-endpoint',
      `The ${what} ${url.origin} is not encrypted (https), so sign-in codes and tokens could be read on the way.`,
      'Use the https:// address of the identity provider.',
    );
  }
  return url.href;
}

function withCheckedEndpoints(client: OAuthClient): OAuthClient {
  return {
    ...client,
    authorizationEndpoint: checkEndpoint(client.authorizationEndpoint, 'authorization endpoint'),
    tokenEndpoint: checkEndpoint(client.tokenEndpoint, 'token endpoint'),
    userinfoEndpoint: client.userinfoEndpoint && checkEndpoint(client.userinfoEndpoint, 'userinfo endpoint'),
    revocationEndpoint: client.revocationEndpoint && checkEndpoint(client.revocationEndpoint, 'revocation endpoint'),
  };
}

/**
 * Explicit endpoints win (sovereign clouds, providers without discovery); then the built-in
 * Google and Microsoft entries; then OpenID Connect discovery from the issuer.
 */
export async function resolveOAuthClient(kind: OAuthKind, settings: OAuthSettings): Promise<OAuthClient> {
  const base = { kind, clientId: settings.clientId, scopes: settings.scopes, userinfoEndpoint: '', revocationEndpoint: '' };
  if (settings.authorizationEndpoint && settings.tokenEndpoint) {
    return withCheckedEndpoints({ ...base, authorizationEndpoint: settings.authorizationEndpoint, tokenEndpoint: settings.tokenEndpoint });
  }
  if (kind !== 'oauth') {
    const provider = OAUTH_PROVIDERS[kind];
    const tenant = encodeURIComponent(settings.tenant || provider.defaultTenant);
    return withCheckedEndpoints({
      ...base,
      authorizationEndpoint: provider.authorizationEndpoint.replace('{tenant}', tenant),
      tokenEndpoint: provider.tokenEndpoint.replace('{tenant}', tenant),
      revocationEndpoint: provider.revocationEndpoint,
    });
  }
  if (settings.issuer) return withCheckedEndpoints({ ...base, ...(await discover(settings.issuer)) });
  throw appError(
    'oauth/settings-incomplete',
    'The OAuth settings name neither an issuer nor the authorization and token endpoints.',
    'Enter the issuer URL of the identity provider, or both endpoints.',
  );
}

async function discover(
  issuer: string,
): Promise<Pick<OAuthClient, 'authorizationEndpoint' | 'tokenEndpoint' | 'userinfoEndpoint' | 'revocationEndpoint'>> {
  const expected = issuer.replace(/\/+$/, '');
  const failed = (why: string, detail?: string) =>
    appError(
      'oauth/discovery-failed',
      `The sign-in settings could not be read from ${expected}: ${why}.`,
      'Check the issuer URL (the address in front of /.well-known/openid-configuration), or enter the authorization and token endpoints instead.',
      detail,
    );
  const url = checkEndpoint(`${expected}/.well-known/openid-configuration`, 'issuer');
  const { status, body } = await fetchJson(url, { headers: { accept: 'application/json' } });
  if (status !== 200 || !body) throw failed(`the server answered ${status} without a discovery document`);
  const text = (key: string) => (typeof body[key] === 'string' ? body[key] : '');
  // OpenID Connect Discovery §4.3: the document must name the issuer it was fetched from.
  if (text('issuer').replace(/\/+$/, '') !== expected) throw failed('the document belongs to a different issuer', `issuer: ${text('issuer')}`);
  if (!text('authorization_endpoint') || !text('token_endpoint')) throw failed('it lists no authorization or token endpoint');
  const methods = body.code_challenge_methods_supported;
  if (Array.isArray(methods) && !methods.includes('S256')) throw failed('the provider does not support PKCE with S256');
  return {
    authorizationEndpoint: text('authorization_endpoint'),
    tokenEndpoint: text('token_endpoint'),
    userinfoEndpoint: text('userinfo_endpoint'),
    revocationEndpoint: text('revocation_endpoint'),
  };
}

// ---------------------------------------------------------------------------
// Authorization request and token endpoint

export function authorizationUrl(
  client: OAuthClient,
  request: { redirectUri: string; state: string; codeChallenge: string; nonce: string },
): string {
  const url = new URL(client.authorizationEndpoint);
  const params: Record<string, string> = {
    response_type: 'code',
    client_id: client.clientId,
    redirect_uri: request.redirectUri,
    scope: client.scopes,
    state: request.state,
    code_challenge: request.codeChallenge,
    code_challenge_method: 'S256',
    // Plain OAuth servers ignore it (RFC 6749 §3.1); OIDC ones echo it in the ID token.
    nonce: request.nonce,
    prompt: PROMPT[client.kind],
  };
  if (client.kind === 'google') params.access_type = 'offline';
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  return url.href;
}

export function exchangeCode(client: OAuthClient, grant: { code: string; redirectUri: string; codeVerifier: string }): Promise<TokenSet> {
  return tokenRequest(client, 'sign-in', {
    grant_type: 'authorization_code',
    code: grant.code,
    redirect_uri: grant.redirectUri,
    code_verifier: grant.codeVerifier,
  });
}

export function refreshTokens(client: OAuthClient, refreshToken: string): Promise<TokenSet> {
  return tokenRequest(client, 'refresh', {
    grant_type: 'refresh_token',
    refresh_token: refreshToken,
    // Microsoft's v2 endpoint wants the scopes again; elsewhere omitting them means "as granted" (RFC 6749 §6).
    ...(client.kind === 'microsoft' ? { scope: client.scopes } : {}),
  });
}

/**
 * Asks the provider to end the grant behind a refresh token (RFC 7009), so a copy of it
 * left anywhere stops working. Throws oauth/revoke-failed when the provider did not confirm.
 */
export async function revokeRefreshToken(client: OAuthClient, refreshToken: string): Promise<void> {
  if (!client.revocationEndpoint) return;
  const { status, body } = await fetchJson(
    client.revocationEndpoint,
    {
      method: 'POST',
      headers: { accept: 'application/json' },
      body: new URLSearchParams({ token: refreshToken, token_type_hint: 'refresh_token', client_id: client.clientId }),
    },
    REVOKE_TIMEOUT_MS,
  );
  // 200 also for a token that was already invalid (RFC 7009 §2.2): either way it no longer works.
  if (status === 200) return;
  const text = (key: string) => (body && typeof body[key] === 'string' ? body[key] : '');
  throw appError(
    'oauth/revoke-failed',
    `The sign-in server ${new URL(client.revocationEndpoint).host} did not revoke Mailroom's access (status ${status}).`,
    "Remove Mailroom's access in the account's security settings at the provider (connected apps), or wait until the sign-in expires.",
    [text('error'), text('error_description')].filter(Boolean).join(': ').slice(0, 500) || undefined,
  );
}

/** A public client: client_id in the body, no secret; PKCE proves the code is ours. */
async function tokenRequest(client: OAuthClient, stage: OAuthStage, params: Record<string, string>): Promise<TokenSet> {
  const { status, body } = await fetchJson(client.tokenEndpoint, {
    method: 'POST',
    headers: { accept: 'application/json' },
    body: new URLSearchParams({ ...params, client_id: client.clientId }),
  });
  const text = (key: string) => (body && typeof body[key] === 'string' ? body[key] : '');
  if (text('error')) throw explainOAuthError(stage, text('error'), text('error_description'));
  if (status !== 200 || !text('access_token')) {
    throw appError(
      'oauth/bad-token-response',
      `The sign-in server answered the token request with status ${status} and no access token.`,
      'Try again in a few minutes; if it keeps happening, check the token endpoint in the OAuth settings.',
    );
  }
  if (text('token_type').toLowerCase() !== 'bearer') {
    throw appError(
      'oauth/bad-token-response',
      `The sign-in server issued a "${text('token_type')}" token; mail servers accept only bearer tokens.`,
      'Check the OAuth client registration: Mailroom needs plain bearer access tokens.',
    );
  }
  const lifetime = Number(body?.expires_in);
  return {
    accessToken: text('access_token'),
    expiresAt: Date.now() + (Number.isFinite(lifetime) && lifetime > 0 ? lifetime : DEFAULT_LIFETIME_S) * 1000,
    refreshToken: text('refresh_token') || null,
    idToken: text('id_token') || null,
  };
}

// ---------------------------------------------------------------------------
// Who signed in

/**
 * The address and name from the ID token, else the userinfo endpoint. The ID token's
 * signature is not checked: it came straight from the token endpoint over TLS in answer
 * to our code and verifier (OpenID Connect Core §3.1.3.7 allows skipping it then), the
 * address only fills in the form, and the mail server checks the access token itself.
 */
export async function identify(client: OAuthClient, tokens: TokenSet, nonce: string): Promise<SignedInUser> {
  const claims = tokens.idToken ? jwtClaims(tokens.idToken) : {};
  if (tokens.idToken && claims.nonce !== nonce) {
    throw appError(
      'oauth/id-token-mismatch',
      'The identity token does not belong to this sign-in attempt.',
      'Sign in again; if it keeps happening, the identity provider is misbehaving.',
    );
  }
  let user = userFromClaims(claims);
  if (!user.email && client.userinfoEndpoint) {
    const { status, body } = await fetchJson(client.userinfoEndpoint, {
      headers: { accept: 'application/json', authorization: `Bearer ${tokens.accessToken}` },
    });
    if (status === 200 && body) user = userFromClaims(body);
  }
  if (!user.email) {
    throw appError(
      'oauth/no-email',
      'The provider did not say which mailbox signed in.',
      'Add "openid email" to the scopes in the OAuth settings and sign in again.',
    );
  }
  return user;
}

function userFromClaims(claims: Record<string, unknown>): SignedInUser {
  const address = (value: unknown) => (typeof value === 'string' && value.includes('@') ? value : '');
  // Microsoft work accounts may have no email claim; their sign-in name is the address.
  const email = address(claims.email) || address(claims.preferred_username) || address(claims.upn);
  return { email, name: typeof claims.name === 'string' ? claims.name : '' };
}

function jwtClaims(jwt: string): Record<string, unknown> {
  try {
    const payload: unknown = JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8'));
    return payload && typeof payload === 'object' ? (payload as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

// ---------------------------------------------------------------------------
// HTTP

async function fetchJson(url: string, init: RequestInit, timeoutMs = HTTP_TIMEOUT_MS): Promise<{ status: number; body: Record<string, unknown> | null }> {
  let status: number;
  let text: string;
  try {
    // redirect: 'error': a token endpoint that redirects would resend the code somewhere else.
    const response = await fetch(url, { ...init, redirect: 'error', signal: AbortSignal.timeout(timeoutMs) });
    status = response.status;
    text = await response.text();
  } catch (err) {
    throw unreachable(url, err);
  }
  try {
    const body: unknown = JSON.parse(text);
    return { status, body: body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : null };
  } catch {
    return { status, body: null };
  }
}

/** An offline code (contract/errors.ts): the cache stays usable and the sync retries later. */
function unreachable(url: string, err: unknown): AppError {
  const cause = err instanceof Error ? (err.cause as { code?: string } | undefined)?.code ?? err.name : String(err);
  return appError(
    'net/oauth-unreachable',
    `The sign-in server ${new URL(url).host} could not be reached.`,
    'Check that this computer is online and that no firewall or proxy blocks the provider, then try again.',
    cause,
  );
}
