/**
 * Trusting a server's certificate by its SHA-256 fingerprint, against real Dovecot +
 * Postfix whose certificates this computer does not trust: a leaf from a private CA
 * that the servers do not send (a company server), and a self-signed leaf. For each:
 * refused before trust, working after, refused again as possible interception once the
 * servers show another certificate, and refused when the pinned certificate names
 * another host. The connection test, an IMAP login, an SMTP send and the test mail
 * are checked, since each builds its connections in its own place.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { X509Certificate } from 'node:crypto';
import {
  AccountDraftSchema,
  type AccountDraft,
  type ConnectionTestResult,
  type ErrorInfo,
  type ServerSettings,
  type TrustedCertificate,
} from '../../src-preload/contract';
import { testConnection } from '../../src-main/services/accounts/connection-test';
import { sendTestMail } from '../../src-main/services/accounts/test-mail';
import { explainError } from '../../src-main/services/errors/explain';
import { createImapClient, createSmtpTransport, errorContextOf, type Credentials } from '../../src-main/services/mail/connections';
import { DEFAULT_USERS, startMailServers, type GeneratedCertificate, type MailServers } from '../support/mail-servers';

const alice = DEFAULT_USERS[0]!;
const credentials: Credentials = { user: alice.username, pass: alice.password };

interface Pins {
  imap: TrustedCertificate | null;
  smtp: TrustedCertificate | null;
}
const NO_PINS: Pins = { imap: null, smtp: null };

/** Implicit TLS (IMAPS, SMTPS) or STARTTLS (IMAP, submission) on the same servers. */
function account(servers: MailServers, security: 'tls' | 'starttls', pins: Pins = NO_PINS): AccountDraft {
  const tls = security === 'tls';
  return AccountDraftSchema.parse({
    name: 'Support',
    email: alice.email,
    username: alice.username,
    password: alice.password,
    imap: { host: servers.host, port: tls ? servers.imapsPort : servers.imapPort, security, trustedCertificate: pins.imap },
    smtp: { host: servers.host, port: tls ? servers.smtpsPort : servers.submissionPort, security, trustedCertificate: pins.smtp },
  });
}

const stepOf = (result: ConnectionTestResult, name: string) => {
  const step = result.steps.find((s) => s.step === name);
  if (!step) throw new Error(`no ${name} step in ${JSON.stringify(result.steps, null, 2)}`);
  return step;
};

/** What the admin does: run the connection test and trust the certificate each server shows. */
async function trustShownCertificates(servers: MailServers): Promise<Pins> {
  const result = await testConnection(account(servers, 'tls'), credentials);
  const pin = (name: string) => {
    const shown = stepOf(result, name).certificate;
    if (!shown) throw new Error(`${name} showed no certificate`);
    return { fingerprint256: shown.fingerprint256, pem: shown.pem };
  };
  return { imap: pin('imap-tls'), smtp: pin('smtp-tls') };
}

/** The real IMAP client signs in: 'ok', or its failure as the app explains it. */
async function imapLogin(server: ServerSettings): Promise<ErrorInfo | 'ok'> {
  const client = createImapClient(server, credentials);
  client.on('error', () => undefined); // connect() rejects with it
  try {
    await client.connect();
    await client.logout();
    return 'ok';
  } catch (err) {
    client.close();
    return explainError(err, errorContextOf('imap', server));
  }
}

/** The real SMTP transport sends a message: 'ok', or its failure as the app explains it. */
async function smtpSend(server: ServerSettings): Promise<ErrorInfo | 'ok'> {
  const transport = createSmtpTransport(server, credentials);
  try {
    await transport.sendMail({ from: alice.email, to: 'customer@elsewhere.test', subject: 'Certificate trust', text: 'Sent over a pinned connection.' });
    return 'ok';
  } catch (err) {
    return explainError(err, errorContextOf('smtp', server));
  } finally {
    transport.close();
  }
}

/** How many times alice signed in to Dovecot: a refused certificate must come before any credentials. */
function dovecotLogins(servers: MailServers): number {
  return servers.logs(100_000).split('\n').filter((line) => line.includes(`Login: user=<${alice.username}>`)).length;
}

const UNTRUSTED: Partial<ErrorInfo> = { code: 'net/tls-untrusted', cause: expect.stringMatching(/not signed by an authority this computer trusts/) };
const CHANGED: Partial<ErrorInfo> = { code: 'net/tls-cert-changed', cause: expect.stringMatching(/presented a different certificate from the one you accepted/) };
const WRONG_NAME: Partial<ErrorInfo> = { code: 'net/tls-hostname' };

