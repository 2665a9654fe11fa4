import { create } from 'zustand';
import type { AppStatus } from '../../src-preload/contract';
import { bridge } from '../lib/bridge';

interface StatusState {
  status: AppStatus | null;
  load(): Promise<void>;
  setStatus(status: AppStatus): void;
}

export const useStatusStore = create<StatusState>()((set) => ({
  status: null,
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
}));

/** Offline only when main says so; unknown counts as online. */
export const selectOffline = (s: StatusState): boolean => s.status !== null && !s.status.online;
