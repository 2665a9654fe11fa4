/**
 * A real OAuth 2.0 / OpenID Connect provider for tests: oidc-provider 8 on
 * 127.0.0.1 (plain http is fine on loopback), with the mail harness's users,
 * a login page, token introspection for Dovecot and revocation. Nothing is
 * mocked: Mailroom's OAuth code talks to it exactly as to Google or Entra ID,
 * and Dovecot's oauth2 passdb checks every access token against it.
 *
 * headlessSignIn() plays the user's browser: it follows the authorization URL,
 * submits the login form and follows redirects until the provider sends it to
 * the app's loopback redirect, which it requests like a browser would.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Provider, { type Configuration, type JWK } from 'oidc-provider';
import { DEFAULT_USERS, type TestUser } from './mail-servers';

/** The public (secret-less, PKCE) client Mailroom signs in with. */
const MAILROOM_CLIENT_ID = 'mailroom-desktop';
/** The confidential client Dovecot authenticates with at the introspection endpoint. */
const DOVECOT_CLIENT_ID = 'dovecot';

export interface OAuthTestServer {
  /** http://127.0.0.1:PORT, also the base of every endpoint (discovery works from it). */
  issuer: string;
  clientId: string;
  /** Where dovecotOAuthConfig() writes its file; removed by stop(). */
  dir: string;
  introspection: { url: string; clientId: string; clientSecret: string };
  /** How many refresh_token grants the token endpoint has answered successfully. */
  refreshCount(): number;
  /** RFC 7009 revocation as the client would call it; revoking a refresh token ends its whole grant. */
  revokeToken(token: string): Promise<void>;
  /** Ends every grant of a user: their access tokens stop introspecting as active, refreshes fail. */
  revokeAll(user: string): Promise<void>;
  stop(): Promise<void>;
}

export interface OAuthServerOptions {
  users?: readonly TestUser[];
}

