import { BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip, type ChartOptions } from 'chart.js';
import { Bar } from 'react-chartjs-2';
import type { Report, ReportRow } from '../../../src-preload/contract';
import { formatCount } from '../../lib/format';
import { axisUnit, formatDuration } from './durations';

// Only what bar charts need: chart.js is tree-shaken to these.
Chart.register(BarElement, CategoryScale, LinearScale, Tooltip, Legend);
// The app's font (tokens.css --font); the canvas cannot read CSS variables.
Chart.defaults.font.family = getComputedStyle(document.documentElement).getPropertyValue('--font') || 'sans-serif';
Chart.defaults.color = '#48515c';

/** tokens.css --accent and a lighter tint of it: median solid, p90 lighter behind it. */
const ACCENT = '#3553d4';
const ACCENT_LIGHT = '#a9b7ee';
const AGE_COLOR = '#c98a12';
const GRID = '#eef0f4';

/** Charts draw at once: nothing moves while the agent reads, and screenshots show the final picture. */
const BASE: ChartOptions<'bar'> = {
  animation: false,
  responsive: true,
  maintainAspectRatio: false,
  plugins: { legend: { display: false } },
};

function countScale(title: string): NonNullable<ChartOptions<'bar'>['scales']>[string] {
  return { beginAtZero: true, ticks: { precision: 0 }, grid: { color: GRID }, title: { display: true, text: title } };
}

/** "Mar 30" for a day label, "Mar 2026" for a month: short enough under a bar. */
function barLabel(label: string): string {
  const [y, m, d] = label.split('-').map(Number);
  const date = new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1));
  return new Intl.DateTimeFormat(undefined, d ? { month: 'short', day: 'numeric', timeZone: 'UTC' } : { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(date);
}

export function NewTicketsChart({ report }: { report: Report }) {
  const total = report.newTickets.reduce((sum, b) => sum + b.count, 0);
  const busiest = report.newTickets.reduce((best, b) => (b.count > best.count ? b : best), { label: '', count: 0 });
  const per = report.step === 'day' ? 'day' : 'month';
  const summary = `New tickets per ${per} from ${report.from} to ${report.to}: ${formatCount(total)} in all${busiest.count ? `, most on ${busiest.label} (${formatCount(busiest.count)})` : ''}.`;
  return (
    <Bar
      role="img"
      aria-label={summary}
      data-testid="report-chart-new"
      data={{
        labels: report.newTickets.map((b) => barLabel(b.label)),
        datasets: [{ label: 'New tickets', data: report.newTickets.map((b) => b.count), backgroundColor: ACCENT, borderRadius: 3, maxBarThickness: 28 }],
      }}
      options={{ ...BASE, scales: { x: { grid: { display: false }, ticks: { autoSkip: true, maxRotation: 0 } }, y: countScale('Tickets') } }}
    />
  );
}

export function UnresolvedAgeChart({ report }: { report: Report }) {
  const summary = `Unresolved tickets now, by age: ${report.unresolvedByAge.map((b) => `${b.label} ${formatCount(b.count)}`).join(', ')}.`;
  return (
    <Bar
      role="img"
      aria-label={summary}
      data-testid="report-chart-age"
      data={{
        // Two lines under each bar ("Under" / "1 day"): five buckets fit a narrow card without tilting.
        labels: report.unresolvedByAge.map((b) => twoLines(b.label)),
        datasets: [{ label: 'Unresolved tickets', data: report.unresolvedByAge.map((b) => b.count), backgroundColor: AGE_COLOR, borderRadius: 3, maxBarThickness: 48 }],
      }}
      options={{ ...BASE, scales: { x: { grid: { display: false }, ticks: { maxRotation: 0, autoSkip: false } }, y: countScale('Tickets') } }}
    />
  );
}

/** Median and p90 of one measure, a pair of bars per queue or agent (those with nothing measured left out). */
export function TimesChart({ rows, measure, title }: { rows: ReportRow[]; measure: 'firstResponse' | 'resolution'; title: string }) {
  const measured = rows.filter((r) => r[measure].count > 0);
  const unit = axisUnit(Math.max(0, ...measured.map((r) => r[measure].p90Ms ?? 0)));
  const inUnit = (ms: number | null) => (ms === null ? null : Math.round((ms / unit.ms) * 10) / 10);
  const summary = `${title}: ${measured.map((r) => `${r.label} median ${formatDuration(r[measure].medianMs)}, p90 ${formatDuration(r[measure].p90Ms)}`).join('; ')}.`;
  return (
    <Bar
      role="img"
      aria-label={summary}
      data-testid={`report-chart-${measure}`}
      data={{
        labels: measured.map((r) => r.label),
        datasets: [
          { label: 'Median', data: measured.map((r) => inUnit(r[measure].medianMs)), backgroundColor: ACCENT, borderRadius: 3, maxBarThickness: 22 },
          { label: '90th percentile', data: measured.map((r) => inUnit(r[measure].p90Ms)), backgroundColor: ACCENT_LIGHT, borderRadius: 3, maxBarThickness: 22 },
        ],
      }}
      options={{
        ...BASE,
        indexAxis: 'y',
        plugins: {
          legend: { display: true, position: 'bottom', labels: { boxWidth: 12, boxHeight: 12 } },
          tooltip: {
            callbacks: {
              label: (item) => {
                const row = measured[item.dataIndex];
                const stats = row?.[measure];
                return `${item.dataset.label ?? ''}: ${formatDuration(item.datasetIndex === 0 ? (stats?.medianMs ?? null) : (stats?.p90Ms ?? null))} (${formatCount(stats?.count ?? 0)} tickets)`;
              },
            },
          },
        },
        scales: {
          x: { beginAtZero: true, grid: { color: GRID }, title: { display: true, text: unit.label } },
          y: { grid: { display: false }, ticks: { callback: (_v, i) => shorten(measured[i]?.label ?? '') } },
        },
      }}
    />
  );
}

function twoLines(label: string): string[] {
  const space = label.indexOf(' ');
  return space < 0 ? [label] : [label.slice(0, space), label.slice(space + 1)];
}

/** Long queue or agent names would squeeze the bars: the axis shows the start, the tooltip and table the rest. */
function shorten(label: string): string {
  return label.length > 28 ? `${label.slice(0, 27)}…` : label;
}
