import type { Handlers } from '../dispatch';
import type { Services } from '../../services';

type TicketChannel = 'listTickets' | 'getTicket' | 'ticketAction' | 'checkCollision' | 'setPresence' | 'deleteTicket' | 'listContacts' | 'supervisorStats';

export function ticketHandlers(s: Services): Pick<Handlers, TicketChannel> {
  return {
    listTickets: async ({ filter, sort, descending, offset, limit }) => s.tickets.listTickets(filter, sort, descending, offset, limit),
    getTicket: async ({ accountId, ticket }) => s.tickets.getTicket(accountId, ticket),
    ticketAction: async ({ accountId, ticket, action }) => s.tickets.ticketAction(accountId, ticket, action),
    checkCollision: async ({ accountId, ticket, seenUid }) => s.tickets.checkCollision(accountId, ticket, seenUid),
    setPresence: async ({ accountId, ticket, mode }) => {
      s.tickets.setPresence(accountId, ticket, mode);
      return { ok: true };
    },
    deleteTicket: async ({ accountId, ticket, fromServer }) => {
      s.tickets.deleteTicket(accountId, ticket, fromServer);
      return { ok: true };
    },
    listContacts: async ({ text, limit }) => s.tickets.listContacts(text, limit),
    supervisorStats: async () => s.tickets.supervisorStats(),
  };
}
