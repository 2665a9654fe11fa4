import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServerDiscovery } from '../../src-main/services/accounts/discovery/server-discovery';
import { autoconfigXml, startAutoconfigServer, startDnsServer, type AutoconfigServer, type DnsServer } from '../support/discovery-servers';
import { startMailServers, type MailServers } from '../support/mail-servers';

let dnsServer: DnsServer;
let autoconfig: AutoconfigServer;
let mail: MailServers;
let discovery: ServerDiscovery;

beforeAll(async () => {
  mail = await startMailServers();
  dnsServer = await startDnsServer([
    // example.test and every name under it: the autoconfig host, the domain itself, wk.example.test.
    'address=/example.test/127.0.0.1',
    // srv.test: SRV records only (no A records, so no autoconfig host and no common names).
    'srv-host=_imaps._tcp.srv.test,imap-b.srv.test,993,10,5',
    'srv-host=_imaps._tcp.srv.test,imap-a.srv.test,993,10,50',
    'srv-host=_imap._tcp.srv.test,imap-c.srv.test,143,0,0',
    // RFC 6186: a "." target says the service is not offered.
    'srv-host=_submissions._tcp.srv.test',
    'srv-host=_submission._tcp.srv.test,smtp.srv.test,587,0,0',
    // names.test: only imap. and smtp. exist; they are the test Dovecot and Postfix.
    'address=/imap.names.test/127.0.0.1',
    'address=/smtp.names.test/127.0.0.1',
  ]);
  autoconfig = await startAutoconfigServer({
    'autoconfig.example.test/mail/config-v1.1.xml': autoconfigXml({
      domain: 'example.test',
      imap: { host: 'imap.%EMAILDOMAIN%', port: 993, socketType: 'SSL' },
      smtp: { host: 'smtp.example.test', port: 587, socketType: 'STARTTLS' },
      username: '%EMAILLOCALPART%',
    }),
    // autoconfig.wk.example.test is two levels under the certificate's *.example.test: TLS refuses it.
    'wk.example.test/.well-known/autoconfig/mail/config-v1.1.xml': autoconfigXml({
      domain: 'wk.example.test',
      imap: { host: 'mail.wk.example.test', port: 143, socketType: 'STARTTLS' },
      smtp: { host: 'mail.wk.example.test', port: 465, socketType: 'SSL' },
    }),
    'autoconfig.wk.example.test/mail/config-v1.1.xml': '<clientConfig/>',
  });
  discovery = new ServerDiscovery({
    dnsServers: [dnsServer.address],
    ports: { https: autoconfig.port, imaps: mail.imapsPort, imap: mail.imapPort, submissions: mail.smtpsPort, submission: mail.submissionPort },
    timeoutMs: 3000,
  });
});

afterAll(async () => {
  await autoconfig?.stop();
  await dnsServer?.stop();
  await mail?.stop();
});

const outcomes = (r: Awaited<ReturnType<ServerDiscovery['discover']>>) => Object.fromEntries(r.steps.map((s) => [s.step, s.outcome]));

