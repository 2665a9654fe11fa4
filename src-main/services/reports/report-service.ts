/** The reports view's numbers over the accounts this agent may see, and the table as CSV. */
import type { ExportStarted } from '../../../src-preload/contract/exports';
import type { Report, ReportFilter } from '../../../src-preload/contract/reports';
import type { ExportService } from '../exports/export-service';
import { computeReport, type ReportSource } from './report';
import { reportCsv } from './report-csv';

export interface ReportServiceDeps {
  /** The visible accounts' folded states (TicketService.visibleStates). */
  sources(): ReportSource[];
  exports: Pick<ExportService, 'startCsv'>;
  now?(): number;
}

export class ReportService {
  private readonly now: () => number;

  constructor(private readonly deps: ReportServiceDeps) {
    this.now = deps.now ?? Date.now;
  }

  report(filter: ReportFilter): Report {
    return computeReport(this.deps.sources(), filter, this.now());
  }

  /** The table as the view shows it for this filter, written as CSV through the export jobs. */
  exportCsv(filter: ReportFilter, bom: boolean): Promise<ExportStarted> {
    const report = this.report(filter);
    const { header, rows } = reportCsv(report);
    return this.deps.exports.startCsv({ suggestedName: `Report ${report.from} to ${report.to}.csv`, header, rows, total: rows.length, bom, timeZone: filter.timeZone });
  }
}
