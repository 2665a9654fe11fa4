import type { Handlers } from '../dispatch';
import type { Services } from '../../services';

export function reportHandlers(s: Services): Pick<Handlers, 'getReport' | 'exportReportCsv'> {
  return {
    getReport: async ({ filter }) => s.reports.report(filter),
    exportReportCsv: ({ filter, bom }) => s.reports.exportCsv(filter, bom),
  };
}
