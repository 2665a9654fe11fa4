import { create } from 'zustand';
import type { AppStatus, ErrorInfo } from '../../src-preload/contract';
import { bridge } from '../lib/bridge';

/**
 * Two different ways to be cut off, shown differently: main reports no network
 * (`status.online`: the mail servers are unreachable, the cache still works), or the
 * page lost main itself (`connectionLost`: the browser host stopped or restarted,
 * nothing loads any more).
 */
interface StatusState {
  status: AppStatus | null;
  /** Why the page can no longer reach main; null while it can. Never cleared: a lost host does not come back to this page. */
  connectionLost: ErrorInfo | null;
  load(): Promise<void>;
  setStatus(status: AppStatus): void;
  setConnectionLost(error: ErrorInfo): void;
}

export const useStatusStore = create<StatusState>()((set) => ({
  status: null,
  connectionLost: null,
  async load() {
    try {
      set({ status: await bridge().getStatus({}) });
    } catch {
      // Without a status we assume online; statusChanged will correct it.
    }
  },
  setStatus(status) {
    set({ status });
  },
  setConnectionLost(error) {
    set({ connectionLost: error });
  },
}));

/** Offline only when main says so; unknown counts as online. */
export const selectOffline = (s: StatusState): boolean => s.status !== null && !s.status.online;
