import type { ErrorInfo } from '../../../src-preload/contract';

/**
 * The one table that turns what imapflow, nodemailer and Node's sockets throw
 * into a cause and a fix an admin can act on. Order matters: the first match wins,
 * so specific server answers come before generic socket errors.
 */

export interface ErrorContext {
  protocol?: 'imap' | 'smtp';
  host?: string;
  port?: number;
}

interface RawError {
  code?: string;
  message: string;
  responseCode?: number;
  response?: string;
  responseText?: string;
  serverResponseCode?: string;
  authenticationFailed?: boolean;
}

interface Rule {
  code: string;
  test(e: RawError, text: string): boolean;
  explain(ctx: Required<ErrorContext>): { cause: string; fix: string };
}

const TLS_CERT_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_UNTRUSTED',
]);

const label = (ctx: Required<ErrorContext>) => (ctx.protocol === 'smtp' ? 'SMTP' : 'IMAP');
const where = (ctx: Required<ErrorContext>) => `${ctx.host}:${ctx.port}`;

const rules: Rule[] = [
  {
    code: 'auth/app-password-required',
    test: (e, t) => e.responseCode === 534 || /application-specific password|app password|InvalidSecondFactor/i.test(t),
    explain: () => ({
      cause: 'The provider requires an app password for mail programs because two-step verification is on.',
      fix: "Create an app password in the mailbox's security settings and enter it instead of the normal password.",
    }),
  },
  {
    code: 'auth/failed',
    test: (e, t) =>
      e.authenticationFailed === true ||
      e.serverResponseCode === 'AUTHENTICATIONFAILED' ||
      e.code === 'EAUTH' ||
      e.responseCode === 535 ||
      /AUTHENTICATIONFAILED|authentication failed|invalid credentials|535[ -]/i.test(t),
    explain: (ctx) => ({
      cause: `The ${label(ctx)} server rejected the username or password.`,
      fix: 'Check the username (often the full email address) and the password; if the provider uses two-step verification, use an app password.',
    }),
  },
  {
    code: 'smtp/auth-required',
    test: (e) => e.responseCode === 530,
    explain: () => ({
      cause: 'The SMTP server requires signing in before it accepts mail.',
      fix: 'Check the SMTP username and password, and that encryption (STARTTLS or SSL/TLS) matches the port.',
    }),
  },
  {
    code: 'smtp/sender-rejected',
    test: (e) => e.responseCode === 553 || e.responseCode === 550 || e.responseCode === 554,
    explain: () => ({
      cause: 'The SMTP server refused the sender or a recipient (550/553/554): the account may not send as this address, or the server considers the mail spam.',
      fix: "Send from the mailbox's own address, or allow this address as a sender (\"send as\") at the provider.",
    }),
  },
  {
    code: 'net/tls-untrusted',
    // nodemailer reports TLS failures as ESOCKET, keeping only OpenSSL's words.
    test: (e, t) => TLS_CERT_CODES.has(e.code ?? '') || /self[- ]signed certificate|unable to verify the first certificate|unable to get local issuer/i.test(t),
    explain: (ctx) => ({
      cause: `The certificate of ${ctx.host} is not signed by an authority this computer trusts (self-signed or private CA).`,
      fix: 'Ask the mail provider for a valid certificate, or check that the server name is right.',
    }),
  },
  {
    code: 'net/tls-expired',
    test: (e, t) => e.code === 'CERT_HAS_EXPIRED' || /certificate has expired/i.test(t),
    explain: (ctx) => ({
      cause: `The certificate of ${ctx.host} has expired.`,
      fix: "Tell the mail server's administrator; check this computer's date and time too.",
    }),
  },
  {
    code: 'net/tls-hostname',
    test: (e, t) => e.code === 'ERR_TLS_CERT_ALTNAME_INVALID' || /Hostname\/IP does not match certificate/i.test(t),
    explain: (ctx) => ({
      cause: `The certificate presented by ${ctx.host} was issued for a different server name.`,
      fix: "Use the exact server name from the provider's instructions (for example imap.provider.com rather than an alias).",
    }),
  },
  {
    code: 'net/tls-mismatch',
    test: (e, t) => e.code === 'EPROTO' || /wrong version number|unknown protocol|packet length too long|ssl3_get_record/i.test(t),
    explain: (ctx) => ({
      cause: `The encryption setting does not match port ${ctx.port}: the server speaks ${ctx.port === 993 || ctx.port === 465 ? 'SSL/TLS' : 'plain text or STARTTLS'} there.`,
      fix: `Use SSL/TLS with port ${ctx.protocol === 'smtp' ? '465' : '993'}, or STARTTLS with port ${ctx.protocol === 'smtp' ? '587' : '143'}.`,
    }),
  },
  {
    code: 'net/starttls-unavailable',
    test: (_e, t) => /STARTTLS/i.test(t) && /not (supported|available)|not advertised|doesn't support/i.test(t),
    explain: () => ({
      cause: 'The server does not offer STARTTLS on this port.',
      fix: 'Choose SSL/TLS (usually port 993 for IMAP, 465 for SMTP), or ask the provider which port supports encryption.',
    }),
  },
  {
    code: 'net/host-not-found',
    test: (e) => e.code === 'ENOTFOUND' || e.code === 'EAI_AGAIN' || e.code === 'EDNS',
    explain: (ctx) => ({
      cause: `The server name ${ctx.host} could not be found.`,
      fix: "Check the spelling of the server name, and that this computer is online.",
    }),
  },
  {
    code: 'net/refused',
    test: (e, t) => e.code === 'ECONNREFUSED' || /ECONNREFUSED/.test(t),
    explain: (ctx) => ({
      cause: `Nothing accepted the connection at ${where(ctx)}: the server is down, or the port is wrong.`,
      fix: `Check the ${label(ctx)} port (${ctx.protocol === 'smtp' ? '465 or 587' : '993 or 143'} are usual) and that the server is running.`,
    }),
  },
  {
    code: 'net/timeout',
    test: (e, t) => e.code === 'ETIMEDOUT' || e.code === 'ETIMEOUT' || e.code === 'CONNECT_TIMEOUT' || /timed? ?out/i.test(t),
    explain: (ctx) => ({
      cause: `${where(ctx)} did not answer in time.`,
      fix: 'Check the server name and port, and whether a firewall or VPN blocks mail ports.',
    }),
  },
  {
    code: 'net/unreachable',
    test: (e) => e.code === 'ENETUNREACH' || e.code === 'EHOSTUNREACH' || e.code === 'EADDRNOTAVAIL',
    explain: (ctx) => ({
      cause: `${ctx.host} cannot be reached from this computer.`,
      fix: 'Check the network connection; the app keeps working offline on the cached mail.',
    }),
  },
  {
    code: 'net/closed',
    test: (e, t) => e.code === 'ECONNRESET' || e.code === 'EPIPE' || e.code === 'NoConnection' || /connection (closed|not available)|socket hang up/i.test(t),
    explain: (ctx) => ({
      cause: `${where(ctx)} closed the connection unexpectedly.`,
      fix: 'Check that the encryption setting matches the port; if it persists, the server may be limiting connections: try again in a few minutes.',
    }),
  },
  {
    code: 'imap/too-many-connections',
    test: (_e, t) => /too many (simultaneous )?connections|\[LIMIT\]|\[UNAVAILABLE\]/i.test(t),
    explain: () => ({
      cause: 'The server refused another connection for this mailbox.',
      fix: 'Close other mail programs using this mailbox, or wait a few minutes and try again.',
    }),
  },
];

