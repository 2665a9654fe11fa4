import { create } from 'zustand';
import type { AutoReplyDryRun, AutoReplySettings, AutoReplyView, ErrorInfo } from '../../src-preload/contract';
import { bridge, toErrorInfo } from '../lib/bridge';

interface AutoReplyState {
  /** The account whose auto-reply the settings page shows. */
  accountId: string | null;
  view: AutoReplyView | null;
  loadError: ErrorInfo | null;
  /** Bumped when the settings were saved here or changed elsewhere: the form reloads its draft unless it has edits. */
  revision: number;
  dryRun: AutoReplyDryRun | null;
  dryRunError: ErrorInfo | null;
  dryRunBusy: boolean;
  select(accountId: string | null): Promise<void>;
  /** teamChanged from main (the log folded an autoReply.set, say): re-read if it is the account shown. */
  teamChanged(accountId: string): void;
  /** Returns the refusal in words, or null when saved. */
  save(settings: AutoReplySettings): Promise<ErrorInfo | null>;
  runDryRun(settings: AutoReplySettings): Promise<void>;
}

export const useAutoReplyStore = create<AutoReplyState>()((set, get) => {
  const load = async (accountId: string) => {
    try {
      const view = await bridge().getAutoReply({ accountId });
      if (get().accountId === accountId) set((s) => ({ view, loadError: null, revision: s.revision + 1 }));
    } catch (err) {
      if (get().accountId === accountId) set({ view: null, loadError: toErrorInfo(err) });
    }
  };
  return {
    accountId: null,
    view: null,
    loadError: null,
    revision: 0,
    dryRun: null,
    dryRunError: null,
    dryRunBusy: false,
    async select(accountId) {
      set({ accountId, view: null, loadError: null, dryRun: null, dryRunError: null });
      if (accountId) await load(accountId);
    },
    teamChanged(accountId) {
      if (get().accountId === accountId) void load(accountId);
    },
    async save(settings) {
      const { accountId } = get();
      if (!accountId) return null;
      try {
        const view = await bridge().saveAutoReply({ accountId, settings });
        if (get().accountId === accountId) set((s) => ({ view, revision: s.revision + 1 }));
        return null;
      } catch (err) {
        return toErrorInfo(err);
      }
    },
    async runDryRun(settings) {
      const { accountId } = get();
      if (!accountId) return;
      set({ dryRunBusy: true, dryRunError: null });
      try {
        const dryRun = await bridge().autoReplyDryRun({ accountId, settings });
        if (get().accountId === accountId) set({ dryRun, dryRunBusy: false });
      } catch (err) {
        if (get().accountId === accountId) set({ dryRun: null, dryRunError: toErrorInfo(err), dryRunBusy: false });
      }
    },
  };
});
