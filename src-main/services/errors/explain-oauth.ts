import type { ErrorCode } from '../../../src-preload/contract';
import { appError, type AppError } from './app-error';

/**
 * The table for what OAuth providers answer (RFC 6749 §4.1.2.1 and §5.2: an `error`
 * and an `error_description`), in the shape of explain.ts: ordered rows, the first match
 * wins, each quoting the real reply it matches. Microsoft Entra ID puts its precise
 * reason into the description as "AADSTSnnnnn: …", so those rows come first.
 */

/** Where a refusal happened: the form shows sign-in errors; refresh errors mark the account. */
export type OAuthStage = 'sign-in' | 'refresh';

interface OAuthReply {
  error: string;
  description: string;
  stage: OAuthStage;
}

interface Rule {
  code: ErrorCode;
  test(reply: OAuthReply): boolean;
  explain(reply: OAuthReply): { cause: string; fix: string };
}

const aadsts = (...numbers: string[]) => (reply: OAuthReply) => numbers.includes(/AADSTS(\d+)/.exec(reply.description)?.[1] ?? '');
const named = (...names: string[]) => (reply: OAuthReply) => names.includes(reply.error);

const rules: Rule[] = [
  {
    // auth/: only a new interactive sign-in clears it, so the account must be reconnected.
    code: 'auth/oauth-mfa-required',
    // "invalid_grant: AADSTS50076: Due to a configuration change made by your administrator, or because you moved to a
    // new location, you must use multi-factor authentication to access '…'." (50079: "you must enroll in multi-factor…")
    test: aadsts('50076', '50079'),
    explain: () => ({
      cause: 'Microsoft requires multi-factor verification for this account before Mailroom may use it.',
      fix: 'Sign in again and complete the extra verification step (authenticator app, text message or key).',
    }),
  },
  {
    code: 'auth/oauth-consent-required',
    // "invalid_grant: AADSTS65001: The user or administrator has not consented to use the application with ID '…' named '…'."
    test: aadsts('65001'),
    explain: () => ({
      cause: 'Nobody has allowed Mailroom to read and send mail for this Microsoft 365 organisation yet (consent missing).',
      fix: 'Ask a Microsoft 365 administrator to grant admin consent to the Mailroom app (Entra ID → Enterprise applications), then sign in again.',
    }),
  },
  {
    code: 'oauth/unknown-client',
    // "unauthorized_client: AADSTS700016: Application with identifier '…' was not found in the directory '…'."
    test: aadsts('700016'),
    explain: () => ({
      cause: "Microsoft does not know the client ID in Mailroom's OAuth settings in this directory.",
      fix: 'Check the client (application) ID; if the app is registered in another organisation, make it multi-tenant or set the tenant to that organisation.',
    }),
  },
  {
    code: 'oauth/redirect-mismatch',
    // "invalid_request: AADSTS50011: The redirect URI 'http://127.0.0.1:…/callback' specified in the request does not
    // match the redirect URIs configured for the application '…'."
    test: aadsts('50011'),
    explain: () => ({
      cause: "The app registration does not list Mailroom's sign-in return address.",
      fix: 'In the app registration add the platform "Mobile and desktop applications" with the redirect URI http://127.0.0.1/callback (Microsoft ignores the port on loopback addresses).',
    }),
  },
  {
    code: 'auth/oauth-blocked-by-policy',
    // "access_denied: AADSTS53003: Access has been blocked by Conditional Access policies. The access policy does not allow token issuance."
    test: aadsts('53003'),
    explain: () => ({
      cause: 'A Conditional Access policy of the Microsoft 365 organisation blocked this sign-in (device, location or app not allowed).',
      fix: "Ask a Microsoft 365 administrator to allow Mailroom on this device; Entra ID's sign-in log names the policy that blocked it.",
    }),
  },
  {
    // At refresh these mean the grant is gone and only a new interactive sign-in helps;
    // auth/ makes the sync loop mark the account "needs reconnect" instead of retrying.
    code: 'auth/oauth-revoked',
    // Google: "invalid_grant: Token has been expired or revoked."; Microsoft: "invalid_grant: AADSTS700082: The refresh
    // token has expired due to inactivity."
    test: (reply) => reply.stage === 'refresh' && named('invalid_grant', 'interaction_required', 'login_required', 'consent_required')(reply),
    explain: () => ({
      cause: "The provider no longer accepts this account's sign-in: access was revoked, it expired, or the password changed.",
      fix: 'Reconnect the account: open its settings and sign in with the provider again.',
    }),
  },
  {
    code: 'oauth/denied',
    // Google's redirect after "Cancel" on the consent page: "?error=access_denied".
    test: named('access_denied'),
    explain: () => ({
      cause: 'The sign-in was cancelled, or access to the mailbox was not granted.',
      fix: 'Sign in again and allow the access Mailroom asks for (reading and sending mail).',
    }),
  },
  {
    code: 'oauth/code-rejected',
    // Google: "invalid_grant: Bad Request"; Microsoft: "invalid_grant: AADSTS54005: OAuth2 Authorization code was already redeemed".
    test: named('invalid_grant'),
    explain: () => ({
      cause: 'The provider rejected the sign-in code: it expired or was already used.',
      fix: 'Sign in again.',
    }),
  },
  {
    code: 'oauth/unknown-client',
    // Google: "invalid_client: The OAuth client was not found."; "unauthorized_client: Unauthorized".
    test: named('invalid_client', 'unauthorized_client'),
    explain: () => ({
      cause: "The provider does not accept the client ID in Mailroom's OAuth settings for this kind of sign-in.",
      fix: 'Check the client ID, and register Mailroom as a public (native or desktop) client with PKCE and the redirect URI http://127.0.0.1/callback.',
    }),
  },
  {
    code: 'oauth/invalid-scope',
    // Google: "invalid_scope: Some requested scopes were invalid."
    test: named('invalid_scope'),
    explain: () => ({
      cause: 'The provider refused the requested scopes.',
      fix: "Check the scopes in the OAuth settings: usually \"openid email offline_access\" plus the provider's mail scope.",
    }),
  },
  {
    code: 'oauth/provider-unavailable',
    // RFC 6749 §4.1.2.1: "server_error", "temporarily_unavailable" (the server is overloaded or under maintenance).
    test: named('server_error', 'temporarily_unavailable'),
    explain: () => ({
      cause: 'The sign-in server had a temporary problem.',
      fix: 'Try again in a few minutes.',
    }),
  },
];

function explanationFor(reply: OAuthReply): { code: ErrorCode; cause: string; fix: string } {
  const rule = rules.find((r) => r.test(reply));
  if (rule) return { code: rule.code, ...rule.explain(reply) };
  return {
    code: 'oauth/failed',
    cause: `The provider refused the sign-in (${reply.error}).`,
    fix: "Check the OAuth settings; the details below are the provider's own words.",
  };
}

/** Turns an OAuth error response into a cause and a fix, keeping the provider's words as the detail. */
export function explainOAuthError(stage: OAuthStage, error: string, description = ''): AppError {
  const { code, cause, fix } = explanationFor({ error, description, stage });
  return appError(code, cause, fix, `${error}${description ? `: ${description}` : ''}`.slice(0, 500));
}
