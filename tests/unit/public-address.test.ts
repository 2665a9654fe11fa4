import { describe, expect, it } from 'vitest';
import { checkLiteralHost, PUBLIC_ADDRESSES_ONLY, refusedRange } from '../../src-main/services/mail/public-address';

const LOOPBACK = { allowLoopback: true };

describe('refusedRange', () => {
  it('lets public unicast addresses through, IPv4 and IPv6', () => {
    for (const address of ['93.184.216.34', '8.8.8.8', '2606:2800:220:1:248:1893:25c8:1946', '2a00:1450:4001:80b::200e']) {
      expect(refusedRange(address, PUBLIC_ADDRESSES_ONLY)).toBeNull();
    }
  });

  it('refuses the reader’s own machine and network, named by range', () => {
    const cases: [string, string][] = [
      ['127.0.0.1', 'loopback'],
      ['127.8.9.10', 'loopback'],
      ['::1', 'loopback'],
      ['10.1.2.3', 'private'],
      ['172.16.0.1', 'private'],
      ['192.168.1.1', 'private'],
      ['169.254.169.254', 'linkLocal'],
      ['fe80::1', 'linkLocal'],
      ['fd12:3456::1', 'uniqueLocal'],
      ['224.0.0.251', 'multicast'],
      ['ff02::1', 'multicast'],
      ['0.0.0.0', 'unspecified'],
      ['::', 'unspecified'],
      ['255.255.255.255', 'broadcast'],
      ['100.64.0.1', 'carrierGradeNat'],
    ];
    for (const [address, range] of cases) expect([address, refusedRange(address, PUBLIC_ADDRESSES_ONLY)]).toEqual([address, range]);
  });

  it('judges an IPv4-mapped IPv6 address as the IPv4 address it carries', () => {
    expect(refusedRange('::ffff:192.168.1.1', PUBLIC_ADDRESSES_ONLY)).toBe('private');
    expect(refusedRange('::ffff:7f00:1', PUBLIC_ADDRESSES_ONLY)).toBe('loopback');
    expect(refusedRange('::ffff:8.8.8.8', PUBLIC_ADDRESSES_ONLY)).toBeNull();
  });

  it('allows loopback, and nothing else, when the policy says so', () => {
    expect(refusedRange('127.0.0.1', LOOPBACK)).toBeNull();
    expect(refusedRange('::1', LOOPBACK)).toBeNull();
    expect(refusedRange('192.168.1.1', LOOPBACK)).toBe('private');
    expect(refusedRange('169.254.169.254', LOOPBACK)).toBe('linkLocal');
  });
});

describe('checkLiteralHost', () => {
  it('checks hosts that are IP literals, with or without IPv6 brackets, and leaves names to the lookup', () => {
    expect(() => checkLiteralHost('192.168.0.10', PUBLIC_ADDRESSES_ONLY)).toThrow('192.168.0.10 is not a public address (private)');
    expect(() => checkLiteralHost('[::1]', PUBLIC_ADDRESSES_ONLY)).toThrow('::1 is not a public address (loopback)');
    expect(() => checkLiteralHost('8.8.8.8', PUBLIC_ADDRESSES_ONLY)).not.toThrow();
    expect(() => checkLiteralHost('images.example', PUBLIC_ADDRESSES_ONLY)).not.toThrow();
  });
});
