import type { ErrorCode, ErrorInfo } from '../../../src-preload/contract';
import { AppError } from './app-error';

/**
 * The one table that turns what imapflow, nodemailer, Node's sockets and our own
 * checks throw into a cause and a fix an admin can act on. Order matters: the first
 * match wins, so specific server answers come before generic ones, and sign-in
 * answers before "wrong password" (servers reuse the same NO/535 for many reasons).
 *
 * Our own checks throw errors with these codes so they land here too:
 * CERT_CHANGED (a pinned server presents another certificate), STARTTLS_UNAVAILABLE,
 * TEST_MAIL_NOT_ARRIVED, the team log's TEAM_* codes (services/teamlog/), whose
 * explanations become the log's status notice, and the outbox's SEND_* codes
 * (services/outbox/): a mail refused before SMTP, or an attempt whose outcome is unknown.
 */

export interface ErrorContext {
  protocol?: 'imap' | 'smtp';
  host?: string;
  port?: number;
  /** How the account signs in: an OAuth token refused needs a new sign-in, not a password check. */
  auth?: 'password' | 'oauth';
  /** The admin accepted this server's certificate: any untrusted one is then not the accepted one. */
  pinnedCertificate?: boolean;
}

interface RawError {
  code?: string;
  message: string;
  responseCode?: number;
  response?: string;
  responseText?: string;
  serverResponseCode?: string;
  authenticationFailed?: boolean;
  /** The SMTP command nodemailer was running (MAIL FROM, RCPT TO, DATA). */
  command?: string;
}

interface Rule {
  code: ErrorCode;
  test(e: RawError, text: string, ctx: Required<ErrorContext>): boolean;
  explain(ctx: Required<ErrorContext>, e: RawError): { cause: string; fix: string };
}

const TLS_UNTRUSTED_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_UNTRUSTED',
]);

/** No trusted authority vouches for the certificate. nodemailer reports TLS failures as ESOCKET, keeping only OpenSSL's words. */
const isUntrustedChain = (e: RawError, t: string) =>
  TLS_UNTRUSTED_CODES.has(e.code ?? '') || /self[- ]signed certificate|unable to verify the first certificate|unable to get (local )?issuer/i.test(t);

/** OpenSSL's other verification failures: a broken certificate, not just an unknown issuer. */
const TLS_INVALID_CODES = new Set([
  'CERT_REVOKED',
  'CERT_REJECTED',
  'CERT_SIGNATURE_FAILURE',
  'CERT_CHAIN_TOO_LONG',
  'INVALID_CA',
  'INVALID_PURPOSE',
  'PATH_LENGTH_EXCEEDED',
  'UNABLE_TO_DECRYPT_CERT_SIGNATURE',
  'UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY',
  'ERROR_IN_CERT_NOT_BEFORE_FIELD',
  'ERROR_IN_CERT_NOT_AFTER_FIELD',
]);

const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'ETIMEOUT', 'CONNECT_TIMEOUT', 'SOCKET_TIMEOUT']);

const label = (ctx: Required<ErrorContext>) => (ctx.protocol === 'smtp' ? 'SMTP' : 'IMAP');
const where = (ctx: Required<ErrorContext>) => `${ctx.host}:${ctx.port}`;
const usualPorts = (protocol: ErrorContext['protocol']) =>
  protocol === 'smtp' ? 'SSL/TLS with port 465, or STARTTLS with port 587' : 'SSL/TLS with port 993, or STARTTLS with port 143';
/** The server's own words, for rules whose cause is whatever the server said. */
const serverWords = (e: RawError) => (e.responseText ?? e.response ?? e.message).replace(/^\s*\[ALERT\]\s*/i, '').trim();

const smtp =
  (...codes: number[]) =>
  (e: RawError) =>
    e.responseCode !== undefined && codes.includes(e.responseCode);
/** IMAP-worded rules must not catch SMTP replies, which have rows of their own (421, 552). */
const isSmtpReply = (e: RawError) => e.responseCode !== undefined;
/** A sign-in refused without a more specific reason: Dovecot "NO [AUTHENTICATIONFAILED] Authentication failed.", SMTP "535 5.7.8". */
const authFailed = (e: RawError, t: string) =>
  e.authenticationFailed === true ||
  e.serverResponseCode === 'AUTHENTICATIONFAILED' ||
  e.code === 'EAUTH' ||
  smtp(535)(e) ||
  /AUTHENTICATIONFAILED|authentication failed|invalid credentials|535[ -]/i.test(t);

