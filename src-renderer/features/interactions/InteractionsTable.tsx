import { useCallback, useEffect, useMemo, useRef, type KeyboardEvent, type MouseEvent } from 'react';
import { COLUMN_LABEL } from '../../../src-preload/contract';
import { usePagedVirtualizer } from '../../lib/paged-virtualizer';
import { useAccountsStore } from '../../stores/accounts';
import { isSelected, selectionCount, useInteractionsStore } from '../../stores/interactions';
import { rowAt } from '../../stores/paged-list';
import { useTeamStore } from '../../stores/team';
import { rowIdOf, type TicketRow } from '../../stores/tickets';
import { useTicketsStore } from '../../stores/tickets';
import { COLUMN_SORT, gridMinWidth, gridTemplate } from './columns';
import { INTERACTION_ROW_HEIGHT, InteractionRow } from './InteractionRow';

/** The sticky header row's height: rows start below it, and keyboard scrolling keeps rows out from under it. */
const HEADER_HEIGHT = 32;

/** The header's tick box: all, some (mixed) or none of the list. */
function SelectAllBox({ total }: { total: number }) {
  const selection = useInteractionsStore((s) => s.selection);
  const count = selectionCount(selection, total);
  const ref = useRef<HTMLInputElement>(null);
  const some = count > 0 && count < total;
  useEffect(() => {
    if (ref.current) ref.current.indeterminate = some;
  }, [some]);
  return (
    <input
      ref={ref}
      type="checkbox"
      className="checkbox"
      aria-label={count === total && total > 0 ? 'Clear the selection' : 'Select every interaction in the list'}
      data-testid="interactions-select-all"
      checked={total > 0 && count === total}
      onChange={() => {
        const store = useInteractionsStore.getState();
        if (count === total) store.clearSelection();
        else store.selectAll();
      }}
    />
  );
}

/**
 * The interactions as a virtualized grid: only the rows on screen exist in the DOM and pages
 * of 100 load as they scroll into view, so 100,000 rows scroll like 100. Headers sort; rows
 * open the ticket beside the table; tick boxes, Shift-click and Ctrl+A select for the toolbar.
 * Keys while the table has the focus: arrows or J/K move, Enter opens, Space ticks, Esc clears.
 */
export function InteractionsTable({ total }: { total: number }) {
  const pages = useInteractionsStore((s) => s.pages);
  const cursor = useInteractionsStore((s) => s.cursor);
  const columns = useInteractionsStore((s) => s.columns);
  const selection = useInteractionsStore((s) => s.selection);
  const sort = useInteractionsStore((s) => s.query?.sort);
  const descending = useInteractionsStore((s) => s.query?.descending);
  const setVisibleRange = useInteractionsStore((s) => s.setVisibleRange);
  const openId = useTicketsStore((s) => (s.openRef ? rowIdOf({ accountId: s.openRef.accountId, key: s.openRef.ticket }) : null));
  const myId = useTeamStore((s) => s.me?.agentId);
  const accounts = useAccountsStore((s) => s.accounts);
  const context = useMemo(() => ({ myId, accountNames: Object.fromEntries(accounts.map((a) => [a.id, a.name])) }), [myId, accounts]);

  const { scrollRef, virtualizer, rows } = usePagedVirtualizer(total, INTERACTION_ROW_HEIGHT, setVisibleRange, HEADER_HEIGHT);
  const template = gridTemplate(columns);
  const minWidth = gridMinWidth(columns);

  useEffect(() => {
    if (cursor >= 0) virtualizer.scrollToIndex(cursor, { align: 'auto' });
  }, [cursor, virtualizer]);

  const onRowClick = useCallback((index: number, row: TicketRow, event: MouseEvent) => {
    const store = useInteractionsStore.getState();
    if (event.shiftKey) {
      event.preventDefault();
      void store.selectRange(index);
    } else if (event.ctrlKey || event.metaKey) {
      store.toggleRow(index, row);
    } else {
      store.openRow(index, row);
    }
  }, []);

  const onCheck = useCallback((index: number, row: TicketRow, shift: boolean) => {
    const store = useInteractionsStore.getState();
    if (shift) void store.selectRange(index);
    else store.toggleRow(index, row);
  }, []);

  const onKeyDown = (e: KeyboardEvent) => {
    if ((e.target as Element).closest('button, input')) return;
    const store = useInteractionsStore.getState();
    if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'a') store.selectAll();
    else if (e.ctrlKey || e.metaKey || e.altKey) return;
    // j/k, the arrows and Enter are the app's list keys (commands/lists.ts): they work here without the focus too.
    else if (e.key === 'Home') store.setCursor(0);
    else if (e.key === 'End') store.setCursor(total - 1);
    else if (e.key === ' ') {
      const row = store.cursor >= 0 ? rowAt(store, store.cursor) : undefined;
      if (row) {
        if (e.shiftKey) void store.selectRange(store.cursor);
        else store.toggleRow(store.cursor, row);
      }
    } else if (e.key === 'Escape' && selectionCount(store.selection, total) > 0) store.clearSelection();
    else return;
    e.preventDefault();
  };

  return (
    <div
      ref={scrollRef}
      className="interactions-table"
      data-testid="interactions-table"
      role="grid"
      aria-label="Interactions"
      aria-rowcount={total + 1}
      aria-colcount={columns.length + 1}
      aria-multiselectable="true"
      aria-activedescendant={cursor >= 0 ? `interaction-row-${cursor}` : undefined}
      tabIndex={0}
      onKeyDown={onKeyDown}
    >
      <div className="interactions-table__inner" style={{ minWidth }}>
        <div className="interactions-row interactions-row--head" role="row" aria-rowindex={1} style={{ gridTemplateColumns: template, height: HEADER_HEIGHT }}>
          <span role="columnheader" className="interactions-cell interactions-cell--select">
            <SelectAllBox total={total} />
          </span>
          {columns.map((column) => {
            const key = COLUMN_SORT[column];
            const active = sort === key;
            const direction = active ? (descending ? 'descending' : 'ascending') : 'none';
            return (
              <span key={column} role="columnheader" aria-sort={direction} className={`interactions-cell interactions-cell--${column}`}>
                <button
                  type="button"
                  className={`interactions-sort${active ? ' interactions-sort--active' : ''}`}
                  data-testid={`sort-${column}`}
                  title={`Sort by ${COLUMN_LABEL[column].toLowerCase()}${active ? (descending ? ' (now descending; click for ascending)' : ' (now ascending; click for descending)') : ''}`}
                  onClick={() => useInteractionsStore.getState().sortBy(key)}
                >
                  <span className="interactions-sort__label">{COLUMN_LABEL[column]}</span>
                  <span className="interactions-sort__arrow" aria-hidden="true">
                    {active ? (descending ? '▼' : '▲') : ''}
                  </span>
                </button>
              </span>
            );
          })}
        </div>
        <div className="interactions-table__sizer" role="rowgroup" style={{ height: virtualizer.getTotalSize() }}>
          {rows.map((item) => {
            const row = rowAt({ pages }, item.index);
            return (
              <InteractionRow
                key={item.index}
                index={item.index}
                top={item.start - HEADER_HEIGHT}
                row={row}
                columns={columns}
                template={template}
                checked={row !== undefined && isSelected(selection, row.id)}
                cursor={item.index === cursor}
                open={row !== undefined && row.id === openId}
                context={context}
                onRowClick={onRowClick}
                onCheck={onCheck}
              />
            );
          })}
        </div>
      </div>
    </div>
  );
}
