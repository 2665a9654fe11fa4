import { X509Certificate } from 'node:crypto';
import dns from 'node:dns';
import net from 'node:net';
import tls from 'node:tls';
import type {
  AccountDraft,
  CertificateInfo,
  ConnectionStep,
  ConnectionStepName,
  ConnectionTestResult,
  ServerSettings,
} from '../../../src-preload/contract';
import { explainError, type ErrorContext } from '../errors/explain';
import {
  connectionOptionsOf,
  createImapClient,
  createSmtpTransport,
  errorContextOf,
  type ConnectionOptions,
  type Credentials,
} from '../mail/connections';
import { certificateChanged, tlsInspectionOptions } from '../mail/tls-trust';
import { listFolders } from '../mail/listed-folders';
import type { MailboxInput } from '../store/mailboxes-repo';

type Protocol = 'imap' | 'smtp';

/** Errors of our own checks carry codes (and server replies) like imapflow's and nodemailer's, for explainError. */
const codedError = (code: string, message: string, extra: Record<string, unknown> = {}) => Object.assign(new Error(message), { code, ...extra });
const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;
/** How long a look-only connection waits for the server to close its side (closeGently). */
const CLOSE_WAIT_MS = 1_000;

export function loginName(draft: Pick<AccountDraft, 'username' | 'email'>): string {
  return draft.username.trim() || draft.email.trim();
}

/**
 * Diagnoses an account step by step, so the admin sees exactly which part fails and
 * why: for IMAP, then SMTP, the name lookup, the TCP connection, encryption (with the
 * certificate), the sign-in, and for IMAP the folder list. A failing step ends that
 * server's steps. Never throws: every failure is an explained step.
 *
 * The DNS/TCP/TLS steps use their own short-lived sockets and send no credentials;
 * the sign-in steps go through the same clients the app uses for real work.
 */
export async function testConnection(draft: AccountDraft, credentials: Credentials): Promise<ConnectionTestResult> {
  return (await inspectConnection(draft, credentials)).result;
}

/** The test, and the folders it listed as they are stored (names and special-use flags) for a new account. */
export async function inspectConnection(draft: AccountDraft, credentials: Credentials): Promise<{ result: ConnectionTestResult; mailboxes: MailboxInput[] }> {
  const options = connectionOptionsOf(draft);
  const steps: ConnectionStep[] = [];
  let mailboxes: MailboxInput[] = [];
  if (await checkTransport('imap', draft.imap, options, steps)) {
    mailboxes = await checkImapLogin(draft.imap, credentials, options, steps);
  }
  if (await checkTransport('smtp', draft.smtp, options, steps)) {
    await checkSmtpLogin(draft.smtp, credentials, options, steps);
  }
  return { result: { ok: steps.every((s) => s.ok), steps, folders: mailboxes.map((m) => m.path) }, mailboxes };
}

// ---------------------------------------------------------------------------
// Steps

/** What a step found: a value for the next step, or the error (a TLS refusal still shows the certificate). */
type StepOutcome<T> = { value: T; detail: string; certificate?: CertificateInfo } | { error: unknown; certificate?: CertificateInfo };

/** Runs one step and records it; the value for the next step, or undefined when the step failed. */
async function runStep<T>(
  steps: ConnectionStep[],
  step: ConnectionStepName,
  ctx: ErrorContext,
  run: () => Promise<StepOutcome<T>>,
): Promise<T | undefined> {
  let outcome: StepOutcome<T>;
  try {
    outcome = await run();
  } catch (error) {
    outcome = { error };
  }
  const certificate = outcome.certificate ? { certificate: outcome.certificate } : {};
  if ('error' in outcome) {
    steps.push({ step, ok: false, error: explainError(outcome.error, ctx), ...certificate });
    return undefined;
  }
  steps.push({ step, ok: true, detail: outcome.detail, ...certificate });
  return outcome.value;
}

/** DNS, TCP and TLS: true when the server can be reached as configured. */
async function checkTransport(protocol: Protocol, server: ServerSettings, options: ConnectionOptions, steps: ConnectionStep[]): Promise<boolean> {
  const ctx = errorContextOf(protocol, server);
  const timeoutMs = options.connectionTimeoutMs;
  const found = await runStep(steps, `${protocol}-dns`, ctx, () => lookup(server.host, timeoutMs));
  if (found === undefined) return false;
  const socket = await runStep(steps, `${protocol}-tcp`, ctx, () => connectTcp(server.host, server.port, timeoutMs));
  if (socket === undefined) return false;
  const encrypted = await runStep(steps, `${protocol}-tls`, ctx, () => checkTls(protocol, server, socket, timeoutMs));
  return encrypted !== undefined;
}

