import { create } from 'zustand';
import type { ErrorInfo } from '../../src-preload/contract';
import { bridge, toErrorInfo } from '../lib/bridge';

/**
 * The senders whose remote images show without asking, as main keeps them: read once,
 * then replaced by each change's answer, so every open message and the settings list agree.
 */
interface TrustedImageSendersState {
  /** Lower-cased, sorted; null until read. */
  list: string[] | null;
  loadError: ErrorInfo | null;
  /** Reads the list unless it is read or being read (force: again, e.g. after an error). */
  load(force?: boolean): Promise<void>;
  /** Starts or stops trusting a sender; returns the refusal in words, or null when done. */
  setTrusted(address: string, trusted: boolean): Promise<ErrorInfo | null>;
}

export const useTrustedImageSendersStore = create<TrustedImageSendersState>()((set, get) => {
  let reading: Promise<void> | null = null;
  return {
    list: null,
    loadError: null,
    load(force = false) {
      if (reading || (get().list !== null && !force)) return reading ?? Promise.resolve();
      reading = bridge()
        .listTrustedImageSenders({})
        .then((list) => set({ list, loadError: null }))
        .catch((err: unknown) => set({ loadError: toErrorInfo(err) }))
        .finally(() => {
          reading = null;
        });
      return reading;
    },
    async setTrusted(address, trusted) {
      try {
        set({ list: await bridge().setImageSenderTrusted({ address, trusted }), loadError: null });
        return null;
      } catch (err) {
        return toErrorInfo(err);
      }
    },
  };
});
