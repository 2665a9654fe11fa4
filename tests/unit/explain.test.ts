import { describe, expect, it } from 'vitest';
import { explainError, explainedCodes, retriesExhausted, type ErrorContext } from '../../src-main/services/errors/explain';
import { canTrustCertificate, isNetworkError, needsReconnect } from '../../src-preload/contract';

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
    expect(isNetworkError(info.code)).toBe(true);
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
    ['GREETING_TIMEOUT', 'Failed to receive greeting from server in required time. Maybe should use TLS?', 'net/greeting-timeout'],
    ['CONNECT_TIMEOUT', 'Failed to establish connection in required time', 'net/timeout'],
    ['GREETING_TIMEOUT', 'Greeting never received', 'net/greeting-timeout'],
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

  it('warns that a pinned certificate changed, under a code of its own', () => {
    // connection-test.ts's own check, when the server presents another certificate than the accepted one.
    const info = explainError(withProps('Certificate changed: accepted AA:BB, presented CC:DD (self-signed certificate)', { code: 'CERT_CHANGED' }), {
      host: 'mail.example.com',
    });
    expect(info.code).toBe('net/tls-cert-changed');
    expect(info.cause).toMatch(/different certificate/);
    expect(info.fix).toMatch(/intercepting/);
  });

  it('treats connection trouble as offline, but not certificate trouble', () => {
    expect(isNetworkError(explainError(withProps('timeout', { code: 'ETIMEDOUT' })).code)).toBe(true);
    expect(isNetworkError(explainError(withProps('connect EHOSTUNREACH', { code: 'EHOSTUNREACH' })).code)).toBe(true);
    expect(isNetworkError(explainError(withProps('certificate has expired', { code: 'CERT_HAS_EXPIRED' })).code)).toBe(false);
    expect(isNetworkError(explainError(withProps('Certificate changed', { code: 'CERT_CHANGED' })).code)).toBe(false);
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
    // Gmail's answer to a revoked or expired XOAUTH2 token.
    const info = explainError(imapNo('AUTHENTICATIONFAILED', 'a1 NO [AUTHENTICATIONFAILED] Invalid credentials (Failure)', { authenticationFailed: true }), {
      protocol: 'imap',
      auth: 'oauth',
    });
    expect(info.code).toBe('auth/oauth-rejected');
    expect(info.fix).toMatch(/Reconnect/);
    expect(info.cause).not.toMatch(/password\./);
  });
});

