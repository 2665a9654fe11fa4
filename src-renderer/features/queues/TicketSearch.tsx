import { useTicketsStore } from '../../stores/tickets';
import { SearchField } from '../../ui/SearchField';

/** The element `/` focuses (see the ticket shortcuts). */
export const TICKET_SEARCH_ID = 'ticket-search';

/** Words matched against number, token, subject and customer; `/` focuses it, Esc clears it. */
export function TicketSearch() {
  const text = useTicketsStore((s) => s.searchText);
  const setText = useTicketsStore((s) => s.setSearchText);
  return (
    <SearchField
      id={TICKET_SEARCH_ID}
      value={text}
      onChange={setText}
      onSettle={(trimmed) => {
        const { query, setQuery } = useTicketsStore.getState();
        if (query && query.text !== trimmed) setQuery({ text: trimmed });
      }}
      label="Search tickets"
      placeholder="Search tickets: number, subject, customer"
      testId="ticket-search"
      inputClassName="ticket-search__input"
      keyShortcuts="/"
    />
  );
}
