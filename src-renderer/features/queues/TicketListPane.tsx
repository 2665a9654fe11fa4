import { useEffect } from 'react';
import { formatCount } from '../../lib/format';
import { useAccountsStore } from '../../stores/accounts';
import { useTicketsStore } from '../../stores/tickets';
import { EmptyState } from '../../ui/EmptyState';
import { LoadError } from '../../ui/ErrorBox';
import { CrossIcon, InboxIcon } from '../../ui/icons';
import { TicketFilters } from './TicketFilters';
import { TicketList } from './TicketList';
import { TicketSearch } from './TicketSearch';
import { emptyExplanation, hasNarrowingFilters, queryTitle, viewQuery } from './views';

function ListSkeleton() {
  return (
    <div className="ticket-list ticket-list--loading" aria-busy="true" aria-label="Loading tickets">
      {Array.from({ length: 8 }, (_, i) => (
        <div key={i} className="ticket-row ticket-row--placeholder ticket-row--static">
          <div className="skeleton skeleton--from" />
          <div className="skeleton skeleton--subject" />
        </div>
      ))}
    </div>
  );
}

/** Why the list holds one customer's tickets (chosen in Contacts or the ticket pane), and the way back to all. */
function CustomerChip({ name }: { name: string }) {
  return (
    <div className="filter-chips">
      <span className="filter-chip" data-testid="customer-chip">
        <span className="filter-chip__text" title={`Only the tickets of ${name}, in every account`}>
          Customer: {name}
        </span>
        <button type="button" className="filter-chip__remove" aria-label={`Remove the customer filter: ${name}`} onClick={() => useTicketsStore.getState().setQuery({ customer: null })}>
          <CrossIcon size={11} />
        </button>
      </span>
    </div>
  );
}

/** The middle column in Tickets: the view's title, search and filters, and the list or what to do instead. */
export function TicketListPane() {
  const query = useTicketsStore((s) => s.query);
  const total = useTicketsStore((s) => s.total);
  const error = useTicketsStore((s) => s.error);
  const accounts = useAccountsStore((s) => s.accounts);

  // First visit: the agent's own tickets are the day's work.
  useEffect(() => {
    if (useTicketsStore.getState().query === null) useTicketsStore.getState().show(viewQuery('mine'));
  }, []);

  if (!query) return <section className="list-pane" aria-label="Tickets" />;
  const account = accounts.find((a) => a.id === query.accountId);

  let content;
  if (error && !total) {
    content = <LoadError title="The tickets could not be loaded" error={error} testId="ticket-list-error" onRetry={() => useTicketsStore.getState().refresh()} />;
  } else if (total === null) {
    content = <ListSkeleton />;
  } else if (total === 0) {
    const empty = emptyExplanation(query, accounts);
    content = (
      <EmptyState
        kind="no-tickets"
        icon={<InboxIcon size={22} />}
        title={empty.title}
        action={
          hasNarrowingFilters(query) ? (
            <button type="button" className="button button--small button--secondary" onClick={() => useTicketsStore.getState().setQuery({ text: '', tag: '', agent: '', customer: null, status: ['open', 'pending'] })}>
              Clear filters
            </button>
          ) : undefined
        }
      >
        {empty.text}
      </EmptyState>
    );
  } else {
    content = <TicketList total={total} />;
  }

  return (
    <section className="list-pane" aria-label="Tickets" data-testid="ticket-list-pane">
      <header className="list-header">
        <div className="list-header__title-row">
          <h1 className="list-header__title" data-testid="ticket-view-title">
            {queryTitle(query, accounts)}
          </h1>
          {account && query.queue && <span className="list-header__account">{account.name}</span>}
        </div>
        {query.customer && <CustomerChip name={query.customer.name} />}
        <TicketSearch />
        <TicketFilters query={query} />
        <div className="list-header__meta" aria-live="polite" data-testid="ticket-count">
          {total === null ? '\u00a0' : `${formatCount(total)} ${total === 1 ? 'ticket' : 'tickets'}`}
        </div>
      </header>
      <div className="list-pane__content">{content}</div>
    </section>
  );
}