function rawOf(err: unknown): RawError {
  if (err && typeof err === 'object') {
    const e = err as Record<string, unknown>;
    const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
    const raw: RawError = { message: str(e.message) ?? String(err) };
    if (str(e.code)) raw.code = str(e.code);
    if (typeof e.responseCode === 'number') raw.responseCode = e.responseCode;
    if (str(e.response)) raw.response = str(e.response);
    if (str(e.responseText)) raw.responseText = str(e.responseText);
    if (str(e.serverResponseCode)) raw.serverResponseCode = str(e.serverResponseCode);
    if (e.authenticationFailed === true) raw.authenticationFailed = true;
    return raw;
  }
  return { message: String(err) };
}

export function explainError(err: unknown, context: ErrorContext = {}): ErrorInfo {
  const raw = rawOf(err);
  const text = [raw.message, raw.response, raw.responseText].filter(Boolean).join(' ');
  const ctx: Required<ErrorContext> = { protocol: 'imap', host: 'the server', port: 0, ...context };
  const detail = [raw.code, raw.responseText ?? raw.response ?? raw.message].filter(Boolean).join(': ').slice(0, 500);
  for (const rule of rules) {
    if (rule.test(raw, text)) return { code: rule.code, ...rule.explain(ctx), detail };
  }
  return {
    code: 'unknown',
    cause: `Something unexpected went wrong${context.host ? ` talking to ${where(ctx)}` : ''}.`,
    fix: 'Try again; if it keeps happening, send the details below to support.',
    detail,
  };
}

/** Network failures mean "offline": the cache stays usable and sync retries later. */
export function isNetworkError(info: ErrorInfo): boolean {
  return info.code.startsWith('net/') && !info.code.startsWith('net/tls');
}
