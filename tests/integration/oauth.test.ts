/**
 * OAuth sign-in end to end, with nothing mocked: a real OpenID provider
 * (oidc-provider), Dovecot validating every access token by introspection at
 * it, and Postfix submission authenticating through Dovecot.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { NewAccountSchema, OAuthSettingsSchema, type OAuthSettings, type ServerSettings } from '../../src-preload/contract';
import { createServices } from '../../src-main/services';
import { refreshTokens, type OAuthClient } from '../../src-main/services/auth/oauth-client';
import { OAuthService, type OAuthServiceOptions } from '../../src-main/services/auth/oauth-service';
import { explainError } from '../../src-main/services/errors/explain';
import { createImapClient, createSmtpTransport, DEFAULT_CONNECTION_OPTIONS, type Credentials } from '../../src-main/services/mail/connections';
import { SmtpAttempt } from '../../src-main/services/outbox/smtp-attempt';
import type { SecretStore } from '../../src-main/services/platform/interfaces';
import { createNodePlatform, type NodePlatformOptions } from '../../src-main/services/platform/node-platform';
import { DEFAULT_USERS, startMailServers, type MailServers, type TestUser } from '../support/mail-servers';
import { dovecotOAuthConfig, headlessCancel, headlessSignIn, startOAuthServer, type OAuthTestServer } from '../support/oauth-server';

let idp: OAuthTestServer;
let servers: MailServers;
const dirs: string[] = [];
const [alice, bob] = DEFAULT_USERS as [TestUser, TestUser];

beforeAll(async () => {
  idp = await startOAuthServer();
  servers = await startMailServers({ dovecotExtraConfig: dovecotOAuthConfig(idp) });
});

afterAll(async () => {
  await servers?.stop();
  await idp?.stop();
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

function settings(over: Partial<OAuthSettings> = {}): OAuthSettings {
  return OAuthSettingsSchema.parse({ issuer: idp.issuer, clientId: idp.clientId, scopes: 'openid email profile offline_access', ...over });
}

/** An OAuthService on a fresh data dir whose "browser" is `showPage`. */
function oauthService(showPage: NodePlatformOptions['onOAuthUrl'], options: OAuthServiceOptions = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mailroom-oauth-test-'));
  dirs.push(dir);
  const platform = createNodePlatform(dir, { MAILROOM_SECRET_KEY: 'c3'.repeat(32) }, { onOAuthUrl: showPage });
  return { oauth: new OAuthService(platform.secrets, platform.oauthAgent, options), secrets: platform.secrets, dir };
}

const signInAs = (user: TestUser) => (url: string) => headlessSignIn(url, user.email, user.password);

const imap = (): ServerSettings => ({ host: '127.0.0.1', port: servers.imapsPort, security: 'tls', trustedCertificate: null });
const submission = (): ServerSettings => ({ host: '127.0.0.1', port: servers.submissionPort, security: 'starttls', trustedCertificate: null });

async function eventually(what: string, probe: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  for (const end = Date.now() + timeoutMs; !(await probe()); await new Promise((resolve) => setTimeout(resolve, 200))) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
  }
}

/** Logs in over IMAPS and returns the folder paths. */
async function imapLogin(credentials: Credentials): Promise<string[]> {
  const client = createImapClient(imap(), credentials);
  client.on('error', () => undefined);
  await client.connect();
  try {
    return (await client.list()).map((f) => f.path);
  } finally {
    await client.logout().catch(() => client.close());
  }
}

async function storedGrant(secrets: SecretStore, key: string): Promise<{ accessToken: string; refreshToken: string; expiresAt: number }> {
  const raw = await secrets.get(key);
  if (!raw) throw new Error(`no secret ${key}`);
  return JSON.parse(raw) as { accessToken: string; refreshToken: string; expiresAt: number };
}

/** Pretends the stored access token is about to run out, as it would an hour later. */
async function expireSoon(secrets: SecretStore, key: string): Promise<void> {
  const raw = await secrets.get(key);
  if (!raw) throw new Error(`no secret ${key}`);
  await secrets.set(key, JSON.stringify({ ...JSON.parse(raw), expiresAt: Date.now() + 30_000 }));
}

async function signedInAccount(user: TestUser, accountId: string) {
  const service = oauthService(signInAs(user));
  const result = await service.oauth.signIn('oauth', settings());
  await service.oauth.claimSession(result.session, accountId);
  return { ...service, result };
}

