/**
 * What server discovery asks, on 127.0.0.1: a real DNS server (dnsmasq, Debian
 * `dnsmasq-base`, run in the foreground with its own config in a temp dir) and an HTTPS
 * server handing out autoconfig files with the fixture certificate, which also names
 * example.test and *.example.test (tests/support/tls).
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import dgram from 'node:dgram';
import dns from 'node:dns';
import fs from 'node:fs';
import https from 'node:https';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { TEST_CERT_FILE, TEST_KEY_FILE } from './host';

const DNSMASQ = '/usr/sbin/dnsmasq';

export function ensureDnsmasq(): void {
  if (fs.existsSync(DNSMASQ)) return;
  if (process.getuid?.() !== 0) throw new Error('dnsmasq is missing: run .ci/install-system-deps.sh as root (Debian package dnsmasq-base).');
  execFileSync('apt-get', ['install', '-y', '--no-install-recommends', 'dnsmasq-base'], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}

export interface DnsServer {
  /** "127.0.0.1:PORT", for ServicesOptions.discovery.dnsServers and the host's --dns-server. */
  address: string;
  stop(): Promise<void>;
}

/** A port free for both TCP and UDP (dnsmasq listens on both). */
async function freeDnsPort(): Promise<number> {
  for (;;) {
    const tcp = net.createServer();
    await new Promise<void>((resolve) => tcp.listen(0, '127.0.0.1', resolve));
    const port = (tcp.address() as net.AddressInfo).port;
    const udp = dgram.createSocket('udp4');
    const udpFree = await new Promise<boolean>((resolve) => {
      udp.once('error', () => resolve(false));
      udp.bind(port, '127.0.0.1', () => resolve(true));
    });
    udp.close();
    await new Promise<void>((resolve) => tcp.close(() => resolve()));
    if (udpFree) return port;
  }
}

/**
 * lines: dnsmasq options as in its config file ("address=/example.test/127.0.0.1",
 * "srv-host=_imaps._tcp.srv.test,imap.srv.test,993,0,5"). Names under .test that no line
 * answers get NXDOMAIN, as a real zone would.
 */
export async function startDnsServer(lines: string[]): Promise<DnsServer> {
  ensureDnsmasq();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mailroom-dns-'));
  const port = await freeDnsPort();
  const conf = path.join(dir, 'dnsmasq.conf');
  fs.writeFileSync(conf, [`port=${port}`, 'listen-address=127.0.0.1', 'bind-interfaces', 'no-resolv', 'no-hosts', 'no-poll', 'local=/test/', `pid-file=${path.join(dir, 'pid')}`, ...lines, ''].join('\n'));
  const child: ChildProcess = spawn(DNSMASQ, ['--keep-in-foreground', `--conf-file=${conf}`, '--user=root', '--log-facility=-'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  const killOnExit = () => child.kill('SIGKILL');
  process.on('exit', killOnExit);
  const address = `127.0.0.1:${port}`;
  // Ready when it answers: a name it does not know comes back NXDOMAIN.
  const resolver = new dns.promises.Resolver({ timeout: 200, tries: 1 });
  resolver.setServers([address]);
  for (let attempt = 0; ; attempt += 1) {
    if (child.exitCode !== null) throw new Error(`dnsmasq exited:\n${output}`);
    const answered = await resolver.resolve4('ready.invalid.test').then(
      () => true,
      (err: NodeJS.ErrnoException) => err.code === dns.NOTFOUND,
    );
    if (answered) break;
    if (attempt > 100) throw new Error(`dnsmasq did not answer:\n${output}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    address,
    async stop() {
      process.removeListener('exit', killOnExit);
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface AutoconfigServer {
  port: number;
  /** Every request as "host/path?query", in order: what discovery asked for. */
  requests: string[];
  stop(): Promise<void>;
}

/** files: "autoconfig.example.test/mail/config-v1.1.xml" → the XML served there; anything else is 404. */
export async function startAutoconfigServer(files: Record<string, string>): Promise<AutoconfigServer> {
  const requests: string[] = [];
  const server = https.createServer({ cert: fs.readFileSync(TEST_CERT_FILE), key: fs.readFileSync(TEST_KEY_FILE) }, (req, res) => {
    const host = (req.headers.host ?? '').replace(/:\d+$/, '');
    const url = req.url ?? '/';
    requests.push(`${host}${url}`);
    const body = files[`${host}${url.split('?')[0] ?? ''}`];
    if (body === undefined) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/xml' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    requests,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A Mozilla autoconfig file (config-v1.1.xml) for one IMAP and one SMTP server. */
export function autoconfigXml(o: {
  domain: string;
  imap: { host: string; port: number; socketType: 'SSL' | 'STARTTLS' | 'plain' };
  smtp: { host: string; port: number; socketType: 'SSL' | 'STARTTLS' | 'plain' };
  username?: string;
}): string {
  const username = o.username ?? '%EMAILADDRESS%';
  return `<?xml version="1.0" encoding="UTF-8"?>
<clientConfig version="1.1">
  <emailProvider id="${o.domain}">
    <domain>${o.domain}</domain>
    <displayName>${o.domain} mail</displayName>
    <incomingServer type="pop3">
      <hostname>pop.${o.domain}</hostname><port>995</port><socketType>SSL</socketType>
      <username>${username}</username><authentication>password-cleartext</authentication>
    </incomingServer>
    <incomingServer type="imap">
      <hostname>${o.imap.host}</hostname><port>${o.imap.port}</port><socketType>${o.imap.socketType}</socketType>
      <username>${username}</username><authentication>password-cleartext</authentication>
    </incomingServer>
    <outgoingServer type="smtp">
      <hostname>${o.smtp.host}</hostname><port>${o.smtp.port}</port><socketType>${o.smtp.socketType}</socketType>
      <username>${username}</username><authentication>password-cleartext</authentication>
    </outgoingServer>
  </emailProvider>
</clientConfig>
`;
}
