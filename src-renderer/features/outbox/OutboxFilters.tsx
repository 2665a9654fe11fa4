import type { OutboxState } from '../../../src-preload/contract';
import { useAccountsStore } from '../../stores/accounts';
import { ATTENTION_STATES, useOutboxStore, type OutboxQuery } from '../../stores/outbox';
import { SearchField } from '../../ui/SearchField';

export const STATUS_CHOICES: { value: string; label: string; states: OutboxState[] }[] = [
  { value: 'any', label: 'Any status', states: [] },
  { value: 'attention', label: 'Needs attention (failed, uncertain)', states: ATTENTION_STATES },
  { value: 'waiting', label: 'Queued and sending', states: ['queued', 'sending'] },
  { value: 'sent', label: 'Sent', states: ['sent'] },
  { value: 'failed', label: 'Failed', states: ['failed'] },
  { value: 'uncertain', label: 'Delivery uncertain', states: ['uncertain'] },
  { value: 'cancelled', label: 'Cancelled', states: ['cancelled'] },
];

function statusValue(states: OutboxState[]): string {
  return STATUS_CHOICES.find((c) => c.states.join() === states.join())?.value ?? 'any';
}

function TextFilter() {
  const text = useOutboxStore((s) => s.searchText);
  const setText = useOutboxStore((s) => s.setSearchText);
  return (
    <SearchField
      value={text}
      onChange={setText}
      onSettle={(trimmed) => {
        const { query, setFilter } = useOutboxStore.getState();
        if (query && query.text !== trimmed) setFilter({ text: trimmed });
      }}
      label="Search outgoing mail"
      placeholder="Search: subject, sender or recipient"
      testId="outbox-search"
      inputClassName="outbox-filters__search"
    />
  );
}

/** Status, account and words; every change starts the list over. */
export function OutboxFilters({ query }: { query: OutboxQuery }) {
  const accounts = useAccountsStore((s) => s.accounts);
  const setFilter = useOutboxStore((s) => s.setFilter);
  return (
    <div className="outbox-filters" role="group" aria-label="Filter outgoing mail">
      <TextFilter />
      <select
        className="input select outbox-filters__select"
        aria-label="Status"
        data-testid="outbox-filter-status"
        value={statusValue(query.states)}
        onChange={(e) => setFilter({ states: STATUS_CHOICES.find((c) => c.value === e.target.value)?.states ?? [] })}
      >
        {STATUS_CHOICES.map((c) => (
          <option key={c.value} value={c.value}>
            {c.label}
          </option>
        ))}
      </select>
      <select
        className="input select outbox-filters__select"
        aria-label="Account"
        data-testid="outbox-filter-account"
        value={query.accountId}
        onChange={(e) => setFilter({ accountId: e.target.value })}
      >
        <option value="">All accounts</option>
        {accounts.map((a) => (
          <option key={a.id} value={a.id}>
            {a.key ? `${a.key} · ${a.name}` : a.name}
          </option>
        ))}
      </select>
    </div>
  );
}
