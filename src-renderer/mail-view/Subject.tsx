import { useLayoutEffect, useRef, useState } from 'react';

/**
 * The message's subject, clamped to three lines (message-view.css) with "more":
 * a 130,000-character subject would otherwise push the message 100,000 px down.
 */
export function Subject({ text }: { text: string }) {
  const ref = useRef<HTMLHeadingElement>(null);
  const [expanded, setExpanded] = useState(false);
  const [clamped, setClamped] = useState(false);

  useLayoutEffect(() => {
    const heading = ref.current;
    if (!heading || expanded) return;
    const measure = () => setClamped(heading.scrollHeight > heading.clientHeight + 1);
    const observer = new ResizeObserver(measure);
    observer.observe(heading);
    measure();
    return () => observer.disconnect();
  }, [text, expanded]);

  return (
    <div className="mv-subject-box">
      <h1 ref={ref} className={`mv-subject${expanded ? '' : ' mv-subject--clamped'}`} data-testid="message-subject">
        {text}
      </h1>
      {(clamped || expanded) && (
        <button type="button" className="mv-more" aria-expanded={expanded} aria-label={expanded ? 'Show less of the subject' : 'Show more of the subject'} onClick={() => setExpanded((e) => !e)}>
          {expanded ? 'less' : 'more'}
        </button>
      )}
    </div>
  );
}
