/**
 * Every failure code Mailroom reports, and the questions asked of them. Pure (no Node,
 * DOM or Electron): the contract's ErrorInfo carries these codes, so main, the preload
 * and the renderer share one list, and a misspelt code fails to compile.
 *
 * The prefix names the area for people reading logs; code asks the questions below
 * instead of testing prefixes. Each code maps to what the app does about it:
 * - reconnect: only a new sign-in or password helps, so sync stops and the account asks
 *   to be reconnected;
 * - offline: the server cannot be reached; the cache stays usable and sync retries quietly;
 * - report: shown with its cause and fix; sync retries with back-off and then stops.
 */
const errorCodes = {
  // --- Signing in (services/errors/explain.ts, explain-oauth.ts, auth/, accounts/) ---
  'auth/failed': 'reconnect',
  'auth/oauth-rejected': 'reconnect',
  'auth/web-login-required': 'reconnect',
  'auth/basic-auth-disabled': 'reconnect',
  'auth/mechanism-too-weak': 'reconnect',
  'auth/app-password-required': 'reconnect',
  'auth/encryption-required': 'reconnect',
  'auth/not-authorized': 'reconnect',
  'auth/oauth-mfa-required': 'reconnect',
  'auth/oauth-consent-required': 'reconnect',
  'auth/oauth-blocked-by-policy': 'reconnect',
  'auth/oauth-revoked': 'reconnect',
  'auth/oauth-sign-in-required': 'reconnect',
  'auth/missing-secret': 'reconnect',

  // --- IMAP server answers (explain.ts) ---
  'imap/unavailable': 'report',
  'imap/too-many-connections': 'report',
  'imap/over-quota': 'report',
  'imap/alert': 'report',

  // --- SMTP replies (explain.ts) ---
  'smtp/auth-required': 'report',
  'smtp/unavailable': 'report',
  'smtp/mailbox-busy': 'report',
  'smtp/temporary-failure': 'report',
  'smtp/insufficient-storage': 'report',
  'smtp/too-many-recipients': 'report',
  'smtp/bad-address-syntax': 'report',
  'smtp/bad-sequence': 'report',
  'smtp/command-rejected': 'report',
  'smtp/relay-denied': 'report',
  'smtp/sender-rejected': 'report',
  'smtp/recipient-unknown': 'report',
  'smtp/user-not-local': 'report',
  'smtp/message-too-large': 'report',
  'smtp/mailbox-full': 'report',
  'smtp/address-not-allowed': 'report',
  'smtp/rejected-as-spam': 'report',
  'smtp/rejected': 'report',

  // --- Certificates and encryption (explain.ts): settings or the server must change, waiting does not help ---
  'net/tls-untrusted': 'report',
  'net/tls-cert-changed': 'report',
  'net/tls-expired': 'report',
  'net/tls-not-yet-valid': 'report',
  'net/tls-hostname': 'report',
  'net/tls-invalid': 'report',
  'net/tls-mismatch': 'report',
  'net/tls-handshake': 'report',
  'net/starttls-unavailable': 'report',

  // --- The network (explain.ts, OAuth endpoints) ---
  'net/host-not-found': 'offline',
  'net/refused': 'offline',
  'net/greeting-timeout': 'offline',
  'net/timeout': 'offline',
  'net/unreachable': 'offline',
  'net/closed': 'offline',
  'net/oauth-unreachable': 'offline',

  // --- The OAuth sign-in itself (explain-oauth.ts, auth/, the sign-in window) ---
  'oauth/denied': 'report',
  'oauth/cancelled': 'report',
  'oauth/timeout': 'report',
  'oauth/code-rejected': 'report',
  'oauth/no-code': 'report',
  'oauth/unknown-client': 'report',
  'oauth/redirect-mismatch': 'report',
  'oauth/invalid-scope': 'report',
  'oauth/provider-unavailable': 'report',
  'oauth/failed': 'report',
  'oauth/settings-incomplete': 'report',
  'oauth/insecure-endpoint': 'report',
  'oauth/discovery-failed': 'report',
  'oauth/revoke-failed': 'report',
  'oauth/bad-token-response': 'report',
  'oauth/id-token-mismatch': 'report',
  'oauth/no-email': 'report',
  'oauth/no-refresh-token': 'report',
  'oauth/session-expired': 'report',
  'oauth/state-mismatch': 'report',
  'oauth/not-oauth': 'report',
  'oauth/no-browser': 'report',
  'oauth/bad-url': 'report',
  'oauth/insecure-url': 'report',
  'oauth/not-configured': 'report',
  'oauth/wrong-account': 'report',

  // --- Accounts, mail and secrets ---
  'accounts/not-found': 'report',
  'accounts/duplicate': 'report',
  'accounts/confirm-mismatch': 'report',
  'accounts/password-required': 'report',
  'mail/not-found': 'report',
  'mail/download-offline': 'report',
  'mail/test-not-arrived': 'report',
  'mail/bad-search': 'report',
  'mail/attachment-missing': 'report',
  'mail/attachment-too-big': 'report',
  'mail/attachment-open-failed': 'report',
  'mail/attachment-save-failed': 'report',
  'test-mail/failed': 'report',
  'secrets/unavailable': 'report',
  'secrets/unreadable': 'report',

  // --- The team log (services/teamlog/, explained in explain.ts) ---
  'team/log-folder-refused': 'report',
  'team/event-not-confirmed': 'report',
  'team/log-recreated': 'report',
  'team/log-renumbered': 'report',
  'team/newer-version': 'report',

  // --- Tickets and the team (services/tickets/) ---
  'tickets/not-found': 'report',
  'tickets/not-allowed': 'report',
  'team/no-log': 'report',
  'team/invalid-settings': 'report',

  // --- Sending: the outbox, drafts, canned answers, auto-reply (services/outbox/, compose/, canned/) ---
  'smtp/recipients-refused': 'report',
  'smtp/data-rejected': 'report',
  'send/no-recipient': 'report',
  'send/too-large': 'report',
  'send/attachment-unreadable': 'report',
  'send/unknown-encoding': 'report',
  'send/delivery-uncertain': 'report',
  'send/retries-exhausted': 'report',
  'send/invalid': 'report',
  'outbox/not-found': 'report',
  'outbox/not-allowed': 'report',
  'drafts/not-found': 'report',
  'canned/not-found': 'report',
  'canned/invalid': 'report',

  // --- Working the mailbox: views, exports, deletion, reports (services/views/, exports/, tickets/, reports/) ---
  'views/not-found': 'report',
  'views/invalid': 'report',
  'tickets/bad-filter': 'report',
  'exports/not-found': 'report',
  'exports/write-failed': 'report',
  'exports/busy': 'report',

  // --- The app's own plumbing ---
  'app/starting': 'report',
  'host/disconnected': 'report',
  'host/refused': 'report',
  'ipc/forbidden-sender': 'report',
  'ipc/unknown-channel': 'report',
  'ipc/invalid-request': 'report',
  'renderer/unexpected': 'report',
  unknown: 'report',
} as const satisfies Record<string, 'reconnect' | 'offline' | 'report'>;

export type ErrorCode = keyof typeof errorCodes;

/** Only a new sign-in (or password) clears it: the account is marked "needs reconnect" and its sync stops. */
export function needsReconnect(code: ErrorCode): boolean {
  return errorCodes[code] === 'reconnect';
}

/** The server could not be reached: the app is offline for this account, the cache stays usable, sync retries. */
export function isNetworkError(code: ErrorCode): boolean {
  return errorCodes[code] === 'offline';
}

/** The server's certificate is unknown (or not the one accepted): the admin may trust it by its fingerprint. */
export function canTrustCertificate(code: ErrorCode): boolean {
  return code === 'net/tls-untrusted' || code === 'net/tls-cert-changed';
}