const describeSecurity = (s: ServerSettings['security']) => (s === 'tls' ? 'SSL/TLS' : s === 'starttls' ? 'STARTTLS' : 'no encryption');
const signedInDetail = (server: ServerSettings, credentials: Credentials) =>
  `Signed in to ${server.host}:${server.port} as ${credentials.user} (${describeSecurity(server.security)})`;

/** Signs in and lists the folders; returns them. */
async function checkImapLogin(server: ServerSettings, credentials: Credentials, options: ConnectionOptions, steps: ConnectionStep[]): Promise<MailboxInput[]> {
  const ctx = errorContextOf('imap', server);
  const client = createImapClient(server, credentials, options);
  try {
    const signedIn = await runStep(steps, 'imap-login', ctx, async () => {
      await client.connect();
      return { value: true, detail: signedInDetail(server, credentials) };
    });
    if (!signedIn) return [];
    const folders = await runStep(steps, 'folders', ctx, async () => {
      const listed = await listFolders(client);
      return { value: listed, detail: `${listed.length} folder${listed.length === 1 ? '' : 's'} found` };
    });
    return folders ?? [];
  } finally {
    await client.logout().catch(() => client.close());
  }
}

async function checkSmtpLogin(server: ServerSettings, credentials: Credentials, options: ConnectionOptions, steps: ConnectionStep[]): Promise<void> {
  const transport = createSmtpTransport(server, credentials, options);
  try {
    await runStep(steps, 'smtp-login', errorContextOf('smtp', server), async () => {
      await transport.verify();
      return { value: true, detail: signedInDetail(server, credentials) };
    });
  } finally {
    transport.close();
  }
}

// ---------------------------------------------------------------------------
// DNS and TCP

async function lookup(host: string, timeoutMs: number): Promise<StepOutcome<true>> {
  if (net.isIP(host)) return { value: true, detail: `${host} is an IP address: no lookup needed` };
  let timer: NodeJS.Timeout | undefined;
  // getaddrinfo has no timeout of its own; its late answer is simply ignored.
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(codedError('EAI_AGAIN', `No answer for ${host} from the name server within ${seconds(timeoutMs)}`)), timeoutMs);
  });
  try {
    const addresses = await Promise.race([dns.promises.lookup(host, { all: true }), timeout]);
    return { value: true, detail: `${host} → ${addresses.map((a) => a.address).join(', ')}` };
  } finally {
    clearTimeout(timer);
  }
}

/** Connects by name like imapflow does, so Node picks among IPv6/IPv4 addresses the same way. */
function connectTcp(host: string, port: number, timeoutMs: number): Promise<StepOutcome<net.Socket>> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port });
    const timer = setTimeout(() => socket.destroy(codedError('ETIMEDOUT', `No TCP connection within ${seconds(timeoutMs)}`)), timeoutMs);
    // Stays attached after connecting (rejecting then is a no-op), so an error between
    // steps cannot go unhandled; the TLS step reports such errors through its own reads.
    socket.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve({ value: socket, detail: `Connected to ${socket.remoteAddress ?? host}:${port} in ${Date.now() - started} ms` });
    });
  });
}

// ---------------------------------------------------------------------------
// TLS

/**
 * Encrypts the connected socket as the account would (directly, or after STARTTLS)
 * and reports the certificate. Always closes the socket: this step only looks.
 */
async function checkTls(protocol: Protocol, server: ServerSettings, socket: net.Socket, timeoutMs: number): Promise<StepOutcome<true>> {
  if (server.security === 'none') {
    await closeGently(socket);
    return { value: true, detail: 'No encryption: the password travels in clear text' };
  }
  const deadline = new Deadline(timeoutMs);
  let secure: tls.TLSSocket | undefined;
  try {
    if (server.security === 'starttls') {
      deadline.watch(socket, 'GREETING_TIMEOUT', `No greeting and STARTTLS answer within ${seconds(timeoutMs)}`);
      await (protocol === 'imap' ? imapStartTls : smtpStartTls)(new LineReader(socket));
    }
    secure = await handshake(socket, server, deadline);
    return verdict(secure, server);
  } finally {
    deadline.clear();
    await closeGently(secure ?? socket);
  }
}

