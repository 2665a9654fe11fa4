/**
 * Finds the mail servers for an address the way Thunderbird does, one step after the
 * other, until both an IMAP and an SMTP server are known: the bundled provider table,
 * the domain's autoconfig file (autoconfig.<domain>, then <domain>/.well-known), its
 * RFC 6186 SRV records, its MX (a company domain hosted by a known provider), then the
 * common names (imap., mail., smtp.) probed. Every step is reported, found or not.
 * Only the domain's own hosts and DNS are asked; nothing is sent to a central service.
 */
import type { DiscoveryResult, DiscoveryStep, DiscoveryStepName, Security, ServerSuggestion } from '../../../../src-preload/contract';
import { fetchAutoconfig, reasonOf } from './autoconfig-fetch';
import { HOST_NAME, parseAutoconfig, type Autoconfig } from './autoconfig-xml';
import { discoveryDns, type DiscoveryDns } from './discovery-dns';
import { providerForDomain, providerForMx, type KnownProvider } from './known-providers';
import { probeServer } from './server-probe';
import { orderSrv, SRV_SERVICES } from './srv-records';

/** The standard ports discovery connects to; tests point them at their servers on 127.0.0.1. */
export interface DiscoveryPorts {
  https: number;
  imaps: number;
  imap: number;
  submissions: number;
  submission: number;
}

export const STANDARD_PORTS: DiscoveryPorts = { https: 443, imaps: 993, imap: 143, submissions: 465, submission: 587 };

export interface DiscoveryOptions {
  /** DNS servers ("127.0.0.1:5353"); the system's resolver when absent. */
  dnsServers?: readonly string[];
  ports?: Partial<DiscoveryPorts>;
  /** How long one fetch or probe may take. */
  timeoutMs?: number;
}

type Kind = 'imap' | 'smtp';
type Found = { imap: ServerSuggestion[]; smtp: ServerSuggestion[]; username?: string; provider?: KnownProvider['info'] };
type StepRun = { label: string; run(): Promise<{ found: Found | null; detail: string }> };

export class ServerDiscovery {
  private readonly dns: DiscoveryDns;
  private readonly ports: DiscoveryPorts;
  private readonly timeoutMs: number;

  /** onStep: told each step as it finishes, so the form can show progress on a slow network. */
  constructor(
    options: DiscoveryOptions = {},
    private readonly onStep: (email: string, step: DiscoveryStep) => void = () => undefined,
  ) {
    this.dns = discoveryDns(options.dnsServers);
    this.ports = { ...STANDARD_PORTS, ...options.ports };
    this.timeoutMs = options.timeoutMs ?? 5000;
  }

  async discover(email: string): Promise<DiscoveryResult> {
    const address = email.trim();
    const domain = address.slice(address.lastIndexOf('@') + 1).toLowerCase();
    const result: DiscoveryResult = { domain, steps: [], imap: [], smtp: [], username: null, provider: null };
    // The domain goes into URLs and host names: "b.c/x" or "[::1]" must not reach them.
    if (!HOST_NAME.test(domain) || !domain.includes('.')) {
      result.steps.push({ step: 'provider', label: `Reading the domain of ${address}`, outcome: 'failed', detail: `${domain} is not a domain name` });
      return result;
    }
    const steps: [DiscoveryStepName, StepRun][] = [
      ['provider', this.knownProvider(domain)],
      ['autoconfig', this.autoconfig(new URL(`https://autoconfig.${domain}/mail/config-v1.1.xml?emailaddress=${encodeURIComponent(address)}`), address)],
      ['well-known', this.autoconfig(new URL(`https://${domain}/.well-known/autoconfig/mail/config-v1.1.xml`), address)],
      ['srv', this.srv(domain)],
      ['mx', this.mx(domain)],
      ['common-names', this.commonNames(domain)],
    ];
    for (const [step, def] of steps) {
      if (result.imap.length > 0 && result.smtp.length > 0) {
        this.report(result, address, { step, label: def.label, outcome: 'skipped', detail: 'not needed' });
        continue;
      }
      let outcome: DiscoveryStep['outcome'];
      let detail: string;
      try {
        const { found, detail: said } = await def.run();
        detail = said;
        outcome = found && (found.imap.length > 0 || found.smtp.length > 0) ? 'found' : 'none';
        if (found) merge(result, found);
      } catch (err) {
        outcome = 'failed';
        detail = reasonOf(err);
      }
      this.report(result, address, { step, label: def.label, outcome, detail });
    }
    return result;
  }

  private report(result: DiscoveryResult, email: string, step: DiscoveryStep): void {
    result.steps.push(step);
    this.onStep(email, step);
  }

  private knownProvider(domain: string): StepRun {
    return {
      label: 'Checking the list of known providers',
      run: async () => {
        const known = providerForDomain(domain);
        return known ? { found: fromProvider(known, 'provider'), detail: `found: ${known.info.label}` } : { found: null, detail: 'none' };
      },
    };
  }

