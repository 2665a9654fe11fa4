/**
 * Proves the real-mail-server harness (tests/support/mail-servers.ts) works:
 * real Dovecot and Postfix on loopback, TLS verified against the harness's
 * certificate, delivery via LMTP, submission via Postfix, and auth failures.
 */
import net from 'node:net';
import tls from 'node:tls';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImapFlow, type ImapFlowOptions } from 'imapflow';
import nodemailer from 'nodemailer';
import { DEFAULT_USERS, startMailServers, type MailServers, type TestUser } from '../support/mail-servers';

const [alice, bob, carol] = DEFAULT_USERS as [TestUser, TestUser, TestUser];

let servers: MailServers;

beforeAll(async () => {
  servers = await startMailServers();
}, 60_000);

afterAll(async () => {
  await servers?.stop();
}, 60_000);

function imapOptions(user: TestUser, overrides: Partial<ImapFlowOptions> = {}): ImapFlowOptions {
  return {
    host: servers.host,
    port: servers.imapPort,
    secure: false, // STARTTLS: imapflow upgrades because the server offers it
    tls: { ca: [servers.certPem] }, // verify against the harness cert, not rejectUnauthorized:false
    auth: { user: user.username, pass: user.password },
    logger: false,
    disableAutoIdle: true,
    ...overrides,
  };
}

async function withImap<T>(user: TestUser, fn: (client: ImapFlow) => Promise<T>): Promise<T> {
  const client = new ImapFlow(imapOptions(user));
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.logout().catch(() => undefined);
  }
}

/** Subjects of all INBOX messages of a user. */
async function inboxSubjects(user: TestUser): Promise<string[]> {
  return withImap(user, async (client) => {
    await client.mailboxOpen('INBOX');
    if ((client.mailbox && client.mailbox.exists) === 0) return [];
    const messages = await client.fetchAll('1:*', { envelope: true });
    return messages.map((m) => m.envelope?.subject ?? '');
  });
}

async function waitForSubject(user: TestUser, subject: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if ((await inboxSubjects(user)).includes(subject)) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`"${subject}" did not reach ${user.email} within ${timeoutMs} ms\n${servers.logs()}`);
}

function smtpTransport(user: TestUser, password = user.password, port = servers.submissionPort) {
  const implicitTls = port === servers.smtpsPort;
  return nodemailer.createTransport({
    host: servers.host,
    port,
    secure: implicitTls,
    requireTLS: !implicitTls,
    auth: { user: user.username, pass: password },
    tls: { ca: [servers.certPem] },
  });
}

