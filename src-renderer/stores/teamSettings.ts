import { create } from 'zustand';
import type { ErrorInfo, Queue, TeamSettings, TeamView } from '../../src-preload/contract';
import { bridge, toErrorInfo } from '../lib/bridge';

interface TeamSettingsState {
  /** The account whose team the settings window shows. */
  accountId: string | null;
  team: TeamView | null;
  loadError: ErrorInfo | null;
  /** Bumped when the team was saved here or changed elsewhere: the form reloads its draft unless it has edits. */
  revision: number;
  select(accountId: string | null): Promise<void>;
  /** teamChanged from main: re-read if it is the account shown. */
  teamChanged(accountId: string): void;
  /** Each returns the refusal in words, or null when saved. */
  saveSettings(settings: TeamSettings): Promise<ErrorInfo | null>;
  saveQueue(queue: Queue): Promise<ErrorInfo | null>;
  deleteQueue(name: string): Promise<ErrorInfo | null>;
}

export const useTeamSettingsStore = create<TeamSettingsState>()((set, get) => {
  const load = async (accountId: string) => {
    try {
      const team = await bridge().getTeam({ accountId });
      if (get().accountId === accountId) set((s) => ({ team, loadError: null, revision: s.revision + 1 }));
    } catch (err) {
      if (get().accountId === accountId) set({ team: null, loadError: toErrorInfo(err) });
    }
  };
  const save = async (call: (accountId: string) => Promise<TeamView>): Promise<ErrorInfo | null> => {
    const { accountId } = get();
    if (!accountId) return null;
    try {
      const team = await call(accountId);
      if (get().accountId === accountId) set((s) => ({ team, revision: s.revision + 1 }));
      return null;
    } catch (err) {
      return toErrorInfo(err);
    }
  };
  return {
    accountId: null,
    team: null,
    loadError: null,
    revision: 0,
    async select(accountId) {
      set({ accountId, team: null, loadError: null });
      if (accountId) await load(accountId);
    },
    teamChanged(accountId) {
      if (get().accountId === accountId) void load(accountId);
    },
    saveSettings: (settings) => save((accountId) => bridge().saveTeamSettings({ accountId, settings })),
    saveQueue: (queue) => save((accountId) => bridge().saveQueue({ accountId, queue })),
    deleteQueue: (name) => save((accountId) => bridge().deleteQueue({ accountId, name })),
  };
});
