/** Contacts derived from the tickets' customers, across the accounts that create contacts. Pure. */
import type { Contact } from '../../../src-preload/contract/tickets';
import type { CustomerTickets } from '../store/ticket-counts';
import { searchWords } from './filter-terms';

/** The customers (store/ticket-counts.ts customerTickets) whose address or name holds every word, most tickets first. */
export function listContacts(customers: CustomerTickets[], text: string, limit: number): Contact[] {
  const words = searchWords(text);
  return customers
    .filter((c) => words.every((w) => c.address.includes(w) || c.name.toLowerCase().includes(w)))
    .sort((a, b) => b.tickets - a.tickets || a.address.localeCompare(b.address))
    .slice(0, limit)
    .map((c) => ({ address: c.address, name: c.name, ticketCount: c.tickets, accounts: c.accountIds }));
}
