import { create } from 'zustand';
import type { TicketRef } from '../../src-preload/contract';

/**
 * Tickets the agent asked to delete; the confirmation dialog (features/tickets/DeleteTicketDialog)
 * reads it, says what will go (Mailroom only, or the server too) and deletes. Any screen asks through here.
 */
interface DeletionState {
  request: TicketRef[] | null;
  ask(tickets: TicketRef[]): void;
  dismiss(): void;
}

export const useDeletionStore = create<DeletionState>()((set) => ({
  request: null,
  ask(tickets) {
    if (tickets.length > 0) set({ request: tickets });
  },
  dismiss() {
    set({ request: null });
  },
}));
