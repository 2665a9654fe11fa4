/**
 * OAuth sign-in and tokens for mail accounts. A finished sign-in leaves its
 * tokens in the secret store under a session key that only the form holds;
 * saving the account claims them for it, closing the form discards them, and
 * sessions nobody claimed expire after an hour. Nothing else ever sees a token:
 * callers get a valid access token when they need one.
 */
import { randomUUID } from 'node:crypto';
import type { AccountKind, OAuthSettings, OAuthSignInResult } from '../../../src-preload/contract';
import { OAUTH_PROVIDERS } from '../../../src-preload/providers';
import { appError } from '../errors/app-error';
import { explainOAuthError } from '../errors/explain-oauth';
import type { OAuthAgent, SecretStore } from '../platform/interfaces';
import { startLoopbackReceiver, type LoopbackCallback } from './loopback-receiver';
import {
  authorizationUrl,
  exchangeCode,
  identify,
  refreshTokens,
  resolveOAuthClient,
  revokeRefreshToken,
  type OAuthClient,
} from './oauth-client';
import { codeChallengeS256, createCodeVerifier, createNonce, createState } from './pkce';

/** One grant as the secret store keeps it: with the client, so a refresh needs no account settings. */
interface StoredGrant {
  client: OAuthClient;
  refreshToken: string;
  accessToken: string;
  /** Epoch milliseconds. */
  expiresAt: number;
}

/** Refresh this long before expiry, so a token never runs out between here and the mail server. */
const REFRESH_MARGIN_MS = 60_000;
const SESSION_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** An unclaimed sign-in older than this is dropped: the form that held it is long closed. */
const SESSION_TTL_MS = 60 * 60_000;
/** The secret store cannot list its keys, so the open sessions and their creation times are kept here. */
const SESSION_INDEX_KEY = 'oauth-sessions';

const sessionKey = (session: string) => `oauth-session:${session}`;
const accountKey = (accountId: string) => `account:${accountId}:oauth`;

const sessionExpired = () =>
  appError('oauth/session-expired', 'The provider sign-in for this form was not finished or has already been used.', 'Sign in with the provider again.');
// auth/: the sync loop marks the account "needs reconnect".
const notSignedIn = () =>
  appError('auth/oauth-sign-in-required', 'The sign-in for this account is not stored on this computer.', 'Reconnect the account: open its settings and sign in with the provider again.');

/** Runs the tasks of one key one after another; different keys run side by side. */
class KeyedQueue {
  private readonly tails = new Map<string, Promise<void>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const result = (this.tails.get(key) ?? Promise.resolve()).then(task);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }
}

export interface OAuthServiceOptions {
  /** How long a sign-in waits for the provider's redirect (default 5 minutes). */
  callbackTimeoutMs?: number;
  /** How long an unclaimed sign-in is kept (default 1 hour). */
  sessionTtlMs?: number;
}

export class OAuthService {
  /**
   * Every read-refresh-write of a grant runs alone: providers that rotate refresh tokens
   * (oidc-provider, Microsoft, many OIDC servers) revoke the whole grant when a used one
   * comes back, so two refreshes from the same token would disconnect the account.
   */
  private readonly queue = new KeyedQueue();
  /** Callers that ask while a token is being fetched share that fetch and its outcome. */
  private readonly pending = new Map<string, Promise<string>>();

  constructor(
    private readonly secrets: SecretStore,
    private readonly agent: OAuthAgent,
    private readonly options: OAuthServiceOptions = {},
  ) {}

