import { Readable } from 'node:stream';
import { ticketLabel, type ExportProgress, type ExportStarted, type InteractionColumn, type TicketFilter, type TicketRef, type TicketSort } from '../../../src-preload/contract';
import type { ExportFiles } from '../platform/interfaces';
import type { TicketService } from '../tickets/ticket-service';
import { csvText, knownTimeZone, type CsvCell } from './csv';
import { ExportJobs } from './export-jobs';
import { exportFileName } from './file-names';
import { ticketCsv } from './ticket-csv';
import { ticketZip, type ZipSources } from './ticket-zip';

/** A table to write as CSV (the interactions list, the reports' table). */
export interface CsvExport {
  /** The file name offered (the save dialog) or used (dataDir/exports); ".csv" is added when missing. */
  suggestedName: string;
  header: string[];
  rows: Iterable<CsvCell[]> | AsyncIterable<CsvCell[]>;
  /** How many rows there are, for the progress bar. */
  total: number;
  /** A UTF-8 byte-order mark for spreadsheet programs. */
  bom: boolean;
  /** IANA zone for Date cells (the agent's); UTC when empty. */
  timeZone?: string;
}

export interface ExportServiceDeps {
  files: ExportFiles;
  tickets: Pick<TicketService, 'allTickets' | 'getTicket'>;
  sources: ZipSources;
  emit(progress: ExportProgress): void;
  now?(): number;
}

/** Exports: CSV tables and ticket zips, chosen where to go, written as jobs with progress and cancel. */
export class ExportService {
  private readonly jobs: ExportJobs;
  private readonly now: () => number;

  constructor(private readonly deps: ExportServiceDeps) {
    this.jobs = new ExportJobs(deps.emit);
    this.now = deps.now ?? Date.now;
  }

  /** Asks where to save, then writes the table there as CSV; the progress events follow. */
  async startCsv(input: CsvExport): Promise<ExportStarted> {
    const target = await this.deps.files.chooseExportPath(exportFileName(input.suggestedName, '.csv'), [{ name: 'CSV (comma-separated values)', extensions: ['csv'] }]);
    if (!target) return { started: false };
    const { header, rows, total, bom } = input;
    const timeZone = knownTimeZone(input.timeZone ?? '');
    const id = this.jobs.start('csv', target, total, (ctx) => {
      const all = async function* () {
        yield header;
        yield* rows;
      };
      // The header is a row too: the count the agent sees is of data rows.
      return [Readable.from(csvText(all(), { bom, timeZone }, (written) => ctx.progress(Math.max(0, written - 1))))];
    });
    return { started: true, id, path: target, total };
  }

  /** The interactions list as it stands (filter, order, visible columns). */
  exportCsv(request: { filter: TicketFilter; sort: TicketSort; descending: boolean; columns: InteractionColumn[]; bom: boolean; timeZone: string }): Promise<ExportStarted> {
    const { total, items } = this.deps.tickets.allTickets(request.filter, request.sort, request.descending);
    const { header, rows } = ticketCsv(request.columns, items);
    const day = new Date(this.now()).toISOString().slice(0, 10);
    return this.startCsv({ suggestedName: `Interactions ${day}.csv`, header, rows, total, bom: request.bom, timeZone: request.timeZone });
  }

  /** Tickets as a zip of their original .eml files and notes. */
  async exportZip(request: { tickets: TicketRef[]; attachments: boolean; timeZone: string }): Promise<ExportStarted> {
    // Read now: the tickets as the agent sees them when asking (a missing one fails here, not halfway).
    const details = request.tickets.map((t) => this.deps.tickets.getTicket(t.accountId, t.ticket));
    const first = details[0];
    const base = details.length === 1 && first ? `${ticketLabel(first)} ${first.subject}` : `${details.length} tickets ${new Date(this.now()).toISOString().slice(0, 10)}`;
    const target = await this.deps.files.chooseExportPath(exportFileName(base, '.zip'), [{ name: 'Zip archive', extensions: ['zip'] }]);
    if (!target) return { started: false };
    const total = details.reduce((n, d) => n + d.messages.length, 0);
    const timeZone = knownTimeZone(request.timeZone);
    const id = this.jobs.start('zip', target, total, (ctx) => [ticketZip(details, { attachments: request.attachments, timeZone, sources: this.deps.sources }, ctx)]);
    return { started: true, id, path: target, total };
  }

  cancel(id: string): boolean {
    return this.jobs.cancel(id);
  }

  showInFolder(id: string): boolean {
    return this.deps.files.showInFolder(this.jobs.finishedPath(id));
  }

  close(): Promise<void> {
    return this.jobs.close();
  }
}
