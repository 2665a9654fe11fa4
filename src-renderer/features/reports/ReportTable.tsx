import { REPORT_COLUMNS, REPORT_GROUP_LABEL, reportRows, type Report, type ReportRow } from '../../../src-preload/contract';
import { formatCount } from '../../lib/format';
import { formatDuration } from './durations';

const NUMERIC = new Set<string>(REPORT_COLUMNS.slice(2).map((c) => c.key));

type Column = (typeof REPORT_COLUMNS)[number];
type Heading = { kind: 'column'; column: Column } | { kind: 'part'; part: string; span: number };

/** The first header row: columns on their own (spanning both rows), and one heading over each part's columns. */
function headings(): Heading[] {
  const row: Heading[] = [];
  for (const column of REPORT_COLUMNS) {
    const last = row.at(-1);
    if (!column.part) row.push({ kind: 'column', column });
    else if (last?.kind === 'part' && last.part === column.part) last.span += 1;
    else row.push({ kind: 'part', part: column.part, span: 1 });
  }
  return row;
}

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
            {headings().map((h) =>
              h.kind === 'part' ? (
                <th key={h.part} scope="colgroup" colSpan={h.span} className="report-table__part">
                  {h.part}
                </th>
              ) : (
                <th key={h.column.key} scope="col" rowSpan={2} className={NUMERIC.has(h.column.key) ? 'num' : undefined}>
                  {h.column.short}
                </th>
              ),
            )}
          </tr>
          <tr>
            {REPORT_COLUMNS.filter((c) => c.part).map((c) => (
              <th key={c.key} scope="col" className="num" aria-label={c.label}>
                {c.short}
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
