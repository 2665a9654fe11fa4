import { useEffect, useState, type ReactNode } from 'react';
import type { Report, ReportFilter } from '../../../src-preload/contract';
import { formatCount } from '../../lib/format';
import { formatDayRange } from './durations';
import { useReportsStore } from '../../stores/reports';
import { EmptyState } from '../../ui/EmptyState';
import { ErrorBox } from '../../ui/ErrorBox';
import { MailIcon } from '../../ui/icons';
import { Spinner } from '../../ui/Spinner';
import { NewTicketsChart, TimesChart, UnresolvedAgeChart } from './ReportCharts';
import { ReportFilters } from './ReportFilters';
import { ReportTable } from './ReportTable';

function ChartCard({ id, title, note, children }: { id: string; title: string; note: string; children: ReactNode }) {
  return (
    <section className="report-card" aria-labelledby={id}>
      <h2 id={id} className="report-card__title">
        {title}
      </h2>
      <p className="report-card__note">{note}</p>
      <div className="report-card__chart">{children}</div>
    </section>
  );
}

/** What the filters narrowed to, in words for the empty state. */
function scopeWords(report: Report, filter: ReportFilter): string {
  const account = report.choices.accounts.find((a) => a.id === filter.accountId);
  const parts = [account ? `${account.key || account.name}` : '', filter.queue === null ? '' : filter.queue ? `queue ${filter.queue}` : 'no queue'].filter(Boolean);
  return parts.join(', ');
}

function Times({ report }: { report: Report }) {
  const [by, setBy] = useState<'queues' | 'agents'>('queues');
  const rows = report[by];
  const none = (measure: 'firstResponse' | 'resolution') => rows.every((r) => r[measure].count === 0);
  return (
    <>
      <fieldset className="report-switch">
        <legend className="report-switch__legend">Times by</legend>
        {(['queues', 'agents'] as const).map((value) => (
          <label key={value} className={`report-switch__option${by === value ? ' report-switch__option--on' : ''}`}>
            <input type="radio" name="report-times-by" value={value} checked={by === value} onChange={() => setBy(value)} data-testid={`report-times-${value}`} />
            {value === 'queues' ? 'Queue' : 'Agent'}
          </label>
        ))}
      </fieldset>
      <div className="report-grid">
        <ChartCard id="report-first-response" title="First response time" note="From the customer's first message to the first answer (auto-replies aside), for answers in the period.">
          {none('firstResponse') ? <p className="report-card__empty">No first answers in this period.</p> : <TimesChart rows={rows} measure="firstResponse" title="First response time" />}
        </ChartCard>
        <ChartCard id="report-resolution" title="Resolution time" note="From the first message to the close, for tickets closed in the period (by who closed them).">
          {none('resolution') ? <p className="report-card__empty">No tickets closed in this period.</p> : <TimesChart rows={rows} measure="resolution" title="Resolution time" />}
        </ChartCard>
      </div>
    </>
  );
}

/** The table as CSV (durations in minutes); the exports corner shows the progress and where the file went. */
function ExportTable() {
  const [bom, setBom] = useState(false);
  const exporting = useReportsStore((s) => s.exporting);
  const error = useReportsStore((s) => s.exportError);
  return (
    <div className="report-export">
      <div className="report-export__row">
        <label className="report-export__bom">
          <input type="checkbox" checked={bom} data-testid="report-export-bom" onChange={(e) => setBom(e.target.checked)} />
          Byte-order mark (for Excel)
        </label>
        <button type="button" className="button button--secondary button--small" data-testid="report-export" disabled={exporting} onClick={() => void useReportsStore.getState().exportCsv(bom)}>
          {exporting && <Spinner size={12} />}
          Export table as CSV
        </button>
      </div>
      {error && <ErrorBox title="The table was not exported" error={error} />}
    </div>
  );
}

function ReportBody({ report }: { report: Report }) {
  return (
    <>
      <div className="report-grid report-grid--top">
        <ChartCard id="report-new" title={report.step === 'day' ? 'New tickets per day' : 'New tickets per month'} note={`${formatCount(report.total.newTickets ?? 0)} new, ${formatDayRange(report.from, report.to)}.`}>
          <NewTicketsChart report={report} />
        </ChartCard>
        <ChartCard id="report-age" title="Unresolved tickets by age" note={`${formatCount(report.total.unresolved)} open or pending now, by time since their first message.`}>
          <UnresolvedAgeChart report={report} />
        </ChartCard>
      </div>
      <Times report={report} />
      <section className="report-card report-card--table" aria-labelledby="report-table-title">
        <div className="report-card__head">
          <div>
            <h2 id="report-table-title" className="report-card__title">
              Per queue and agent
            </h2>
            <p className="report-card__note">Agents: answers they sent first, tickets they closed, and what is assigned to them now.</p>
          </div>
          <ExportTable />
        </div>
        <ReportTable report={report} />
      </section>
    </>
  );
}

/** How the team is doing, from the tickets on this computer; follows the team logs as they change. */
export function ReportsView() {
  const report = useReportsStore((s) => s.report);
  const error = useReportsStore((s) => s.error);
  const filter = useReportsStore((s) => s.filter);

  useEffect(() => {
    useReportsStore.getState().open();
    return () => useReportsStore.getState().close();
  }, []);

  let content;
  if (error && !report) {
    content = <ErrorBox title="The report could not be computed" error={error} />;
  } else if (!report) {
    content = (
      <div className="mv-loading">
        <Spinner /> Counting tickets…
      </div>
    );
  } else if (report.ticketCount === 0) {
    const scope = scopeWords(report, filter);
    content = scope ? (
      <EmptyState kind="no-report-match" icon={<MailIcon size={22} />} title={`No tickets in ${scope}`}>
        Choose All accounts and All queues to report on every ticket you can see.
      </EmptyState>
    ) : (
      <EmptyState kind="no-report" icon={<MailIcon size={22} />} title="Nothing to report yet">
        Reports count the tickets of your shared accounts: they appear once mail comes in and the team answers and closes it.
      </EmptyState>
    );
  } else {
    content = (
      <>
        {error && <ErrorBox title="The report could not be brought up to date" error={error} />}
        <ReportBody report={report} />
      </>
    );
  }

  return (
    <section className="reports" aria-label="Reports" data-testid="reports-view">
      <header className="reports__header">
        <div className="reports__title-row">
          <h1 className="list-header__title">Reports</h1>
          <p className="list-header__meta">
            From the tickets on this computer; days in {filter.timeZone || 'UTC'}.
          </p>
        </div>
        <ReportFilters filter={filter} choices={report?.choices ?? null} />
      </header>
      <div className="reports__content">{content}</div>
    </section>
  );
}