  private autoconfig(url: URL, email: string): StepRun {
    return {
      label: `Looking up ${url.hostname}${url.pathname.startsWith('/.well-known') ? '/.well-known/autoconfig' : ''}`,
      run: async () => {
        const fetched = await fetchAutoconfig(url, { port: this.ports.https, lookup: this.dns.lookup, timeoutMs: this.timeoutMs });
        if (!fetched.ok) return { found: null, detail: `none (${fetched.reason})` };
        const config = parseAutoconfig(fetched.text, email);
        if (!config) return { found: null, detail: 'none (not an autoconfig file)' };
        return { found: fromAutoconfig(config, url.pathname.startsWith('/.well-known') ? 'well-known' : 'autoconfig', email), detail: 'found' };
      },
    };
  }

  private srv(domain: string): StepRun {
    return {
      label: `SRV records (_imaps._tcp.${domain} …)`,
      run: async () => {
        const lookup = async (kind: Kind) =>
          orderSrv(await Promise.all(SRV_SERVICES[kind].map(async ({ service, security }) => ({ security, records: await this.dns.srv(`${service}.${domain}`) }))));
        const [imap, smtp] = await Promise.all([lookup('imap'), lookup('smtp')]);
        const found = { imap: imap.map((s) => ({ ...s, source: 'srv' as const })), smtp: smtp.map((s) => ({ ...s, source: 'srv' as const })) };
        return { found, detail: imap.length + smtp.length > 0 ? 'found' : 'none' };
      },
    };
  }

  private mx(domain: string): StepRun {
    return {
      label: `Mail exchanger (MX) of ${domain}`,
      run: async () => {
        const exchangers = await this.dns.mx(domain);
        const known = providerForMx(exchangers);
        if (known) return { found: fromProvider(known, 'mx'), detail: `found: hosted by ${known.info.label}` };
        return { found: null, detail: exchangers.length > 0 ? `none (${exchangers[0] ?? ''} is not a known provider)` : 'none' };
      },
    };
  }

  private commonNames(domain: string): StepRun {
    const candidates: { kind: Kind; host: string; port: number; security: Security }[] = [
      ...[`imap.${domain}`, `mail.${domain}`].flatMap((host) => [
        { kind: 'imap' as const, host, port: this.ports.imaps, security: 'tls' as const },
        { kind: 'imap' as const, host, port: this.ports.imap, security: 'starttls' as const },
      ]),
      ...[`smtp.${domain}`, `mail.${domain}`].flatMap((host) => [
        { kind: 'smtp' as const, host, port: this.ports.submissions, security: 'tls' as const },
        { kind: 'smtp' as const, host, port: this.ports.submission, security: 'starttls' as const },
      ]),
    ];
    return {
      label: `Trying imap.${domain}, mail.${domain} and smtp.${domain}`,
      run: async () => {
        // All at once: each is one short, anonymous connection, and most of them fail fast.
        const answers = await Promise.all(
          candidates.map((c) => probeServer({ protocol: c.kind, host: c.host, port: c.port, security: c.security }, { lookup: this.dns.lookup, timeoutMs: this.timeoutMs })),
        );
        const hits = candidates.filter((_, i) => answers[i]);
        const pick = (kind: Kind) => hits.filter((c) => c.kind === kind).map(({ host, port, security }) => ({ host, port, security, source: 'common-names' as const }));
        const found = { imap: pick('imap'), smtp: pick('smtp') };
        return { found, detail: hits.length > 0 ? `found: ${[...new Set(hits.map((h) => h.host))].join(', ')}` : 'none answered' };
      },
    };
  }
}

function fromProvider(known: KnownProvider, source: DiscoveryStepName): Found {
  return { imap: [{ ...known.imap, source }], smtp: [{ ...known.smtp, source }], provider: known.info };
}

function fromAutoconfig(config: Autoconfig, source: DiscoveryStepName, email: string): Found {
  const username = config.imap[0]?.username ?? config.smtp[0]?.username;
  return {
    imap: config.imap.map(({ host, port, security }) => ({ host, port, security, source })),
    smtp: config.smtp.map(({ host, port, security }) => ({ host, port, security, source })),
    ...(username && username !== email && { username }),
  };
}

/** Adds what a step found after what earlier steps found, without repeats. */
function merge(result: DiscoveryResult, found: Found): void {
  for (const kind of ['imap', 'smtp'] as const) {
    for (const s of found[kind]) {
      if (!result[kind].some((r) => r.host === s.host && r.port === s.port && r.security === s.security)) result[kind].push(s);
    }
  }
  if (found.username && !result.username) result.username = found.username;
  if (found.provider && !result.provider) result.provider = found.provider;
}
