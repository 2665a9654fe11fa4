import { useState } from 'react';
import { DateRangeSchema, type DateRange, type TicketFilter } from '../../../src-preload/contract';
import { useAccountsStore } from '../../stores/accounts';
import { useInteractionsStore } from '../../stores/interactions';
import { agentsOf, useTeamStore } from '../../stores/team';
import { SearchField } from '../../ui/SearchField';
import { STATUS_CHOICES, statusValue, TagFilter } from '../queues/TicketFilters';
import { accountQueues } from '../queues/views';

const DATE_CHOICES: { value: DateRange['preset']; label: string }[] = [
  { value: 'any', label: 'Any date' },
  { value: 'today', label: 'Today' },
  { value: '7d', label: 'Last 7 days' },
  { value: '30d', label: 'Last 30 days' },
  { value: 'custom', label: 'Custom range…' },
];

/** The agent filter's choices in one select: the scopes, then each agent by name. */
function agentValue(filter: TicketFilter): string {
  if (filter.scope === 'mine') return ':mine';
  if (filter.scope === 'unassigned') return ':unassigned';
  return filter.agent ? `agent:${filter.agent}` : ':anyone';
}

function agentChange(value: string): Partial<TicketFilter> {
  if (value === ':mine') return { scope: 'mine', agent: '' };
  if (value === ':unassigned') return { scope: 'unassigned', agent: '' };
  if (value.startsWith('agent:')) return { scope: 'all', agent: value.slice('agent:'.length) };
  return { scope: 'all', agent: '' };
}

/**
 * A custom day range: typed or picked days, applied when both make sense; the message
 * under the fields names the fix (from the contract's schema).
 */
function CustomRange({ range }: { range: DateRange }) {
  const [from, setFrom] = useState(range.from);
  const [to, setTo] = useState(range.to);
  const parsed = DateRangeSchema.safeParse({ preset: 'custom', from, to });
  const error = parsed.success ? null : (parsed.error.issues[0]?.message ?? 'Check the days.');
  const apply = (next: { from: string; to: string }) => {
    const checked = DateRangeSchema.safeParse({ preset: 'custom', ...next });
    if (checked.success) useInteractionsStore.getState().setFilter({ date: checked.data });
  };
  return (
    <div className="interactions-range" role="group" aria-label="Custom date range">
      <label className="interactions-range__field">
        <span>From</span>
        <input
          type="date"
          className="input"
          data-testid="filter-date-from"
          value={from}
          aria-invalid={error && !parsed.success && parsed.error.issues.some((i) => i.path[0] === 'from') ? true : undefined}
          onChange={(e) => {
            setFrom(e.target.value);
            apply({ from: e.target.value, to });
          }}
        />
      </label>
      <label className="interactions-range__field">
        <span>To</span>
        <input
          type="date"
          className="input"
          data-testid="filter-date-to"
          value={to}
          aria-invalid={error && !parsed.success && parsed.error.issues.some((i) => i.path[0] === 'to') ? true : undefined}
          aria-describedby={error ? 'interactions-range-error' : undefined}
          onChange={(e) => {
            setTo(e.target.value);
            apply({ from, to: e.target.value });
          }}
        />
      </label>
      {error && (
        <p id="interactions-range-error" className="field__error" role="alert" data-testid="filter-date-error">
          {error}
        </p>
      )}
    </div>
  );
}

/** The words box's element id: `/` focuses it (commands/lists.ts). */
export const INTERACTIONS_SEARCH_ID = 'interactions-search-input';

/** The words box: the ticket's number, subject, customer and tags; optionally its messages' text and notes too. */
function WordsFilter({ filter }: { filter: TicketFilter }) {
  const [text, setText] = useState(filter.text);
  return (
    <div className="interactions-words">
      <SearchField
        value={text}
        onChange={setText}
        onSettle={(settled) => {
          if (settled !== useInteractionsStore.getState().query?.filter.text) useInteractionsStore.getState().setFilter({ text: settled });
        }}
        label="Search interactions"
        placeholder="Search number, subject, customer, tags…"
        testId="interactions-search"
        id={INTERACTIONS_SEARCH_ID}
        keyShortcuts="/"
        inputClassName="interactions-words__input"
      />
      <label className="interactions-words__full" title="Also find the words in the messages' text and in internal notes">
        <input
          type="checkbox"
          className="checkbox"
          data-testid="interactions-fulltext"
          checked={filter.fullText}
          onChange={(e) => useInteractionsStore.getState().setFilter({ fullText: e.target.checked })}
        />
        Also in message text and notes
      </label>
    </div>
  );
}

