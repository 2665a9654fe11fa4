import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef } from 'react';

/**
 * A virtualized list over a paged store: only the rows on screen exist in the DOM, and the
 * store is told which rows are on screen once scrolling pauses, so it fetches those pages.
 * A sticky header of `headerHeight` above the rows (a table's) is counted in: row starts
 * include it (subtract it to place a row under the header), and a row scrolled to by
 * keyboard is never left behind the header.
 */
export function usePagedVirtualizer(total: number, rowHeight: number, setVisibleRange: (start: number, end: number) => void, headerHeight = 0) {
  const scrollRef = useRef<HTMLDivElement>(null);
  // No React Compiler in this build: the virtualizer re-renders its component on scroll itself.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 10,
    scrollMargin: headerHeight,
    scrollPaddingStart: headerHeight,
  });
  const rows = virtualizer.getVirtualItems();
  const first = rows[0]?.index ?? 0;
  const last = rows[rows.length - 1]?.index ?? 0;

  // Fetch what is on screen once scrolling pauses for a moment, not for every row flown past.
  useEffect(() => {
    const timer = setTimeout(() => setVisibleRange(first, last), 60);
    return () => clearTimeout(timer);
  }, [first, last, setVisibleRange]);

  return { scrollRef, virtualizer, rows };
}
