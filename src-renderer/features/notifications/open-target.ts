import type { NotificationTarget } from '../../../src-preload/contract';
import { useTicketsStore } from '../../stores/tickets';
import { isSettingsRoute, useWorkspaceStore } from '../../stores/workspace';
import { queueQuery } from '../queues/views';

/** A notification was clicked: Tickets, with the ticket open (or the queue a burst arrived in). */
export function openTarget(target: NotificationTarget): void {
  // The browser host's page may be showing settings: tickets live in the main view.
  if (isSettingsRoute(location.hash)) location.hash = '#/tickets';
  const tickets = useTicketsStore.getState();
  if (target.kind === 'queue') tickets.show(queueQuery(target.accountId, target.queue));
  else tickets.open({ accountId: target.accountId, ticket: target.ticket });
  useWorkspaceStore.getState().show('tickets');
}
