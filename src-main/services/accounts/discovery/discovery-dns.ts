/**
 * The name lookups discovery makes: SRV and MX records, and host addresses for its own
 * connections (autoconfig fetches, probes). By default the system's resolver; tests pass
 * the address of a real DNS server on 127.0.0.1 instead.
 */
import dns from 'node:dns';
import type { LookupFunction } from 'node:net';
import type { SrvRecord } from './srv-records';

export interface DiscoveryDns {
  srv(name: string): Promise<SrvRecord[]>;
  mx(name: string): Promise<string[]>;
  /** For net/tls/https `lookup`: connections to found hosts resolve through the same servers. */
  lookup: LookupFunction;
}

/** "No such record" in its several spellings: an answer, not a failure. */
export function isNoRecord(err: unknown): boolean {
  const code = (err as { code?: string } | null)?.code;
  return code === dns.NOTFOUND || code === dns.NODATA || code === 'ENOTFOUND' || code === 'ENODATA';
}

async function orNone<T>(lookup: Promise<T[]>): Promise<T[]> {
  try {
    return await lookup;
  } catch (err) {
    if (isNoRecord(err)) return [];
    throw err;
  }
}

/** servers: "127.0.0.1:5353" and the like; undefined for the system's. */
export function discoveryDns(servers?: readonly string[]): DiscoveryDns {
  const resolver = new dns.promises.Resolver({ timeout: 3000, tries: 2 });
  if (servers) resolver.setServers([...servers]);
  const lookup: LookupFunction = servers
    ? (hostname, options, callback) => {
        // Own servers: A records from them (the hosts file and the system's resolver are not asked).
        resolver.resolve4(hostname).then(
          (addresses) => {
            if (options.all) callback(null, addresses.map((address) => ({ address, family: 4 })));
            else callback(null, addresses[0] ?? '', 4);
          },
          (err: NodeJS.ErrnoException) => callback(err, '', 4),
        );
      }
    : dns.lookup;
  return {
    srv: (name) => orNone(resolver.resolveSrv(name)),
    mx: async (name) => (await orNone(resolver.resolveMx(name))).sort((a, b) => a.priority - b.priority).map((r) => r.exchange.toLowerCase()),
    lookup,
  };
}
