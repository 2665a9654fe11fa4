/**
 * One-click fixes for a failed connection test, where the failure says what to change:
 * the error codes of main's explanation table (src-main/services/errors/explain.ts) mapped
 * to new server settings. Each fix is only offered when it changes something.
 */
import type { ConnectionTestResult, ErrorCode, Security, ServerSuggestion } from '../../../src-preload/contract';
import { DEFAULT_PORTS, SECURITY_OPTIONS, type DraftFields, type ServerKind } from './draft';

export interface ServerSettingsFix {
  kind: ServerKind;
  label: string;
  host: string;
  port: number;
  security: Security;
}

const name = (s: Security) => SECURITY_OPTIONS.find((o) => o.value === s)?.label ?? s;

function kindOfStep(step: string): ServerKind {
  return step.startsWith('smtp') ? 'smtp' : 'imap';
}

/** The settings that usually work with this failure on this server, best first. */
function candidates(code: ErrorCode, kind: ServerKind, port: number, security: Security): { port: number; security: Security }[] {
  const ports = DEFAULT_PORTS[kind];
  const implicitPort = port === ports.tls;
  switch (code) {
    // The TLS setting does not match the port: the port speaks plain text/STARTTLS, or SSL/TLS.
    case 'net/tls-mismatch':
    case 'net/greeting-timeout':
    case 'net/closed':
      if (security === 'tls') return implicitPort ? [{ port: ports.starttls, security: 'starttls' }] : [{ port, security: 'starttls' }, { port: ports.tls, security: 'tls' }];
      return [{ port: ports.tls, security: 'tls' }, ...(implicitPort ? [] : [{ port, security: 'tls' as const }])];
    case 'net/starttls-unavailable':
      return [{ port: ports.tls, security: 'tls' }];
    case 'auth/encryption-required':
      return [{ port: ports.tls, security: 'tls' }, { port: ports.starttls, security: 'starttls' }];
    case 'net/refused':
      return [{ port: ports[security], security }];
    default:
      return [];
  }
}

/**
 * The fixes for each server whose test failed. `found` are the servers discovery
 * suggested: when the name is wrong or nothing answers there, they are offered too.
 */
export function fixesFor(result: ConnectionTestResult, fields: DraftFields, found: Record<ServerKind, ServerSuggestion[]>): ServerSettingsFix[] {
  const fixes: ServerSettingsFix[] = [];
  for (const step of result.steps) {
    if (step.ok || !step.error) continue;
    const kind = kindOfStep(step.step);
    if (fixes.some((f) => f.kind === kind)) continue;
    const host = fields[`${kind}.host`].trim();
    const port = Number(fields[`${kind}.port`]);
    const security = fields[`${kind}.security`];
    for (const c of candidates(step.error.code, kind, port, security)) {
      if (c.port === port && c.security === security) continue;
      const text = c.port === port ? `Switch to ${name(c.security)} on ${c.port}` : `Use port ${c.port} with ${name(c.security)}`;
      fixes.push({ kind, label: text, host, port: c.port, security: c.security });
    }
    if (step.error.code === 'net/host-not-found' || step.error.code === 'net/refused' || step.error.code === 'net/timeout') {
      for (const s of found[kind]) {
        if (s.host === host.toLowerCase() && s.port === port && s.security === security) continue;
        fixes.push({ kind, label: `Use ${s.host} (port ${s.port}, ${name(s.security)})`, host: s.host, port: s.port, security: s.security });
      }
    }
  }
  return fixes.filter((f, i) => fixes.findIndex((g) => g.kind === f.kind && g.host === f.host && g.port === f.port && g.security === f.security) === i).slice(0, 4);
}
