/**
 * Round robin over a queue's online members, as a pure function of the folded state, so
 * every client offers a new ticket to the same agent without a coordinator.
 */
import { own } from './records';
import type { TeamState } from './state';

/**
 * The online member of the queue that comes after the one offered to last, in agent-id
 * order (wrapping around); null when the queue is unknown or nobody in it is online.
 */
export function nextAgent(state: TeamState, queue: string): string | null {
  const members = own(state.queues, queue)?.members ?? [];
  const online = [...new Set(members)].filter((id) => own(state.agents, id)?.status === 'online').sort();
  const first = online[0];
  if (first === undefined) return null;
  const last = own(state.lastOffered, queue);
  return (last === undefined ? undefined : online.find((id) => id > last)) ?? first;
}
