import { useCallback, useEffect, useState } from 'react';
import { usePagedVirtualizer } from '../../lib/paged-virtualizer';
import { rowAt } from '../../stores/paged-list';
import { useTeamStore } from '../../stores/team';
import { rowIdOf, useTicketsStore, type TicketRow as Row } from '../../stores/tickets';
import { TICKET_ROW_HEIGHT, TicketRow } from './TicketRow';

/** Ages in the list move on by the minute, not with every render. */
function useMinuteClock(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 60_000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

/**
 * The virtualized ticket list: only the rows on screen exist in the DOM and pages of
 * 100 are fetched as they scroll into view, so a queue of 100,000 scrolls like 100.
 * The keyboard (j/k/Enter) lives in the ticket shortcuts; this follows the cursor.
 */
export function TicketList({ total }: { total: number }) {
  const pages = useTicketsStore((s) => s.pages);
  const cursor = useTicketsStore((s) => s.cursor);
  const setVisibleRange = useTicketsStore((s) => s.setVisibleRange);
  const openId = useTicketsStore((s) => (s.openRef ? rowIdOf({ accountId: s.openRef.accountId, key: s.openRef.ticket }) : null));
  const now = useMinuteClock();
  const myId = useTeamStore((s) => s.me?.agentId);

  const { scrollRef, virtualizer, rows } = usePagedVirtualizer(total, TICKET_ROW_HEIGHT, setVisibleRange);

  // The cursor moved by keyboard: keep it in view.
  useEffect(() => {
    if (cursor >= 0) virtualizer.scrollToIndex(cursor, { align: 'auto' });
  }, [cursor, virtualizer]);

  const activate = useCallback((index: number, ticket: Row) => {
    useTicketsStore.getState().setCursor(index);
    useTicketsStore.getState().open({ accountId: ticket.accountId, ticket: ticket.key });
  }, []);

  return (
    <div
      ref={scrollRef}
      className="ticket-list"
      data-testid="ticket-list"
      role="listbox"
      aria-label="Tickets"
      aria-activedescendant={cursor >= 0 ? `ticket-row-${cursor}` : undefined}
      tabIndex={0}
    >
      <div className="ticket-list__sizer" style={{ height: virtualizer.getTotalSize() }}>
        {rows.map((row) => {
          const ticket = rowAt({ pages }, row.index);
          return (
            <TicketRow
              key={row.index}
              index={row.index}
              top={row.start}
              ticket={ticket}
              now={now}
              myId={myId}
              selected={row.index === cursor}
              open={ticket !== undefined && ticket.id === openId}
              onActivate={activate}
            />
          );
        })}
      </div>
    </div>
  );
}
