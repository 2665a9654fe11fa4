/**
 * Real mail-server test harness: a private Dovecot (IMAP + LMTP + SASL auth)
 * and a private Postfix (submission + SMTPS), both living entirely in a temp
 * dir and listening on dynamically chosen 127.0.0.1 high ports.
 *
 * Nothing here is mocked. Several instances can run side by side (parallel
 * test workers), because every path, port, pid file and instance name is
 * private to one instance.
 *
 * Requirements: Debian-style packages dovecot-imapd, dovecot-lmtpd, postfix,
 * openssl (installed by .ci/install-system-deps.sh, checked by ensureMailServerPackages), and
 * running as root, because the Postfix master daemon refuses to run as
 * anything else and Dovecot must switch to its unprivileged service users.
 * Nothing under /etc is read or changed: Postfix allows `-c DIR` for root
 * without an `alternate_config_directories` entry, and Dovecot takes all its
 * settings from the generated dovecot.conf.
 */
import { execFile, execFileSync, spawn, type ExecFileOptions } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  closeSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface TestUser {
  username: string;
  password: string;
  email: string;
}

export interface MailServers {
  host: '127.0.0.1';
  /** Plain IMAP; STARTTLS offered (and used by imapflow automatically). */
  imapPort: number;
  /** IMAP with implicit TLS. */
  imapsPort: number;
  /** SMTP submission: STARTTLS required, then AUTH PLAIN/LOGIN required. */
  submissionPort: number;
  /** SMTP with implicit TLS (port-465 style); AUTH required. */
  smtpsPort: number;
  /** Dovecot LMTP unix socket that Postfix and deliver() use. */
  lmtpSocket: string;
  /** Dovecot auth unix socket that Postfix uses for SASL. */
  authSocket: string;
  users: TestUser[];
  /** The servers' certificate (PEM; self-signed unless it came from a private CA); pass it as `tls.ca` to clients. */
  certPem: string;
  /** SHA-256 fingerprint, `AA:BB:...` like X509Certificate.fingerprint256. */
  certFingerprint256: string;
  /** This instance's private CA (PEM), once a `{ signer: 'private-ca' }` certificate was made; the servers never send it. */
  caPem?: string;
  /** Temp dir holding all config, state, mail and logs. */
  dir: string;
  /** Path of the generated dovecot.conf (for `doveadm -c`). */
  dovecotConfig: string;
  /** Path of the generated Postfix config directory (for `postfix -c`). */
  postfixConfigDir: string;
  /** Deliver one message into the INBOX of a user (username or email) via LMTP. */
  deliver(toUser: string, rawMessage: string | Buffer): Promise<void>;
  /** Deliver many messages, in order, over one LMTP connection (fast seeding). */
  deliverMany(toUser: string, rawMessages: Iterable<string | Buffer>): Promise<void>;
  /** IMAP APPEND into any mailbox (created if missing), with optional flags. */
  append(user: string, mailbox: string, raw: string | Buffer, flags?: string[]): Promise<void>;
  /**
   * Bulk IMAP MULTIAPPEND (one Dovecot transaction per 1000 messages): the
   * fast way to seed thousands of messages, in order, with flags and dates.
   */
  appendMany(user: string, mailbox: string, messages: Iterable<SeedMessage | string | Buffer>): Promise<void>;
  /** Run `doveadm -c <dovecot.conf> ...args` and return stdout. */
  doveadm(args: string[]): Promise<string>;
  /** Tail of the Dovecot and Postfix logs, for failure messages. */
  logs(maxLines?: number): string;
  /**
   * Restarts both daemons, on the same ports, with another certificate (as a renewal
   * or an interceptor would present); certPem and certFingerprint256 follow. A
   * private-CA certificate is signed by the instance's existing CA, if it has one.
   */
  replaceCertificate(tls: CertificateSource): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A certificate made with openssl into the instance dir at start, so nothing trusts it
 * (unlike the fixture, which test commands trust through NODE_EXTRA_CA_CERTS).
 */
export interface GeneratedCertificate {
  /** 'self': a self-signed leaf. 'private-ca': a leaf signed by the instance's own CA, sent without it. */
  signer: 'self' | 'private-ca';
  /** subjectAltName entries; default IP:127.0.0.1 and DNS:localhost. */
  names?: string[];
}

/**
 * 'fixture' (default): tests/support/tls/server.{crt,key}, trusted by test commands
 * (falls back to 'generate' if those files are missing). 'generate': a fresh
 * self-signed certificate. A GeneratedCertificate. Or explicit PEM file paths.
 */
export type CertificateSource = 'fixture' | 'generate' | GeneratedCertificate | { certFile: string; keyFile: string };

export interface StartMailServersOptions {
  users?: TestUser[];
  /** Use this (empty or missing) dir instead of a fresh temp dir; removed by stop(). */
  dir?: string;
  /**
   * Extra dovecot.conf text appended at the end (later settings win). This is
   * the hook for e.g. an oauth2 passdb + `auth_mechanisms = plain login
   * xoauth2 oauthbearer` in a later OAuth test.
   */
  dovecotExtraConfig?: string;
  /** Extra Postfix main.cf lines appended at the end (later settings win). */
  postfixExtraMainCf?: string;
  /** Server certificate (see CertificateSource); default 'fixture'. */
  tls?: CertificateSource;
  /** Max wait for all listeners to come up, in ms (default 15 000). */
  startTimeoutMs?: number;
}

export const DEFAULT_USERS: readonly TestUser[] = Object.freeze([
  { username: 'alice@example.test', password: 'alice-pass-1', email: 'alice@example.test' },
  { username: 'bob@example.test', password: 'bob-pass-1', email: 'bob@example.test' },
  { username: 'carol@example.test', password: 'carol-pass-1', email: 'carol@example.test' },
]);

const HOST = '127.0.0.1' as const;
const DOVECOT_LIBEXEC = '/usr/lib/dovecot';
const POSTFIX_DAEMON_DIR = '/usr/lib/postfix/sbin';
/** Files whose presence proves the needed packages are installed. */
const REQUIRED_FILES: ReadonlyArray<readonly [file: string, pkg: string]> = [
  ['/usr/sbin/dovecot', 'dovecot-core'],
  ['/usr/bin/doveadm', 'dovecot-core'],
  [`${DOVECOT_LIBEXEC}/imap`, 'dovecot-imapd'],
  [`${DOVECOT_LIBEXEC}/lmtp`, 'dovecot-lmtpd'],
  ['/usr/sbin/postfix', 'postfix'],
  [`${POSTFIX_DAEMON_DIR}/master`, 'postfix'],
  ['/usr/bin/openssl', 'openssl'],
];
// ---------------------------------------------------------------------------
// Packages
// ---------------------------------------------------------------------------

function missingPackages(): string[] {
  const missing = REQUIRED_FILES.filter(([file]) => !existsSync(file)).map(([, pkg]) => pkg);
  return [...new Set(missing)];
}

/**
 * Checks that Dovecot, Postfix and OpenSSL are installed. Tests never install
 * packages: .ci/install-system-deps.sh does, as root, before the tests run.
 */
export function ensureMailServerPackages(): void {
  const missing = missingPackages();
  if (missing.length > 0) {
    throw new Error(`The mail-server test harness needs the Debian packages ${missing.join(', ')}, which are not installed. Install them as root with: bash .ci/install-system-deps.sh`);
  }
}

// ---------------------------------------------------------------------------
// Small process / fs helpers
// ---------------------------------------------------------------------------

function run(cmd: string, args: string[], opts: ExecFileOptions = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...opts }, (err, stdout, stderr) => {
      if (err) {
        reject(new Error(`${cmd} ${args.join(' ')} failed: ${err.message}\n${String(stderr)}`.trim()));
      } else {
        resolve(String(stdout));
      }
    });
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function readPid(file: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(file, 'utf8').trim(), 10);
    return Number.isInteger(pid) && pid > 1 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function tailFile(file: string, maxLines: number): string {
  try {
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    return lines.slice(-maxLines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** uid/gid of a system account, via getent (the packages create these). */
function lookupAccount(user: string): { uid: number; gid: number } {
  const line = execFileSync('getent', ['passwd', user], { encoding: 'utf8' }).trim();
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

// ---------------------------------------------------------------------------
// Ports and readiness
// ---------------------------------------------------------------------------

/**
 * Reserve `count` free ports by binding them all at once on 127.0.0.1:0 and
 * releasing them together, so we never hand out the same port twice. (Another
 * process could still grab one before the daemons bind; startMailServers
 * retries with fresh ports when that happens.)
 */
async function pickFreePorts(count: number): Promise<number[]> {
  const servers: net.Server[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const srv = net.createServer();
      servers.push(srv);
      await new Promise<void>((resolve, reject) => {
        srv.once('error', reject);
        srv.listen(0, HOST, () => resolve());
      });
    }
    return servers.map((s) => (s.address() as net.AddressInfo).port);
  } finally {
    await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  }
}

function canConnect(target: { port: number } | { path: string }): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = 'port' in target ? net.connect(target.port, HOST) : net.connect(target.path);
    const done = (ok: boolean): void => {
      sock.destroy();
      resolve(ok);
    };
    sock.setTimeout(1000, () => done(false));
    sock.once('connect', () => done(true));
    sock.once('error', () => done(false));
  });
}

