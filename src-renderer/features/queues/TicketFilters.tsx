import { useState } from 'react';
import type { TicketStatus } from '../../../src-preload/contract';
import { agentsOf, useTeamStore } from '../../stores/team';
import { useTicketsStore, type TicketQuery, type TicketSort } from '../../stores/tickets';

export const STATUS_CHOICES: { value: string; label: string; status: TicketStatus[] }[] = [
  { value: 'active', label: 'Open and pending', status: ['open', 'pending'] },
  { value: 'open', label: 'Open', status: ['open'] },
  { value: 'pending', label: 'Pending', status: ['pending'] },
  { value: 'closed', label: 'Closed', status: ['closed'] },
  { value: 'any', label: 'Any status', status: [] },
];

const SORT_CHOICES: { value: TicketSort; label: string }[] = [
  { value: 'lastActivity', label: 'Latest activity' },
  { value: 'created', label: 'Newest' },
  { value: 'number', label: 'Number' },
  { value: 'customer', label: 'Customer' },
  { value: 'subject', label: 'Subject' },
  { value: 'assignee', label: 'Assignee' },
  { value: 'status', label: 'Status' },
];

export function statusValue(status: TicketStatus[]): string {
  return STATUS_CHOICES.find((c) => c.status.join() === [...status].sort().join())?.value ?? 'any';
}

/** Typed freely, applied on Enter or leaving the box; key it by the applied tag so a reset shows. */
export function TagFilter({ applied, onApply }: { applied: string; onApply(tag: string): void }) {
  const [tag, setTag] = useState(applied);
  const apply = () => {
    if (tag.trim() !== applied) onApply(tag.trim());
  };
  return (
    <input
      className="input ticket-filters__tag"
      aria-label="Tag"
      placeholder="Tag"
      data-testid="filter-tag"
      value={tag}
      onChange={(e) => setTag(e.target.value)}
      onBlur={apply}
      onKeyDown={(e) => {
        if (e.key === 'Enter') apply();
      }}
    />
  );
}

/** Status, agent, tag and order of the list; the view and queue come from the sidebar. */
export function TicketFilters({ query }: { query: TicketQuery }) {
  const setQuery = useTicketsStore((s) => s.setQuery);
  const teams = useTeamStore((s) => s.teams);
  const agents = agentsOf(teams, query.accountId || undefined);

  return (
    <div className="ticket-filters" role="group" aria-label="Filter tickets">
      <select
        className="input select ticket-filters__select"
        aria-label="Status"
        data-testid="filter-status"
        value={statusValue(query.status)}
        onChange={(e) => setQuery({ status: STATUS_CHOICES.find((c) => c.value === e.target.value)?.status ?? [] })}
      >
        {STATUS_CHOICES.map((c) => (
          <option key={c.value} value={c.value}>
            {c.label}
          </option>
        ))}
      </select>
      {query.scope !== 'mine' && query.scope !== 'unassigned' && (
        <select className="input select ticket-filters__select" aria-label="Agent" data-testid="filter-agent" value={query.agent} onChange={(e) => setQuery({ agent: e.target.value })}>
          <option value="">Any agent</option>
          {agents.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name}
            </option>
          ))}
        </select>
      )}
      <TagFilter key={query.tag} applied={query.tag} onApply={(tag) => setQuery({ tag })} />
      <select
        className="input select ticket-filters__select"
        aria-label="Order"
        data-testid="filter-sort"
        value={query.sort}
        onChange={(e) => setQuery({ sort: e.target.value as TicketSort, descending: e.target.value === 'lastActivity' || e.target.value === 'created' })}
      >
        {SORT_CHOICES.map((c) => (
          <option key={c.value} value={c.value}>
            {c.label}
          </option>
        ))}
      </select>
    </div>
  );
}
