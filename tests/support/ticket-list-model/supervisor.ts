/**
 * The supervisor's counts as the app made them by walking every ticket, before the store
 * counted them (store/ticket-counts.ts supervisorCounts): the model they are checked against.
 */
import type { AssigneeTickets, QueueTickets, SupervisorCounts } from '../../../src-main/services/store/ticket-counts';
import type { TeamState } from '../../../src-main/services/teamlog/state';

export function walkedSupervisorCounts(views: { accountId: string; state: TeamState }[]): SupervisorCounts {
  const queues = new Map<string, QueueTickets>();
  const assignees = new Map<string, AssigneeTickets>();
  for (const { accountId, state } of views) {
    for (const ticket of state.tickets.values()) {
      if (ticket.mergedInto !== null || ticket.deleted || ticket.status === 'closed') continue;
      if (ticket.assignee !== null) {
        const id = `${accountId}\n${ticket.assignee}`;
        const load = assignees.get(id) ?? { accountId, agent: ticket.assignee, open: 0, pending: 0 };
        assignees.set(id, load);
        if (ticket.status === 'open') load.open += 1;
        else load.pending += 1;
      }
      if (ticket.status !== 'open') continue;
      const id = `${accountId}\n${ticket.queue}`;
      const count = queues.get(id) ?? { accountId, queue: ticket.queue, open: 0, waiting: 0, unassigned: 0 };
      queues.set(id, count);
      count.open += 1;
      if (ticket.offer?.phase === 'agent') count.waiting += 1;
      else if (ticket.assignee === null) count.unassigned += 1;
    }
  }
  return { queues: [...queues.values()], assignees: [...assignees.values()] };
}
