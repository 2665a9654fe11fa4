import { useEffect, useRef, useState } from 'react';
import type { DiscoveryResult, DiscoveryStep, ErrorInfo } from '../../../src-preload/contract';
import { bridge, toErrorInfo } from '../../lib/bridge';
import { emailDomain } from './draft';

/** Typing pauses this long before the servers are looked up: one lookup per address, not per keystroke. */
const SETTLE_MS = 600;

export interface ServerDiscoveryState {
  /** The domain being looked up or last looked up. */
  domain: string | null;
  looking: boolean;
  /** The steps finished so far while looking (main tells each as it ends). */
  progress: DiscoveryStep[];
  result: DiscoveryResult | null;
  error: ErrorInfo | null;
}

/**
 * Looks up the servers for the address in the form (main's ServerDiscovery) once the
 * admin stops typing a complete address; a new domain starts a new lookup and an
 * answer for an address no longer in the field is dropped.
 */
export function useServerDiscovery(email: string, enabled: boolean): ServerDiscoveryState {
  const [state, setState] = useState<ServerDiscoveryState>({ domain: null, looking: false, progress: [], result: null, error: null });
  const asked = useRef<string | null>(null);
  const address = email.trim();
  const domain = enabled ? emailDomain(address) : null;

  useEffect(() => {
    if (!domain || asked.current === domain) return;
    let current = true;
    let stopListening = () => {};
    const timer = setTimeout(() => {
      asked.current = domain;
      setState({ domain, looking: true, progress: [], result: null, error: null });
      stopListening = bridge().on('discoveryStep', ({ email, step }) => {
        if (current && email === address) setState((prev) => (prev.looking ? { ...prev, progress: [...prev.progress, step] } : prev));
      });
      bridge()
        .discoverServers({ email: address })
        .then(
          (result) => current && setState({ domain, looking: false, progress: [], result, error: null }),
          (err: unknown) => current && setState({ domain, looking: false, progress: [], result: null, error: toErrorInfo(err) }),
        )
        .finally(() => stopListening());
    }, SETTLE_MS);
    return () => {
      current = false;
      stopListening();
      clearTimeout(timer);
      // Typed on before the answer came: the next settled address is looked up afresh.
      if (asked.current === domain) asked.current = null;
    };
  }, [domain, address]);

  return state;
}
