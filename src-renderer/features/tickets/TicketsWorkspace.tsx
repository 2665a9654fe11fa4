import { TicketListPane } from '../queues/TicketListPane';
import { useTicketShortcuts } from './shortcuts';
import { TicketPane } from './TicketPane';

/** The Tickets workspace: the queue's list and the open ticket, driven by the keyboard too. */
export function TicketsWorkspace() {
  useTicketShortcuts();
  return (
    <div className="main main--panes main--tickets">
      <TicketListPane />
      <TicketPane />
    </div>
  );
}