async function waitUntilReachable(
  targets: Array<{ port: number } | { path: string }>,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let pending = targets;
  while (pending.length > 0) {
    const results = await Promise.all(pending.map((t) => canConnect(t)));
    pending = pending.filter((_, i) => !results[i]);
    if (pending.length === 0) return;
    if (Date.now() > deadline) {
      const what = pending.map((t) => ('port' in t ? `${HOST}:${t.port}` : t.path)).join(', ');
      throw new Error(`mail servers not reachable after ${timeoutMs} ms: ${what}`);
    }
    await sleep(50);
  }
}

// ---------------------------------------------------------------------------
// Layout and config generation
// ---------------------------------------------------------------------------

interface Layout {
  dir: string;
  tlsDir: string;
  certFile: string;
  keyFile: string;
  /** The private CA, made on first use; the daemons never see it. */
  caCertFile: string;
  caKeyFile: string;
  dovecotDir: string;
  dovecotConf: string;
  dovecotUsers: string;
  dovecotRun: string; // base_dir: sockets + master.pid
  dovecotState: string;
  dovecotLog: string;
  mailDir: string;
  postfixConfDir: string;
  postfixQueue: string;
  postfixData: string;
  postfixLog: string;
  lmtpSocket: string;
  authSocket: string;
}

/** Unix socket paths are limited to 107 bytes (sun_path). */
const MAX_SOCKET_PATH = 107;

function makeLayout(dir: string): Layout {
  const dovecotDir = path.join(dir, 'dovecot');
  const dovecotRun = path.join(dovecotDir, 'run');
  const postfixDir = path.join(dir, 'postfix');
  return {
    dir,
    tlsDir: path.join(dir, 'tls'),
    certFile: path.join(dir, 'tls', 'cert.pem'),
    keyFile: path.join(dir, 'tls', 'key.pem'),
    caCertFile: path.join(dir, 'tls', 'ca.pem'),
    caKeyFile: path.join(dir, 'tls', 'ca-key.pem'),
    dovecotDir,
    dovecotConf: path.join(dovecotDir, 'dovecot.conf'),
    dovecotUsers: path.join(dovecotDir, 'users'),
    dovecotRun,
    dovecotState: path.join(dovecotDir, 'state'),
    dovecotLog: path.join(dovecotDir, 'dovecot.log'),
    mailDir: path.join(dir, 'mail'),
    postfixConfDir: path.join(postfixDir, 'etc'),
    postfixQueue: path.join(postfixDir, 'queue'),
    postfixData: path.join(postfixDir, 'data'),
    postfixLog: path.join(postfixDir, 'postfix.log'),
    lmtpSocket: path.join(dovecotRun, 'lmtp'),
    authSocket: path.join(dovecotRun, 'auth-postfix'),
  };
}

interface Ports {
  imap: number;
  imaps: number;
  submission: number;
  smtps: number;
}

