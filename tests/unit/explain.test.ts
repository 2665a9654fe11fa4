import { describe, expect, it } from 'vitest';
import { explainError, isNetworkError } from '../../src-main/services/errors/explain';

const withProps = (message: string, props: Record<string, unknown>) => Object.assign(new Error(message), props);
/** What nodemailer throws for an SMTP reply. */
const smtpReply = (responseCode: number, response: string, code = 'EENVELOPE') => withProps(`Message failed: ${response}`, { code, responseCode, response });
/** What imapflow throws for a tagged NO/BAD, with the bracketed response code. */
const imapNo = (serverResponseCode: string | undefined, response: string, props: Record<string, unknown> = {}) =>
  withProps('Command failed', { response, ...(serverResponseCode ? { serverResponseCode } : {}), ...props });
const codeOf = (err: unknown, protocol: 'imap' | 'smtp' = 'smtp') => explainError(err, { protocol, host: 'mail.example.com', port: 587 }).code;

describe('explainError', () => {
  it('explains an IMAP authentication failure with a fix', () => {
    const info = explainError(withProps('Authentication failed', { authenticationFailed: true, serverResponseCode: 'AUTHENTICATIONFAILED' }), {
      protocol: 'imap',
    });
    expect(info.code).toBe('auth/failed');
    expect(info.cause).toMatch(/IMAP server rejected/);
    expect(info.fix).toMatch(/app password/);
  });

  it('explains SMTP 535 and 534 (app password required) differently', () => {
    expect(explainError(withProps('Invalid login: 535 5.7.8', { code: 'EAUTH', responseCode: 535 }), { protocol: 'smtp' }).code).toBe('auth/failed');
    expect(
      explainError(withProps('534-5.7.9 Application-specific password required', { code: 'EAUTH', responseCode: 534 }), { protocol: 'smtp' }).code,
    ).toBe('auth/app-password-required');
    expect(codeOf(smtpReply(534, '534 5.7.9 Authentication mechanism is too weak', 'EAUTH'))).toBe('auth/mechanism-too-weak');
  });

  it('names the host and port when the connection is refused', () => {
    const info = explainError(withProps('connect ECONNREFUSED 127.0.0.1:1', { code: 'ECONNREFUSED' }), { host: '127.0.0.1', port: 1 });
    expect(info.code).toBe('net/refused');
    expect(info.cause).toContain('127.0.0.1:1');
    expect(isNetworkError(info)).toBe(true);
  });

  it('recognises untrusted certificates and TLS/port mismatches', () => {
    expect(explainError(withProps('self-signed certificate', { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' })).code).toBe('net/tls-untrusted');
    // nodemailer keeps only the message, under ESOCKET
    expect(explainError(withProps('self-signed certificate', { code: 'ESOCKET' }), { protocol: 'smtp' }).code).toBe('net/tls-untrusted');
    expect(explainError(withProps('ssl3_get_record:wrong version number', { code: 'EPROTO' }), { protocol: 'smtp', port: 587 }).fix).toMatch(/465/);
  });

  it('maps SMTP sender refusals and DNS failures', () => {
    expect(codeOf(smtpReply(550, '550 5.7.60 SMTP; Client does not have permissions to send as this sender'))).toBe('smtp/sender-rejected');
    expect(codeOf(smtpReply(553, '553 5.7.1 <x@example.com>: Sender address rejected: not owned by user alice'))).toBe('smtp/sender-rejected');
    expect(explainError(withProps('getaddrinfo ENOTFOUND imap.nowhere', { code: 'ENOTFOUND' }), { host: 'imap.nowhere' }).cause).toContain('imap.nowhere');
  });

  it('never returns an empty explanation', () => {
    const info = explainError('weird');
    expect(info.code).toBe('unknown');
    expect(info.fix.length).toBeGreaterThan(10);
  });
});

describe('explainError: SMTP replies (RFC 5321 codes as helpdesk vendors document them)', () => {
  it.each([
    [421, '421 4.7.0 Too many connections, try again later', 'smtp/unavailable'],
    [421, '421 Service not available, closing transmission channel', 'smtp/unavailable'],
    [450, '450 4.2.1 Mailbox busy', 'smtp/mailbox-busy'],
    [451, '451 4.3.0 Local error in processing', 'smtp/temporary-failure'],
    [452, '452 4.3.1 Insufficient system storage', 'smtp/insufficient-storage'],
    [500, '500 5.5.2 Syntax error, command unrecognized', 'smtp/command-rejected'],
    [501, '501 5.1.7 Bad sender address syntax', 'smtp/bad-address-syntax'],
    [502, '502 5.5.1 Command not implemented', 'smtp/command-rejected'],
    [503, '503 5.5.1 Error: authentication not enabled', 'smtp/bad-sequence'],
    [504, '504 5.5.4 Command parameter not implemented', 'smtp/command-rejected'],
    [530, '530 5.7.0 Must issue a STARTTLS command first', 'smtp/auth-required'],
    [535, '535 5.7.8 Error: authentication failed', 'auth/failed'],
    [550, '550 5.7.1 Relaying denied', 'smtp/relay-denied'],
    [554, '554 5.7.1 <bob@elsewhere.test>: Relay access denied', 'smtp/relay-denied'],
    [550, '550 5.1.1 <nobody@example.com>: Recipient address rejected: User unknown', 'smtp/recipient-unknown'],
    [550, '550 Requested action not taken: mailbox unavailable', 'smtp/recipient-unknown'],
    [551, '551 User not local; please try <bob@other.test>', 'smtp/user-not-local'],
    [552, '552 5.3.4 Message size exceeds fixed maximum message size', 'smtp/message-too-large'],
    [552, '552 5.2.2 Mailbox full: quota exceeded', 'smtp/mailbox-full'],
    [553, '553 5.1.3 Requested action not taken: mailbox name not allowed', 'smtp/address-not-allowed'],
    [554, '554 5.7.1 Message rejected as spam by content filter', 'smtp/rejected-as-spam'],
    [554, '554 Transaction failed', 'smtp/rejected'],
  ])('%i %s → %s', (responseCode, response, code) => {
    const info = explainError(smtpReply(responseCode, response), { protocol: 'smtp', host: 'smtp.example.com', port: 587 });
    expect(info.code).toBe(code);
    expect(info.cause.length).toBeGreaterThan(20);
    expect(info.fix.length).toBeGreaterThan(20);
    expect(info.detail).toContain(response);
  });

  it('says Microsoft 365 turned off passwords (5.7.139) instead of "wrong password"', () => {
    const err = smtpReply(535, '535 5.7.139 Authentication unsuccessful, basic authentication is disabled.', 'EAUTH');
    const info = explainError(err, { protocol: 'smtp' });
    expect(info.code).toBe('auth/basic-auth-disabled');
    expect(info.fix).toMatch(/Sign in with Microsoft/);
  });

  it('tells Gmail\'s "log in via your web browser" (534-5.7.14) apart from an app password', () => {
    expect(codeOf(smtpReply(534, '534-5.7.14 <https://accounts.google.com/signin/continue> Please log in via your web browser', 'EAUTH'))).toBe(
      'auth/web-login-required',
    );
  });
});

describe('explainError: IMAP responses', () => {
  it.each([
    ['AUTHENTICATIONFAILED', 'a1 NO [AUTHENTICATIONFAILED] Authentication failed.', 'auth/failed'],
    ['AUTHORIZATIONFAILED', 'a1 NO [AUTHORIZATIONFAILED] Authorization failed', 'auth/not-authorized'],
    ['UNAVAILABLE', 'a1 NO [UNAVAILABLE] Temporary authentication failure.', 'imap/unavailable'],
    ['LIMIT', 'a1 NO [LIMIT] Too many simultaneous connections', 'imap/too-many-connections'],
    ['OVERQUOTA', 'a1 NO [OVERQUOTA] Quota exceeded (mailbox for user is full)', 'imap/over-quota'],
    ['PRIVACYREQUIRED', 'a1 NO [PRIVACYREQUIRED] Plaintext authentication disallowed on non-secure (SSL/TLS) connections.', 'auth/encryption-required'],
    [undefined, '* BAD [ALERT] Plaintext authentication not allowed without SSL/TLS', 'auth/encryption-required'],
    ['ALERT', 'a1 NO [ALERT] Please log in via your web browser: https://support.google.com/mail/accounts/answer/78754', 'auth/web-login-required'],
    ['ALERT', 'a1 NO [ALERT] Web login required.', 'auth/web-login-required'],
    ['ALERT', 'a1 NO [ALERT] Application-specific password required', 'auth/app-password-required'],
    [undefined, 'A1 NO AUTHENTICATE failed.', 'auth/basic-auth-disabled'],
  ])('[%s] %s → %s', (serverResponseCode, response, code) => {
    const info = explainError(imapNo(serverResponseCode, response, { authenticationFailed: true }), { protocol: 'imap', host: 'imap.example.com', port: 993 });
    expect(info.code).toBe(code);
  });

  it("passes an ALERT on in the server's own words", () => {
    const info = explainError(imapNo('ALERT', 'Your account is locked. Contact helpdesk@example.com', { responseText: '[ALERT] Your account is locked. Contact helpdesk@example.com' }), {
      protocol: 'imap',
    });
    expect(info.code).toBe('imap/alert');
    expect(info.cause).toContain('Your account is locked. Contact helpdesk@example.com');
    expect(info.cause).not.toContain('[ALERT]');
  });

  it('keeps IMAP wording away from SMTP replies that say the same words', () => {
    expect(codeOf(smtpReply(421, '421 Too many concurrent connections'))).toBe('smtp/unavailable');
    expect(codeOf(smtpReply(452, '452 4.2.2 Over quota'))).toBe('smtp/insufficient-storage');
  });
});

describe('explainError: certificates, timeouts and the network', () => {
  it.each([
    ['CERT_HAS_EXPIRED', 'certificate has expired', 'net/tls-expired'],
    ['CERT_NOT_YET_VALID', 'certificate is not yet valid', 'net/tls-not-yet-valid'],
    ['ERR_TLS_CERT_ALTNAME_INVALID', "Hostname/IP does not match certificate's altnames", 'net/tls-hostname'],
    ['UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'unable to get local issuer certificate', 'net/tls-untrusted'],
    ['CERT_REVOKED', 'certificate revoked', 'net/tls-invalid'],
    ['ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE', 'sslv3 alert handshake failure', 'net/tls-handshake'],
    ['STARTTLS_UNAVAILABLE', 'STARTTLS is not advertised in the EHLO answer', 'net/starttls-unavailable'],
    ['ETLS', 'Error upgrading connection with STARTTLS', 'net/starttls-unavailable'],
    [undefined, 'Server does not support STARTTLS', 'net/starttls-unavailable'],
    ['GREETING_TIMEOUT', 'Failed to receive greeting from server in required time', 'net/timeout'],
    ['CONNECT_TIMEOUT', 'Failed to establish connection in required time', 'net/timeout'],
    ['ETIMEDOUT', 'Greeting never received', 'net/timeout'],
    ['ETIMEDOUT', 'Connection timeout', 'net/timeout'],
    ['EAI_AGAIN', 'getaddrinfo EAI_AGAIN imap.example.com', 'net/host-not-found'],
    ['EHOSTUNREACH', 'connect EHOSTUNREACH 10.0.0.1:993', 'net/unreachable'],
    ['ENETUNREACH', 'connect ENETUNREACH 10.0.0.1:993', 'net/unreachable'],
    ['ECONNRESET', 'read ECONNRESET', 'net/closed'],
  ])('%s (%s) → %s', (code, message, expected) => {
    const info = explainError(withProps(message, code ? { code } : {}), { protocol: 'imap', host: 'imap.example.com', port: 993 });
    expect(info.code).toBe(expected);
    expect(info.fix.length).toBeGreaterThan(20);
  });

  it('warns that a pinned certificate changed, under the untrusted code', () => {
    const info = explainError(withProps('Certificate changed', { code: 'CERT_CHANGED' }), { host: 'mail.example.com' });
    expect(info.code).toBe('net/tls-untrusted');
    expect(info.cause).toMatch(/different certificate/);
    expect(info.fix).toMatch(/intercepting/);
  });

  it('treats connection trouble as offline, but not certificate trouble', () => {
    expect(isNetworkError(explainError(withProps('timeout', { code: 'ETIMEDOUT' })))).toBe(true);
    expect(isNetworkError(explainError(withProps('connect EHOSTUNREACH', { code: 'EHOSTUNREACH' })))).toBe(true);
    expect(isNetworkError(explainError(withProps('certificate has expired', { code: 'CERT_HAS_EXPIRED' })))).toBe(false);
    expect(isNetworkError(explainError(withProps('Certificate changed', { code: 'CERT_CHANGED' })))).toBe(false);
  });

  it('explains a test email that never arrived', () => {
    const info = explainError(withProps('No message after 60 s', { code: 'TEST_MAIL_NOT_ARRIVED' }));
    expect(info).toMatchObject({
      code: 'mail/test-not-arrived',
      cause: 'The test email was sent but did not arrive within 60 seconds.',
      fix: "Check the mailbox's spam folder and forwarding rules; the SMTP server accepted it.",
    });
  });

  it('tells OAuth accounts to sign in again instead of checking a password', () => {
    const info = explainError(withProps('Authentication failed', { authenticationFailed: true }), { protocol: 'imap', auth: 'oauth' });
    expect(info.code).toBe('auth/failed');
    expect(info.fix).toMatch(/Reconnect/);
    expect(info.cause).not.toMatch(/password\./);
  });
});