function uniqueSubject(label: string): string {
  return `${label} ${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
}

describe('mail-server harness', () => {
  it('logs in to IMAP over STARTTLS and offers CONDSTORE, QRESYNC and IDLE', { timeout: 60_000 }, async () => {
    const client = new ImapFlow(imapOptions(alice, { qresync: true }));
    await client.connect();
    try {
      expect(client.secureConnection).toBe(true);
      expect(client.authenticated).toBe(true);
      for (const cap of ['CONDSTORE', 'QRESYNC', 'IDLE']) expect(client.capabilities.has(cap), cap).toBe(true);
      expect(client.enabled.has('QRESYNC')).toBe(true);
    } finally {
      await client.logout();
    }
  });

  it('logs in to IMAP over implicit TLS, presenting the advertised certificate', { timeout: 60_000 }, async () => {
    const client = new ImapFlow(imapOptions(bob, { port: servers.imapsPort, secure: true }));
    await client.connect();
    try {
      expect(client.secureConnection).toBe(true);
      expect(client.authenticated).toBe(true);
      expect(client.capabilities.has('QRESYNC')).toBe(true);
    } finally {
      await client.logout();
    }

    const peerFingerprint = await new Promise<string>((resolve, reject) => {
      const sock = tls.connect({ host: servers.host, port: servers.imapsPort, ca: [servers.certPem] }, () => {
        resolve(sock.getPeerX509Certificate()?.fingerprint256 ?? '');
        sock.destroy();
      });
      sock.once('error', reject);
    });
    expect(servers.certFingerprint256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(peerFingerprint).toBe(servers.certFingerprint256);
  });

  it('delivers a message into INBOX via deliver() (LMTP)', { timeout: 60_000 }, async () => {
    const subject = uniqueSubject('Delivered');
    await servers.deliver(
      carol.email,
      `From: Customer <customer@customer.test>\nTo: ${carol.email}\nSubject: ${subject}\n` +
        `Message-ID: <${Date.now()}@customer.test>\n\nHello.\n.A line starting with a dot\n`,
    );
    expect(await inboxSubjects(carol)).toContain(subject);
  });

  it('seeds mailboxes with flags via appendMany()', { timeout: 60_000 }, async () => {
    const messages = Array.from({ length: 50 }, (_, i) => ({
      raw: `From: c${i}@customer.test\nSubject: Seed ${i}\n\nBody ${i}\n`,
      flags: i < 10 ? ['\\Seen'] : [],
      internalDate: new Date(Date.UTC(2025, 0, 1, 0, i)),
    }));
    await servers.appendMany(carol.username, 'Queues/Billing', messages);
    await withImap(carol, async (client) => {
      const status = await client.status('Queues/Billing', { messages: true, unseen: true });
      expect(status && status.messages).toBe(50);
      expect(status && status.unseen).toBe(40);
    });
  });

  it('relays mail submitted with AUTH on the submission port to a local mailbox', { timeout: 60_000 }, async () => {
    const subject = uniqueSubject('Submitted');
    const transport = smtpTransport(alice);
    try {
      const info = await transport.sendMail({ from: alice.email, to: bob.email, subject, text: 'Hi Bob' });
      expect(info.accepted).toEqual([bob.email]);
    } finally {
      transport.close();
    }
    await waitForSubject(bob, subject);
  });

  it('relays mail submitted over implicit TLS (smtps)', { timeout: 60_000 }, async () => {
    const subject = uniqueSubject('Submitted over smtps');
    const transport = smtpTransport(bob, bob.password, servers.smtpsPort);
    try {
      await transport.sendMail({ from: bob.email, to: alice.email, subject, text: 'Hi Alice' });
    } finally {
      transport.close();
    }
    await waitForSubject(alice, subject);
  });

  it('rejects a wrong SMTP password with 535', { timeout: 60_000 }, async () => {
    const transport = smtpTransport(alice, 'wrong-password');
    try {
      await expect(transport.verify()).rejects.toMatchObject({ responseCode: 535, code: 'EAUTH' });
    } finally {
      transport.close();
    }
  });

  it('refuses to relay for an unauthenticated client', { timeout: 60_000 }, async () => {
    const transport = nodemailer.createTransport({
      host: servers.host,
      port: servers.submissionPort,
      requireTLS: true,
      tls: { ca: [servers.certPem] },
    });
    try {
      await expect(
        transport.sendMail({ from: 'someone@customer.test', to: bob.email, subject: 'spam', text: 'x' }),
      ).rejects.toMatchObject({ responseCode: 554 });
    } finally {
      transport.close();
    }
  });

  it('rejects a wrong IMAP password as an authentication failure', { timeout: 60_000 }, async () => {
    const client = new ImapFlow(imapOptions(alice, { auth: { user: alice.username, pass: 'wrong-password' } }));
    client.on('error', () => undefined); // the rejected connect() is what we assert on
    await expect(client.connect()).rejects.toMatchObject({ authenticationFailed: true });
    client.close();
  });

  it('runs a second instance in parallel on other ports and cleans it up on stop()', { timeout: 60_000 }, async () => {
    const other = await startMailServers({ users: [{ username: 'dave', password: 'dave-pass-1', email: 'dave@other.test' }] });
    const ports = [other.imapPort, other.imapsPort, other.submissionPort, other.smtpsPort];
    expect(ports.some((p) => [servers.imapPort, servers.imapsPort, servers.submissionPort, servers.smtpsPort].includes(p))).toBe(false);
    // A username that differs from the address: login by username, delivery by address.
    const subject = uniqueSubject('For Dave');
    await other.deliver('dave@other.test', `Subject: ${subject}\n\nhi\n`);
    const client = new ImapFlow({
      host: other.host,
      port: other.imapsPort,
      secure: true,
      tls: { ca: [other.certPem] },
      auth: { user: 'dave', pass: 'dave-pass-1' },
      logger: false,
    });
    await client.connect();
    await client.mailboxOpen('INBOX');
    const [message] = await client.fetchAll('1:*', { envelope: true });
    expect(message?.envelope?.subject).toBe(subject);
    await client.logout();

    await other.stop();
    expect(existsSync(other.dir)).toBe(false);
    for (const port of ports) {
      const refused = await new Promise<boolean>((resolve) => {
        const sock = net.connect(port, other.host);
        sock.once('connect', () => {
          sock.destroy();
          resolve(false);
        });
        sock.once('error', () => resolve(true));
      });
      expect(refused, `port ${port} still open after stop()`).toBe(true);
    }
  });
});
