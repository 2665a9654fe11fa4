import { useCallback, useEffect } from 'react';
import type { MessageSummary } from '../../../src-preload/contract';
import { usePagedVirtualizer } from '../../lib/paged-virtualizer';
import { useMessagesStore } from '../../stores/messages';
import { rowAt } from '../../stores/paged-list';
import { useReaderStore } from '../../stores/reader';
import { MessageRow, ROW_HEIGHT } from './MessageRow';

/**
 * The virtualized conversation list. Only the rows on screen exist in the DOM;
 * pages of 100 are fetched as they scroll into view, so 10,000+ rows stay smooth.
 * The keyboard (j/k/Enter) lives in the command registry; this follows the cursor.
 */
export function MessageList({ total }: { total: number }) {
  const pages = useMessagesStore((s) => s.pages);
  const cursor = useMessagesStore((s) => s.cursor);
  const setVisibleRange = useMessagesStore((s) => s.setVisibleRange);
  const openId = useReaderStore((s) => s.openId);

  const { scrollRef, virtualizer, rows } = usePagedVirtualizer(total, ROW_HEIGHT, setVisibleRange);

  const activate = useCallback((index: number, message: MessageSummary) => {
    useMessagesStore.getState().setCursor(index);
    useReaderStore.getState().open(message.id);
  }, []);

  // The cursor moved by keyboard (commands/registry.ts): keep it in view.
  useEffect(() => {
    if (cursor >= 0) virtualizer.scrollToIndex(cursor, { align: 'auto' });
  }, [cursor, virtualizer]);

  return (
    <div
      ref={scrollRef}
      className="message-list"
      data-testid="message-list"
      role="listbox"
      aria-label="Conversations"
      aria-activedescendant={cursor >= 0 ? `msg-row-${cursor}` : undefined}
      tabIndex={0}
    >
      <div className="message-list__sizer" style={{ height: virtualizer.getTotalSize() }}>
        {rows.map((row) => {
          const message = rowAt({ pages }, row.index);
          return (
            <MessageRow
              key={row.index}
              index={row.index}
              top={row.start}
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