/** Every way the account connects fails with this explanation, and no credentials reach the server. */
async function expectRefusedEverywhere(servers: MailServers, pins: Pins, expected: Partial<ErrorInfo>): Promise<void> {
  const loginsBefore = dovecotLogins(servers);
  for (const security of ['tls', 'starttls'] as const) {
    const draft = account(servers, security, pins);
    const result = await testConnection(draft, credentials);
    for (const name of ['imap-tls', 'smtp-tls']) {
      const step = stepOf(result, name);
      expect(step, `${security} ${name}`).toMatchObject({ ok: false, error: expected });
      expect(step.certificate?.fingerprint256).toBe(servers.certFingerprint256);
    }
    expect(result.steps.map((s) => s.step)).not.toContain('imap-login');
    expect(result.steps.map((s) => s.step)).not.toContain('smtp-login');
    expect(await imapLogin(draft.imap), `${security} IMAP login`).toMatchObject(expected);
    expect(await smtpSend(draft.smtp), `${security} SMTP send`).toMatchObject(expected);
  }
  expect(await sendTestMail(account(servers, 'starttls', pins), credentials)).toMatchObject({ ok: false, error: expected });
  expect(dovecotLogins(servers)).toBe(loginsBefore);
}

const KINDS: Array<{ name: string; certificate: GeneratedCertificate }> = [
  { name: 'a leaf from a private CA, sent without its CA', certificate: { signer: 'private-ca' } },
  { name: 'a self-signed leaf', certificate: { signer: 'self' } },
];

describe.each(KINDS)('servers with $name', ({ certificate }) => {
  let servers: MailServers;

  beforeAll(async () => {
    servers = await startMailServers({ tls: certificate });
  });

  afterAll(async () => {
    await servers?.stop();
  });

  it('are refused before the certificate is trusted, explained as untrusted', async () => {
    await expectRefusedEverywhere(servers, NO_PINS, UNTRUSTED);
  });

  it('work after trusting the exact certificate each server shows', async () => {
    const pins = await trustShownCertificates(servers);
    expect(pins.imap?.fingerprint256).toBe(servers.certFingerprint256);
    const loginsBefore = dovecotLogins(servers);
    for (const security of ['tls', 'starttls'] as const) {
      const draft = account(servers, security, pins);
      const result = await testConnection(draft, credentials);
      expect(result.steps.filter((s) => !s.ok)).toEqual([]);
      expect(result.ok).toBe(true);
      expect(stepOf(result, 'imap-tls').detail).toContain('the one you accepted for this account');
      expect(stepOf(result, 'smtp-tls').detail).toContain('the one you accepted for this account');
      expect(await imapLogin(draft.imap)).toBe('ok');
      expect(await smtpSend(draft.smtp)).toBe('ok');
    }
    expect(await sendTestMail(account(servers, 'starttls', pins), credentials)).toMatchObject({ ok: true });
    // The count that proves refusals sent no credentials does see sign-ins.
    expect(dovecotLogins(servers)).toBeGreaterThan(loginsBefore);
  });

  it('are refused again, as possible interception, once they show another certificate', async () => {
    const pins = await trustShownCertificates(servers);
    // A new certificate of the same kind (for the private CA: a renewal by the same CA).
    await servers.replaceCertificate(certificate);
    expect(servers.certFingerprint256).not.toBe(pins.imap?.fingerprint256);
    await expectRefusedEverywhere(servers, pins, CHANGED);

    // Even one this computer trusts (the fixture, through NODE_EXTRA_CA_CERTS): the pin is exact.
    await servers.replaceCertificate('fixture');
    expect(await imapLogin(account(servers, 'tls').imap)).toBe('ok');
    await expectRefusedEverywhere(servers, pins, CHANGED);
    await servers.replaceCertificate(certificate);
  });

  it('are refused when the trusted certificate names another host', async () => {
    await servers.replaceCertificate({ ...certificate, names: ['DNS:mail.example.test'] });
    const pins = await trustShownCertificates(servers);
    expect(pins.imap?.fingerprint256).toBe(servers.certFingerprint256);
    await expectRefusedEverywhere(servers, pins, WRONG_NAME);
  });
});

describe('a pinned certificate that signs others', () => {
  let servers: MailServers;

  beforeAll(async () => {
    servers = await startMailServers({ tls: { signer: 'private-ca' } });
  });

  afterAll(async () => {
    await servers?.stop();
  });

  it('does not vouch for the leaf it signed: only the exact fingerprint is accepted', async () => {
    const ca = new X509Certificate(servers.caPem!);
    const pin = { fingerprint256: ca.fingerprint256, pem: ca.toString() };
    await expectRefusedEverywhere(servers, { imap: pin, smtp: pin }, CHANGED);
  });
});