const DEFAULT_CERT_NAMES = ['IP:127.0.0.1', 'DNS:localhost'];
/** EC keys: fast to generate. */
const NEW_KEY = ['-nodes', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1'];

function openssl(args: string[]): void {
  execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
}

/** Makes the certificate and key files (self-signed, or from the instance's private CA). */
function generateCertificate(l: Layout, { signer, names = DEFAULT_CERT_NAMES }: GeneratedCertificate): void {
  const subject = `/CN=${names[0]!.replace(/^\w+:/, '')}`;
  const altNames = `subjectAltName=${names.join(',')}`;
  if (signer === 'self') {
    openssl(['req', '-x509', ...NEW_KEY, '-keyout', l.keyFile, '-out', l.certFile, '-days', '30', '-subj', subject, '-addext', altNames]);
    return;
  }
  if (!existsSync(l.caCertFile)) {
    openssl(['req', '-x509', ...NEW_KEY, '-keyout', l.caKeyFile, '-out', l.caCertFile, '-days', '30', '-subj', '/CN=Mailroom Test Private CA']);
  }
  const request = path.join(l.tlsDir, 'leaf.csr');
  const extensions = path.join(l.tlsDir, 'leaf.ext');
  writeFileSync(extensions, `${altNames}\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n`);
  openssl(['req', '-new', ...NEW_KEY, '-keyout', l.keyFile, '-out', request, '-subj', subject]);
  // Without a serial file, OpenSSL 3 picks a random serial for each leaf.
  openssl(['x509', '-req', '-in', request, '-CA', l.caCertFile, '-CAkey', l.caKeyFile, '-out', l.certFile, '-days', '30', '-extfile', extensions]);
}

/**
 * The repo's fixed test certificate (tests/support/tls), which test commands
 * trust via NODE_EXTRA_CA_CERTS. __dirname exists under vitest, tsx and
 * Playwright's CommonJS transpiling alike.
 */
const FIXTURE_CERT_FILE = path.join(__dirname, 'tls', 'server.crt');
const FIXTURE_KEY_FILE = path.join(__dirname, 'tls', 'server.key');

/**
 * Put the server certificate and key into the instance dir: the repo fixture
 * by default (so NODE_EXTRA_CA_CERTS-trusting processes accept it), a fresh
 * one nobody trusts for 'generate' or a GeneratedCertificate (e.g. "certificate
 * changed" tests), or the given files.
 */
function installCertificate(l: Layout, tls: CertificateSource | undefined): { certPem: string; fingerprint256: string } {
  mkdirSync(l.tlsDir, { recursive: true });
  const fixtureExists = existsSync(FIXTURE_CERT_FILE) && existsSync(FIXTURE_KEY_FILE);
  const source = tls ?? (fixtureExists ? 'fixture' : 'generate');
  if (source === 'generate') {
    generateCertificate(l, { signer: 'self' });
  } else if (typeof source === 'object' && 'signer' in source) {
    generateCertificate(l, source);
  } else {
    const files = source === 'fixture' ? { certFile: FIXTURE_CERT_FILE, keyFile: FIXTURE_KEY_FILE } : source;
    copyFileSync(files.certFile, l.certFile);
    copyFileSync(files.keyFile, l.keyFile);
  }
  // Both daemons read the key as root before dropping privileges.
  chmodSync(l.keyFile, 0o600);
  const certPem = readFileSync(l.certFile, 'utf8');
  return { certPem, fingerprint256: new X509Certificate(certPem).fingerprint256 };
}

function validateUsers(users: TestUser[]): void {
  if (users.length === 0) throw new Error('startMailServers: at least one user is required');
  for (const u of users) {
    for (const [field, value] of Object.entries(u)) {
      // passwd-file is colon separated; keep values to one safe token.
      if (typeof value !== 'string' || value === '' || /[:\s]/.test(value)) {
        throw new Error(`startMailServers: invalid ${field} ${JSON.stringify(value)} (no colons/whitespace)`);
      }
    }
    if (!/^[^@]+@[^@]+$/.test(u.email)) throw new Error(`startMailServers: invalid email ${u.email}`);
  }
}

function userHome(l: Layout, u: TestUser): string {
  return path.join(l.mailDir, u.email.toLowerCase());
}

/**
 * passwd-file for both passdb and userdb. When username differs from the
 * email we add a second entry keyed by the email with the same home, so LMTP
 * (which looks recipients up by address) reaches the same mailbox.
 */
function writeDovecotUsers(l: Layout, users: TestUser[], mailUid: number, mailGid: number): void {
  const lines: string[] = [];
  for (const u of users) {
    const home = userHome(l, u);
    const names = u.username === u.email ? [u.username] : [u.username, u.email];
    for (const name of names) lines.push(`${name}:{PLAIN}${u.password}:${mailUid}:${mailGid}::${home}::`);
    mkdirSync(home, { recursive: true });
    chownSync(home, mailUid, mailGid);
  }
  // The auth process runs as default_internal_user (dovecot) and must read it.
  writeFileSync(l.dovecotUsers, lines.join('\n') + '\n', { mode: 0o640 });
  chownSync(l.dovecotUsers, 0, lookupAccount('dovecot').gid);
}

function dovecotConfig(l: Layout, ports: Ports, instanceName: string, mailUid: number, mailGid: number): string {
  return `# Generated by tests/support/mail-servers.ts — private test instance.
instance_name = ${instanceName}
base_dir = ${l.dovecotRun}
state_dir = ${l.dovecotState}
log_path = ${l.dovecotLog}
protocols = imap lmtp
listen = ${HOST}
shutdown_clients = yes

# Dovecot's own unprivileged service users (created by dovecot-core).
default_internal_user = dovecot
default_internal_group = dovecot
default_login_user = dovenull
# All mail is owned by one unprivileged uid (nobody by default) that owns ${l.mailDir}.
mail_uid = ${mailUid}
mail_gid = ${mailGid}
# Allow the mail uid whatever its number (Dovecot's default floor is 500).
first_valid_uid = 1
first_valid_gid = 1
# sdbox rather than maildir: LMTP delivery stays fast as a mailbox grows
# (10,000 deliveries: ~18 s instead of ~31 s with maildir).
mail_location = sdbox:~/mail
# Test data is disposable: skip fsync for fast bulk seeding.
mail_fsync = never

ssl = yes
ssl_cert = <${l.certFile}
ssl_key = <${l.keyFile}
auth_ssl_require_client_cert = no
auth_mechanisms = plain login
# Loopback counts as secure, so plaintext auth over port ${ports.imap} before STARTTLS is allowed.
auth_failure_delay = 0
auth_verbose = yes
login_greeting = Mailroom test IMAP ready.

passdb {
  driver = passwd-file
  args = scheme=PLAIN ${l.dovecotUsers}
}
userdb {
  driver = passwd-file
  args = ${l.dovecotUsers}
}

namespace inbox {
  inbox = yes
  separator = /
  mailbox Drafts {
    special_use = \\Drafts
    auto = subscribe
  }
  mailbox Sent {
    special_use = \\Sent
    auto = subscribe
  }
  mailbox Trash {
    special_use = \\Trash
    auto = subscribe
  }
  mailbox Junk {
    special_use = \\Junk
    auto = subscribe
  }
  mailbox Archive {
    special_use = \\Archive
    auto = subscribe
  }
}

protocol imap {
  # Tests open many parallel connections from 127.0.0.1.
  mail_max_userip_connections = 1000
}

service imap-login {
  inet_listener imap {
    address = ${HOST}
    port = ${ports.imap}
  }
  inet_listener imaps {
    address = ${HOST}
    port = ${ports.imaps}
    ssl = yes
  }
}

# unix_listener names are relative to base_dir (${l.dovecotRun}).
service lmtp {
  unix_listener ${path.basename(l.lmtpSocket)} {
    mode = 0666
  }
}

# No growing delay after failed logins from 127.0.0.1 (Dovecot's auth penalty):
# wrong-password tests must not slow down the tests that run after them.
service anvil {
  unix_listener anvil-auth-penalty {
    mode = 0
  }
}

service auth {
  # SASL for Postfix smtpd (runs as user postfix).
  unix_listener ${path.basename(l.authSocket)} {
    mode = 0666
  }
}
`;
}

/** dovecot.conf, the passwd-file and the mail dirs: nothing is read from /etc/dovecot. */
function writeDovecotFiles(l: Layout, users: TestUser[], ports: Ports, extra: string | undefined): void {
  const nobody = lookupAccount('nobody');
  mkdirSync(l.dovecotDir, { recursive: true });
  mkdirSync(l.dovecotState, { recursive: true });
  mkdirSync(l.mailDir, { recursive: true });
  chownSync(l.mailDir, nobody.uid, nobody.gid);
  writeDovecotUsers(l, users, nobody.uid, nobody.gid);
  const instanceName = `mailroom-test-${path.basename(l.dir)}`;
  const conf = dovecotConfig(l, ports, instanceName, nobody.uid, nobody.gid) + (extra ? `\n${extra}\n` : '');
  writeFileSync(l.dovecotConf, conf);
}

function postfixMainCf(l: Layout, domains: string[]): string {
  const discard = 'discard:outbound-mail-discarded-by-mailroom-test-harness';
  return `# Generated by tests/support/mail-servers.ts — private test instance.
compatibility_level = 3.6
queue_directory = ${l.postfixQueue}
data_directory = ${l.postfixData}
mail_owner = postfix
setgid_group = postdrop
maillog_file = ${l.postfixLog}
maillog_file_prefixes = ${l.dir}

myhostname = mailroom.test
mydomain = mailroom.test
myorigin = $myhostname
mydestination =
relayhost =
inet_interfaces = ${HOST}
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
alias_maps =
alias_database =
local_recipient_maps =
biff = no
append_dot_mydomain = no
readme_directory = no
message_size_limit = 52428800

# No DNS anywhere: everything is loopback.
smtp_dns_support_level = disabled
lmtp_dns_support_level = disabled
smtpd_peername_lookup = no

# Our users' domains go to Dovecot over LMTP; anything else is accepted and
# silently discarded so a client can "send" to external customers offline.
virtual_mailbox_domains = ${domains.join(', ')}
virtual_mailbox_maps = texthash:${path.join(l.postfixConfDir, 'vmailbox')}
virtual_transport = lmtp:unix:${l.lmtpSocket}
default_transport = ${discard}
relay_transport = ${discard}

smtpd_banner = $myhostname ESMTP Mailroom test
smtpd_tls_cert_file = ${l.certFile}
smtpd_tls_key_file = ${l.keyFile}
smtpd_tls_security_level = encrypt
smtpd_tls_auth_only = yes
smtp_tls_security_level = none
smtpd_sasl_type = dovecot
smtpd_sasl_path = ${l.authSocket}
smtpd_sasl_auth_enable = yes
smtpd_sasl_authenticated_header = no
smtpd_relay_restrictions = permit_sasl_authenticated, reject
smtpd_recipient_restrictions = permit_sasl_authenticated, reject
smtpd_error_sleep_time = 0
`;
}

/** master.cf: only the services we need, none chrooted (the queue is in a temp dir). */
function postfixMasterCf(ports: Ports): string {
  const inet = (port: number, name: string, opts: string[]): string =>
    `${HOST}:${port} inet n - n - - smtpd\n  -o syslog_name=postfix/${name}\n` +
    opts.map((o) => `  -o ${o}\n`).join('');
  return (
    inet(ports.submission, 'submission', ['smtpd_tls_security_level=encrypt', 'smtpd_sasl_auth_enable=yes']) +
    inet(ports.smtps, 'smtps', ['smtpd_tls_wrappermode=yes', 'smtpd_sasl_auth_enable=yes']) +
    `pickup     unix  n - n 60    1 pickup
cleanup    unix  n - n -     0 cleanup
qmgr       unix  n - n 300   1 qmgr
tlsmgr     unix  - - n 1000? 1 tlsmgr
rewrite    unix  - - n -     - trivial-rewrite
bounce     unix  - - n -     0 bounce
defer      unix  - - n -     0 bounce
trace      unix  - - n -     0 bounce
verify     unix  - - n -     1 verify
flush      unix  n - n 1000? 0 flush
proxymap   unix  - - n -     - proxymap
proxywrite unix  - - n -     1 proxymap
smtp       unix  - - n -     - smtp
relay      unix  - - n -     - smtp
showq      unix  n - n -     - showq
error      unix  - - n -     - error
retry      unix  - - n -     - error
discard    unix  - - n -     - discard
lmtp       unix  - - n -     - lmtp
anvil      unix  - - n -     1 anvil
scache     unix  - - n -     1 scache
postlog    unix-dgram n - n - 1 postlogd
`
  );
}

function writePostfixFiles(l: Layout, users: TestUser[], ports: Ports, extra: string | undefined): void {
  const domains = [...new Set(users.map((u) => u.email.split('@')[1]!.toLowerCase()))];
  mkdirSync(l.postfixConfDir, { recursive: true });
  // Postfix creates the queue/data subdirs itself ("post-install create-missing")
  // with the right postfix:postdrop ownership; it wants the tops root-owned.
  mkdirSync(l.postfixQueue, { recursive: true });
  mkdirSync(l.postfixData, { recursive: true });
  const postfix = lookupAccount('postfix');
  chownSync(l.postfixData, postfix.uid, postfix.gid);
  writeFileSync(path.join(l.postfixConfDir, 'main.cf'), postfixMainCf(l, domains) + (extra ? `\n${extra}\n` : ''));
  writeFileSync(path.join(l.postfixConfDir, 'master.cf'), postfixMasterCf(ports));
  // texthash: needs no postmap; the value column is unused for virtual mailboxes.
  const vmailbox = users.map((u) => `${u.email.toLowerCase()} ok`).join('\n') + '\n';
  writeFileSync(path.join(l.postfixConfDir, 'vmailbox'), vmailbox);
  // Postfix re-reads a config file until its mtime is a couple of seconds in
  // the past (a guard against half-written files), which would add ~2 s to
  // every start. Backdate our freshly written files instead.
  const past = new Date(Date.now() - 60_000);
  for (const file of ['main.cf', 'master.cf', 'vmailbox']) utimesSync(path.join(l.postfixConfDir, file), past, past);
}

// ---------------------------------------------------------------------------
// Daemon lifecycle
// ---------------------------------------------------------------------------

/**
 * Run a command that daemonizes. Its output goes to a file rather than a pipe
 * because the forked daemons inherit (and keep open) stdout/stderr, so
 * waiting for a pipe to close would hang; we wait for the launcher to exit.
 */
function runLauncher(cmd: string, args: string[], outputFile: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const out = openSync(outputFile, 'a');
    const child = spawn(cmd, args, { stdio: ['ignore', out, out] });
    closeSync(out);
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (code === 0) return resolve();
      const output = tailFile(outputFile, 30);
      reject(new Error(`${cmd} ${args.join(' ')} exited with ${code ?? signal}:\n${output}`));
    });
  });
}

