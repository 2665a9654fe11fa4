/** The supervisor's counts: per account and queue, and each agent's load. Pure. */
import type { SupervisorCounts } from '../store/ticket-counts';
import type { AgentLoad, QueueCount, SupervisorStats } from '../../../src-preload/contract/tickets';
import type { AgentState, TeamState } from '../teamlog/state';
import type { TicketAccount } from './sources';
import { agentRef } from './ticket-views';

/** The supervisor's view of the accounts: every queue (those without open tickets too) and every agent, with the store's counts (store/ticket-counts.ts). */
export function supervisorStats(views: { account: TicketAccount; state: TeamState }[], counts: SupervisorCounts): SupervisorStats {
  const queues: QueueCount[] = [];
  const loads = new Map<string, AgentLoad & { statusAt: number }>();
  const loadOf = (state: TeamState, id: string) => {
    let load = loads.get(id);
    if (!load) {
      load = { agent: agentRef(state, id), status: 'offline', statusAt: -1, open: 0, pending: 0 };
      loads.set(id, load);
    }
    return load;
  };
  // The newest status wins: an agent reports it to every account's log, one may lag.
  const noteAgent = (state: TeamState, agent: AgentState) => {
    const load = loadOf(state, agent.id);
    if (agent.statusAt >= load.statusAt) Object.assign(load, { agent: agentRef(state, agent.id), status: agent.status, statusAt: agent.statusAt });
  };

  for (const { account, state } of views) {
    for (const agent of Object.values(state.agents)) noteAgent(state, agent);
    const byQueue = new Map<string, QueueCount>();
    const countOf = (queue: string) => {
      let count = byQueue.get(queue);
      if (!count) {
        count = { accountId: account.id, accountKey: account.key, queue, open: 0, unassigned: 0, waiting: 0 };
        byQueue.set(queue, count);
      }
      return count;
    };
    for (const name of Object.keys(state.queues)) countOf(name);
    for (const q of counts.queues) if (q.accountId === account.id) Object.assign(countOf(q.queue), { open: q.open, waiting: q.waiting, unassigned: q.unassigned });
    for (const a of counts.assignees) {
      if (a.accountId !== account.id) continue;
      const load = loadOf(state, a.agent);
      load.open += a.open;
      load.pending += a.pending;
    }
    queues.push(...[...byQueue.values()].sort((a, b) => a.queue.localeCompare(b.queue)));
  }
  const agents = [...loads.values()]
    .map(({ statusAt: _statusAt, ...load }) => load)
    .sort((a, b) => a.agent.name.localeCompare(b.agent.name) || a.agent.id.localeCompare(b.agent.id));
  return { queues, agents };
}
