import { useTicketsStore } from '../../stores/tickets';
import { useWorkspaceStore } from '../../stores/workspace';
import { customerQuery } from '../queues/views';

/** Tickets, narrowed to every ticket of one customer across accounts; the list header's chip says so and lifts it. */
export function showCustomerTickets(customer: { address: string; name: string }): void {
  useTicketsStore.getState().show(customerQuery(customer));
  useWorkspaceStore.getState().show('tickets');
}
