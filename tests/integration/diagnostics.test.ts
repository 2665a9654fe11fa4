/**
 * The step-by-step connection test, certificate pinning and the test email, against
 * real Dovecot + Postfix. The default servers use the fixture certificate that the
 * test command trusts (NODE_EXTRA_CA_CERTS); two more run with fresh self-signed
 * certificates nobody trusts, to prove untrusted and changed certificates are refused.
 */
import { X509Certificate } from 'node:crypto';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccountDraftSchema, type AccountDraft, type AccountDraftInput, type ConnectionTestResult, type ServerSettings } from '../../src-preload/contract';
import { inspectConnection, testConnection } from '../../src-main/services/accounts/connection-test';
import { removeTestMail, sendTestMail, TEST_MAIL_HEADER, TEST_MAIL_SUBJECT } from '../../src-main/services/accounts/test-mail';
import { createImapClient, type Credentials } from '../../src-main/services/mail/connections';
import { DEFAULT_USERS, startMailServers, type MailServers } from '../support/mail-servers';
import { startTcpProxy } from '../support/tcp-proxy';

const alice = DEFAULT_USERS[0]!;
const credentials: Credentials = { user: alice.username, pass: alice.password };

let trusted: MailServers;
let untrusted: MailServers;
let other: MailServers;

beforeAll(async () => {
  [trusted, untrusted, other] = await Promise.all([
    startMailServers(),
    startMailServers({ tls: 'generate' }),
    startMailServers({ tls: 'generate' }),
  ]);
});

afterAll(async () => {
  await Promise.all([trusted?.stop(), untrusted?.stop(), other?.stop()]);
});

type ServerInput = Partial<ServerSettings> & Pick<ServerSettings, 'port' | 'security'>;

function draft(imap: ServerInput, smtp: ServerInput, over: Partial<AccountDraftInput> = {}): AccountDraft {
  return AccountDraftSchema.parse({
    name: 'Support',
    email: alice.email,
    username: alice.username,
    password: alice.password,
    imap: { host: '127.0.0.1', ...imap },
    smtp: { host: '127.0.0.1', ...smtp },
    ...over,
  });
}

/** IMAPS + submission (STARTTLS) of one server pair. */
const standard = (s: MailServers, over: Partial<ServerSettings> = {}) =>
  draft({ port: s.imapsPort, security: 'tls', ...over }, { port: s.submissionPort, security: 'starttls', ...over });

const stepNames = (r: ConnectionTestResult) => r.steps.map((s) => s.step);
const stepOf = (r: ConnectionTestResult, name: string) => {
  const step = r.steps.find((s) => s.step === name);
  if (!step) throw new Error(`no ${name} step in ${JSON.stringify(r.steps, null, 2)}`);
  return step;
};
const ALL_STEPS = ['imap-dns', 'imap-tcp', 'imap-tls', 'imap-login', 'folders', 'smtp-dns', 'smtp-tcp', 'smtp-tls', 'smtp-login'];