async function startDovecot(l: Layout): Promise<void> {
  // Without -F dovecot forks into the background once its config parses.
  await runLauncher('/usr/sbin/dovecot', ['-c', l.dovecotConf], path.join(l.dovecotDir, 'startup.out'));
}

async function startPostfix(l: Layout): Promise<void> {
  // `postfix start` runs the integrity check, creates the queue subdirs, and
  // waits for the master to report that its services are initialised.
  await runLauncher('/usr/sbin/postfix', ['-c', l.postfixConfDir, 'start'], path.join(l.dir, 'postfix', 'startup.out'));
}

function dovecotPidFile(l: Layout): string {
  return path.join(l.dovecotRun, 'master.pid');
}

function postfixPidFile(l: Layout): string {
  return path.join(l.postfixQueue, 'pid', 'master.pid');
}

/**
 * Live (non-zombie) members of a process group, from /proc. Both masters call
 * setsid(), so every daemon process of one instance shares the master's pgid
 * and nothing else does.
 */
function liveGroupMembers(pgid: number): number[] {
  const members: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // Fields after "(comm) ": state ppid pgrp ...; comm itself may contain spaces.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(pgrp) === pgid && state !== 'Z' && state !== 'X') members.push(Number(entry));
    } catch {
      /* process exited while we looked */
    }
  }
  return members;
}