  /**
   * Shows the provider's sign-in page and waits for its redirect to a loopback port
   * (RFC 8252), then redeems the code with the PKCE verifier. The tokens stay here;
   * the result carries only a session handle and who signed in.
   */
  async signIn(kind: AccountKind, settings: OAuthSettings): Promise<OAuthSignInResult> {
    if (kind === 'imap') {
      throw appError('oauth/not-oauth', 'This account type signs in with a password.', 'Choose Google, Microsoft or OAuth as the account type to sign in with a provider.');
    }
    await this.pruneSessions();
    const client = await resolveOAuthClient(kind, settings);
    const verifier = createCodeVerifier();
    const state = createState();
    const nonce = createNonce();
    const receiver = await startLoopbackReceiver({ timeoutMs: this.options.callbackTimeoutMs });
    const attempt = new AbortController();
    try {
      const url = authorizationUrl(client, { redirectUri: receiver.redirectUri, state, codeChallenge: codeChallengeS256(verifier), nonce });
      // Google refuses sign-in inside embedded browsers such as Electron windows (disallowed_useragent).
      const useSystemBrowser = settings.useSystemBrowser || kind === 'google';
      const pageClosed = this.agent.open(url, { useSystemBrowser, signal: attempt.signal }).then((): never => {
        throw appError('oauth/denied', 'The sign-in window was closed before the sign-in finished.', 'Sign in again and complete every step in the sign-in window.');
      });
      const code = codeFrom(await Promise.race([receiver.callback, pageClosed]), state);
      const tokens = await exchangeCode(client, { code, redirectUri: receiver.redirectUri, codeVerifier: verifier });
      if (!tokens.refreshToken) {
        throw appError(
          'oauth/no-refresh-token',
          'The provider signed in but gave no refresh token, so Mailroom would lose access within the hour.',
          'Add "offline_access" to the scopes in the OAuth settings (or allow offline access for the client at the provider), then sign in again.',
        );
      }
      const user = await identify(client, tokens, nonce);
      const session = randomUUID();
      // Listed before it exists, so a kill in between cannot leave tokens nothing will expire.
      await this.updateSessionIndex((index) => {
        index[session] = Date.now();
      });
      await this.save(sessionKey(session), { client, refreshToken: tokens.refreshToken, accessToken: tokens.accessToken, expiresAt: tokens.expiresAt });
      return { session, email: user.email, name: user.name };
    } finally {
      attempt.abort();
      receiver.close();
    }
  }

  /** Gives a finished sign-in's tokens to an account (replacing earlier ones) and forgets the session. */
  async claimSession(session: string, accountId: string): Promise<void> {
    const from = sessionKey(checkedSession(session));
    await this.queue.run(from, async () => {
      const grant = await this.load(from);
      if (!grant) throw sessionExpired();
      await this.queue.run(accountKey(accountId), () => this.save(accountKey(accountId), grant));
      await this.secrets.delete(from);
    });
    await this.updateSessionIndex((index) => {
      delete index[session];
    });
  }

  /** The form was closed without saving: its sign-in's tokens go now instead of when they expire. */
  async discardSession(session: string): Promise<void> {
    if (SESSION_ID.test(session)) await this.dropSession(session);
  }

  /**
   * Drops unclaimed sign-ins older than an hour (at startup and before each sign-in).
   * Best effort: a failure is logged and the next run tries again.
   */
  async pruneSessions(): Promise<void> {
    const ttl = this.options.sessionTtlMs ?? SESSION_TTL_MS;
    try {
      const index = await this.queue.run(SESSION_INDEX_KEY, () => this.sessionIndex());
      const now = Date.now();
      for (const [session, createdAt] of Object.entries(index)) {
        if (now - createdAt >= ttl) await this.dropSession(session);
      }
    } catch (err) {
      console.warn('[oauth] removing expired sign-in sessions failed:', err);
    }
  }

  /** A valid access token for a saved account, refreshed when it expires within a minute. */
  accessToken(accountId: string): Promise<string> {
    return this.validAccessToken(accountKey(accountId), notSignedIn);
  }

  /** The same for a sign-in not yet claimed, so the form can test the connection before saving. */
  sessionAccessToken(session: string): Promise<string> {
    return this.validAccessToken(sessionKey(checkedSession(session)), sessionExpired);
  }

  /**
   * Forgets an account's tokens, then revokes its grant at the provider where it can
   * (RFC 7009), so the refresh token stops working there too. The revocation is best
   * effort: a failure is logged and never keeps the account from being deleted.
   */
  async forget(accountId: string): Promise<void> {
    const key = accountKey(accountId);
    const grant = await this.queue.run(key, async () => {
      const stored = await this.load(key);
      await this.secrets.delete(key);
      return stored;
    });
    if (!grant?.client.revocationEndpoint) return;
    try {
      await revokeRefreshToken(grant.client, grant.refreshToken);
    } catch (err) {
      console.warn(`[oauth] revoking the sign-in of account ${accountId} at the provider failed; it stays valid there until it expires:`, err);
    }
  }

