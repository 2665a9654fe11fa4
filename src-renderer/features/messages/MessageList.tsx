import { useCallback, useEffect, useRef, useState } from 'react';
import type { MessageSummary } from '../../../src-preload/contract';
import { usePagedVirtualizer } from '../../lib/paged-virtualizer';
import { ROW_HEIGHTS, useMailLayoutStore } from '../../stores/mailLayout';
import { useMessagesStore } from '../../stores/messages';
import { rowAt } from '../../stores/paged-list';
import { useReaderStore } from '../../stores/reader';
import { MessageRow } from './MessageRow';
import { useScrollAnchor } from './scroll-anchor';

/**
 * The virtualized conversation list. Only the rows on screen exist in the DOM;
 * pages of 100 are fetched as they scroll into view, so 10,000+ rows stay smooth.
 * The keyboard (j/k/Enter) lives in the command registry; this follows the cursor.
 * A listbox with aria-activedescendant: the list keeps the focus and a screen reader
 * announces the highlighted row by its label.
 */
export function MessageList({ total }: { total: number }) {
  const pages = useMessagesStore((s) => s.pages);
  const cursor = useMessagesStore((s) => s.cursor);
  const cursorId = useMessagesStore((s) => s.cursorId);
  const setVisibleRange = useMessagesStore((s) => s.setVisibleRange);
  const openId = useReaderStore((s) => s.openId);
  const density = useMailLayoutStore((s) => s.density);
  const rowHeight = ROW_HEIGHTS[density];
  const [hoveredId, setHoveredId] = useState<string | null>(null);

  const { scrollRef, virtualizer, rows } = usePagedVirtualizer(total, rowHeight, setVisibleRange);
  useScrollAnchor(scrollRef, pages, rowHeight, hoveredId ?? openId);

  const activate = useCallback((index: number, message: MessageSummary) => {
    useMessagesStore.getState().setCursor(index);
    useReaderStore.getState().open(message.id);
  }, []);

  // The cursor moved by keyboard (commands/registry.ts): keep it in view, and take the focus
  // from the page so the screen reader follows. New rows above only shift its index (same
  // row): the scroll anchor has already kept it in place.
  const followed = useRef<string | null>(null);
  useEffect(() => {
    const sameRow = followed.current !== null && followed.current === cursorId;
    followed.current = cursorId;
    if (cursor < 0 || sameRow) return;
    virtualizer.scrollToIndex(cursor, { align: 'auto' });
    if (document.activeElement === document.body) scrollRef.current?.focus({ preventScroll: true });
  }, [cursor, cursorId, virtualizer, scrollRef]);

  return (
    <div
      ref={scrollRef}
      className={`message-list message-list--${density}`}
      data-testid="message-list"
      role="listbox"
      aria-label="Conversations"
      aria-activedescendant={cursor >= 0 ? `msg-row-${cursor}` : undefined}
      tabIndex={0}
      onMouseOver={(e) => {
        const row = e.target instanceof Element ? e.target.closest<HTMLElement>('[data-message-id]') : null;
        setHoveredId(row?.dataset.messageId ?? null);
      }}
      onMouseLeave={() => setHoveredId(null)}
    >
      <div className="message-list__sizer" style={{ height: virtualizer.getTotalSize() }}>
        {rows.map((row) => {
          const message = rowAt({ pages }, row.index);
          return (
            <MessageRow
              key={row.index}
              index={row.index}
              top={row.start}
              height={rowHeight}
              compact={density === 'compact'}
              message={message}
              selected={row.index === cursor}
              open={message !== undefined && message.id === openId}
              onActivate={activate}
            />
          );
        })}
      </div>
    </div>
  );
}
