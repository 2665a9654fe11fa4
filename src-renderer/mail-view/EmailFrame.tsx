import { useEffect, useRef, useState } from 'react';
import { bridge } from '../lib/bridge';
import { externalLinkTarget, SHOW_QUOTED_CLASS } from './sanitize';

const MIN_HEIGHT = 40;
/**
 * The smallest scale a wide layout is shrunk to: below it text is too small to read,
 * and a layout that would need more scrolls sideways instead.
 */
const MIN_SCALE = 0.4;

/**
 * Renders a sanitized email document in a sandboxed frame.
 *
 * sandbox="allow-same-origin" without allow-scripts: nothing inside can run, but
 * this (parent) code may read the frame's document, which is what lets it size
 * the frame to its content and catch link clicks. No allow-popups, no navigation:
 * links go to the system browser through openExternal.
 *
 * A fixed-width layout wider than the pane (a 900 px newsletter in 500 px) is scaled
 * down to fit, as Gmail does, with CSS zoom on the frame's root: zoom, unlike a
 * transform, shrinks the layout box too, so the frame's height follows.
 *
 * `showQuoted` false keeps the folded quoted history (sanitize.ts) hidden; the
 * parent toggles it on the frame's root, without reloading the document.
 */
export function EmailFrame({ document: srcDoc, title, showQuoted = true }: { document: string; title: string; showQuoted?: boolean }) {
  const ref = useRef<HTMLIFrameElement>(null);
  const [height, setHeight] = useState(MIN_HEIGHT);
  const showQuotedRef = useRef(showQuoted);

  useEffect(() => {
    showQuotedRef.current = showQuoted;
    ref.current?.contentDocument?.documentElement?.classList.toggle(SHOW_QUOTED_CLASS, showQuoted);
  }, [showQuoted]);

  useEffect(() => {
    const frame = ref.current;
    if (!frame) return;
    let detach: (() => void) | null = null;

    const attach = () => {
      detach?.();
      const doc = frame.contentDocument;
      if (!doc?.documentElement) return;
      const root = doc.documentElement;
      root.classList.toggle(SHOW_QUOTED_CLASS, showQuotedRef.current);

      const measure = () => {
        // The natural width is read unscaled; the scale is set again in the same task, so
        // the observer sees one size and does not call back.
        root.style.zoom = '';
        const natural = root.scrollWidth;
        const room = root.clientWidth;
        if (natural > room) root.style.zoom = String(Math.max(MIN_SCALE, room / natural));
        // The root box holds the body and its margins; add room for a horizontal
        // scrollbar when a layout is wider than the pane even at the smallest scale.
        const overflowX = root.scrollWidth > root.clientWidth ? 16 : 0;
        setHeight(Math.max(MIN_HEIGHT, Math.ceil(root.getBoundingClientRect().height) + overflowX));
      };

      const onClick = (event: MouseEvent) => {
        const target = event.target as { closest?: (selector: string) => Element | null } | null;
        const link = target?.closest?.('a[href]');
        if (!link) return;
        event.preventDefault();
        const url = externalLinkTarget(link.getAttribute('href'));
        if (url) void bridge().openExternal({ url }).catch(() => undefined);
      };
      // Middle click and form-like navigation never leave the frame either.
      const block = (event: Event) => event.preventDefault();
      // After a click in the message, keys land in the frame's document; hand the
      // shortcuts (commands/registry.ts) back to the app so they keep working.
      const forwardKey = (event: KeyboardEvent) => {
        // Arrows, Page Up/Down and Space stay with the frame: they scroll the message.
        if (event.key !== 'Enter' && (event.key.length !== 1 || event.key === ' ')) return;
        const copy = new KeyboardEvent('keydown', {
          key: event.key,
          code: event.code,
          altKey: event.altKey,
          ctrlKey: event.ctrlKey,
          metaKey: event.metaKey,
          shiftKey: event.shiftKey,
          cancelable: true,
        });
        if (!window.dispatchEvent(copy)) event.preventDefault();
      };

      doc.addEventListener('click', onClick, true);
      doc.addEventListener('auxclick', block, true);
      doc.addEventListener('submit', block, true);
      doc.addEventListener('keydown', forwardKey);
      const observer = new ResizeObserver(measure);
      observer.observe(root);
      measure();

      detach = () => {
        doc.removeEventListener('click', onClick, true);
        doc.removeEventListener('auxclick', block, true);
        doc.removeEventListener('submit', block, true);
        doc.removeEventListener('keydown', forwardKey);
        observer.disconnect();
      };
    };

    frame.addEventListener('load', attach);
    // The load event may already have fired before this effect ran.
    if (frame.contentDocument?.readyState === 'complete' && frame.contentDocument.body?.childNodes.length) attach();
    return () => {
      frame.removeEventListener('load', attach);
      detach?.();
    };
  }, [srcDoc]);

  return (
    <iframe
      ref={ref}
      className="email-frame"
      data-testid="email-frame"
      title={title}
      sandbox="allow-same-origin"
      srcDoc={srcDoc}
      referrerPolicy="no-referrer"
      style={{ height }}
    />
  );
}