/**
 * Ends a look-only connection and waits, briefly, for the server to close its side: the
 * sign-in step connects next, and a server that caps connections per user (or a proxy
 * counting them) must have counted this one out by then.
 */
async function closeGently(socket: net.Socket): Promise<void> {
  if (socket.destroyed) return;
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  socket.end();
  await Promise.race([closed, new Promise<void>((resolve) => setTimeout(resolve, CLOSE_WAIT_MS))]);
  socket.destroy();
}

/** Destroys the socket in use when time is up, so whatever waits on it fails with a timeout. */
class Deadline {
  private watched: { socket: net.Socket; error: Error } | undefined;
  private readonly timer: NodeJS.Timeout;

  constructor(ms: number) {
    this.timer = setTimeout(() => this.watched?.socket.destroy(this.watched.error), ms);
  }

  /** From now on, time running out fails this socket with this error. */
  watch(socket: net.Socket, code: string, message: string): void {
    this.watched = { socket, error: codedError(code, message) };
  }

  clear(): void {
    clearTimeout(this.timer);
  }
}

function handshake(socket: net.Socket, server: ServerSettings, deadline: Deadline): Promise<tls.TLSSocket> {
  return new Promise((resolve, reject) => {
    // The verdict below comes from `authorized`, computed with the real clients' checks.
    const secure = tls.connect({ socket, host: server.host, ...tlsInspectionOptions(server) });
    deadline.watch(secure, 'ETIMEDOUT', 'The TLS handshake did not finish in time');
    secure.on('error', reject);
    secure.once('secureConnect', () => resolve(secure));
  });
}

/**
 * Trusted or not, by the same checks the real clients make (`authorized`). A pinned
 * server that shows another certificate is called out as changed.
 */
function verdict(secure: tls.TLSSocket, server: ServerSettings): StepOutcome<true> {
  const certificate = certificateInfo(secure);
  const pinned = server.trustedCertificate?.fingerprint256;
  if (certificate && secure.authorized) {
    const how = `${secure.getProtocol() ?? 'TLS'}${server.security === 'starttls' ? ' after STARTTLS' : ''}`;
    const trust = pinned === certificate.fingerprint256 ? 'the one you accepted for this account' : 'trusted';
    return { value: true, detail: `Encrypted (${how}); the certificate for ${certificate.subject} is ${trust}`, certificate };
  }
  // Node reports the verification failure as OpenSSL's code (a string at runtime).
  const reason = String(secure.authorizationError);
  const error =
    pinned && certificate?.fingerprint256 !== pinned
      ? certificateChanged(pinned, certificate?.fingerprint256, reason)
      : codedError(reason, `The certificate of ${server.host} was not accepted`);
  return { error, certificate };
}

function certificateInfo(secure: tls.TLSSocket): CertificateInfo | undefined {
  const cert = secure.getPeerCertificate();
  // An empty object when the server sent none.
  if (!cert.raw) return undefined;
  return {
    subject: distinguishedName(cert.subject),
    issuer: distinguishedName(cert.issuer),
    validFrom: isoDate(cert.valid_from),
    validTo: isoDate(cert.valid_to),
    fingerprint256: cert.fingerprint256,
    trusted: secure.authorized,
    pem: new X509Certificate(cert.raw).toString(),
  };
}

/** "CN=mail.example.com, O=Example Ltd": the parts an admin compares. Fields may repeat (arrays). */
function distinguishedName(name: tls.Certificate | undefined): string {
  const parts = (['CN', 'O'] as const).flatMap((key) => {
    const value: string | string[] | undefined = name?.[key];
    return value === undefined ? [] : [`${key}=${[value].flat().join(' + ')}`];
  });
  return parts.join(', ') || '(no name)';
}

function isoDate(opensslDate: string): string {
  const date = new Date(opensslDate);
  return Number.isNaN(date.getTime()) ? opensslDate : date.toISOString();
}

// ---------------------------------------------------------------------------
// STARTTLS: just enough protocol to reach the TLS handshake (RFC 3501 / RFC 3207)

