/** Contacts as the app derived them by walking every ticket, before the store grouped them (store/ticket-counts.ts): the model they are checked against. */
import type { Contact } from '../../../src-preload/contract/tickets';
import type { TeamState } from '../../../src-main/services/teamlog/state';
import type { TicketAccount } from '../../../src-main/services/tickets/sources';
import { searchWords } from '../../../src-main/services/tickets/filter-terms';

export function listContacts(views: { account: TicketAccount; state: TeamState }[], text: string, limit: number): Contact[] {
  const byAddress = new Map<string, Contact & { lastAt: number }>();
  for (const { account, state } of views) {
    if (!state.settings.createContacts) continue;
    for (const ticket of state.tickets.values()) {
      if (ticket.mergedInto !== null || ticket.deleted || !ticket.customer?.address) continue;
      const address = ticket.customer.address.toLowerCase();
      let contact = byAddress.get(address);
      if (!contact) {
        contact = { address, name: '', ticketCount: 0, accounts: [], lastAt: -1 };
        byAddress.set(address, contact);
      }
      contact.ticketCount += 1;
      if (!contact.accounts.includes(account.id)) contact.accounts.push(account.id);
      // The name the customer used most recently.
      if (ticket.customer.name && ticket.lastActivityAt > contact.lastAt) Object.assign(contact, { name: ticket.customer.name, lastAt: ticket.lastActivityAt });
    }
  }
  const words = searchWords(text);
  return [...byAddress.values()]
    .filter((c) => words.every((w) => c.address.includes(w) || c.name.toLowerCase().includes(w)))
    .sort((a, b) => b.ticketCount - a.ticketCount || a.address.localeCompare(b.address))
    .slice(0, limit)
    .map(({ lastAt: _lastAt, ...contact }) => contact);
}
