import { create } from 'zustand';
import type { AgentProfileInput, AgentStatus, ErrorInfo, Me, SupervisorStats, TeamView } from '../../src-preload/contract';
import { bridge, toErrorInfo } from '../lib/bridge';

interface TeamState {
  /** This installation's agent; null until getMe answered. */
  me: Me | null;
  meError: ErrorInfo | null;
  /** The status the agent just chose, shown until main confirms it. */
  statusPending: AgentStatus | null;
  statusError: ErrorInfo | null;
  /** The first-start profile dialog, or the agent editing their profile later. */
  profileOpen: boolean;
  /** Each account's team (queues, agents, settings), for names and the transfer dialog. */
  teams: Record<string, TeamView>;
  stats: SupervisorStats | null;
  statsError: ErrorInfo | null;

  loadMe(): Promise<void>;
  setMe(me: Me): void;
  /** Throws the error for the form to show. */
  saveProfile(profile: AgentProfileInput): Promise<void>;
  setStatus(status: AgentStatus): Promise<void>;
  setProfileOpen(open: boolean): void;
  loadTeam(accountId: string): Promise<void>;
  retainTeams(accountIds: string[]): void;
  loadStats(): Promise<void>;
  /** The supervisor view closed: its counts stop following events. */
  dropStats(): void;
}

export const useTeamStore = create<TeamState>()((set, get) => ({
  me: null,
  meError: null,
  statusPending: null,
  statusError: null,
  profileOpen: false,
  teams: {},
  stats: null,
  statsError: null,

  async loadMe() {
    try {
      get().setMe(await bridge().getMe({}));
    } catch (err) {
      set({ meError: toErrorInfo(err) });
    }
  },

  setMe(me) {
    // A missing profile opens the first-start dialog; it never closes itself under a typing agent.
    set({ me, meError: null, profileOpen: get().profileOpen || me.profile === null });
  },

  async saveProfile(profile) {
    const me = await bridge().saveProfile(profile);
    set({ me, profileOpen: false });
  },

  async setStatus(status) {
    set({ statusPending: status, statusError: null });
    try {
      const me = await bridge().setMyStatus({ status });
      set({ me, statusPending: null });
    } catch (err) {
      set({ statusPending: null, statusError: toErrorInfo(err) });
    }
  },

  setProfileOpen(open) {
    // The first start's dialog stays until a profile is saved: colleagues need a name to see.
    if (!open && !get().me?.profile) return;
    set({ profileOpen: open });
  },

  async loadTeam(accountId) {
    try {
      const team = await bridge().getTeam({ accountId });
      set({ teams: { ...get().teams, [accountId]: team } });
    } catch {
      // Without the team the queue list falls back to the account's standard queue; the next teamChanged tries again.
    }
  },

  retainTeams(accountIds) {
    const keep = new Set(accountIds);
    set({ teams: Object.fromEntries(Object.entries(get().teams).filter(([id]) => keep.has(id))) });
  },

  async loadStats() {
    try {
      set({ stats: await bridge().supervisorStats({}), statsError: null });
    } catch (err) {
      set({ statsError: toErrorInfo(err) });
    }
  },

  dropStats() {
    set({ stats: null, statsError: null });
  },
}));

/** Display name of an agent id across the teams, for pickers. */
export function agentsOf(teams: Record<string, TeamView>, accountId?: string): { id: string; name: string; status: AgentStatus }[] {
  const byId = new Map<string, { id: string; name: string; status: AgentStatus }>();
  for (const team of Object.values(teams)) {
    if (accountId && team.accountId !== accountId) continue;
    for (const agent of team.agents) byId.set(agent.id, { id: agent.id, name: agent.profile.name, status: agent.status });
  }
  return [...byId.values()].sort((a, b) => a.name.localeCompare(b.name));
}