function findUser(users: readonly TestUser[], who: string): TestUser | undefined {
  const key = who.trim().toLowerCase();
  return users.find((u) => u.email.toLowerCase() === key || u.username.toLowerCase() === key);
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function loginPage(uid: string, message: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>Test IdP sign-in</title></head><body>
<h1>Sign in to the test identity provider</h1>${message ? `<p role="alert">${escapeHtml(message)}</p>` : ''}
<form method="post" action="/interaction/${escapeHtml(uid)}">
<label>Email <input name="username" autocomplete="username"></label>
<label>Password <input name="password" type="password" autocomplete="current-password"></label>
<button type="submit">Sign in</button> <button type="submit" name="cancel" value="1">Cancel</button>
</form></body></html>`;
}

async function readForm(req: http.IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

export async function startOAuthServer(options: OAuthServerOptions = {}): Promise<OAuthTestServer> {
  const users = options.users ?? DEFAULT_USERS;
  const dovecotSecret = randomBytes(24).toString('hex');
  const grantsByUser = new Map<string, Set<string>>();
  let refreshes = 0;

  // Listen first: the issuer must carry the port the OS picked.
  let dispatch: http.RequestListener = (_req, res) => res.writeHead(503).end();
  const server = http.createServer((req, res) => dispatch(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const signingKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' }) as JWK;
  const configuration: Configuration = {
    clients: [
      {
        client_id: MAILROOM_CLIENT_ID,
        // native + a loopback redirect: any port matches (RFC 8252 §7.3).
        application_type: 'native',
        token_endpoint_auth_method: 'none',
        redirect_uris: ['http://127.0.0.1/callback'],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
      },
      {
        client_id: DOVECOT_CLIENT_ID,
        client_secret: dovecotSecret,
        token_endpoint_auth_method: 'client_secret_basic',
        redirect_uris: [],
        grant_types: [],
        response_types: [],
      },
    ],
    jwks: { keys: [{ ...signingKey, kid: 'test-signing-key', use: 'sig', alg: 'RS256' }] },
    cookies: { keys: [randomBytes(32).toString('hex')] },
    scopes: ['openid', 'offline_access', 'email', 'profile'],
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    findAccount: (_ctx, sub) => {
      const user = findUser(users, sub);
      if (!user) return undefined;
      return {
        accountId: user.email,
        claims: () => ({ sub: user.email, email: user.email, email_verified: true, name: user.email.split('@')[0] }),
      };
    },
    // Introspection (RFC 7662) answers with these next to active/sub: Dovecot matches `username`.
    extraTokenClaims: (_ctx, token) => ('accountId' in token ? { username: token.accountId, email: token.accountId } : undefined),
    pkce: { required: () => true, methods: ['S256'] },
    features: {
      devInteractions: { enabled: false },
      introspection: {
        enabled: true,
        allowedPolicy: (_ctx, client, token) => client.clientId === DOVECOT_CLIENT_ID || token.clientId === client.clientId,
      },
      revocation: { enabled: true },
    },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    ttl: {
      AccessToken: 3600,
      AuthorizationCode: 60,
      IdToken: 3600,
      RefreshToken: 24 * 3600,
      Interaction: 600,
      Session: 3600,
      Grant: 24 * 3600,
    },
  };
  const provider = new Provider(issuer, configuration);
  provider.on('grant.success', (ctx) => {
    if (ctx.oidc.params?.grant_type === 'refresh_token') refreshes++;
  });
  const oidc = provider.callback();

  /** Login and consent in one form: the test user is the resource owner and always agrees. */
  async function interaction(req: http.IncomingMessage, res: http.ServerResponse, uid: string): Promise<void> {
    const details = await provider.interactionDetails(req, res);
    const showForm = (message: string) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(loginPage(uid, message));
    };
    if (req.method !== 'POST') {
      showForm('');
      return;
    }
    const form = await readForm(req);
    if (form.get('cancel')) {
      await provider.interactionFinished(req, res, { error: 'access_denied', error_description: 'The user cancelled the sign-in.' });
      return;
    }
    const user = findUser(users, form.get('username') ?? '');
    if (!user || user.password !== form.get('password')) {
      showForm('Wrong email or password.');
      return;
    }
    const grant = new provider.Grant({ accountId: user.email, clientId: String(details.params.client_id) });
    grant.addOIDCScope(String(details.params.scope ?? 'openid'));
    const grantId = await grant.save();
    grantsByUser.set(user.email, (grantsByUser.get(user.email) ?? new Set()).add(grantId));
    await provider.interactionFinished(req, res, { login: { accountId: user.email }, consent: { grantId } }, { mergeWithLastSubmission: false });
  }

  dispatch = (req, res) => {
    const uid = /^\/interaction\/([\w-]+)$/.exec(new URL(req.url ?? '/', issuer).pathname)?.[1];
    if (!uid) {
      void oidc(req, res);
      return;
    }
    interaction(req, res, uid).catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(`interaction failed: ${err instanceof Error ? err.message : String(err)}`);
    });
  };

  const dir = mkdtempSync(path.join(tmpdir(), 'mailroom-oauth-'));
  // Dovecot's auth process (user dovecot) reads its config file from here.
  chmodSync(dir, 0o755);

  return {
    issuer,
    clientId: MAILROOM_CLIENT_ID,
    dir,
    introspection: { url: `${issuer}/token/introspection`, clientId: DOVECOT_CLIENT_ID, clientSecret: dovecotSecret },
    refreshCount: () => refreshes,
    async revokeToken(token) {
      const response = await fetch(`${issuer}/token/revocation`, {
        method: 'POST',
        body: new URLSearchParams({ token, client_id: MAILROOM_CLIENT_ID }),
      });
      if (!response.ok) throw new Error(`revocation failed: ${response.status} ${await response.text()}`);
    },
    async revokeAll(who) {
      const email = findUser(users, who)?.email ?? who;
      for (const grantId of grantsByUser.get(email) ?? []) await (await provider.Grant.find(grantId))?.destroy();
      grantsByUser.delete(email);
    },
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * dovecot.conf text (pass it as `dovecotExtraConfig` to startMailServers) that lets
 * IMAP and, through Dovecot's auth socket, Postfix submission accept XOAUTH2 and
 * OAUTHBEARER, validating each token by introspection at this provider.
 */
export function dovecotOAuthConfig(server: OAuthTestServer): string {
  const argsFile = path.join(server.dir, 'dovecot-oauth2.conf.ext');
  const introspection = new URL(server.introspection.url);
  introspection.username = server.introspection.clientId;
  introspection.password = server.introspection.clientSecret;
  writeFileSync(
    argsFile,
    [
      // POST token=… with HTTP Basic client authentication taken from the URL (RFC 7662 §2.1).
      'introspection_mode = post',
      `introspection_url = ${introspection.href}`,
      // The login name must equal this attribute of the introspection answer.
      'username_attribute = username',
      // Without these, an inactive (revoked or expired) token would still be accepted.
      'active_attribute = active',
      'active_value = true',
      '',
    ].join('\n'),
    { mode: 0o644 },
  );
  return `# OAuth 2.0 (tests/support/oauth-server.ts)
auth_mechanisms = plain login xoauth2 oauthbearer
passdb {
  driver = oauth2
  mechanisms = xoauth2 oauthbearer
  args = ${argsFile}
}
`;
}

// ---------------------------------------------------------------------------
// The user's browser, without a browser

type Login = { user: string; password: string } | 'cancel';

/** Cookies by name; the provider's cookies are host-wide enough that paths can be ignored here. */
class CookieJar {
  private readonly cookies = new Map<string, string>();

  store(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a) || (/^\s*expires=/i.test(a) && Date.parse(a.split('=')[1] ?? '') < Date.now()));
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, pair.slice(eq + 1).trim());
    }
  }

  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}

async function playBrowser(authorizationUrl: string, login: Login): Promise<void> {
  const redirectUri = new URL(authorizationUrl).searchParams.get('redirect_uri');
  if (!redirectUri) throw new Error('the authorization URL has no redirect_uri');
  const jar = new CookieJar();
  let url = authorizationUrl;
  let form: URLSearchParams | null = null;
  for (let step = 0; step < 20; step++) {
    const response = await fetch(url, {
      method: form ? 'POST' : 'GET',
      redirect: 'manual',
      headers: { cookie: jar.header() },
      ...(form ? { body: form } : {}),
    });
    jar.store(response);
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      url = new URL(location, url).href;
      form = null;
      // The provider hands the code back: deliver it to the app like the browser would, and stop.
      if (url.split('?')[0] === redirectUri) {
        const delivered = await fetch(url);
        if (!delivered.ok) throw new Error(`the app's redirect answered ${delivered.status}`);
        return;
      }
      continue;
    }
    const body = await response.text();
    if (response.status !== 200 || !body.includes('<form') || form) {
      throw new Error(`sign-in stopped at ${url} (${response.status}): ${body.replace(/\s+/g, ' ').slice(0, 300)}`);
    }
    form = login === 'cancel' ? new URLSearchParams({ cancel: '1' }) : new URLSearchParams({ username: login.user, password: login.password });
  }
  throw new Error('sign-in did not reach the redirect within 20 steps');
}

/** Signs in as `user` on the test provider's pages and delivers the redirect to the app. */
export function headlessSignIn(authorizationUrl: string, user: string, password: string): Promise<void> {
  return playBrowser(authorizationUrl, { user, password });
}

/** Presses "Cancel" on the test provider's login page: the app gets error=access_denied. */
export function headlessCancel(authorizationUrl: string): Promise<void> {
  return playBrowser(authorizationUrl, 'cancel');
}
