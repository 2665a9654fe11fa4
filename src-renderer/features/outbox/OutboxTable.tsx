import { useCallback, useEffect } from 'react';
import type { OutboxItem } from '../../../src-preload/contract';
import { usePagedVirtualizer } from '../../lib/paged-virtualizer';
import { rowAt } from '../../stores/paged-list';
import { useOutboxStore } from '../../stores/outbox';
import { OUTBOX_ROW_HEIGHT, OutboxRow } from './OutboxRow';
import { countsDown } from './status';
import { useClock } from './useOutboxPreview';

const COLUMNS = ['Time', 'Account', 'From', 'To', 'Subject', 'Status', 'Error'];

/**
 * The outgoing mail log as a virtualized grid: only the rows on screen exist in the DOM and
 * pages of 100 load as they scroll into view. Arrow keys (or j/k) move the selection, which
 * the preview below follows.
 */
export function OutboxTable({ total, legendId }: { total: number; legendId: string }) {
  const pages = useOutboxStore((s) => s.pages);
  const cursor = useOutboxStore((s) => s.cursor);
  const selectedId = useOutboxStore((s) => s.selectedId);
  const setVisibleRange = useOutboxStore((s) => s.setVisibleRange);
  const { scrollRef, virtualizer, rows } = usePagedVirtualizer(total, OUTBOX_ROW_HEIGHT, setVisibleRange);

  // Tick each second only while a row on screen counts down ("sending in 4 s").
  const visible = rows.map((row) => rowAt({ pages }, row.index)).filter((item): item is OutboxItem => item !== undefined);
  const now = useClock(visible.some(countsDown));

  useEffect(() => {
    if (cursor >= 0) virtualizer.scrollToIndex(cursor, { align: 'auto' });
  }, [cursor, virtualizer]);

  const activate = useCallback((index: number, item: OutboxItem) => {
    useOutboxStore.getState().setCursor(index);
    useOutboxStore.getState().select(item.id);
  }, []);

  const move = (delta: number) => {
    const store = useOutboxStore.getState();
    const at = store.moveCursor(delta);
    const item = rowAt(store, at);
    if (item) store.select(item.id);
  };

  return (
    <div
      ref={scrollRef}
      className="outbox-table"
      data-testid="outbox-table"
      role="grid"
      aria-label="Outgoing mail"
      aria-rowcount={total + 1}
      aria-activedescendant={cursor >= 0 ? `outbox-row-${cursor}` : undefined}
      tabIndex={0}
      onKeyDown={(e) => {
        if (e.key === 'ArrowDown' || e.key === 'j') move(1);
        else if (e.key === 'ArrowUp' || e.key === 'k') move(-1);
        else return;
        e.preventDefault();
      }}
    >
      <div className="outbox-row outbox-row--head" role="row" aria-rowindex={1}>
        {COLUMNS.map((c) => (
          <span key={c} role="columnheader" className="outbox-cell">
            {c}
          </span>
        ))}
      </div>
      <div className="outbox-table__sizer" role="rowgroup" style={{ height: virtualizer.getTotalSize() }}>
        {rows.map((row) => {
          const item = rowAt({ pages }, row.index);
          return (
            <OutboxRow
              key={row.index}
              index={row.index}
              top={row.start}
              item={item}
              now={now}
              legendId={legendId}
              selected={item !== undefined && item.id === selectedId}
              onActivate={activate}
            />
          );
        })}
      </div>
    </div>
  );
}
