import { TicketListPane } from '../queues/TicketListPane';
import { TicketPane } from './TicketPane';

/** The Tickets workspace: the queue's list and the open ticket (the keyboard: commands/registry.ts). */
export function TicketsWorkspace() {
  return (
    <div className="main main--panes main--tickets">
      <TicketListPane />
      <TicketPane />
    </div>
  );
}