/** A port nothing listens on (bound once, then released). */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('testConnection', () => {
  it.each([
    {
      label: 'IMAPS + submission STARTTLS, by IP address',
      make: (s: MailServers) => draft({ port: s.imapsPort, security: 'tls' }, { port: s.submissionPort, security: 'starttls' }),
      dns: '127.0.0.1 is an IP address: no lookup needed',
    },
    {
      label: 'IMAP STARTTLS + SMTPS, by name',
      make: (s: MailServers) =>
        draft({ host: 'localhost', port: s.imapPort, security: 'starttls' }, { host: 'localhost', port: s.smtpsPort, security: 'tls' }),
      dns: 'localhost → 127.0.0.1',
    },
  ])('passes every step with $label and shows the certificate', async ({ make, dns }) => {
    const result = await testConnection(make(trusted), credentials);
    expect(result.steps.filter((s) => !s.ok)).toEqual([]);
    expect(result.ok).toBe(true);
    expect(stepNames(result)).toEqual(ALL_STEPS);
    expect(result.folders).toContain('INBOX');
    expect(stepOf(result, 'imap-dns').detail).toBe(dns);
    // A new account stores these at once: with their roles, so the folder list never reorders when the sync lists them.
    const { mailboxes } = await inspectConnection(make(trusted), credentials);
    expect(mailboxes).toEqual(expect.arrayContaining([{ path: 'Sent', name: 'Sent', delimiter: '/', specialUse: '\\Sent' }, expect.objectContaining({ path: 'Trash', specialUse: '\\Trash' })]));
    expect(stepOf(result, 'imap-tcp').detail).toMatch(/^Connected to 127\.0\.0\.1:\d+ in \d+ ms$/);
    for (const name of ['imap-tls', 'smtp-tls']) {
      const { certificate, detail } = stepOf(result, name);
      expect(detail).toMatch(/^Encrypted \(TLSv1\.[23]/);
      expect(certificate).toMatchObject({
        subject: 'CN=localhost, O=Mailroom test servers',
        issuer: 'CN=localhost, O=Mailroom test servers',
        fingerprint256: trusted.certFingerprint256,
        trusted: true,
      });
      expect(new Date(certificate!.validTo).getTime()).toBeGreaterThan(Date.now());
      expect(new X509Certificate(certificate!.pem).fingerprint256).toBe(trusted.certFingerprint256);
    }
    expect(stepOf(result, 'imap-login').detail).toContain(`as ${alice.username}`);
  });

  it('says plainly when a server is not encrypted', async () => {
    const result = await testConnection(draft({ port: trusted.imapPort, security: 'none' }, { port: trusted.submissionPort, security: 'none' }), credentials);
    expect(stepOf(result, 'imap-tls')).toMatchObject({ ok: true, detail: 'No encryption: the password travels in clear text' });
    expect(stepOf(result, 'imap-tls').certificate).toBeUndefined();
    expect(stepOf(result, 'imap-login').ok).toBe(true);
    // This Postfix demands STARTTLS before anything else.
    expect(stepOf(result, 'smtp-login')).toMatchObject({ ok: false, error: { code: 'smtp/auth-required' } });
  });

  it('stops at DNS for an unknown host, and still checks SMTP', async () => {
    const result = await testConnection(
      draft({ host: 'no-such-host.invalid', port: 993, security: 'tls' }, { port: trusted.submissionPort, security: 'starttls' }),
      credentials,
    );
    expect(stepNames(result)).toEqual(['imap-dns', 'smtp-dns', 'smtp-tcp', 'smtp-tls', 'smtp-login']);
    expect(result.steps[0]).toMatchObject({ ok: false, error: { code: 'net/host-not-found' } });
    expect(result.steps[0]!.error!.cause).toContain('no-such-host.invalid');
    expect(result.ok).toBe(false);
  });

  it('stops at TCP when nothing listens on the port', async () => {
    const port = await closedPort();
    const result = await testConnection(draft({ port, security: 'tls' }, { port, security: 'starttls' }), credentials);
    expect(stepNames(result)).toEqual(['imap-dns', 'imap-tcp', 'smtp-dns', 'smtp-tcp']);
    expect(stepOf(result, 'imap-tcp')).toMatchObject({ ok: false, error: { code: 'net/refused' } });
    expect(stepOf(result, 'smtp-tcp').error!.cause).toContain(`127.0.0.1:${port}`);
  });

  it('fails the sign-in steps for a wrong password', async () => {
    const result = await testConnection(standard(trusted), { user: alice.username, pass: 'wrong-password-123' });
    expect(stepNames(result)).toEqual(['imap-dns', 'imap-tcp', 'imap-tls', 'imap-login', 'smtp-dns', 'smtp-tcp', 'smtp-tls', 'smtp-login']);
    expect(stepOf(result, 'imap-login')).toMatchObject({ ok: false, error: { code: 'auth/failed' } });
    expect(stepOf(result, 'smtp-login')).toMatchObject({ ok: false, error: { code: 'auth/failed' } });
    expect(result.folders).toEqual([]);
  });

  it('gives up within the connection timeout when a server accepts and never speaks', async () => {
    const silent = net.createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as net.AddressInfo;
    try {
      const started = Date.now();
      const result = await testConnection(
        draft({ port, security: 'tls' }, { port, security: 'starttls' }, { connectionTimeoutSec: 2, authTimeoutSec: 2 }),
        credentials,
      );
      const elapsed = Date.now() - started;
      expect(stepOf(result, 'imap-tls')).toMatchObject({ ok: false, error: { code: 'net/timeout' } });
      // STARTTLS waits for the server's greeting first: silence there is the greeting timeout.
      expect(stepOf(result, 'smtp-tls')).toMatchObject({ ok: false, error: { code: 'net/greeting-timeout' } });
      // Each of the two steps waited its own 2 s, and neither fell back to a library default
      // (imapflow's greeting timeout is 16 s): the bound is loose enough for a loaded machine.
      expect(elapsed).toBeGreaterThanOrEqual(4000);
      expect(elapsed).toBeLessThan(16_000);

      const plain = await testConnection(
        draft({ port, security: 'none' }, { port, security: 'none' }, { connectionTimeoutSec: 2, authTimeoutSec: 2 }),
        credentials,
      );
      expect(stepOf(plain, 'imap-login')).toMatchObject({ ok: false, error: { code: 'net/greeting-timeout' } });
      expect(stepOf(plain, 'smtp-login')).toMatchObject({ ok: false, error: { code: 'net/greeting-timeout' } });
    } finally {
      silent.close();
    }
  });
});

describe('certificate trust', () => {
  it('refuses an untrusted certificate but shows it, so the admin can accept it', async () => {
    const result = await testConnection(standard(untrusted), credentials);
    expect(stepNames(result)).toEqual(['imap-dns', 'imap-tcp', 'imap-tls', 'smtp-dns', 'smtp-tcp', 'smtp-tls']);
    for (const name of ['imap-tls', 'smtp-tls']) {
      const step = stepOf(result, name);
      expect(step).toMatchObject({ ok: false, error: { code: 'net/tls-untrusted' } });
      expect(step.certificate).toMatchObject({ fingerprint256: untrusted.certFingerprint256, trusted: false, subject: 'CN=127.0.0.1' });
      expect(new X509Certificate(step.certificate!.pem).fingerprint256).toBe(untrusted.certFingerprint256);
    }
  });

  it('accepts exactly the pinned certificate, and refuses another one again', async () => {
    const shown = stepOf(await testConnection(standard(untrusted), credentials), 'imap-tls').certificate!;
    const trustedCertificate = { fingerprint256: shown.fingerprint256, pem: shown.pem };

    const pinned = await testConnection(standard(untrusted, { trustedCertificate }), credentials);
    expect(pinned.steps.filter((s) => !s.ok)).toEqual([]);
    expect(stepNames(pinned)).toEqual(ALL_STEPS);
    expect(stepOf(pinned, 'imap-tls').detail).toContain('the one you accepted');
    expect(stepOf(pinned, 'smtp-tls').certificate).toMatchObject({ fingerprint256: untrusted.certFingerprint256, trusted: true });

    // Same pin, another server with its own self-signed certificate: refused again.
    const changed = await testConnection(standard(other, { trustedCertificate }), credentials);
    const step = stepOf(changed, 'imap-tls');
    expect(step).toMatchObject({ ok: false, error: { code: 'net/tls-cert-changed' } });
    expect(step.error!.cause).toMatch(/different certificate/);
    expect(step.certificate).toMatchObject({ fingerprint256: other.certFingerprint256, trusted: false });
    expect(stepNames(changed)).not.toContain('imap-login');

    // The real client refuses it too, with the usual chain error.
    const client = createImapClient({ host: '127.0.0.1', port: other.imapsPort, security: 'tls', trustedCertificate }, credentials);
    client.on('error', () => undefined);
    await expect(client.connect()).rejects.toMatchObject({ code: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
    client.close();
  });
});

const earlierTestMail = [
  `From: ${alice.email}`,
  `To: ${alice.email}`,
  `Subject: ${TEST_MAIL_SUBJECT}`,
  `Message-ID: <mailroom-test.earlier@example.test>`,
  `${TEST_MAIL_HEADER}: earlier-token`,
  '',
  'Kept by the admin.',
  '',
].join('\r\n');

/** The test emails in INBOX, read over a connection of their own. */
async function testMailsOnServer(server: ServerSettings) {
  const client = createImapClient(server, credentials);
  await client.connect();
  try {
    await client.mailboxOpen('INBOX');
    return await client.fetchAll({ header: { [TEST_MAIL_HEADER]: true } }, { uid: true, headers: [TEST_MAIL_HEADER] });
  } finally {
    await client.logout();
  }
}

describe('sendTestMail', () => {
  it('sends a message to the account itself, sees it arrive over IMAP and deletes only that one', async () => {
    const account = standard(trusted);
    // An earlier test email the admin kept: same subject and header, another token.
    await trusted.append(alice.username, 'INBOX', earlierTestMail);
    const result = await sendTestMail(account, credentials);
    expect(result).toMatchObject({ ok: true, removed: true });
    expect(result.seconds).toBeLessThan(60);

    // Gone once seen, over another connection: other agents' mail programs never show it in the shared inbox.
    const found = await testMailsOnServer(account.imap);
    expect(found.map((m) => m.headers?.toString().trim())).toEqual([`${TEST_MAIL_HEADER}: earlier-token`]);
  });

  it('reports a removal that failed without failing the test, and the message stays', async () => {
    const proxy = await startTcpProxy(trusted.imapsPort);
    const imap = createImapClient({ host: '127.0.0.1', port: proxy.port, security: 'tls', trustedCertificate: null }, credentials);
    try {
      await trusted.append(alice.username, 'INBOX', earlierTestMail.replace('earlier-token', 'cut-token'));
      await imap.connect();
      await imap.mailboxOpen('INBOX');
      const uids = (await imap.search({ header: { [TEST_MAIL_HEADER]: 'cut-token' } }, { uid: true })) || [];
      expect(uids).toHaveLength(1);
      const closed = new Promise((resolve) => imap.once('close', resolve));
      proxy.cutAll();
      await closed;
      expect(await removeTestMail(imap, uids)).toBe(false);
      const found = await testMailsOnServer(standard(trusted).imap);
      expect(found.map((m) => m.headers?.toString().trim())).toContain(`${TEST_MAIL_HEADER}: cut-token`);
    } finally {
      imap.close();
      await proxy.close();
    }
  });

  it('explains where it failed: IMAP before sending, or SMTP', async () => {
    const wrongPassword = await sendTestMail(standard(trusted), { user: alice.username, pass: 'wrong-password-123' });
    expect(wrongPassword).toMatchObject({ ok: false, error: { code: 'auth/failed' } });
    expect(wrongPassword.error!.cause).toMatch(/IMAP server rejected/);

    const unencryptedSmtp = draft({ port: trusted.imapsPort, security: 'tls' }, { port: trusted.submissionPort, security: 'none' });
    const refused = await sendTestMail(unencryptedSmtp, credentials);
    expect(refused).toMatchObject({ ok: false, error: { code: 'smtp/auth-required' } });
  });
});
