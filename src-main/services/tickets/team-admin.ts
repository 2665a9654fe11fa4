/**
 * The settings window's team section: an account's team settings and queues, read from
 * its folded log and changed by appending settings.set / queue.set / queue.delete events.
 * Checks what the schema cannot (queues and agents named by rules exist) before logging.
 */
import type { Queue, TeamSettings, TeamView } from '../../../src-preload/contract/team';
import { teamSettingsProblems } from '../../../src-preload/contract/team';
import { appError } from '../errors/app-error';
import type { TeamLogView, TicketAccount, TicketSources } from './sources';

export class TeamAdmin {
  constructor(private readonly sources: TicketSources) {}

  getTeam(accountId: string): TeamView {
    const { log } = this.account(accountId);
    const state = log.state();
    return {
      accountId,
      settings: state.settings,
      queues: Object.values(state.queues).sort((a, b) => a.name.localeCompare(b.name)),
      agents: Object.values(state.agents)
        .map((a) => ({ id: a.id, profile: a.profile, status: a.status }))
        .sort((a, b) => a.profile.name.localeCompare(b.profile.name)),
      log: log.status(),
    };
  }

  saveTeamSettings(accountId: string, settings: TeamSettings): TeamView {
    const { account, log } = this.account(accountId);
    const state = log.state();
    const problems = teamSettingsProblems(settings, { queues: Object.keys(state.queues), agents: Object.keys(state.agents), standardQueue: account.standardQueue });
    if (problems.length > 0) {
      throw appError(
        'team/invalid-settings',
        problems[0]!.message,
        problems.length > 1 ? `Fix the ${problems.length} marked fields, then save again.` : 'Fix the marked field, then save again.',
        problems.map((p) => `${p.path.join('.')}: ${p.message}`).join('; '),
      );
    }
    log.append({ type: 'settings.set', settings });
    return this.getTeam(accountId);
  }

  saveQueue(accountId: string, queue: Queue): TeamView {
    const { log } = this.account(accountId);
    const agents = log.state().agents;
    const unknown = queue.members.filter((m) => !agents[m]);
    if (unknown.length > 0) {
      throw appError('team/invalid-settings', `Queue "${queue.name}" names ${unknown.length === 1 ? 'an agent' : `${unknown.length} agents`} this account does not know.`, 'Pick members from the list of agents.');
    }
    log.append({ type: 'queue.set', queue: queue.name, members: [...new Set(queue.members)] });
    return this.getTeam(accountId);
  }

  deleteQueue(accountId: string, name: string): TeamView {
    const { account, log } = this.account(accountId);
    const state = log.state();
    if (!state.queues[name]) throw appError('team/invalid-settings', `There is no queue "${name}" in this account.`, 'Reload the settings; someone may have deleted it already.');
    if (account.standardQueue === name) {
      throw appError('team/invalid-settings', `"${name}" is the queue this account's mail arrives in.`, "Choose another standard queue in the account's import settings first.");
    }
    const rule = state.settings.routing.findIndex((r) => r.queue === name);
    if (rule >= 0) throw appError('team/invalid-settings', `Routing rule ${rule + 1} sends tickets to "${name}".`, 'Change or delete that rule first, then delete the queue.');
    log.append({ type: 'queue.delete', queue: name });
    return this.getTeam(accountId);
  }

  private account(accountId: string): { account: TicketAccount; log: TeamLogView } {
    const account = this.sources.accounts().find((a) => a.id === accountId);
    const log = account ? this.sources.log(accountId) : null;
    if (!account || !log) {
      throw appError('team/no-log', 'This account has no team log on this computer (yet).', 'Wait until the account has connected once, or check its status in the account list.');
    }
    return { account, log };
  }
}
