/**
 * OAuth sign-in and tokens for mail accounts. A finished sign-in leaves its
 * tokens in the secret store under a session key that only the form holds;
 * saving the account claims them for it. Nothing else ever sees a token:
 * callers get a valid access token when they need one.
 */
import { randomUUID } from 'node:crypto';
import type { AccountKind, OAuthSettings, OAuthSignInResult } from '../../../src-preload/contract';
import { appError } from '../errors/app-error';
import type { OAuthAgent, SecretStore } from '../platform/interfaces';
import { startLoopbackReceiver, type LoopbackCallback } from './loopback-receiver';
import {
  authorizationUrl,
  exchangeCode,
  explainOAuthError,
  identify,
  refreshTokens,
  resolveOAuthClient,
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
  }

  /** A valid access token for a saved account, refreshed when it expires within a minute. */
  accessToken(accountId: string): Promise<string> {
    return this.validAccessToken(accountKey(accountId), notSignedIn);
  }

  /** The same for a sign-in not yet claimed, so the form can test the connection before saving. */
  sessionAccessToken(session: string): Promise<string> {
    return this.validAccessToken(sessionKey(checkedSession(session)), sessionExpired);
  }

  async forget(accountId: string): Promise<void> {
    await this.queue.run(accountKey(accountId), () => this.secrets.delete(accountKey(accountId)));
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
      return ok ? (grant as StoredGrant) : null;
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
  if (!callback.code) throw appError('oauth/failed', 'The provider came back without a sign-in code.', 'Sign in again.');
  return callback.code;
}
