import { useEffect, useMemo, useState, type CSSProperties } from 'react';
import { leadingChunks, LONG_BODY_CHARS, splitIntoChunks, utf8ByteLength, type TextChunk } from './long-text';
import { ShowWholeMessage } from './ShowWholeMessage';

/** Chunks added to the page per task while the whole text opens: the page answers input in between. */
const CHUNKS_PER_STEP = 4;

/** Line height of .mv-plain (14px × 1.6), for the height a chunk is given before it is laid out. */
const LINE_PX = 22.4;
/** Characters on a line of the reading pane, roughly: long lines wrap. */
const LINE_CHARS = 110;

function chunkStyle(chunk: TextChunk): CSSProperties {
  const estimate = Math.max(chunk.lines, Math.ceil(chunk.text.length / LINE_CHARS)) * LINE_PX;
  return { containIntrinsicSize: `auto ${Math.ceil(estimate)}px` };
}

/**
 * Plain text of any length. Up to LONG_BODY_CHARS it is one block; past that only
 * the beginning shows, with a button, and the whole text then opens a few chunks
 * per task. Each chunk is laid out only when it nears the screen
 * (content-visibility, in message-view.css), so neither step freezes the page.
 */
export function LongText({ text, className, testId }: { text: string; className: string; testId?: string }) {
  const chunks = useMemo(() => (text.length > LONG_BODY_CHARS ? splitIntoChunks(text) : null), [text]);
  const bytes = useMemo(() => (chunks ? utf8ByteLength(text) : 0), [chunks, text]);
  const [whole, setWhole] = useState(false);
  const [shown, setShown] = useState(() => (chunks ? leadingChunks(chunks) : 0));

  useEffect(() => {
    if (!chunks || !whole || shown >= chunks.length) return;
    const next = setTimeout(() => setShown((n) => Math.min(chunks.length, n + CHUNKS_PER_STEP)), 0);
    return () => clearTimeout(next);
  }, [chunks, whole, shown]);

  if (!chunks) {
    return (
      <div className={className} data-testid={testId}>
        {text}
      </div>
    );
  }
  const complete = shown >= chunks.length;
  return (
    <>
      {/* Above the text: below it, the button would sit 3,000 lines down. */}
      {!whole && <ShowWholeMessage bytes={bytes} onShow={() => setWhole(true)} />}
      <div className={className} data-testid={testId} data-long-state={complete ? 'complete' : whole ? 'opening' : 'beginning'} aria-busy={whole && !complete}>
        {chunks.slice(0, shown).map((chunk, i) => (
          <div key={i} className="mv-plain__chunk" style={chunkStyle(chunk)}>
            {chunk.text}
          </div>
        ))}
      </div>
    </>
  );
}
