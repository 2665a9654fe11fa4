import { create } from 'zustand';
import type { InteractionColumn, TicketFilterInput, TicketRef, TicketSort } from '../../src-preload/contract';

/** The interactions list as it stands: what a CSV export writes (its filters, order and visible columns). */
export interface CsvExportRequest {
  filter: TicketFilterInput;
  sort: TicketSort;
  descending: boolean;
  columns: InteractionColumn[];
}

/**
 * What the agent asked to export; the export dialogs (features/exports/) read it, ask
 * for the options, start the export and show its progress. Any screen asks through here.
 */
interface ExportsState {
  csvRequest: CsvExportRequest | null;
  /** Tickets to export as a zip of their original .eml files and notes. */
  zipRequest: TicketRef[] | null;
  askCsv(request: CsvExportRequest): void;
  askZip(tickets: TicketRef[]): void;
  dismiss(): void;
}

export const useExportsStore = create<ExportsState>()((set) => ({
  csvRequest: null,
  zipRequest: null,
  askCsv(request) {
    set({ csvRequest: request, zipRequest: null });
  },
  askZip(tickets) {
    if (tickets.length > 0) set({ zipRequest: tickets, csvRequest: null });
  },
  dismiss() {
    set({ csvRequest: null, zipRequest: null });
  },
}));