/** Guard against a stale pid file whose pid now belongs to something else. */
function isOurDaemon(pid: number, configPath: string): boolean {
  try {
    // dovecot keeps "-c <conf>" in its argv; postfix's master gets MAIL_CONFIG.
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    const environ = readFileSync(`/proc/${pid}/environ`, 'utf8');
    return cmdline.includes(configPath) || environ.includes(`MAIL_CONFIG=${configPath}`);
  } catch {
    return false;
  }
}

/**
 * SIGKILL a daemon's whole process group. The instance is disposable (its dir
 * is deleted next), so there is nothing to shut down gracefully, whereas a
 * SIGTERM costs ~2 s for each of Postfix and Dovecot.
 */
function killGroupNow(pid: number | undefined): void {
  if (pid === undefined) return;
  for (const target of [-pid, pid]) {
    try {
      process.kill(target, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
}

async function killDaemon(pid: number | undefined, timeoutMs = 5000): Promise<void> {
  if (pid === undefined) return;
  killGroupNow(pid);
  const deadline = Date.now() + timeoutMs;
  while (liveGroupMembers(pid).length > 0) {
    if (Date.now() > deadline) throw new Error(`processes of group ${pid} survived SIGKILL`);
    await sleep(10);
  }
}

function daemonPids(l: Layout): { postfix: number | undefined; dovecot: number | undefined } {
  const postfix = readPid(postfixPidFile(l));
  const dovecot = readPid(dovecotPidFile(l));
  return {
    postfix: postfix !== undefined && isOurDaemon(postfix, l.postfixConfDir) ? postfix : undefined,
    dovecot: dovecot !== undefined && isOurDaemon(dovecot, l.dovecotConf) ? dovecot : undefined,
  };
}

async function stopDaemons(l: Layout): Promise<void> {
  const pids = daemonPids(l);
  await Promise.all([killDaemon(pids.postfix), killDaemon(pids.dovecot)]);
}

const liveInstances = new Set<Layout>();
let cleanupHooksInstalled = false;

function cleanupAllSync(): void {
  for (const l of liveInstances) {
    const pids = daemonPids(l);
    killGroupNow(pids.postfix);
    killGroupNow(pids.dovecot);
    try {
      rmSync(l.dir, { recursive: true, force: true });
    } catch {
      /* best effort */
    }
  }
  liveInstances.clear();
}

/**
 * If a test forgets stop() or the run is interrupted, don't leave daemons or
 * temp dirs behind. On a signal we clean up and, when nobody else handles that
 * signal, re-raise it so the process still dies the way it would have.
 */
function installCleanupHooks(): void {
  if (cleanupHooksInstalled) return;
  cleanupHooksInstalled = true;
  process.on('exit', cleanupAllSync);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const onSignal = (): void => {
      cleanupAllSync();
      if (process.listenerCount(sig) === 1) {
        process.removeListener(sig, onSignal);
        process.kill(process.pid, sig);
      }
    };
    process.on(sig, onSignal);
  }
}

function logsOf(l: Layout, maxLines = 40): string {
  return (
    `--- dovecot log (${l.dovecotLog}) ---\n${tailFile(l.dovecotLog, maxLines)}\n` +
    `--- postfix log (${l.postfixLog}) ---\n${tailFile(l.postfixLog, maxLines)}`
  );
}

// ---------------------------------------------------------------------------
// LMTP client (deliver / deliverMany)
// ---------------------------------------------------------------------------

/** Minimal LMTP client: one reply per command, PIPELINING for MAIL/RCPT/DATA. */
class LmtpConnection {
  private buffer = '';
  private lines: string[] = [];
  private unclaimed: string[] = [];
  private waiters: Array<{ resolve: (r: string) => void; reject: (e: Error) => void }> = [];
  private failure: Error | undefined;

  private constructor(private readonly sock: net.Socket) {
    sock.setEncoding('latin1');
    sock.on('data', (chunk: string) => this.onData(chunk));
    sock.on('error', (err) => this.fail(err));
    sock.on('close', () => this.fail(new Error('LMTP connection closed')));
  }

  static async open(socketPath: string): Promise<LmtpConnection> {
    const sock = net.connect(socketPath);
    await new Promise<void>((resolve, reject) => {
      sock.once('connect', resolve);
      sock.once('error', reject);
    });
    const conn = new LmtpConnection(sock);
    conn.expect(await conn.reply(), '220');
    conn.sock.write('LHLO mailroom-harness\r\n');
    conn.expect(await conn.reply(), '250');
    return conn;
  }

  /** Deliver one message to one recipient. */
  async send(from: string, to: string, raw: string | Buffer): Promise<void> {
    this.sock.write(`MAIL FROM:<${from}>\r\nRCPT TO:<${to}>\r\nDATA\r\n`);
    const [mail, rcpt, data] = [await this.reply(), await this.reply(), await this.reply()];
    this.expect(mail, '250');
    this.expect(rcpt, '250');
    this.expect(data, '354');
    this.sock.write(encodeDataBody(raw));
    this.expect(await this.reply(), '250'); // one reply per accepted recipient
  }

  async close(): Promise<void> {
    if (!this.failure) {
      this.sock.write('QUIT\r\n');
      await this.reply().catch(() => undefined);
    }
    this.sock.destroy();
  }

  private expect(reply: string, code: string): void {
    if (!reply.startsWith(code)) {
      this.sock.write('RSET\r\n');
      throw new Error(`LMTP: expected ${code}, got: ${reply}`);
    }
  }

  private onData(chunk: string): void {
    this.buffer += chunk;
    let nl: number;
    while ((nl = this.buffer.indexOf('\n')) >= 0) {
      const line = this.buffer.slice(0, nl).replace(/\r$/, '');
      this.buffer = this.buffer.slice(nl + 1);
      this.lines.push(line);
      // "250-..." continues a multi-line reply; "250 ..." ends it.
      if (/^\d{3}(?: |$)/.test(line)) {
        const reply = this.lines.join('\n');
        this.lines = [];
        // Pipelined replies can arrive in one chunk, before their waiter exists.
        const waiter = this.waiters.shift();
        if (waiter) waiter.resolve(reply);
        else this.unclaimed.push(reply);
      }
    }
  }

  private fail(err: Error): void {
    this.failure ??= err;
    for (const w of this.waiters.splice(0)) w.reject(err);
  }

  private reply(): Promise<string> {
    const ready = this.unclaimed.shift();
    if (ready !== undefined) return Promise.resolve(ready);
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }
}

/** CRLF line endings, dot-stuffing and the terminating "." line (binary safe). */
function encodeDataBody(raw: string | Buffer): Buffer {
  let text = typeof raw === 'string' ? Buffer.from(raw, 'utf8').toString('latin1') : raw.toString('latin1');
  text = text.replace(/\r?\n/g, '\r\n');
  if (!text.endsWith('\r\n')) text += '\r\n';
  text = text.replace(/^\./gm, '..');
  return Buffer.from(text + '.\r\n', 'latin1');
}

/** Envelope sender: the From header's address if simple, else a harness address. */
function envelopeSender(raw: string | Buffer): string {
  const head = (typeof raw === 'string' ? raw : raw.subarray(0, 8192).toString('latin1')).split(/\r?\n\r?\n/)[0] ?? '';
  const from = /^from:[^\n]*?<?([^\s<>@"]+@[^\s<>"]+?)>?\s*$/im.exec(head);
  return from?.[1] ?? 'harness@mailroom.test';
}

// ---------------------------------------------------------------------------
// Minimal IMAP client for fast seeding (append / appendMany)
// ---------------------------------------------------------------------------

/** A message to seed with IMAP APPEND. */
export interface SeedMessage {
  raw: string | Buffer;
  /** e.g. ['\\Seen', '\\Flagged', '$Label1'] */
  flags?: string[];
  /** Stored as the IMAP INTERNALDATE (what clients show as "received"). */
  internalDate?: Date;
}

/**
 * Just enough IMAP to LOGIN, CREATE and MULTIAPPEND over plain TCP (loopback
 * counts as secure, so LOGIN is allowed without STARTTLS). One MULTIAPPEND is
 * a single Dovecot transaction, which makes seeding thousands of messages
 * take seconds instead of the minutes that one-delivery-per-message costs.
 * Literals use LITERAL+ ({n+}) so nothing waits for continuation requests.
 */
class ImapSeeder {
  private buffer = '';
  private tagCounter = 0;
  private pending = new Map<string, (status: string) => void>();
  private failure: Error | undefined;

  private constructor(private readonly sock: net.Socket) {
    sock.setEncoding('latin1');
    sock.on('data', (chunk: string) => this.onData(chunk));
    sock.on('error', (err) => this.fail(err));
    sock.on('close', () => this.fail(new Error('IMAP connection closed')));
  }

  static async open(port: number, user: TestUser): Promise<ImapSeeder> {
    const sock = net.connect(port, HOST);
    const greeting = new Promise<void>((resolve, reject) => {
      sock.once('data', () => resolve());
      sock.once('error', reject);
    });
    const conn = new ImapSeeder(sock);
    await greeting;
    await conn.ok(`LOGIN ${imapQuote(user.username)} ${imapQuote(user.password)}`);
    return conn;
  }

  /** Run one command and insist on a tagged OK. */
  async ok(command: string | Buffer): Promise<void> {
    const status = await this.command(command);
    if (!/^OK\b/i.test(status)) throw new Error(`IMAP command failed: ${status}`);
  }

  /** Run one command; resolves with the tagged status text ("OK ...", "NO ..."). */
  command(command: string | Buffer): Promise<string> {
    if (this.failure) return Promise.reject(this.failure);
    const tag = `S${++this.tagCounter}`;
    const line = Buffer.concat([Buffer.from(`${tag} `), Buffer.from(command), Buffer.from('\r\n')]);
    return new Promise((resolve, reject) => {
      this.pending.set(tag, resolve);
      this.sock.write(line, (err) => {
        if (err) reject(err);
      });
    });
  }

  async createIfMissing(mailbox: string): Promise<void> {
    const status = await this.command(`CREATE ${imapQuote(encodeMailboxName(mailbox))}`);
    if (!/^OK\b/i.test(status) && !/ALREADYEXISTS/i.test(status)) {
      throw new Error(`IMAP CREATE ${mailbox} failed: ${status}`);
    }
  }

  async appendBatch(mailbox: string, messages: SeedMessage[]): Promise<void> {
    const parts: Buffer[] = [Buffer.from(`APPEND ${imapQuote(encodeMailboxName(mailbox))}`)];
    for (const msg of messages) {
      const body = toCrlf(msg.raw);
      const flags = msg.flags?.length ? ` (${msg.flags.join(' ')})` : '';
      const date = msg.internalDate ? ` "${imapDate(msg.internalDate)}"` : '';
      parts.push(Buffer.from(`${flags}${date} {${body.length}+}\r\n`), body);
    }
    await this.ok(Buffer.concat(parts));
  }

  async close(): Promise<void> {
    if (!this.failure) await this.command('LOGOUT').catch(() => undefined);
    this.sock.destroy();
  }

  private onData(chunk: string): void {
    this.buffer += chunk;
    let nl: number;
    while ((nl = this.buffer.indexOf('\r\n')) >= 0) {
      const line = this.buffer.slice(0, nl);
      this.buffer = this.buffer.slice(nl + 2);
      // Untagged ("* ...") and continuation ("+ ...") lines need no action here.
      const m = /^(S\d+) (.*)$/.exec(line);
      const resolve = m ? this.pending.get(m[1]!) : undefined;
      if (m && resolve) {
        this.pending.delete(m[1]!);
        resolve(m[2]!);
      }
    }
  }

  private fail(err: Error): void {
    this.failure ??= err;
    for (const resolve of this.pending.values()) resolve(`BAD ${err.message}`);
    this.pending.clear();
  }
}

function imapQuote(s: string): string {
  return `"${s.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/** RFC 3501 date-time, in UTC: "24-Nov-2025 09:05:00 +0000". */
function imapDate(d: Date): string {
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const two = (n: number): string => String(n).padStart(2, '0');
  const time = `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
  return `${two(d.getUTCDate())}-${months[d.getUTCMonth()]}-${d.getUTCFullYear()} ${time} +0000`;
}

/** IMAP modified UTF-7 (RFC 3501 5.1.3) so non-ASCII folder names work. */
function encodeMailboxName(name: string): string {
  return name.replace(/&/g, '&-').replace(/[^\x20-\x7e]+/g, (run) => {
    const utf16 = Buffer.alloc(run.length * 2);
    for (let i = 0; i < run.length; i++) utf16.writeUInt16BE(run.charCodeAt(i), i * 2);
    return `&${utf16.toString('base64').replace(/=+$/, '').replace(/\//g, ',')}-`;
  });
}

/** Normalise line endings to CRLF (binary safe), as RFC 5322 messages expect. */
function toCrlf(raw: string | Buffer): Buffer {
  const text = typeof raw === 'string' ? Buffer.from(raw, 'utf8').toString('latin1') : raw.toString('latin1');
  return Buffer.from(text.replace(/\r?\n/g, '\r\n'), 'latin1');
}

/** Seed messages into one mailbox with as few MULTIAPPEND commands as possible. */
async function imapAppendMany(
  port: number,
  user: TestUser,
  mailbox: string,
  messages: Iterable<SeedMessage | string | Buffer>,
): Promise<void> {
  const maxBatchBytes = 16 * 1024 * 1024;
  const conn = await ImapSeeder.open(port, user);
  try {
    if (mailbox.toUpperCase() !== 'INBOX') await conn.createIfMissing(mailbox);
    let batch: SeedMessage[] = [];
    let batchBytes = 0;
    for (const item of messages) {
      const msg = typeof item === 'string' || Buffer.isBuffer(item) ? { raw: item } : item;
      batch.push(msg);
      batchBytes += msg.raw.length;
      if (batch.length >= 1000 || batchBytes >= maxBatchBytes) {
        await conn.appendBatch(mailbox, batch);
        batch = [];
        batchBytes = 0;
      }
    }
    if (batch.length > 0) await conn.appendBatch(mailbox, batch);
  } finally {
    await conn.close();
  }
}

// ---------------------------------------------------------------------------
// Public entry point
// ---------------------------------------------------------------------------

function findUser(users: TestUser[], nameOrEmail: string): TestUser | undefined {
  const key = nameOrEmail.toLowerCase();
  return users.find((u) => u.username.toLowerCase() === key || u.email.toLowerCase() === key);
}

/**
 * Postfix (user postfix) and Dovecot's login/auth processes must reach the
 * sockets inside the instance dir, so every ancestor must be searchable by
 * "other" (e.g. a TMPDIR under a 0700 /root would not work).
 */
function assertTraversable(dir: string): void {
  for (let p = path.dirname(dir); ; p = path.dirname(p)) {
    if ((statSync(p).mode & 0o001) === 0) {
      throw new Error(`mail-server dir ${dir}: ${p} is not searchable by other users; use another TMPDIR or opts.dir`);
    }
    if (p === path.dirname(p)) return;
  }
}

function prepareDir(requested: string | undefined): string {
  if (requested) {
    mkdirSync(requested, { recursive: true });
    return path.resolve(requested);
  }
  return mkdtempSync(path.join(tmpdir(), 'mailroom-mail-'));
}

async function startOnce(dir: string, users: TestUser[], opts: StartMailServersOptions): Promise<MailServers> {
  const l = makeLayout(dir);
  assertTraversable(dir);
  // Dovecot's longest socket name in base_dir is "imap-urlauth-worker".
  if (Buffer.byteLength(path.join(l.dovecotRun, 'imap-urlauth-worker')) > MAX_SOCKET_PATH) {
    throw new Error(`mail-server dir ${dir} is too deep for unix sockets; use a shorter TMPDIR or opts.dir`);
  }
  // Dovecot's and Postfix's unprivileged processes must traverse into the dir.
  chmodSync(dir, 0o755);
  const [imap, imaps, submission, smtps] = (await pickFreePorts(4)) as [number, number, number, number];
  const ports: Ports = { imap, imaps, submission, smtps };
  const certificate = installCertificate(l, opts.tls);
  writeDovecotFiles(l, users, ports, opts.dovecotExtraConfig);
  writePostfixFiles(l, users, ports, opts.postfixExtraMainCf);

  liveInstances.add(l);
  installCleanupHooks();
  const startDaemons = async (): Promise<void> => {
    await startDovecot(l);
    await startPostfix(l);
    await waitUntilReachable(
      [{ port: imap }, { port: imaps }, { port: submission }, { port: smtps }, { path: l.lmtpSocket }, { path: l.authSocket }],
      opts.startTimeoutMs ?? 15_000,
    );
  };
  try {
    await startDaemons();
  } catch (err) {
    const logs = logsOf(l);
    await stopDaemons(l);
    liveInstances.delete(l);
    throw new Error(`${(err as Error).message}\n${logs}`);
  }

  let stopped = false;
  const emailOf = (who: string): string => findUser(users, who)?.email ?? who;
  const requireUser = (who: string): TestUser => {
    const user = findUser(users, who);
    if (!user) throw new Error(`unknown test user ${who}`);
    return user;
  };
  const deliverMany = async (toUser: string, raws: Iterable<string | Buffer>): Promise<void> => {
    const conn = await LmtpConnection.open(l.lmtpSocket);
    try {
      for (const raw of raws) await conn.send(envelopeSender(raw), emailOf(toUser), raw);
    } finally {
      await conn.close();
    }
  };

  const caPem = (): string | undefined => (existsSync(l.caCertFile) ? readFileSync(l.caCertFile, 'utf8') : undefined);
  const servers: MailServers = {
    host: HOST,
    imapPort: imap,
    imapsPort: imaps,
    submissionPort: submission,
    smtpsPort: smtps,
    lmtpSocket: l.lmtpSocket,
    authSocket: l.authSocket,
    users,
    certPem: certificate.certPem,
    certFingerprint256: certificate.fingerprint256,
    caPem: caPem(),
    dir,
    dovecotConfig: l.dovecotConf,
    postfixConfigDir: l.postfixConfDir,
    deliver: (toUser, raw) => deliverMany(toUser, [raw]),
    deliverMany,
    append: async (user, mailbox, raw, flags) =>
      imapAppendMany(imap, requireUser(user), mailbox, [{ raw, flags: flags ?? [] }]),
    appendMany: async (user, mailbox, messages) => imapAppendMany(imap, requireUser(user), mailbox, messages),
    doveadm: (args) => run('/usr/bin/doveadm', ['-c', l.dovecotConf, ...args]),
    logs: (maxLines) => logsOf(l, maxLines),
    async replaceCertificate(tls) {
      // A restart rather than a reload: no process that still holds the old certificate stays behind.
      await stopDaemons(l);
      // The killed master may linger as a zombie (a container's init need not reap it), and
      // Dovecot will not start while its pid file names a pid that exists.
      rmSync(dovecotPidFile(l), { force: true });
      const replaced = installCertificate(l, tls);
      await startDaemons();
      Object.assign(servers, { certPem: replaced.certPem, certFingerprint256: replaced.fingerprint256, caPem: caPem() });
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await stopDaemons(l);
      liveInstances.delete(l);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return servers;
}

/**
 * Start a private Dovecot + Postfix pair. Retries with fresh ports if a port
 * picked as free was taken by someone else before the daemons bound it.
 */
export async function startMailServers(opts: StartMailServersOptions = {}): Promise<MailServers> {
  ensureMailServerPackages();
  if (process.getuid?.() !== 0) {
    throw new Error('startMailServers must run as root: the Postfix master daemon refuses to run unprivileged');
  }
  const users = (opts.users ?? DEFAULT_USERS).map((u) => ({ ...u }));
  validateUsers(users);

  const attempts = 3;
  for (let attempt = 1; ; attempt++) {
    const dir = prepareDir(opts.dir);
    try {
      return await startOnce(dir, users, opts);
    } catch (err) {
      rmSync(dir, { recursive: true, force: true });
      const portClash = /address already in use/i.test((err as Error).message);
      if (!portClash || attempt >= attempts) throw err;
    }
  }
}
