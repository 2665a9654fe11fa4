import { create } from 'zustand';
import { ReportFilterSchema, type ErrorInfo, type Report, type ReportFilter } from '../../src-preload/contract';
import { bridge, toErrorInfo } from '../lib/bridge';

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
  /** The Reports view is on screen: ticket changes compute it again. */
  visible: boolean;
  open(): void;
  close(): void;
  setFilter(change: Partial<Omit<ReportFilter, 'timeZone'>>): void;
  /** Tickets changed: compute again if on screen, keeping what is shown meanwhile. */
  refresh(): void;
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
  };
});