/** Date, read, status, agent, tag, account and queue: the filters an agent reaches for first. */
export function QuickFilters({ filter, viewKey }: { filter: TicketFilter; viewKey: string }) {
  const setFilter = useInteractionsStore((s) => s.setFilter);
  const accounts = useAccountsStore((s) => s.accounts);
  const teams = useTeamStore((s) => s.teams);
  const agents = agentsOf(teams, filter.accountId || undefined);
  const queues = [
    ...new Set(
      accounts.filter((a) => !filter.accountId || a.id === filter.accountId).flatMap((a) => accountQueues(a, teams[a.id]?.queues.map((q) => q.name) ?? [])),
    ),
  ].sort((a, b) => a.localeCompare(b));

  return (
    <div className="interactions-filters" role="group" aria-label="Filter interactions">
      <WordsFilter key={`words-${viewKey}`} filter={filter} />
      <div className="interactions-filters__row">
        <select
          className="input select interactions-filters__select"
          aria-label="Date"
          data-testid="filter-date"
          value={filter.date.preset}
          onChange={(e) => setFilter({ date: { ...filter.date, preset: e.target.value as DateRange['preset'] } })}
        >
          {DATE_CHOICES.map((c) => (
            <option key={c.value} value={c.value}>
              {c.label}
            </option>
          ))}
        </select>
        <select className="input select interactions-filters__select" aria-label="Read or unread" data-testid="filter-read" value={filter.read} onChange={(e) => setFilter({ read: e.target.value as TicketFilter['read'] })}>
          <option value="any">Read and unread</option>
          <option value="unread">Unread</option>
          <option value="read">Read</option>
        </select>
        <select
          className="input select interactions-filters__select"
          aria-label="Status"
          data-testid="filter-status"
          value={statusValue(filter.status)}
          onChange={(e) => setFilter({ status: STATUS_CHOICES.find((c) => c.value === e.target.value)?.status ?? [] })}
        >
          {STATUS_CHOICES.map((c) => (
            <option key={c.value} value={c.value}>
              {c.label}
            </option>
          ))}
        </select>
        <select className="input select interactions-filters__select" aria-label="Agent" data-testid="filter-agent" value={agentValue(filter)} onChange={(e) => setFilter(agentChange(e.target.value))}>
          <option value=":anyone">Anyone</option>
          <option value=":mine">Mine</option>
          <option value=":unassigned">Unassigned</option>
          {agents.map((a) => (
            <option key={a.id} value={`agent:${a.id}`}>
              {a.name}
            </option>
          ))}
        </select>
        <TagFilter key={`tag-${viewKey}-${filter.tag}`} applied={filter.tag} onApply={(tag) => setFilter({ tag })} />
        {accounts.length > 1 && (
          <select className="input select interactions-filters__select" aria-label="Account" data-testid="filter-account" value={filter.accountId} onChange={(e) => setFilter({ accountId: e.target.value })}>
            <option value="">All accounts</option>
            {accounts.map((a) => (
              <option key={a.id} value={a.id}>
                {a.key ? `${a.key} · ${a.name}` : a.name}
              </option>
            ))}
          </select>
        )}
        <select className="input select interactions-filters__select" aria-label="Queue" data-testid="filter-queue" value={filter.queue} onChange={(e) => setFilter({ queue: e.target.value })}>
          <option value="">Any queue</option>
          {queues.map((q) => (
            <option key={q} value={q}>
              {q}
            </option>
          ))}
          {filter.queue && !queues.includes(filter.queue) && <option value={filter.queue}>{filter.queue}</option>}
        </select>
      </div>
      {filter.date.preset === 'custom' && <CustomRange key={`range-${viewKey}`} range={filter.date} />}
    </div>
  );
}
