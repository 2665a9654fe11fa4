/**
 * RFC 6186 service records for mail clients: _imaps/_imap for reading, _submissions
 * (RFC 8314) / _submission for sending. A target of "." says the service is not offered.
 */
import type { Security } from '../../../../src-preload/contract';

export interface SrvRecord {
  name: string;
  port: number;
  priority: number;
  weight: number;
}

export interface SrvServer {
  host: string;
  port: number;
  security: Security;
}

/** The record names to look up for one kind of server, with the encryption each implies. */
export const SRV_SERVICES = {
  imap: [
    { service: '_imaps._tcp', security: 'tls' },
    { service: '_imap._tcp', security: 'starttls' },
  ],
  smtp: [
    { service: '_submissions._tcp', security: 'tls' },
    { service: '_submission._tcp', security: 'starttls' },
  ],
} as const satisfies Record<'imap' | 'smtp', readonly { service: string; security: Security }[]>;

/**
 * The servers in the order to try them: lowest priority first across both services
 * (RFC 6186 §3.4), then the higher weight (RFC 2782 picks by weighted chance; a list
 * shown to a person should not reshuffle, so the likeliest comes first), and at a tie
 * implicit TLS before STARTTLS (RFC 8314 §5.1). "." targets drop out.
 */
export function orderSrv(found: { security: Security; records: SrvRecord[] }[]): SrvServer[] {
  const all = found.flatMap(({ security, records }) =>
    records
      .filter((r) => r.name !== '' && r.name !== '.' && r.port > 0)
      .map((r) => ({ host: r.name.replace(/\.$/, '').toLowerCase(), port: r.port, security, priority: r.priority, weight: r.weight })),
  );
  all.sort((a, b) => a.priority - b.priority || b.weight - a.weight || Number(b.security === 'tls') - Number(a.security === 'tls'));
  const seen = new Set<string>();
  return all
    .filter((s) => {
      const key = `${s.host}:${s.port}:${s.security}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .map(({ host, port, security }) => ({ host, port, security }));
}
