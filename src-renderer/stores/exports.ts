import { create } from 'zustand';
import type { ErrorInfo, ExportKind, ExportProgress, ExportStarted, InteractionColumn, TicketFilterInput, TicketRef, TicketSort } from '../../src-preload/contract';
import { bridge, toErrorInfo } from '../lib/bridge';

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
 * Jobs come from main's exportProgress events, so an export another screen started in
 * main (the reports' table) shows its progress here too.
 */
interface ExportsState {
  csvRequest: CsvExportRequest | null;
  /** Tickets to export as a zip of their original .eml files and notes. */
  zipRequest: TicketRef[] | null;
  /** Asking main to start (the save dialog may be open in the app). */
  starting: boolean;
  /** Why the last start failed, shown in the dialog. */
  error: ErrorInfo | null;
  /** Exports of this session the agent has not dismissed, oldest first. */
  jobs: ExportProgress[];
  askCsv(request: CsvExportRequest): void;
  askZip(tickets: TicketRef[]): void;
  dismiss(): void;
  startCsv(options: { bom: boolean }): Promise<void>;
  startZip(options: { attachments: boolean }): Promise<void>;
  /** exportProgress from main (wire.ts). */
  progressed(progress: ExportProgress): void;
  cancel(id: string): Promise<void>;
  showInFolder(id: string): Promise<void>;
  closeJob(id: string): void;
}

/** A new export takes the place of finished ones: the corner shows what runs and the latest result, not a pile. */
function withNewJob(jobs: ExportProgress[], job: ExportProgress): ExportProgress[] {
  return [...jobs.filter((j) => j.state === 'running'), job];
}

/** The agent's zone, so dates in the files read as on their screen. */
const timeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

export const useExportsStore = create<ExportsState>()((set, get) => {
  /** Runs a start request; the dialog closes once main took it (or the save dialog was closed). */
  const start = async (kind: ExportKind, run: () => Promise<ExportStarted>) => {
    set({ starting: true, error: null });
    try {
      const started = await run();
      set({ starting: false, csvRequest: null, zipRequest: null });
      if (started.started && !get().jobs.some((j) => j.id === started.id)) {
        // The first event may come after the answer: show the job at once.
        set((s) => ({ jobs: withNewJob(s.jobs, { id: started.id, kind, done: 0, total: started.total, state: 'running', path: started.path, error: null, missing: 0 }) }));
      }
    } catch (err) {
      set({ starting: false, error: toErrorInfo(err) });
    }
  };
  return {
    csvRequest: null,
    zipRequest: null,
    starting: false,
    error: null,
    jobs: [],
    askCsv(request) {
      set({ csvRequest: request, zipRequest: null, error: null });
    },
    askZip(tickets) {
      if (tickets.length > 0) set({ zipRequest: tickets, csvRequest: null, error: null });
    },
    dismiss() {
      if (!get().starting) set({ csvRequest: null, zipRequest: null, error: null });
    },
    async startCsv({ bom }) {
      const request = get().csvRequest;
      if (request) await start('csv', () => bridge().exportCsv({ ...request, bom, timeZone: timeZone() }));
    },
    async startZip({ attachments }) {
      const tickets = get().zipRequest;
      if (tickets) await start('zip', () => bridge().exportZip({ tickets, attachments, timeZone: timeZone() }));
    },
    progressed(progress) {
      set((s) => (s.jobs.some((j) => j.id === progress.id) ? { jobs: s.jobs.map((j) => (j.id === progress.id ? progress : j)) } : { jobs: withNewJob(s.jobs, progress) }));
    },
    async cancel(id) {
      try {
        await bridge().cancelExport({ id });
      } catch (err) {
        set((s) => ({ jobs: s.jobs.map((j) => (j.id === id ? { ...j, error: toErrorInfo(err) } : j)) }));
      }
    },
    async showInFolder(id) {
      try {
        await bridge().showExport({ id });
      } catch (err) {
        set((s) => ({ jobs: s.jobs.map((j) => (j.id === id ? { ...j, error: toErrorInfo(err) } : j)) }));
      }
    },
    closeJob(id) {
      set((s) => ({ jobs: s.jobs.filter((j) => j.id !== id || j.state === 'running') }));
    },
  };
});
