/**
 * Which addresses a mail may make the app fetch from. A remote image is a request the
 * sender chose the target of: pointed at http://192.168.1.1/ or http://127.0.0.1:port/
 * it would have the app probe the reader's network. Only public unicast addresses are
 * fetched; the browser host's tests, whose image server is on 127.0.0.1, may allow
 * loopback (and only loopback) with --remote-images-from-loopback.
 */
import dns from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';

export interface RemoteImagePolicy {
  /** Loopback addresses too: the browser host's tests only, never the app. */
  allowLoopback: boolean;
}

export const PUBLIC_ADDRESSES_ONLY: RemoteImagePolicy = { allowLoopback: false };

/** Why `address` (an IP literal) may not be fetched from — its range, as ipaddr.js names it — or null when it may. */
export function refusedRange(address: string, policy: RemoteImagePolicy): string | null {
  if (!ipaddr.isValid(address)) return 'not an IP address';
  // ::ffff:192.168.1.1 is 192.168.1.1: judged as the IPv4 address it carries.
  const range = ipaddr.process(address).range();
  if (range === 'unicast') return null;
  if (range === 'loopback' && policy.allowLoopback) return null;
  return range;
}

/** A fetch refused because of where it would connect to. */
export class AddressRefused extends Error {
  constructor(
    readonly host: string,
    readonly range: string,
  ) {
    super(`${host} is not a public address (${range})`);
  }
}

/** The IP literal a URL's hostname is (brackets of IPv6 removed), or null for a name. */
function ipLiteral(hostname: string): string | null {
  const bare = hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
  return isIP(bare) ? bare : null;
}

/** Throws AddressRefused when a URL's host is an IP literal outside the policy (names are checked when they resolve: checkedLookup). */
export function checkLiteralHost(hostname: string, policy: RemoteImagePolicy): void {
  const literal = ipLiteral(hostname);
  if (literal === null) return;
  const range = refusedRange(literal, policy);
  if (range) throw new AddressRefused(literal, range);
}

/**
 * A `lookup` for http(s).get that resolves the name, refuses it when any of its
 * addresses is outside the policy, and hands the socket only the addresses it checked,
 * so the connection goes where the check looked (no second lookup a rebinding DNS
 * server could answer differently). Node skips `lookup` for IP literals: checkLiteralHost covers those.
 */
export function checkedLookup(policy: RemoteImagePolicy): LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { family: options.family, hints: options.hints, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 0);
      const refused = addresses.map((a) => refusedRange(a.address, policy)).find((range) => range !== null);
      if (refused || addresses.length === 0) {
        return callback(new AddressRefused(hostname, refused ?? 'unresolvable') as NodeJS.ErrnoException, '', 0);
      }
      if (options.all) return callback(null, addresses);
      callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
}