  private validAccessToken(key: string, missing: () => Error): Promise<string> {
    const shared = this.pending.get(key);
    if (shared) return shared;
    const fetching = this.queue.run(key, async () => {
      const grant = await this.load(key);
      if (!grant) throw missing();
      if (grant.expiresAt - Date.now() > REFRESH_MARGIN_MS) return grant.accessToken;
      const tokens = await refreshTokens(grant.client, grant.refreshToken);
      await this.save(key, {
        ...grant,
        accessToken: tokens.accessToken,
        expiresAt: tokens.expiresAt,
        // Keep the old refresh token unless the server rotated it.
        refreshToken: tokens.refreshToken ?? grant.refreshToken,
      });
      return tokens.accessToken;
    });
    const done = fetching.finally(() => this.pending.delete(key));
    this.pending.set(key, done);
    return done;
  }

  /** Tokens first, then the index entry: a kill in between leaves an entry the next prune clears. */
  private async dropSession(session: string): Promise<void> {
    const key = sessionKey(session);
    await this.queue.run(key, () => this.secrets.delete(key));
    await this.updateSessionIndex((index) => {
      delete index[session];
    });
  }

  /** Session handle → creation time (epoch ms); unreadable entries are left out. */
  private async sessionIndex(): Promise<Record<string, number>> {
    const raw = await this.secrets.get(SESSION_INDEX_KEY);
    let parsed: unknown = null;
    try {
      parsed = raw === null ? null : JSON.parse(raw);
    } catch {
      // A damaged index lists nothing; the sessions it named stay until replaced, as before it existed.
    }
    if (!parsed || typeof parsed !== 'object') return {};
    return Object.fromEntries(
      Object.entries(parsed).filter((entry): entry is [string, number] => SESSION_ID.test(entry[0]) && typeof entry[1] === 'number'),
    );
  }

  private updateSessionIndex(change: (index: Record<string, number>) => void): Promise<void> {
    return this.queue.run(SESSION_INDEX_KEY, async () => {
      const index = await this.sessionIndex();
      change(index);
      await this.secrets.set(SESSION_INDEX_KEY, JSON.stringify(index));
    });
  }

  private async load(key: string): Promise<StoredGrant | null> {
    const raw = await this.secrets.get(key);
    if (raw === null) return null;
    try {
      const grant = JSON.parse(raw) as Partial<StoredGrant>;
      const ok =
        typeof grant.refreshToken === 'string' &&
        typeof grant.accessToken === 'string' &&
        typeof grant.expiresAt === 'number' &&
        typeof grant.client?.tokenEndpoint === 'string';
      if (!ok) return null;
      // Grants saved before revocation was known: Google's endpoint is fixed; others stay without.
      const client = grant.client as OAuthClient;
      const revocationEndpoint = client.revocationEndpoint ?? (client.kind === 'google' ? OAUTH_PROVIDERS.google.revocationEndpoint : '');
      return { ...(grant as StoredGrant), client: { ...client, revocationEndpoint } };
    } catch {
      return null;
    }
  }

  private save(key: string, grant: StoredGrant): Promise<void> {
    return this.secrets.set(key, JSON.stringify(grant));
  }
}

/** Session handles come from the renderer: only ever the UUIDs signIn made. */
function checkedSession(session: string): string {
  if (!SESSION_ID.test(session)) throw sessionExpired();
  return session;
}

/** The authorization code from the redirect, after checking that it answers this attempt. */
function codeFrom(callback: LoopbackCallback, state: string): string {
  // An error redirect is reported as such even when the provider left out state:
  // it can only end this attempt, never sign anyone in.
  if (callback.error) throw explainOAuthError('sign-in', callback.error, callback.errorDescription ?? '');
  if (callback.state !== state) {
    throw appError(
      'oauth/state-mismatch',
      'The sign-in answer did not belong to this sign-in attempt, so it was ignored.',
      'Sign in again; if it happens again, another program on this computer may be interfering with the sign-in.',
    );
  }
  if (!callback.code) throw appError('oauth/no-code', 'The provider came back without a sign-in code.', 'Sign in again.');
  return callback.code;
}