const rules: Rule[] = [
  // --- Our own checks (exact codes) ---
  {
    code: 'mail/test-not-arrived',
    test: (e) => e.code === 'TEST_MAIL_NOT_ARRIVED',
    explain: () => ({
      cause: 'The test email was sent but did not arrive within 60 seconds.',
      fix: "Check the mailbox's spam folder and forwarding rules; the SMTP server accepted it.",
    }),
  },
  // --- The outbox's own checks (services/outbox/): the mail never reached the server ---
  {
    code: 'send/no-recipient',
    test: (e) => e.code === 'SEND_NO_RECIPIENT',
    explain: () => ({
      cause: 'The mail has no recipient: To, Cc and Bcc are all empty.',
      fix: 'Add at least one address in To, then send again.',
    }),
  },
  {
    code: 'send/attachment-unreadable',
    test: (e) => e.code === 'SEND_ATTACHMENT_UNREADABLE',
    explain: (_ctx, e) => ({
      cause: `An attachment could not be read from this computer's store: ${e.message}. It may have been removed by a clean-up or damaged on disk.`,
      fix: 'Remove the attachment from the draft, attach the file again, and send.',
    }),
  },
  {
    code: 'send/too-large',
    test: (e) => e.code === 'SEND_TOO_LARGE',
    explain: (_ctx, e) => ({
      cause: `The mail is larger than this account allows: ${e.message}.`,
      fix: "Remove or shrink attachments (send large files as a link), or raise the limit in the account's Sending settings if the provider accepts more.",
    }),
  },
  {
    code: 'send/unknown-encoding',
    // Ours, and servers refusing 8-bit or unknown transfer encodings ("554 5.6.1 ... unknown Content-Transfer-Encoding").
    test: (e, t) =>
      e.code === 'SEND_UNKNOWN_ENCODING' || /(unknown|unsupported|invalid) (content[- ]transfer[- ])?encoding|8-?bit (data|mime|characters) not (allowed|supported)|\b5\.6\.[17]\b/i.test(t),
    explain: () => ({
      cause: 'The server could not take the message in the encoding it was written in (characters or a transfer encoding it does not support).',
      fix: 'Send again: Mailroom encodes text as quoted-printable. If it keeps failing, remove unusual characters from the addresses or paste the text as plain text.',
    }),
  },
  {
    code: 'send/delivery-uncertain',
    test: (e) => e.code === 'SEND_DELIVERY_UNCERTAIN',
    explain: () => ({
      cause: 'The connection to the SMTP server broke (or Mailroom was closed) after the whole message was handed over and before the server confirmed it. The server may have delivered it, or not.',
      fix: "Look in the Sent folder or ask the recipient. Then choose \"It arrived\" to mark it sent, or \"Send it again\": Mailroom does not resend it by itself, so it is never sent twice without you.",
    }),
  },
  {
    code: 'smtp/recipients-refused',
    test: (e) => e.code === 'SMTP_RECIPIENTS_REFUSED',
    explain: (_ctx, e) => ({
      cause: `The SMTP server refused every recipient: ${e.message}.`,
      fix: 'Check each address for typos (the reason is shown per recipient); send only to the addresses it accepts.',
    }),
  },
  // --- Sign-in refusals with a specific reason (before the generic "wrong password") ---
  {
    code: 'auth/web-login-required',
    // Gmail: "[ALERT] Please log in via your web browser" (IMAP), "534-5.7.14 ... log in via your web browser" (SMTP).
    test: (_e, t) => /web ?login required|log ?in (via|with) your web browser|WEBALERT/i.test(t),
    explain: () => ({
      cause: 'The provider blocked this sign-in as unusual and wants it confirmed in a web browser first.',
      fix: "Sign in to the mailbox once in a browser (the provider's web mail) and confirm the security prompt, then try again. Better: connect with the provider's sign-in (Google or Microsoft) instead of a password.",
    }),
  },
  {
    code: 'auth/basic-auth-disabled',
    // Microsoft 365: IMAP answers "AUTHENTICATE failed." and SMTP "5.7.139 ... basic authentication is disabled"
    // once password sign-in is switched off for the tenant. Case-sensitive: Dovecot says "Authentication failed".
    test: (_e, t) => /\bAUTHENTICATE failed\b/.test(t) || /basic authentication is disabled|5\.7\.139|SmtpClientAuthentication is disabled/i.test(t),
    explain: () => ({
      cause: 'The provider (Microsoft 365) no longer accepts passwords from mail programs: basic authentication is disabled.',
      fix: 'Remove this account and connect it again with "Sign in with Microsoft".',
    }),
  },
  {
    code: 'auth/mechanism-too-weak',
    test: (_e, t) => /mechanism (is )?too weak/i.test(t),
    explain: () => ({
      cause: 'The server refuses this way of signing in as too weak (534).',
      fix: 'Use encryption (SSL/TLS or STARTTLS) for this server; if the provider offers "Sign in with Google/Microsoft", use that, otherwise an app password.',
    }),
  },
  {
    // Every other 534 (Gmail: "534-5.7.9 Application-specific password required").
    code: 'auth/app-password-required',
    test: (e, t) => smtp(534)(e) || /application-specific password|app password|InvalidSecondFactor/i.test(t),
    explain: () => ({
      cause: 'The provider requires an app password for mail programs because two-step verification is on.',
      fix: "Create an app password in the mailbox's security settings and enter it instead of the normal password.",
    }),
  },
  {
    code: 'auth/encryption-required',
    // IMAP PRIVACYREQUIRED / LOGINDISABLED, Dovecot "Plaintext authentication disallowed", SMTP 538.
    test: (e, t) =>
      e.serverResponseCode === 'PRIVACYREQUIRED' ||
      smtp(538)(e) ||
      /PRIVACYREQUIRED|LOGINDISABLED|plaintext authentication (is )?(disallowed|not allowed)|encryption required for requested authentication/i.test(t),
    explain: (ctx) => ({
      cause: `The ${label(ctx)} server accepts passwords only over an encrypted connection.`,
      fix: `Choose encryption: ${usualPorts(ctx.protocol)}.`,
    }),
  },
  {
    code: 'auth/not-authorized',
    test: (e, t) => e.serverResponseCode === 'AUTHORIZATIONFAILED' || /AUTHORIZATIONFAILED/.test(t),
    explain: () => ({
      cause: 'The server accepted the password but this user may not open this mailbox.',
      fix: 'Check that the user was given access to the shared mailbox (delegation), and that the username names the right mailbox.',
    }),
  },
  {
    code: 'imap/unavailable',
    test: (e, t) => e.serverResponseCode === 'UNAVAILABLE' || /\[UNAVAILABLE\]/i.test(t),
    explain: () => ({
      cause: 'The mail server is temporarily unable to sign you in (maintenance or an internal problem on its side).',
      fix: 'Wait a few minutes and try again; if it lasts, ask the mail provider.',
    }),
  },
  {
    code: 'imap/too-many-connections',
    test: (e, t) => e.serverResponseCode === 'LIMIT' || (!isSmtpReply(e) && /\[LIMIT\]|too many (simultaneous |concurrent )?connections/i.test(t)),
    explain: () => ({
      cause: 'The server refused another connection for this mailbox: too many are open at once.',
      fix: 'Close other mail programs or devices using this mailbox, or wait a few minutes and try again.',
    }),
  },
  {
    code: 'imap/over-quota',
    test: (e, t) => e.serverResponseCode === 'OVERQUOTA' || (!isSmtpReply(e) && /OVERQUOTA|over ?quota|quota exceeded/i.test(t)),
    explain: () => ({
      cause: 'The mailbox is full: it has reached its storage quota.',
      fix: 'Delete or archive old mail on the server (empty the trash too), or ask the provider for more space.',
    }),
  },
  {
    code: 'imap/alert',
    // RFC 3501 ALERT: the text is meant to be shown to the user as is.
    test: (e) => e.serverResponseCode === 'ALERT',
    explain: (_ctx, e) => ({
      cause: `The mail server says: "${serverWords(e)}"`,
      fix: 'Follow the server\'s message; if it is unclear, forward it to the mail provider.',
    }),
  },
  // --- The team log (after the server answers above, so a full mailbox or a connection limit says so) ---
  {
    code: 'team/log-folder-refused',
    test: (e) => e.code === 'TEAM_LOG_FOLDER',
    explain: (_ctx, e) => ({
      cause: `The server refused to create or open the team log folder: "${serverWords(e)}". Team actions wait on this computer until it can.`,
      fix: 'Allow this user to create folders in the mailbox (or create the folder Mailroom/Log for it), then press Sync.',
    }),
  },
  {
    code: 'team/event-not-confirmed',
    test: (e) => e.code === 'TEAM_EVENT_NOT_CONFIRMED',
    explain: () => ({
      cause: 'The server accepted a team event but it was not in the team log folder afterwards: a server-side filter or another program may move or delete messages there.',
      fix: 'Exclude the Mailroom folder from server rules, archiving and cleanup tools; the event stays queued here and is sent again.',
    }),
  },
  {
    code: 'team/log-recreated',
    test: (e) => e.code === 'TEAM_LOG_RECREATED',
    explain: () => ({
      cause: "The team log folder was deleted on the server. Mailroom created it again and wrote this computer's copy of the team state into it.",
      fix: 'Nothing to do. Changes other computers made while the folder was gone, and not seen here yet, are lost: check recent assignments.',
    }),
  },
  {
    code: 'team/log-renumbered',
    test: (e) => e.code === 'TEAM_LOG_RENUMBERED',
    explain: () => ({
      cause: "The server renumbered the team log folder (its UIDVALIDITY changed), for example after a restore or a migration. Mailroom kept this computer's copy of the team state and wrote it into the folder.",
      fix: 'Nothing to do; if computers disagree about a ticket, the newest change in the folder wins from now on.',
    }),
  },
  {
    code: 'team/newer-version',
    test: (e) => e.code === 'TEAM_NEWER_VERSION',
    explain: () => ({
      cause: 'The team log holds events written by a newer version of Mailroom. This version skips them, so some team changes are missing here.',
      fix: 'Update Mailroom on this computer to the version the rest of the team uses.',
    }),
  },
  {
    code: 'smtp/auth-required',
    test: smtp(530),
    explain: () => ({
      cause: 'The SMTP server requires signing in (over an encrypted connection) before it accepts mail (530).',
      fix: 'Check the SMTP username and password, and that encryption (STARTTLS or SSL/TLS) matches the port.',
    }),
  },
  {
    // The same refusal as auth/failed below, for an account that signs in with a token: no password to check.
    code: 'auth/oauth-rejected',
    test: (e, t, ctx) => ctx.auth === 'oauth' && authFailed(e, t),
    explain: (ctx) => ({
      cause: `The ${label(ctx)} server no longer accepts this account's sign-in: access was revoked, expired or the password changed at the provider.`,
      fix: 'Press Reconnect and sign in again with the provider.',
    }),
  },
  {
    code: 'auth/failed',
    test: (e, t) => authFailed(e, t),
    explain: (ctx) => ({
      cause: `The ${label(ctx)} server rejected the username or password.`,
      fix: 'Check the username (often the full email address) and the password; if the provider uses two-step verification, use an app password.',
    }),
  },

  // --- SMTP replies (RFC 5321 / 4954), as helpdesk vendors document them ---
  {
    code: 'smtp/unavailable',
    test: smtp(421),
    explain: () => ({
      cause: 'The SMTP server is not taking mail right now (421): it is busy, restarting, or this computer has too many connections open to it.',
      fix: 'Wait a few minutes and try again; Mailroom retries queued mail by itself.',
    }),
  },
  {
    code: 'smtp/mailbox-busy',
    test: smtp(450),
    explain: () => ({
      cause: "The recipient's mailbox is temporarily unavailable (450), for example locked or greylisted.",
      fix: 'Nothing to change: sending is retried later. If it keeps failing, check the recipient address.',
    }),
  },
  {
    code: 'smtp/temporary-failure',
    test: smtp(451),
    explain: () => ({
      cause: 'The SMTP server had a temporary problem processing the message (451), for example a local error or greylisting.',
      fix: 'Try again in a few minutes; if it persists, forward the details to the mail provider.',
    }),
  },
  {
    code: 'smtp/too-many-recipients',
    // Postfix "452 4.5.3 Error: too many recipients", Exchange "452 4.5.3 Too many recipients".
    test: (e, t) => smtp(452)(e) && /too many recipients|4\.5\.3/i.test(t),
    explain: () => ({
      cause: 'The SMTP server takes fewer recipients per message than this one has (452).',
      fix: 'Send to fewer recipients at once, for example split the list over several messages.',
    }),
  },
  {
    code: 'smtp/insufficient-storage',
    test: smtp(452),
    explain: () => ({
      cause: 'The SMTP server cannot take the message now (452): it is out of storage.',
      fix: 'Try again later; if it keeps happening, tell the mail provider.',
    }),
  },
  {
    code: 'smtp/bad-address-syntax',
    test: smtp(501),
    explain: () => ({
      cause: 'The SMTP server rejected an address or parameter as malformed (501).',
      fix: 'Check the sender and recipient addresses for typos, spaces or missing parts.',
    }),
  },
  {
    code: 'smtp/bad-sequence',
    test: smtp(503),
    explain: () => ({
      cause: 'The SMTP server refused a command in this order (503): usually it wants a sign-in or STARTTLS first, or does not offer sign-in on this port.',
      fix: `Check that sign-in is on and that encryption matches the port (${usualPorts('smtp')}).`,
    }),
  },
  {
    code: 'smtp/command-rejected',
    test: smtp(500, 502, 504),
    explain: () => ({
      cause: 'The SMTP server did not understand or does not support a command (500/502/504).',
      fix: `Check that the host and port belong to an SMTP server (${usualPorts('smtp')}); if they do, forward the details to the mail provider.`,
    }),
  },
  {
    code: 'smtp/relay-denied',
    test: (e, t) => smtp(550, 551, 553, 554)(e) && /relay/i.test(t),
    explain: () => ({
      cause: 'The SMTP server will not pass this mail on (relay denied): usually because it does not know who is sending.',
      fix: 'Sign in to SMTP with the mailbox username and password, and send through the provider\'s own server (port 587 with STARTTLS or 465 with SSL/TLS).',
    }),
  },
  {
    code: 'smtp/sender-rejected',
    // By its words, or any permanent refusal of MAIL FROM that is not about the size.
    test: (e, t) =>
      (smtp(550, 553, 554)(e) && /sender|send ?as|from address|not owned|not (allowed|authori[sz]ed|permitted) to send|5\.7\.60/i.test(t)) ||
      (e.command === 'MAIL FROM' && (e.responseCode ?? 0) >= 500 && !/size|too (big|large)|exceeds/i.test(t)),
    explain: () => ({
      cause: 'The SMTP server refused the sender: this account may not send as this address.',
      fix: "Send from the mailbox's own address, or allow this address as a sender (\"send as\") at the provider.",
    }),
  },
  {
    code: 'smtp/recipient-unknown',
    test: (e, t) => smtp(550)(e) && /user unknown|unknown user|no such (user|mailbox)|mailbox (unavailable|not found)|does not exist|recipient.*rejected|5\.1\.1/i.test(t),
    explain: () => ({
      cause: "The recipient's mailbox does not exist or is unavailable (550).",
      fix: 'Check the recipient address for typos; the person may have left or changed address.',
    }),
  },
  {
    code: 'smtp/user-not-local',
    test: smtp(551),
    explain: () => ({
      cause: 'This server does not handle the recipient (551 user not local).',
      fix: 'Check the recipient address; the details may name the address to use instead.',
    }),
  },
  {
    code: 'smtp/message-too-large',
    // nodemailer refuses by itself what the server's EHLO SIZE announces: "Message size larger than allowed 10240000".
    test: (e, t) =>
      (smtp(552, 554)(e) && /size|too (big|large)|exceeds/i.test(t) && !/quota|storage/i.test(t)) || /Message size larger than allowed/i.test(t),
    explain: () => ({
      cause: 'The message is larger than the server accepts (552).',
      fix: 'Send large files as a link, or split the attachments over several messages.',
    }),
  },
  {
    code: 'smtp/mailbox-full',
    test: smtp(552),
    explain: () => ({
      cause: "The recipient's mailbox is full, or the server's storage limit was exceeded (552).",
      fix: 'Try again later or reach the recipient another way; if it is your own mailbox, free space on the server.',
    }),
  },
  {
    code: 'smtp/address-not-allowed',
    test: smtp(553),
    explain: () => ({
      cause: 'The SMTP server does not allow this mailbox name (553): an address is malformed or not one this account may use.',
      fix: "Check the addresses for typos, and send from the mailbox's own address.",
    }),
  },
  {
    code: 'smtp/rejected-as-spam',
    test: (e, t) => smtp(550, 554)(e) && /spam|blocked|block ?list|blacklist|reputation|policy|5\.7\.1\b/i.test(t),
    explain: () => ({
      cause: 'The server refused the message as spam or by policy (554/550).',
      fix: 'Check the text and links for spam triggers; if the details name a block list, ask the mail provider to check the sending address or server.',
    }),
  },
  {
    // The recipients were accepted, then the message itself was refused after its final dot.
    code: 'smtp/data-rejected',
    test: (e) => e.command === 'DATA' && (e.responseCode ?? 0) >= 500,
    explain: (_ctx, e) => ({
      cause: `The SMTP server accepted the recipients but refused the message itself: "${serverWords(e)}".`,
      fix: "Read the server's reason: usually content (an attachment type, a link, a header) its filter refuses. Change that and send again, or forward the details to the mail provider.",
    }),
  },
  {
    code: 'smtp/rejected',
    test: smtp(550, 554),
    explain: () => ({
      cause: 'The SMTP server refused the message (550 mailbox unavailable / 554 transaction failed).',
      fix: 'Read the server\'s reason in the details; check the recipient address and send from the mailbox\'s own address.',
    }),
  },

  // --- Certificates and encryption ---
  {
    code: 'net/tls-cert-changed',
    // nodemailer replaces the code with ESOCKET, keeping our message.
    test: (e, t, ctx) => e.code === 'CERT_CHANGED' || /Certificate changed: accepted/.test(t) || (ctx.pinnedCertificate && isUntrustedChain(e, t)),
    explain: (ctx) => ({
      cause: `${ctx.host} presented a different certificate from the one you accepted for this account.`,
      fix: 'If the provider renewed its certificate, compare the new fingerprint with the one they publish and accept it again. Otherwise do not connect: someone may be intercepting the connection.',
    }),
  },
  {
    code: 'net/tls-untrusted',
    test: isUntrustedChain,
    explain: (ctx) => ({
      cause: `The certificate of ${ctx.host} is not signed by an authority this computer trusts (self-signed or private CA).`,
      fix: "Ask the mail provider for a valid certificate and check the server name. If this server uses its own certificate on purpose, compare its fingerprint with the one the server's administrator gives you, then choose to trust it in the account's settings.",
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
    code: 'net/tls-not-yet-valid',
    test: (e, t) => e.code === 'CERT_NOT_YET_VALID' || /certificate is not yet valid/i.test(t),
    explain: (ctx) => ({
      cause: `The certificate of ${ctx.host} is not valid yet: usually this computer's clock is wrong.`,
      fix: "Set this computer's date and time correctly (automatic time), then try again.",
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
    code: 'net/tls-invalid',
    test: (e) => TLS_INVALID_CODES.has(e.code ?? ''),
    explain: (ctx) => ({
      cause: `The certificate of ${ctx.host} failed verification: it is revoked, damaged or not meant for a server.`,
      fix: "Do not connect until it is fixed: tell the mail server's administrator and send them the details below.",
    }),
  },
  {
    code: 'net/tls-mismatch',
    test: (e, t) => e.code === 'EPROTO' || /wrong version number|unknown protocol|packet length too long|ssl3_get_record/i.test(t),
    explain: (ctx) => ({
      cause: `The encryption setting does not match port ${ctx.port}: the server speaks ${ctx.port === 993 || ctx.port === 465 ? 'SSL/TLS' : 'plain text or STARTTLS'} there.`,
      fix: `Use ${usualPorts(ctx.protocol)}.`,
    }),
  },
  {
    code: 'net/tls-handshake',
    test: (_e, t) => /handshake failure|no (shared )?cipher|unsupported protocol|no protocols available|dh key too small/i.test(t),
    explain: (ctx) => ({
      cause: `This computer and ${ctx.host} could not agree on encryption: the server probably supports only outdated TLS versions or ciphers.`,
      fix: 'Ask the mail provider to support TLS 1.2 or later; check that the encryption setting matches the port.',
    }),
  },
  {
    code: 'net/starttls-unavailable',
    test: (e, t) => e.code === 'STARTTLS_UNAVAILABLE' || (/STARTTLS/i.test(t) && /not (supported|available|advertised)|does(n't| not) support|error upgrading connection/i.test(t)),
    explain: (ctx) => ({
      cause: `The ${label(ctx)} server does not offer STARTTLS on port ${ctx.port}.`,
      fix: `Choose SSL/TLS (usually port ${ctx.protocol === 'smtp' ? '465' : '993'}), or ask the provider which port supports encryption.`,
    }),
  },

  // --- Network ---
  {
    code: 'net/host-not-found',
    test: (e) => e.code === 'ENOTFOUND' || e.code === 'EAI_AGAIN' || e.code === 'EDNS' || e.code === 'ENODATA',
    explain: (ctx) => ({
      cause: `The server name ${ctx.host} could not be found.`,
      fix: 'Check the spelling of the server name, and that this computer is online.',
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
    code: 'net/greeting-timeout',
    // Connected, then silence: typically STARTTLS chosen for an SSL/TLS port (the server waits for a TLS hello).
    test: (e, t) => e.code === 'GREETING_TIMEOUT' || /greeting/i.test(t),
    explain: (ctx) => ({
      cause: `${where(ctx)} accepted the connection but did not greet in time: the encryption setting may not match the port, or the server is overloaded.`,
      fix: `Use ${usualPorts(ctx.protocol)}; if that is right, raise the timeouts in the account's connection settings.`,
    }),
  },
  {
    code: 'net/timeout',
    test: (e, t) => TIMEOUT_CODES.has(e.code ?? '') || /timed? ?out/i.test(t),
    explain: (ctx) => ({
      cause: `${where(ctx)} did not answer in time.`,
      fix: "Check the server name and port, and whether a firewall or VPN blocks mail ports; on a slow network raise the connection timeout in the account's connection settings.",
    }),
  },
  {
    code: 'net/unreachable',
    test: (e) => e.code === 'ENETUNREACH' || e.code === 'EHOSTUNREACH' || e.code === 'EADDRNOTAVAIL',
    explain: (ctx) => ({
      cause: `${ctx.host} cannot be reached from this computer: there is no network route to it.`,
      fix: 'Check the network connection, VPN and firewall; the app keeps working offline on the cached mail.',
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
];

/** Every code explainError can answer with, for the tests that show each is reached by a real reply. */
export const explainedCodes: ReadonlySet<ErrorCode> = new Set([...rules.map((r) => r.code), 'unknown']);

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
    if (str(e.command)) raw.command = str(e.command);
    return raw;
  }
  return { message: String(err) };
}

export function explainError(err: unknown, context: ErrorContext = {}): ErrorInfo {
  // Already explained where it happened (OAuth, account checks): keep that explanation.
  if (err instanceof AppError) return err.info;
  const raw = rawOf(err);
  const text = [raw.message, raw.response, raw.responseText].filter(Boolean).join(' ');
  const ctx: Required<ErrorContext> = { protocol: 'imap', host: 'the server', port: 0, auth: 'password', pinnedCertificate: false, ...context };
  const detail = [raw.code, raw.responseText ?? raw.response ?? raw.message].filter(Boolean).join(': ').slice(0, 500);
  for (const rule of rules) {
    if (rule.test(raw, text, ctx)) return { code: rule.code, ...rule.explain(ctx, raw), detail };
  }
  return {
    code: 'unknown',
    cause: `Something unexpected went wrong${context.host ? ` talking to ${where(ctx)}` : ''}.`,
    fix: 'Try again; if it keeps happening, send the details below to support.',
    detail,
  };
}


/** A transient failure that lasted through every attempt: the last cause, and how long it was tried. */
export function retriesExhausted(last: ErrorInfo, attempts: number): ErrorInfo {
  return {
    code: 'send/retries-exhausted',
    cause: `Mailroom tried ${attempts} times and gave up. The last attempt: ${last.cause}`,
    fix: `${last.fix} Then press Resend.`,
    ...(last.detail ? { detail: last.detail } : {}),
  };
}
