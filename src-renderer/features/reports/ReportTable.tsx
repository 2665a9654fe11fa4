import { REPORT_COLUMNS, REPORT_GROUP_LABEL, reportRows, type Report, type ReportRow } from '../../../src-preload/contract';
import { formatCount } from '../../lib/format';
import { formatDuration } from './durations';

const NUMERIC = new Set<string>(REPORT_COLUMNS.slice(2).map((c) => c.key));

function cells(row: ReportRow): string[] {
  return [
    REPORT_GROUP_LABEL[row.group],
    row.label,
    row.newTickets === null ? '—' : formatCount(row.newTickets),
    formatCount(row.unresolved),
    formatCount(row.firstResponse.count),
    formatDuration(row.firstResponse.medianMs),
    formatDuration(row.firstResponse.p90Ms),
    formatCount(row.resolution.count),
    formatDuration(row.resolution.medianMs),
    formatDuration(row.resolution.p90Ms),
  ];
}

/** The charts' numbers in one table: queues, then agents, then the total; the CSV export writes the same rows. */
export function ReportTable({ report }: { report: Report }) {
  return (
    <div className="report-table__scroll">
      <table className="report-table" data-testid="report-table">
        <caption className="visually-hidden">
          First response and resolution times per queue and agent, {report.from} to {report.to}
        </caption>
        <thead>
          <tr>
            {REPORT_COLUMNS.map((c) => (
              <th key={c.key} scope="col" className={NUMERIC.has(c.key) ? 'num' : undefined}>
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {reportRows(report).map((row, i) => (
            <tr key={`${row.group}|${row.label}|${i}`} className={`report-table__row report-table__row--${row.group}`} data-testid="report-row" data-group={row.group} data-label={row.label}>
              {cells(row).map((text, c) => {
                const key = REPORT_COLUMNS[c]?.key ?? String(c);
                return c === 1 ? (
                  <th key={key} scope="row" className="report-table__name" title={text}>
                    {text}
                  </th>
                ) : (
                  <td key={key} className={NUMERIC.has(key) ? 'num' : undefined} data-col={key}>
                    {text}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