/** Reads CRLF-terminated lines from the plain socket until the TLS upgrade takes it over. */
class LineReader {
  private buffer = '';
  private readonly lines: string[] = [];
  private waiter: { resolve(line: string): void; reject(err: Error): void } | undefined;
  private failure: Error | undefined;

  constructor(private readonly socket: net.Socket) {
    socket.on('data', this.onData);
    socket.on('error', this.onFailure);
    socket.on('close', this.onClose);
  }

  next(): Promise<string> {
    const line = this.lines.shift();
    if (line !== undefined) return Promise.resolve(line);
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => (this.waiter = { resolve, reject }));
  }

  send(command: string): void {
    this.socket.write(`${command}\r\n`);
  }

  /** Hands the socket to TLS: no more reads of our own. */
  detach(): void {
    this.socket.off('data', this.onData);
    this.socket.off('error', this.onFailure);
    this.socket.off('close', this.onClose);
  }

  private readonly onData = (chunk: Buffer) => {
    this.buffer += chunk.toString('latin1');
    let end: number;
    while ((end = this.buffer.indexOf('\r\n')) >= 0) {
      this.lines.push(this.buffer.slice(0, end));
      this.buffer = this.buffer.slice(end + 2);
    }
    this.wake();
  };

  private readonly onFailure = (err: Error) => {
    this.failure = err;
    this.wake();
  };

  private readonly onClose = () => this.onFailure(this.failure ?? codedError('ECONNRESET', 'The server closed the connection'));

  private wake(): void {
    const waiter = this.waiter;
    if (!waiter) return;
    const line = this.lines.shift();
    if (line !== undefined) {
      this.waiter = undefined;
      waiter.resolve(line);
    } else if (this.failure) {
      this.waiter = undefined;
      waiter.reject(this.failure);
    }
  }
}

/** An IMAP refusal with its [CODE], so the explanation table can read it like imapflow's errors. */
function imapRefusal(line: string): Error {
  const serverResponseCode = /\[([A-Z-]+)/.exec(line)?.[1];
  return codedError('EPROTOCOL', `The IMAP server answered: ${line}`, { response: line, ...(serverResponseCode ? { serverResponseCode } : {}) });
}

async function imapStartTls(reader: LineReader): Promise<void> {
  const greeting = await reader.next();
  if (!/^\* (OK|PREAUTH)\b/i.test(greeting)) throw imapRefusal(greeting);
  reader.send('a1 STARTTLS');
  let line = await reader.next();
  // Untagged lines (e.g. CAPABILITY) may come first.
  while (!line.startsWith('a1 ')) line = await reader.next();
  if (!/^a1 OK\b/i.test(line)) throw codedError('STARTTLS_UNAVAILABLE', `The IMAP server refused STARTTLS: ${line}`, { response: line });
  reader.detach();
}

/** One SMTP reply, continuation lines ("250-...") included. */
async function smtpReply(reader: LineReader): Promise<{ code: number; text: string }> {
  const lines: string[] = [];
  let line: string;
  do {
    line = await reader.next();
    lines.push(line);
  } while (/^\d{3}-/.test(line));
  return { code: Number(line.slice(0, 3)), text: lines.join('\n') };
}

const smtpRefusal = (reply: { code: number; text: string }) =>
  codedError('EPROTOCOL', `The SMTP server answered: ${reply.text}`, { responseCode: reply.code, response: reply.text });

async function smtpStartTls(reader: LineReader): Promise<void> {
  const greeting = await smtpReply(reader);
  if (greeting.code !== 220) throw smtpRefusal(greeting);
  reader.send('EHLO mailroom.local');
  const ehlo = await smtpReply(reader);
  if (ehlo.code !== 250) throw smtpRefusal(ehlo);
  if (!/^250[ -]STARTTLS\b/im.test(ehlo.text)) {
    throw codedError('STARTTLS_UNAVAILABLE', 'STARTTLS is not advertised in the EHLO answer', { response: ehlo.text });
  }
  reader.send('STARTTLS');
  const ready = await smtpReply(reader);
  // Without the reply code: a refused STARTTLS is explained as such, not by its generic 4xx/5xx row.
  if (ready.code !== 220) throw codedError('STARTTLS_UNAVAILABLE', `The SMTP server refused STARTTLS: ${ready.text}`, { response: ready.text });
  reader.detach();
}
