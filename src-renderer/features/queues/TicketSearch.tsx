import { useEffect, useRef } from 'react';
import { useTicketsStore } from '../../stores/tickets';
import { CrossIcon } from '../../ui/icons';

const DEBOUNCE_MS = 200;

/** The element `/` focuses (see the ticket shortcuts). */
export const TICKET_SEARCH_ID = 'ticket-search';

/** Words matched against number, token, subject and customer; `/` focuses it, Esc clears it. */
export function TicketSearch() {
  const text = useTicketsStore((s) => s.searchText);
  const setText = useTicketsStore((s) => s.setSearchText);
  const inputRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    const timer = setTimeout(() => {
      const { query, setQuery } = useTicketsStore.getState();
      if (query && query.text !== text.trim()) setQuery({ text: text.trim() });
    }, DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text]);

  return (
    <div className="search-box" role="search">
      <input
        ref={inputRef}
        id={TICKET_SEARCH_ID}
        type="search"
        className="search-box__input ticket-search__input"
        data-testid="ticket-search"
        placeholder="Search tickets: number, subject, customer"
        aria-label="Search tickets"
        aria-keyshortcuts="/"
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape' && text) {
            e.preventDefault();
            setText('');
          } else if (e.key === 'Escape' || e.key === 'Enter') {
            inputRef.current?.blur();
          }
        }}
      />
      {text && (
        <button type="button" className="search-box__clear" aria-label="Clear search" onClick={() => setText('')}>
          <CrossIcon size={12} />
        </button>
      )}
    </div>
  );
}