describe('server discovery against a real DNS server and autoconfig server', () => {
  it('takes the servers from the domain autoconfig file, with the address filled in, and stops there', async () => {
    const r = await discovery.discover('support@example.test');
    expect(r.imap).toEqual([{ host: 'imap.example.test', port: 993, security: 'tls', source: 'autoconfig' }]);
    expect(r.smtp).toEqual([{ host: 'smtp.example.test', port: 587, security: 'starttls', source: 'autoconfig' }]);
    expect(r.username).toBe('support');
    expect(outcomes(r)).toEqual({ provider: 'none', autoconfig: 'found', 'well-known': 'skipped', srv: 'skipped', mx: 'skipped', 'common-names': 'skipped' });
    expect(r.steps[1]?.label).toBe('Looking up autoconfig.example.test');
    expect(autoconfig.requests).toContain('autoconfig.example.test/mail/config-v1.1.xml?emailaddress=support%40example.test');
  });

  it('refuses an autoconfig host whose certificate does not match, then reads the well-known file', async () => {
    const r = await discovery.discover('help@wk.example.test');
    expect(r.steps.find((s) => s.step === 'autoconfig')).toMatchObject({ outcome: 'none', detail: 'none (certificate not trusted)' });
    expect(r.imap).toEqual([{ host: 'mail.wk.example.test', port: 143, security: 'starttls', source: 'well-known' }]);
    expect(r.smtp).toEqual([{ host: 'mail.wk.example.test', port: 465, security: 'tls', source: 'well-known' }]);
    expect(r.username).toBeNull();
  });

  it('orders SRV records by priority, then weight, and drops "." targets', async () => {
    const told: string[] = [];
    const watched = new ServerDiscovery(
      { dnsServers: [dnsServer.address], ports: { https: autoconfig.port }, timeoutMs: 3000 },
      (email, step) => told.push(`${email} ${step.step} ${step.outcome}`),
    );
    const r = await watched.discover('team@srv.test');
    // Each step is told as it finishes, in order, before the answer.
    expect(told).toEqual(r.steps.map((s) => `team@srv.test ${s.step} ${s.outcome}`));
    expect(outcomes(r)).toMatchObject({ provider: 'none', autoconfig: 'none', 'well-known': 'none', srv: 'found', mx: 'skipped' });
    expect(r.steps.find((s) => s.step === 'autoconfig')?.detail).toBe('none (no such host)');
    expect(r.imap.map((s) => `${s.host}:${s.port}:${s.security}`)).toEqual(['imap-c.srv.test:143:starttls', 'imap-a.srv.test:993:tls', 'imap-b.srv.test:993:tls']);
    expect(r.smtp).toEqual([{ host: 'smtp.srv.test', port: 587, security: 'starttls', source: 'srv' }]);
  });

  it('probes the common names when nothing else answers, and finds the servers that greet', async () => {
    const r = await discovery.discover('desk@names.test');
    expect(outcomes(r)).toEqual({ provider: 'none', autoconfig: 'none', 'well-known': 'none', srv: 'none', mx: 'none', 'common-names': 'found' });
    expect(r.imap).toEqual([
      { host: 'imap.names.test', port: mail.imapsPort, security: 'tls', source: 'common-names' },
      { host: 'imap.names.test', port: mail.imapPort, security: 'starttls', source: 'common-names' },
    ]);
    expect(r.smtp).toEqual([
      { host: 'smtp.names.test', port: mail.smtpsPort, security: 'tls', source: 'common-names' },
      { host: 'smtp.names.test', port: mail.submissionPort, security: 'starttls', source: 'common-names' },
    ]);
  });

  it('says plainly that nothing was found', async () => {
    const r = await discovery.discover('who@nothing.test');
    expect(r.imap).toEqual([]);
    expect(r.smtp).toEqual([]);
    expect(r.steps.map((s) => s.outcome)).toEqual(['none', 'none', 'none', 'none', 'none', 'none']);
    expect(r.steps.at(-1)).toMatchObject({ label: 'Trying imap.nothing.test, mail.nothing.test and smtp.nothing.test', detail: 'none answered' });
  });

  it('looks nothing up for a domain that is not a host name', async () => {
    const r = await discovery.discover('a@example.test/mail?x=');
    expect(r.steps).toEqual([{ step: 'provider', label: 'Reading the domain of a@example.test/mail?x=', outcome: 'failed', detail: 'example.test/mail?x= is not a domain name' }]);
    expect(autoconfig.requests.some((q) => q.includes('x='))).toBe(false);
  });

  it('answers from the bundled provider table without asking the network', async () => {
    const r = await discovery.discover('someone@gmail.com');
    expect(r.imap[0]).toEqual({ host: 'imap.gmail.com', port: 993, security: 'tls', source: 'provider' });
    expect(r.smtp[0]).toEqual({ host: 'smtp.gmail.com', port: 465, security: 'tls', source: 'provider' });
    expect(r.provider?.signIn).toBe('google');
    expect(r.steps.slice(1).every((s) => s.outcome === 'skipped')).toBe(true);
  });
});
