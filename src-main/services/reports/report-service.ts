/** The reports view's numbers over the accounts this agent may see, and the table as CSV. */
import type { Report, ReportFilter } from '../../../src-preload/contract/reports';
import { computeReport, type ReportSource } from './report';

export interface ReportServiceDeps {
  /** The visible accounts' folded states (TicketService.visibleStates). */
  sources(): ReportSource[];
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
}
