/** The report's table as CSV cells: the columns the view shows, durations in minutes (one decimal) so spreadsheets can sum and chart them. */
import { REPORT_COLUMNS, REPORT_GROUP_LABEL, reportRows, type DurationStats, type Report } from '../../../src-preload/contract/reports';
import type { CsvCell } from '../exports/csv';

const minutes = (ms: number | null): number | null => (ms === null ? null : Math.round(ms / 6_000) / 10);

function stats(s: DurationStats): CsvCell[] {
  return [s.count, minutes(s.medianMs), minutes(s.p90Ms)];
}

export function reportCsv(report: Report): { header: string[]; rows: CsvCell[][] } {
  return {
    header: REPORT_COLUMNS.map((c) => c.label),
    rows: reportRows(report).map((row) => [REPORT_GROUP_LABEL[row.group], row.label, row.newTickets, row.unresolved, ...stats(row.firstResponse), ...stats(row.resolution)]),
  };
}