describe('OAuth sign-in against a real OpenID provider, Dovecot and Postfix', () => {
  it('signs in with PKCE, keeps the tokens in the secret store, and reads mail over IMAP with OAUTHBEARER', async () => {
    const { oauth, secrets, dir, result } = await signedInAccount(alice, 'acct-alice');
    expect(result).toMatchObject({ email: alice.email, name: 'alice' });
    expect(result.session).toMatch(/^[0-9a-f-]{36}$/);

    // The session was claimed: its key is gone, the account holds the grant, nothing is in plain text on disk.
    expect(await secrets.get(`oauth-session:${result.session}`)).toBeNull();
    const grant = await storedGrant(secrets, 'account:acct-alice:oauth');
    const onDisk = fs.readdirSync(dir).map((f) => fs.readFileSync(path.join(dir, f), 'utf8')).join('\n');
    expect(onDisk).not.toContain(grant.refreshToken);
    expect(onDisk).not.toContain(grant.accessToken);
    await expect(oauth.claimSession(result.session, 'acct-other')).rejects.toMatchObject({ info: { code: 'oauth/session-expired' } });

    const accessToken = await oauth.accessToken('acct-alice');
    expect(accessToken).toBe(grant.accessToken);
    expect(await imapLogin({ user: alice.email, accessToken })).toContain('INBOX');
    expect(servers.logs(500)).toMatch(/Login: user=<alice@example\.test>, method=OAUTHBEARER/);

    // The token is alice's: Dovecot's username_attribute check refuses it for bob's mailbox.
    await expect(imapLogin({ user: bob.email, accessToken })).rejects.toMatchObject({ authenticationFailed: true });
  });

  it('sends over SMTP submission with XOAUTH2 and the message arrives', async () => {
    const { oauth } = await signedInAccount(alice, 'acct-smtp');
    const accessToken = await oauth.accessToken('acct-smtp');
    const subject = `OAuth submission ${Date.now()}`;
    const transport = createSmtpTransport(submission(), { user: alice.email, accessToken });
    try {
      await transport.sendMail({ from: alice.email, to: alice.email, subject, text: 'Sent with an OAuth access token.' });
    } finally {
      transport.close();
    }
    expect(servers.logs(500)).toMatch(/sasl_method=XOAUTH2, sasl_username=alice@example\.test/);

    const client = createImapClient(imap(), { user: alice.email, accessToken });
    client.on('error', () => undefined);
    await client.connect();
    try {
      await eventually('the message in INBOX', async () => {
        const lock = await client.getMailboxLock('INBOX');
        try {
          return ((await client.search({ subject }, { uid: true })) || []).length > 0;
        } finally {
          lock.release();
        }
      });
    } finally {
      await client.logout().catch(() => client.close());
    }
  });

  it("sends an outbox attempt with XOAUTH2 (the outbox's own SMTP connection)", async () => {
    const { oauth } = await signedInAccount(alice, 'acct-outbox');
    const accessToken = await oauth.accessToken('acct-outbox');
    const messageId = `<outbox-oauth-${Date.now()}@example.test>`;
    const raw = Buffer.from([`From: ${alice.email}`, `To: ${alice.email}`, 'Subject: Outbox with OAuth', `Message-ID: ${messageId}`, '', 'Sent by the outbox.', ''].join('\r\n'));
    const attempt = new SmtpAttempt(submission(), { user: alice.email, accessToken }, DEFAULT_CONNECTION_OPTIONS);
    const accepted = await attempt.run({ from: alice.email, to: [alice.email] }, raw, { connected: () => undefined, dataEnd: () => undefined });
    expect(accepted).toMatchObject({ accepted: [alice.email], rejected: [] });
    expect(accepted.response).toMatch(/^250 /);
  });

  it('refreshes a token about to expire once for concurrent callers, storing the rotated refresh token', async () => {
    const { oauth, secrets } = await signedInAccount(alice, 'acct-refresh');
    const before = await storedGrant(secrets, 'account:acct-refresh:oauth');
    await expireSoon(secrets, 'account:acct-refresh:oauth');
    const refreshesBefore = idp.refreshCount();

    const tokens = await Promise.all(Array.from({ length: 5 }, () => oauth.accessToken('acct-refresh')));
    expect(new Set(tokens).size).toBe(1);
    expect(tokens[0]).not.toBe(before.accessToken);
    expect(idp.refreshCount() - refreshesBefore).toBe(1);

    const after = await storedGrant(secrets, 'account:acct-refresh:oauth');
    expect(after.accessToken).toBe(tokens[0]);
    expect(after.refreshToken).not.toBe(before.refreshToken);
    expect(after.expiresAt).toBeGreaterThan(Date.now() + 30 * 60_000);
    expect(await imapLogin({ user: alice.email, accessToken: tokens[0]! })).toContain('INBOX');

    // The rotated token works again; a reused old one would have revoked the grant.
    await expireSoon(secrets, 'account:acct-refresh:oauth');
    const third = await oauth.accessToken('acct-refresh');
    expect(await imapLogin({ user: alice.email, accessToken: third })).toContain('INBOX');
  });

  it('a revoked refresh token needs a reconnect: IMAP refuses the old token, the refresh fails with auth/', async () => {
    const { oauth, secrets } = await signedInAccount(alice, 'acct-revoked');
    const grant = await storedGrant(secrets, 'account:acct-revoked:oauth');
    await idp.revokeToken(grant.refreshToken);

    const refused = await imapLogin({ user: alice.email, accessToken: grant.accessToken }).catch((err: unknown) => err);
    expect(explainError(refused, { protocol: 'imap', host: '127.0.0.1', port: servers.imapsPort }).code).toBe('auth/failed');

    await expireSoon(secrets, 'account:acct-revoked:oauth');
    const failure = await oauth.accessToken('acct-revoked').catch((err: unknown) => err);
    expect(failure).toMatchObject({ info: { code: 'auth/oauth-revoked' } });

    await oauth.forget('acct-revoked');
    await expect(oauth.accessToken('acct-revoked')).rejects.toMatchObject({ info: { code: 'auth/oauth-sign-in-required' } });
  });

  it('two sign-ins one after the other are two users with their own sessions; revoking one leaves the other', async () => {
    let next: TestUser = alice;
    const { oauth, secrets } = oauthService((url) => headlessSignIn(url, next.email, next.password));
    const first = await oauth.signIn('oauth', settings());
    next = bob;
    const second = await oauth.signIn('oauth', settings());
    expect([first.email, second.email]).toEqual([alice.email, bob.email]);
    expect(first.session).not.toBe(second.session);

    // The form tests the connection with the unclaimed session's token.
    const bobToken = await oauth.sessionAccessToken(second.session);
    expect(await imapLogin({ user: bob.email, accessToken: bobToken })).toContain('INBOX');

    await oauth.claimSession(first.session, 'acct-a');
    await oauth.claimSession(second.session, 'acct-b');
    await idp.revokeAll(bob.email);
    await expireSoon(secrets, 'account:acct-a:oauth');
    await expireSoon(secrets, 'account:acct-b:oauth');
    await expect(oauth.accessToken('acct-b')).rejects.toMatchObject({ info: { code: 'auth/oauth-revoked' } });
    expect(await imapLogin({ user: alice.email, accessToken: await oauth.accessToken('acct-a') })).toContain('INBOX');
  });

  it('sign-ins nobody claims do not stay: claimed, discarded and hour-old sessions leave the secret store', async () => {
    const { oauth, secrets } = oauthService(signInAs(alice));
    const index = async () => JSON.parse((await secrets.get('oauth-sessions')) ?? '{}') as Record<string, number>;
    const [claimed, discarded, abandoned] = [await oauth.signIn('oauth', settings()), await oauth.signIn('oauth', settings()), await oauth.signIn('oauth', settings())];
    expect(Object.keys(await index()).sort()).toEqual([claimed.session, discarded.session, abandoned.session].sort());

    await oauth.claimSession(claimed.session, 'acct-claimed');
    // The form was closed without saving.
    await oauth.discardSession(discarded.session);
    expect(await secrets.get(`oauth-session:${discarded.session}`)).toBeNull();
    expect(Object.keys(await index())).toEqual([abandoned.session]);
    expect(await imapLogin({ user: alice.email, accessToken: await oauth.sessionAccessToken(abandoned.session) })).toContain('INBOX');

    // An hour later (at startup): the abandoned sign-in goes, the account keeps its grant.
    await secrets.set('oauth-sessions', JSON.stringify({ [abandoned.session]: Date.now() - 61 * 60_000 }));
    await oauth.pruneSessions();
    expect(await secrets.get(`oauth-session:${abandoned.session}`)).toBeNull();
    await expect(oauth.sessionAccessToken(abandoned.session)).rejects.toMatchObject({ info: { code: 'oauth/session-expired' } });
    expect(await index()).toEqual({});
    expect(await imapLogin({ user: alice.email, accessToken: await oauth.accessToken('acct-claimed') })).toContain('INBOX');

    // The next sign-in drops one left for over an hour, too.
    const old = await oauth.signIn('oauth', settings());
    await secrets.set('oauth-sessions', JSON.stringify({ ...(await index()), [old.session]: Date.now() - 61 * 60_000 }));
    const fresh = await oauth.signIn('oauth', settings());
    expect(await secrets.get(`oauth-session:${old.session}`)).toBeNull();
    expect(Object.keys(await index())).toEqual([fresh.session]);
  });

  it('deleting an OAuth account revokes its refresh token at the provider; a failed revocation is logged and does not stop the delete', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mailroom-oauth-delete-'));
    dirs.push(dir);
    const platform = createNodePlatform(dir, { MAILROOM_SECRET_KEY: 'c3'.repeat(32) }, { onOAuthUrl: signInAs(alice) });
    const s = createServices({ dataDir: dir, platform, host: 'browser', version: 'test', emit: () => undefined });
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const addSignedIn = async (name: string, email: string) => {
        const { session } = await s.oauth.signIn('oauth', settings());
        const account = await s.accounts.add(
          NewAccountSchema.parse({ kind: 'oauth', name, email, username: alice.email, imap: imap(), smtp: submission(), oauth: settings(), oauthSession: session }),
        );
        const raw = await platform.secrets.get(`account:${account.id}:oauth`);
        return { account, grant: JSON.parse(raw ?? 'null') as { client: OAuthClient; refreshToken: string } };
      };

      const { account, grant } = await addSignedIn('Support (SSO)', alice.email);
      expect(grant.client.revocationEndpoint).toBe(`${idp.issuer}/token/revocation`);
      await s.accounts.delete(account.id);
      expect(await platform.secrets.get(`account:${account.id}:oauth`)).toBeNull();
      await expect(refreshTokens(grant.client, grant.refreshToken)).rejects.toMatchObject({ info: { code: 'auth/oauth-revoked' } });
      expect(warn).not.toHaveBeenCalled();

      // The provider cannot be reached at delete time: the account goes anyway, and the log says what stayed valid.
      const second = await addSignedIn('Support again', 'support-alias@example.test');
      const unreachable = { ...second.grant, client: { ...second.grant.client, revocationEndpoint: 'http://127.0.0.1:9/revoke' } };
      await platform.secrets.set(`account:${second.account.id}:oauth`, JSON.stringify(unreachable));
      await s.accounts.delete(second.account.id);
      expect(s.accounts.list()).toEqual([]);
      expect(await platform.secrets.get(`account:${second.account.id}:oauth`)).toBeNull();
      expect(warn).toHaveBeenCalledWith(expect.stringContaining(`revoking the sign-in of account ${second.account.id}`), expect.anything());
      // Not revoked: that refresh token still works at the provider.
      await expect(refreshTokens(second.grant.client, second.grant.refreshToken)).resolves.toMatchObject({ accessToken: expect.any(String) });
    } finally {
      warn.mockRestore();
      await s.close();
    }
  });

  it('explains a cancelled sign-in, a closed sign-in page, a forged redirect, an abandoned sign-in and a wrong issuer', async () => {
    const cancelled = oauthService(headlessCancel).oauth;
    await expect(cancelled.signIn('oauth', settings())).rejects.toMatchObject({ info: { code: 'oauth/denied' } });

    // The page went away without the redirect: the attempt ends at once and the loopback port closes.
    let redirectUri = '';
    const closed = oauthService(async (url) => {
      redirectUri = new URL(url).searchParams.get('redirect_uri') ?? '';
    }).oauth;
    await expect(closed.signIn('oauth', settings())).rejects.toMatchObject({ info: { code: 'oauth/denied' } });
    expect(redirectUri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
    await expect(fetch(redirectUri)).rejects.toThrow();

    // Someone else's code delivered to our port: refused, and the receiver's page still tells the user to go back.
    let page: Promise<string> = Promise.resolve('');
    const forged = oauthService(async (url) => {
      page = fetch(`${new URL(url).searchParams.get('redirect_uri')}?code=stolen&state=guessed`).then((response) => response.text());
      await page;
    }).oauth;
    await expect(forged.signIn('oauth', settings())).rejects.toMatchObject({ info: { code: 'oauth/state-mismatch' } });
    expect(await page).toContain('You can close this window and return to Mailroom');

    // Shown where nobody can tell when the page is closed (the browser host's page): the wait has a limit.
    const abandoned = oauthService(() => undefined, { callbackTimeoutMs: 300 }).oauth;
    await expect(abandoned.signIn('oauth', settings())).rejects.toMatchObject({ info: { code: 'oauth/timeout' } });

    const lost = oauthService(signInAs(alice)).oauth;
    await expect(lost.signIn('oauth', settings({ issuer: `${idp.issuer}/not-here` }))).rejects.toMatchObject({ info: { code: 'oauth/discovery-failed' } });
  });
});