describe('error codes: causes that differ get codes that differ', () => {
  it('tells a greeting that never came (encryption/port mismatch) from a server that never answered', () => {
    // imapflow after connecting to a port that waits for a TLS hello, and nodemailer's SMTP equivalent.
    const imap = explainError(withProps('Failed to receive greeting from server in required time. Maybe should use TLS?', { code: 'GREETING_TIMEOUT' }), {
      protocol: 'imap',
      host: 'imap.example.com',
      port: 993,
    });
    expect(imap.code).toBe('net/greeting-timeout');
    expect(imap.fix).toMatch(/993/);
    expect(codeOf(withProps('Greeting never received', { code: 'GREETING_TIMEOUT' }))).toBe('net/greeting-timeout');
    const silent = explainError(withProps('Connection timeout', { code: 'ETIMEDOUT' }), { host: 'imap.example.com', port: 993 });
    expect(silent.code).toBe('net/timeout');
    expect(silent.fix).toMatch(/firewall/);
  });

  it('tells too many recipients (send to fewer) from a server out of storage (wait)', () => {
    const recipients = explainError(smtpReply(452, '452 4.5.3 Error: too many recipients'), { protocol: 'smtp' });
    expect(recipients.code).toBe('smtp/too-many-recipients');
    expect(recipients.fix).toMatch(/fewer recipients/);
    const storage = explainError(smtpReply(452, '452 4.3.1 Insufficient system storage'), { protocol: 'smtp' });
    expect(storage.code).toBe('smtp/insufficient-storage');
    expect(storage.fix).not.toMatch(/recipients/);
  });

  it('tells a refused OAuth token (sign in again) from a wrong password (check it)', () => {
    const refusal = () => imapNo('AUTHENTICATIONFAILED', 'a1 NO [AUTHENTICATIONFAILED] Authentication failed.', { authenticationFailed: true });
    const password = explainError(refusal(), { protocol: 'imap', auth: 'password' });
    const token = explainError(refusal(), { protocol: 'imap', auth: 'oauth' });
    expect([password.code, token.code]).toEqual(['auth/failed', 'auth/oauth-rejected']);
    expect(password.fix).toMatch(/password/);
    expect(token.fix).toMatch(/Reconnect/);
  });

  it('tells a changed pinned certificate from one that was never trusted', () => {
    expect(explainError(withProps('Certificate changed: accepted AA:BB, presented CC:DD', { code: 'CERT_CHANGED' })).code).toBe('net/tls-cert-changed');
    expect(explainError(withProps('self-signed certificate', { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' })).code).toBe('net/tls-untrusted');
    // Both show the certificate with "Trust this certificate" in the connection test.
    expect(canTrustCertificate('net/tls-cert-changed')).toBe(true);
    expect(canTrustCertificate('net/tls-untrusted')).toBe(true);
    expect(canTrustCertificate('net/tls-expired')).toBe(false);
  });
});

describe('sending (the outbox)', () => {
  it('reads the SMTP command a refusal answered', () => {
    const mailFrom = withProps('Mail command failed: 550 5.7.1 Not yours', { code: 'EENVELOPE', responseCode: 550, response: '550 5.7.1 Not yours', command: 'MAIL FROM' });
    expect(codeOf(mailFrom)).toBe('smtp/sender-rejected');
    const sizeAtMailFrom = withProps('552 5.3.4 Message size exceeds fixed limit', { code: 'EENVELOPE', responseCode: 552, response: '552 5.3.4 Message size exceeds fixed limit', command: 'MAIL FROM' });
    expect(codeOf(sizeAtMailFrom)).toBe('smtp/message-too-large');
    expect(codeOf(withProps('Message size larger than allowed 10240000', { code: 'EMESSAGE', command: 'MAIL FROM' }))).toBe('smtp/message-too-large');
  });

  it('keeps the last cause and fix when retries run out', () => {
    const last = explainError(withProps('connect ECONNREFUSED 127.0.0.1:587', { code: 'ECONNREFUSED' }), { protocol: 'smtp', host: '127.0.0.1', port: 587 });
    const info = retriesExhausted(last, 8);
    expect(info.code).toBe('send/retries-exhausted');
    expect(info.cause).toBe(`Mailroom tried 8 times and gave up. The last attempt: ${last.cause}`);
    expect(info.fix).toMatch(/^Check the SMTP port .* Then press Resend\.$/);
    expect(info.detail).toBe(last.detail);
  });
});

describe('error codes: the questions the app asks of them', () => {
  /** One real reply per code the table can give: every row is reached, and each says a cause and a fix. */
  const realReplies: [unknown, ErrorContext][] = [
    [withProps('No message after 60 s', { code: 'TEST_MAIL_NOT_ARRIVED' }), {}],
    [imapNo('ALERT', 'a1 NO [ALERT] Please log in via your web browser: https://support.google.com/mail/accounts/answer/78754'), { protocol: 'imap' }],
    [smtpReply(535, '535 5.7.139 Authentication unsuccessful, basic authentication is disabled.', 'EAUTH'), { protocol: 'smtp' }],
    [smtpReply(534, '534 5.7.9 Authentication mechanism is too weak', 'EAUTH'), { protocol: 'smtp' }],
    [smtpReply(534, '534-5.7.9 Application-specific password required', 'EAUTH'), { protocol: 'smtp' }],
    [imapNo('PRIVACYREQUIRED', 'a1 NO [PRIVACYREQUIRED] Plaintext authentication disallowed on non-secure (SSL/TLS) connections.'), { protocol: 'imap' }],
    [imapNo('AUTHORIZATIONFAILED', 'a1 NO [AUTHORIZATIONFAILED] Authorization failed'), { protocol: 'imap' }],
    [imapNo('UNAVAILABLE', 'a1 NO [UNAVAILABLE] Temporary authentication failure.'), { protocol: 'imap' }],
    [imapNo('LIMIT', 'a1 NO [LIMIT] Too many simultaneous connections'), { protocol: 'imap' }],
    [imapNo('OVERQUOTA', 'a1 NO [OVERQUOTA] Quota exceeded (mailbox for user is full)'), { protocol: 'imap' }],
    [imapNo('ALERT', 'a1 NO [ALERT] Your account is locked. Contact helpdesk@example.com'), { protocol: 'imap' }],
    [smtpReply(530, '530 5.7.0 Must issue a STARTTLS command first'), { protocol: 'smtp' }],
    [imapNo('AUTHENTICATIONFAILED', 'a1 NO [AUTHENTICATIONFAILED] Invalid credentials (Failure)', { authenticationFailed: true }), { protocol: 'imap', auth: 'oauth' }],
    [imapNo('AUTHENTICATIONFAILED', 'a1 NO [AUTHENTICATIONFAILED] Authentication failed.', { authenticationFailed: true }), { protocol: 'imap' }],
    [smtpReply(421, '421 Service not available, closing transmission channel'), { protocol: 'smtp' }],
    [smtpReply(450, '450 4.2.1 Mailbox busy'), { protocol: 'smtp' }],
    [smtpReply(451, '451 4.3.0 Local error in processing'), { protocol: 'smtp' }],
    [smtpReply(452, '452 4.5.3 Error: too many recipients'), { protocol: 'smtp' }],
    [smtpReply(452, '452 4.3.1 Insufficient system storage'), { protocol: 'smtp' }],
    [smtpReply(501, '501 5.1.7 Bad sender address syntax'), { protocol: 'smtp' }],
    [smtpReply(503, '503 5.5.1 Error: authentication not enabled'), { protocol: 'smtp' }],
    [smtpReply(502, '502 5.5.1 Command not implemented'), { protocol: 'smtp' }],
    [smtpReply(554, '554 5.7.1 <bob@elsewhere.test>: Relay access denied'), { protocol: 'smtp' }],
    [smtpReply(553, '553 5.7.1 <x@example.com>: Sender address rejected: not owned by user alice'), { protocol: 'smtp' }],
    [smtpReply(550, '550 5.1.1 <nobody@example.com>: Recipient address rejected: User unknown'), { protocol: 'smtp' }],
    [smtpReply(551, '551 User not local; please try <bob@other.test>'), { protocol: 'smtp' }],
    [smtpReply(552, '552 5.3.4 Message size exceeds fixed maximum message size'), { protocol: 'smtp' }],
    [smtpReply(552, '552 5.2.2 Mailbox full: quota exceeded'), { protocol: 'smtp' }],
    [smtpReply(553, '553 5.1.3 Requested action not taken: mailbox name not allowed'), { protocol: 'smtp' }],
    [smtpReply(554, '554 5.7.1 Message rejected as spam by content filter'), { protocol: 'smtp' }],
    [smtpReply(554, '554 Transaction failed'), { protocol: 'smtp' }],
    [withProps('Certificate changed: accepted AA:BB, presented CC:DD', { code: 'CERT_CHANGED' }), {}],
    [withProps('self-signed certificate', { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }), {}],
    [withProps('certificate has expired', { code: 'CERT_HAS_EXPIRED' }), {}],
    [withProps('certificate is not yet valid', { code: 'CERT_NOT_YET_VALID' }), {}],
    [withProps("Hostname/IP does not match certificate's altnames", { code: 'ERR_TLS_CERT_ALTNAME_INVALID' }), {}],
    [withProps('certificate revoked', { code: 'CERT_REVOKED' }), {}],
    [withProps('ssl3_get_record:wrong version number', { code: 'EPROTO' }), { port: 993 }],
    [withProps('sslv3 alert handshake failure', { code: 'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE' }), {}],
    [withProps('STARTTLS is not advertised in the EHLO answer', { code: 'STARTTLS_UNAVAILABLE' }), { protocol: 'smtp' }],
    [withProps('getaddrinfo ENOTFOUND imap.nowhere', { code: 'ENOTFOUND' }), {}],
    [withProps('connect ECONNREFUSED 127.0.0.1:1', { code: 'ECONNREFUSED' }), {}],
    [withProps('Failed to receive greeting from server in required time', { code: 'GREETING_TIMEOUT' }), {}],
    [withProps('Connection timeout', { code: 'ETIMEDOUT' }), {}],
    [withProps('connect ENETUNREACH 10.0.0.1:993', { code: 'ENETUNREACH' }), {}],
    [withProps('read ECONNRESET', { code: 'ECONNRESET' }), {}],
    // The team log's own codes (services/teamlog/): a refused CREATE keeps Dovecot's answer.
    [withProps('Command failed', { code: 'TEAM_LOG_FOLDER', serverResponseCode: 'NOPERM', responseText: 'Permission denied' }), {}],
    [withProps('An event appended to Mailroom/Log was not there when the log was read.', { code: 'TEAM_EVENT_NOT_CONFIRMED' }), {}],
    [withProps('Mailroom/Log', { code: 'TEAM_LOG_RECREATED' }), {}],
    [withProps('Mailroom/Log', { code: 'TEAM_LOG_RENUMBERED' }), {}],
    [withProps('UID 7 was written in event format 2', { code: 'TEAM_NEWER_VERSION' }), {}],
    // The outbox's own checks (services/outbox/) and what nodemailer says on the way.
    [withProps('no recipient', { code: 'SEND_NO_RECIPIENT' }), {}],
    [withProps('"invoice.pdf"', { code: 'SEND_ATTACHMENT_UNREADABLE' }), {}],
    [withProps('31.2 MB with attachments and encoding, the limit is 25 MB', { code: 'SEND_TOO_LARGE' }), {}],
    [smtpReply(554, '554 5.6.1 Error: unknown Content-Transfer-Encoding', 'EMESSAGE'), { protocol: 'smtp' }],
    [withProps('no reply after the message', { code: 'SEND_DELIVERY_UNCERTAIN' }), {}],
    [withProps('a@example.test (mailbox does not exist), b@elsewhere.test (relay denied)', { code: 'SMTP_RECIPIENTS_REFUSED' }), {}],
    [withProps('Message failed: 554 5.7.0 Attachment type not allowed', { code: 'EMESSAGE', responseCode: 554, response: '554 5.7.0 Attachment type not allowed', command: 'DATA' }), { protocol: 'smtp' }],
    ['weird', {}],
  ];
  const explained = realReplies.map(([err, ctx]) => explainError(err, { host: 'mail.example.com', port: 587, ...ctx }));

  it('reaches every code of the table with a real reply, each with a cause and a fix', () => {
    expect(new Set(explained.map((info) => info.code))).toEqual(explainedCodes);
    for (const info of explained) {
      expect(info.cause.length, info.code).toBeGreaterThan(20);
      expect(info.fix.length, info.code).toBeGreaterThan(10);
    }
  });

  it('asks for a reconnect on every sign-in refusal, and on nothing else', () => {
    const reconnect = explained.filter((info) => needsReconnect(info.code)).map((info) => info.code);
    expect(reconnect.sort()).toEqual(
      [
        'auth/app-password-required',
        'auth/basic-auth-disabled',
        'auth/encryption-required',
        'auth/failed',
        'auth/mechanism-too-weak',
        'auth/not-authorized',
        'auth/oauth-rejected',
        'auth/web-login-required',
      ].sort(),
    );
    // And for the refusals of the OAuth provider and the sign-in Mailroom no longer holds.
    for (const code of ['auth/oauth-revoked', 'auth/oauth-mfa-required', 'auth/oauth-sign-in-required', 'auth/missing-secret'] as const) {
      expect(needsReconnect(code), code).toBe(true);
    }
    expect(needsReconnect('smtp/auth-required')).toBe(false);
  });

  it('goes offline for an unreachable server, but not for certificates or encryption settings that waiting will not fix', () => {
    const offline = explained.filter((info) => isNetworkError(info.code)).map((info) => info.code);
    expect(offline.sort()).toEqual(['net/closed', 'net/greeting-timeout', 'net/host-not-found', 'net/refused', 'net/timeout', 'net/unreachable'].sort());
    expect(isNetworkError('net/oauth-unreachable')).toBe(true);
    expect(isNetworkError('net/starttls-unavailable')).toBe(false);
  });
});
