import { useCallback, useEffect } from 'react';
import type { MessageSummary } from '../../../src-preload/contract';
import { usePagedVirtualizer } from '../../lib/paged-virtualizer';
import { useMessagesStore } from '../../stores/messages';
import { rowAt } from '../../stores/paged-list';
import { useReaderStore } from '../../stores/reader';
import { MessageRow, ROW_HEIGHT } from './MessageRow';

/** Keys belong to the list unless the user is typing or a dialog is open. */
export function keyIsForList(event: KeyboardEvent): boolean {
  if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return false;
  const target = event.target instanceof Element ? event.target : null;
  if (target?.closest('input, textarea, select, [contenteditable=""], [contenteditable="true"], dialog')) return false;
  if (document.querySelector('dialog[open]')) return false;
  // Enter on a button or link belongs to that control.
  if (event.key === 'Enter' && target?.closest('button, a, summary')) return false;
  return true;
}

/**
 * The virtualized conversation list. Only the rows on screen exist in the DOM;
 * pages of 100 are fetched as they scroll into view, so 10,000+ rows stay smooth.
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

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!keyIsForList(event)) return;
      const store = useMessagesStore.getState();
      let delta = 0;
      if (event.key === 'j' || event.key === 'ArrowDown') delta = 1;
      else if (event.key === 'k' || event.key === 'ArrowUp') delta = -1;
      else if (event.key === 'Enter') {
        const message = store.cursor >= 0 ? rowAt(store, store.cursor) : undefined;
        if (message) {
          event.preventDefault();
          useReaderStore.getState().open(message.id);
        }
        return;
      } else return;
      event.preventDefault();
      const index = store.moveCursor(delta);
      if (index >= 0) virtualizer.scrollToIndex(index, { align: 'auto' });
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [virtualizer]);

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
