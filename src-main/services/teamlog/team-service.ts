import { randomUUID } from 'node:crypto';
import { AgentProfileSchema, type AgentProfile, type AgentProfileInput, type AgentStatus, type Me } from '../../../src-preload/contract/team';
import type { SettingsStore } from '../platform/interfaces';
import type { Store } from '../store';
import { TeamLog } from './team-log';

/** The network is "lost for a while" after this long with every account offline: the agent shows offline. */
export const NETWORK_LOST_MS = 2 * 60_000;

/** How long closing waits for the "offline" status to reach the logs that are connected. */
const CLOSE_FLUSH_MS = 2000;

/** Settings keys (platform.settings): this installation's agent. */
const AGENT_ID = 'team.agentId';
const PROFILE = 'team.profile';
const STATUS = 'team.status';

export interface ActionRejected {
  accountId: string;
  ticket: string | null;
  message: string;
}

export interface TeamServiceDeps {
  store: Store;
  settings: SettingsStore;
  /** The logs' clock (TeamLogOptions.now). */
  now?: () => number;
}

/**
 * Every account's team log, and this installation's agent: a random id made once, the
 * profile and the chosen status (kept in platform.settings and told to every account's
 * log as agent.profile / agent.status events). The IPC handlers and the ticket service
 * find an account's log here.
 */
export class TeamService {
  private readonly logs = new Map<string, TeamLog>();
  private readonly agentId: string;
  private readonly meListeners = new Set<(me: Me) => void>();
  private readonly teamListeners = new Set<(accountId: string) => void>();
  private readonly rejectionListeners = new Set<(rejected: ActionRejected) => void>();
  /** Every account has been offline since then (null: some account is reachable). */
  private offlineSince: number | null = null;
  private networkTimer: NodeJS.Timeout | null = null;
  private networkLost = false;

  constructor(private readonly deps: TeamServiceDeps) {
    let id = deps.settings.get<string>(AGENT_ID, '');
    if (!id) {
      id = randomUUID();
      deps.settings.set(AGENT_ID, id);
    }
    this.agentId = id;
    this.syncAccounts();
  }

  me(): Me {
    const profile = this.deps.settings.get<AgentProfile | null>(PROFILE, null);
    return { agentId: this.agentId, profile, status: this.networkLost ? 'offline' : this.chosenStatus(), pausedFor: this.pausedFor() };
  }

  /** The first-start dialog and later edits: kept here and told to every account's team. */
  saveProfile(input: AgentProfileInput): Me {
    const profile = AgentProfileSchema.parse(input);
    this.deps.settings.set(PROFILE, profile);
    for (const log of this.logs.values()) log.append({ type: 'agent.profile', profile });
    return this.meChanged();
  }

  setStatus(status: AgentStatus): Me {
    this.deps.settings.set(STATUS, status);
    for (const log of this.logs.values()) log.append({ type: 'agent.status', status });
    return this.meChanged();
  }

  log(accountId: string): TeamLog | null {
    return this.logs.get(accountId) ?? null;
  }

  all(): TeamLog[] {
    return [...this.logs.values()];
  }

  onMeChanged(listener: (me: Me) => void): void {
    this.meListeners.add(listener);
  }

  /** An account's team state or its log's status changed. */
  onTeamChanged(listener: (accountId: string) => void): void {
    this.teamListeners.add(listener);
  }

  /** An event of this agent lost in the log ("Ana took this ticket 3 s before you"); told once. */
  onActionRejected(listener: (rejected: ActionRejected) => void): void {
    this.rejectionListeners.add(listener);
  }

  /**
   * A log for every account the store has, none for removed ones. Called when the
   * accounts change. A new log hears this agent's profile and status, so its team knows them.
   */
  syncAccounts(): void {
    const accounts = this.deps.store.accounts.list();
    const ids = new Set(accounts.map((a) => a.id));
    for (const [id, log] of this.logs) {
      if (ids.has(id)) continue;
      log.close();
      this.logs.delete(id);
    }
    const profile = this.me().profile;
    for (const account of accounts) {
      if (this.logs.has(account.id)) continue;
      const log = new TeamLog({
        accountId: account.id,
        address: account.email,
        agentId: this.agentId,
        repo: this.deps.store.team,
        ...(this.deps.now ? { now: this.deps.now } : {}),
      });
      log.onChange(() => this.teamChanged(account.id));
      log.onRejected((r) => {
        for (const listener of this.rejectionListeners) listener({ accountId: account.id, ticket: r.ticket, message: r.message });
      });
      this.logs.set(account.id, log);
      if (profile) {
        // Against the saved state: the team knows the profile unless it changed.
        void log.ready.then(() => {
          if (this.logs.get(account.id) !== log) return;
          const known = log.confirmed().agents[this.agentId];
          if (!known || JSON.stringify(known.profile) !== JSON.stringify(profile)) log.append({ type: 'agent.profile', profile });
          log.append({ type: 'agent.status', status: this.chosenStatus() });
        });
      }
    }
  }

  /** Settles once every account's saved team state is loaded (TeamLog.ready). */
  async ready(): Promise<void> {
    await Promise.all(this.all().map((log) => log.ready));
  }

  /**
   * The accounts' reachability changed (the sync's statuses). After NETWORK_LOST_MS with
   * none reachable the agent shows offline here; when one is back, the chosen status is
   * told to the logs again, so the team sees the agent as they are now.
   */
  networkChanged(anyReachable: boolean): void {
    if (!anyReachable) {
      if (this.offlineSince !== null) return;
      this.offlineSince = Date.now();
      this.networkTimer = setTimeout(() => {
        this.networkLost = true;
        this.meChanged();
      }, NETWORK_LOST_MS);
      this.networkTimer.unref();
      return;
    }
    this.offlineSince = null;
    if (this.networkTimer) clearTimeout(this.networkTimer);
    this.networkTimer = null;
    if (!this.networkLost) return;
    this.networkLost = false;
    if (this.me().profile) for (const log of this.logs.values()) log.append({ type: 'agent.status', status: this.chosenStatus() });
    this.meChanged();
  }

  /**
   * The app closes: the agent goes offline in every log (best effort: appended if the
   * connection gets to it before the sync stops, else at the next start, before the
   * chosen status is told again) and every log saves its state.
   */
  async close(): Promise<void> {
    if (this.networkTimer) clearTimeout(this.networkTimer);
    if (!this.me().profile) return;
    for (const log of this.logs.values()) log.append({ type: 'agent.status', status: 'offline' });
    await Promise.all(this.all().map((log) => log.flushed(CLOSE_FLUSH_MS)));
  }

  /** After the sync stopped: the logs save their state. */
  closeLogs(): void {
    for (const log of this.logs.values()) log.close();
    this.logs.clear();
  }

  private chosenStatus(): AgentStatus {
    return this.deps.settings.get<AgentStatus>(STATUS, 'online');
  }

  private pausedFor(): Me['pausedFor'] {
    for (const log of this.logs.values()) {
      const state = log.state();
      const ticket = state.agents[this.agentId]?.pausedFor;
      if (ticket) return { accountId: log.accountId, ticket, number: state.tickets.get(ticket)?.number ?? 0 };
    }
    return null;
  }

  private meChanged(): Me {
    const me = this.me();
    for (const listener of this.meListeners) listener(me);
    return me;
  }

  private teamChanged(accountId: string): void {
    for (const listener of this.teamListeners) listener(accountId);
  }
}
