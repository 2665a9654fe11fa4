import { create } from 'zustand';
import { ReportFilterSchema, type ErrorInfo, type Report, type ReportFilter } from '../../src-preload/contract';
import { bridge, toErrorInfo } from '../lib/bridge';
import { useExportsStore } from './exports';

/** The agent's time zone: the days of the report are theirs. */
function agentTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

interface ReportsState {
  /** The filter applied; kept when the view closes, so coming back shows the same report. */
  filter: ReportFilter;
  /** Null while the view is closed or before the first answer. */
  report: Report | null;
  error: ErrorInfo | null;
  /** Asking main to start the CSV export (the save dialog may be open in the app). */
  exporting: boolean;
  exportError: ErrorInfo | null;
  /** The Reports view is on screen: ticket changes compute it again. */
  visible: boolean;
  open(): void;
  close(): void;
  setFilter(change: Partial<Omit<ReportFilter, 'timeZone'>>): void;
  /** Tickets changed: compute again if on screen, keeping what is shown meanwhile. */
  refresh(): void;
  /** The table for the current filter as CSV; its progress shows where every export's does (the exports corner). */
  exportCsv(bom: boolean): Promise<void>;
}

let request = 0;

export const useReportsStore = create<ReportsState>()((set, get) => {
  const load = async () => {
    const mine = (request += 1);
    try {
      const report = await bridge().getReport({ filter: get().filter });
      if (mine === request) set({ report, error: null });
    } catch (err) {
      if (mine === request) set({ error: toErrorInfo(err) });
    }
  };

  return {
    filter: ReportFilterSchema.parse({ timeZone: agentTimeZone() }),
    report: null,
    error: null,
    exporting: false,
    exportError: null,
    visible: false,

    open() {
      set({ visible: true, report: null, error: null, filter: { ...get().filter, timeZone: agentTimeZone() } });
      void load();
    },

    close() {
      request += 1;
      set({ visible: false, report: null, error: null });
    },

    setFilter(change) {
      set({ filter: { ...get().filter, ...change } });
      if (get().visible) void load();
    },

    refresh() {
      if (get().visible) void load();
    },

    async exportCsv(bom) {
      set({ exporting: true, exportError: null });
      try {
        const started = await bridge().exportReportCsv({ filter: get().filter, bom });
        // The first progress event may come after the answer: show the job at once (unless an event did already).
        if (started.started && !useExportsStore.getState().jobs.some((j) => j.id === started.id)) useExportsStore.getState().progressed({ id: started.id, kind: 'csv', done: 0, total: started.total, state: 'running', path: started.path, error: null, missing: 0 });
        set({ exporting: false });
      } catch (err) {
        set({ exporting: false, exportError: toErrorInfo(err) });
      }
    },
  };
});
