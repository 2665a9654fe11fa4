import { useEffect, useRef, useState } from 'react';
import type { DiscoveryResult, ErrorInfo } from '../../../src-preload/contract';
import { bridge, toErrorInfo } from '../../lib/bridge';
import { emailDomain } from './draft';

/** Typing pauses this long before the servers are looked up: one lookup per address, not per keystroke. */
const SETTLE_MS = 600;

export interface ServerDiscoveryState {
  /** The domain being looked up or last looked up. */
  domain: string | null;
  looking: boolean;
  result: DiscoveryResult | null;
  error: ErrorInfo | null;
}

/**
 * Looks up the servers for the address in the form (main's ServerDiscovery) once the
 * admin stops typing a complete address; a new domain starts a new lookup and an
 * answer for an address no longer in the field is dropped.
 */
export function useServerDiscovery(email: string, enabled: boolean): ServerDiscoveryState {
  const [state, setState] = useState<ServerDiscoveryState>({ domain: null, looking: false, result: null, error: null });
  const asked = useRef<string | null>(null);
  const address = email.trim();
  const domain = enabled ? emailDomain(address) : null;

  useEffect(() => {
    if (!domain || asked.current === domain) return;
    let current = true;
    const timer = setTimeout(() => {
      asked.current = domain;
      setState({ domain, looking: true, result: null, error: null });
      bridge()
        .discoverServers({ email: address })
        .then(
          (result) => current && setState({ domain, looking: false, result, error: null }),
          (err: unknown) => current && setState({ domain, looking: false, result: null, error: toErrorInfo(err) }),
        );
    }, SETTLE_MS);
    return () => {
      current = false;
      clearTimeout(timer);
      // Typed on before the answer came: the next settled address is looked up afresh.
      if (asked.current === domain) asked.current = null;
    };
  }, [domain, address]);

  return state;
}
