import { useLayoutEffect, useRef, type RefObject } from 'react';
import type { MessageSummary } from '../../../src-preload/contract';
import { PAGE_SIZE, type Page } from '../../stores/paged-list';

/** Where the row with this id sits among the loaded pages, or -1. */
export function indexOfId(pages: Record<number, Page<MessageSummary>>, id: string): number {
  for (const [key, page] of Object.entries(pages)) {
    const at = page.items.findIndex((row) => row.id === id);
    if (at >= 0) return Number(key) * PAGE_SIZE + at;
  }
  return -1;
}

/**
 * New mail arrives at the top and pushes every row down: without this the row under the
 * mouse, or the open message, would slide away mid-read (or mid-click). The row the eye is
 * on (hovered, else open) is remembered with its index; when a refresh moves it, the list
 * scrolls by the same number of rows, so on screen nothing moves.
 */
export function useScrollAnchor(
  scrollRef: RefObject<HTMLDivElement | null>,
  pages: Record<number, Page<MessageSummary>>,
  rowHeight: number,
  anchorId: string | null,
): void {
  const last = useRef<{ id: string; index: number } | null>(null);
  useLayoutEffect(() => {
    const element = scrollRef.current;
    if (!anchorId || !element) {
      last.current = null;
      return;
    }
    const index = indexOfId(pages, anchorId);
    if (index < 0) return;
    const before = last.current;
    if (before && before.id === anchorId && before.index !== index) element.scrollTop += (index - before.index) * rowHeight;
    last.current = { id: anchorId, index };
  }, [scrollRef, pages, rowHeight, anchorId]);
}
