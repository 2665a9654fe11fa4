/** The supervisor's counts as the app made them by walking every ticket, before the store counted them (store/ticket-counts.ts): the model they are checked against. */
import type { AgentLoad, QueueCount, SupervisorStats } from '../../../src-preload/contract/tickets';
import type { AgentState, TeamState } from '../../../src-main/services/teamlog/state';
import type { TicketAccount } from '../../../src-main/services/tickets/sources';
import { agentRef } from '../../../src-main/services/tickets/ticket-views';

export function supervisorStats(views: { account: TicketAccount; state: TeamState }[]): SupervisorStats {
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
    for (const ticket of state.tickets.values()) {
      if (ticket.mergedInto !== null || ticket.deleted || ticket.status === 'closed') continue;
      if (ticket.assignee !== null) {
        const load = loadOf(state, ticket.assignee);
        if (ticket.status === 'open') load.open += 1;
        else load.pending += 1;
      }
      if (ticket.status !== 'open') continue;
      const count = countOf(ticket.queue);
      count.open += 1;
      if (ticket.offer?.phase === 'agent') count.waiting += 1;
      else if (ticket.assignee === null) count.unassigned += 1;
    }
    queues.push(...[...byQueue.values()].sort((a, b) => a.queue.localeCompare(b.queue)));
  }
  const agents = [...loads.values()]
    .map(({ statusAt: _statusAt, ...load }) => load)
    .sort((a, b) => a.agent.name.localeCompare(b.agent.name) || a.agent.id.localeCompare(b.agent.id));
  return { queues, agents };
}
