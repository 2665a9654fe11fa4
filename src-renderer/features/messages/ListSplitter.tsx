import { useEffect, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { MIN_LIST_WIDTH, useMailLayoutStore } from '../../stores/mailLayout';

/** What the reading pane keeps at least, however far the list is dragged. */
const MIN_READING_WIDTH = 360;
/** One arrow press; Shift moves further (as in VS Code's sashes). */
const STEP = 16;
const BIG_STEP = 64;

/** The widest the list may be in a panes container this wide. */
function maxWidth(room: number): number {
  return Math.max(MIN_LIST_WIDTH, room - MIN_READING_WIDTH);
}

/**
 * The line between the list and the reading pane: drag it, or focus it and use the arrows,
 * Home and End (the WAI-ARIA window splitter pattern). The width is remembered on this computer.
 */
export function ListSplitter() {
  const width = useMailLayoutStore((s) => s.listWidth);
  const ref = useRef<HTMLDivElement>(null);
  const [dragging, setDragging] = useState(false);
  // The panes' width, followed as the window resizes: it bounds the list (and aria-valuemax).
  const [room, setRoom] = useState(0);
  useEffect(() => {
    const container = ref.current?.parentElement;
    if (!container) return;
    const observer = new ResizeObserver(() => setRoom(container.clientWidth));
    observer.observe(container);
    return () => observer.disconnect();
  }, []);
  const widest = maxWidth(room);
  const setWidth = (next: number) => useMailLayoutStore.getState().setListWidth(Math.min(widest, Math.max(MIN_LIST_WIDTH, next)));
  const shown = Math.min(width, widest);

  const onKeyDown = (event: KeyboardEvent) => {
    const step = event.shiftKey ? BIG_STEP : STEP;
    const next =
      event.key === 'ArrowLeft' ? shown - step
      : event.key === 'ArrowRight' ? shown + step
      : event.key === 'Home' ? MIN_LIST_WIDTH
      : event.key === 'End' ? widest
      : null;
    if (next === null) return;
    event.preventDefault();
    setWidth(next);
  };

  const onPointerDown = (event: PointerEvent) => {
    event.preventDefault();
    ref.current?.setPointerCapture(event.pointerId);
    setDragging(true);
  };
  const onPointerMove = (event: PointerEvent) => {
    if (!dragging) return;
    const left = ref.current?.parentElement?.getBoundingClientRect().left ?? 0;
    setWidth(event.clientX - left);
  };
  const onPointerUp = (event: PointerEvent) => {
    ref.current?.releasePointerCapture(event.pointerId);
    setDragging(false);
  };

  return (
    <div
      ref={ref}
      className={`list-splitter${dragging ? ' list-splitter--dragging' : ''}`}
      data-testid="list-splitter"
      role="separator"
      aria-orientation="vertical"
      aria-label="Resize the conversation list"
      aria-controls="mail-list-pane"
      aria-valuemin={MIN_LIST_WIDTH}
      aria-valuemax={widest}
      aria-valuenow={shown}
      title="Drag, or focus and use ← →, to resize the list"
      tabIndex={0}
      onKeyDown={onKeyDown}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={onPointerUp}
    />
  );
}
