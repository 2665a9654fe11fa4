import { useState } from 'react';
import { DateRangeSchema, type DateRange, type Report, type ReportFilter } from '../../../src-preload/contract';
import { useReportsStore } from '../../stores/reports';
import { SelectField, TextField } from '../../ui/Field';

const PERIODS: { value: DateRange['preset']; label: string }[] = [
  { value: 'today', label: 'Today' },
  { value: '7d', label: 'Last 7 days' },
  { value: '30d', label: 'Last 30 days' },
  { value: 'any', label: 'All time' },
  { value: 'custom', label: 'Custom range' },
];

/** The queue select's values: '' is a real queue choice (tickets in no queue), so "every queue" needs its own. */
const EVERY_QUEUE = '*';
const queueValue = (queue: string | null) => (queue === null ? EVERY_QUEUE : `q:${queue}`);

/** From and to days; applied once both read as days in order, else the field says what to fix. */
function CustomRange({ range }: { range: DateRange }) {
  const [from, setFrom] = useState(range.from);
  const [to, setTo] = useState(range.to);
  const [problems, setProblems] = useState<{ from?: string; to?: string }>({});
  const apply = (next: { from: string; to: string }) => {
    const parsed = DateRangeSchema.safeParse({ preset: 'custom', ...next });
    if (!parsed.success) {
      const at = (field: string) => parsed.error.issues.find((i) => i.path[0] === field)?.message;
      setProblems({ from: at('from'), to: at('to') });
      return;
    }
    setProblems({});
    useReportsStore.getState().setFilter({ date: parsed.data });
  };
  return (
    <>
      <TextField
        label="From"
        name="report-from"
        type="date"
        data-testid="report-from"
        value={from}
        error={problems.from}
        fieldClassName="report-filters__day"
        onValue={(value) => {
          setFrom(value);
          apply({ from: value, to });
        }}
      />
      <TextField
        label="To"
        name="report-to"
        type="date"
        data-testid="report-to"
        value={to}
        error={problems.to}
        fieldClassName="report-filters__day"
        onValue={(value) => {
          setTo(value);
          apply({ from, to: value });
        }}
      />
    </>
  );
}

/** Period (days in the agent's zone), account and queue; every change computes the report again. */
export function ReportFilters({ filter, choices }: { filter: ReportFilter; choices: Report['choices'] | null }) {
  const setFilter = useReportsStore((s) => s.setFilter);
  const accounts = choices?.accounts ?? [];
  const queues = choices?.queues ?? [];
  return (
    <div className="report-filters" role="group" aria-label="Report filters">
      <SelectField
        label="Period"
        name="report-period"
        testId="report-period"
        value={filter.date.preset}
        options={PERIODS}
        fieldClassName="report-filters__field"
        onValue={(preset) => setFilter({ date: { preset, from: filter.date.from, to: filter.date.to } })}
      />
      {filter.date.preset === 'custom' && <CustomRange range={filter.date} />}
      <SelectField
        label="Account"
        name="report-account"
        testId="report-account"
        value={filter.accountId}
        options={[{ value: '', label: 'All accounts' }, ...accounts.map((a) => ({ value: a.id, label: a.key ? `${a.key} · ${a.name}` : a.name }))]}
        fieldClassName="report-filters__field"
        onValue={(accountId) => setFilter({ accountId, queue: null })}
      />
      <SelectField
        label="Queue"
        name="report-queue"
        testId="report-queue"
        value={queueValue(filter.queue)}
        options={[{ value: EVERY_QUEUE, label: 'All queues' }, ...queues.map((q) => ({ value: queueValue(q), label: q || 'No queue' }))]}
        fieldClassName="report-filters__field"
        onValue={(value) => setFilter({ queue: value === EVERY_QUEUE ? null : value.slice(2) })}
      />
    </div>
  );
}
