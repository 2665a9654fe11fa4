import { useEffect, useMemo, useState, type CSSProperties } from 'react';
import { BODY_BEGINNING_CHARS, BODY_RANGE_MAX_CHARS, type BodyLength } from '../../src-preload/contract';
import { Highlight } from '../features/messages/Highlight';
import { AlertIcon } from '../ui/icons';
import { completeLines, leadingChunks, LONG_BODY_CHARS, splitIntoChunks, utf8ByteLength, type TextChunk } from './long-text';
import { Notice } from './Notice';
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

/** The rest of a text whose first BODY_BEGINNING_CHARS characters only are at hand (MessageDetail.textLength). */
export interface TextRest {
  length: BodyLength;
  /** Characters [offset, offset + length) in code points, as messageTextRange serves them. */
  read(offset: number, length: number): Promise<string>;
}

/**
 * Plain text of any length. Up to LONG_BODY_CHARS held whole it is one block; past
 * that, or when only its beginning is at hand (`rest`), the beginning shows with a
 * button, and the whole text then opens a few chunks per task, the missing part
 * read from main a megabyte at a time. The active search's matches are marked. Each chunk is laid out only when it nears
 * the screen (content-visibility, in message-view.css), so no step freezes the page.
 */
export function LongText({ text, rest, className, testId }: { text: string; rest?: TextRest; className: string; testId?: string }) {
  const beginning = useMemo(() => {
    if (rest) {
      const { lines, carry } = completeLines(text);
      return { chunks: splitIntoChunks(lines), carry };
    }
    return text.length > LONG_BODY_CHARS ? { chunks: splitIntoChunks(text), carry: '' } : null;
  }, [text, rest]);
  const bytes = useMemo(() => (rest ? rest.length.bytes : beginning ? utf8ByteLength(text) : 0), [rest, beginning, text]);
  const [whole, setWhole] = useState(false);
  const [shown, setShown] = useState(() => (beginning ? leadingChunks(beginning.chunks) : 0));
  const [fetched, setFetched] = useState<TextChunk[]>([]);
  const [reading, setReading] = useState<'waiting' | 'done' | 'failed'>(rest ? 'waiting' : 'done');
  const chunks = useMemo(() => (beginning ? [...beginning.chunks, ...fetched] : []), [beginning, fetched]);

  useEffect(() => {
    if (!whole || !rest || !beginning) return;
    let cancelled = false;
    const readRest = async () => {
      let carry = beginning.carry;
      for (let offset = BODY_BEGINNING_CHARS; offset < rest.length.chars; offset += BODY_RANGE_MAX_CHARS) {
        const piece = await rest.read(offset, BODY_RANGE_MAX_CHARS);
        if (cancelled) return;
        if (!piece) break;
        const { lines, carry: unfinished } = completeLines(carry + piece);
        carry = unfinished;
        setFetched((before) => [...before, ...splitIntoChunks(lines)]);
      }
      if (carry) setFetched((before) => [...before, ...splitIntoChunks(carry)]);
      setReading('done');
    };
    readRest().catch(() => {
      if (!cancelled) setReading('failed');
    });
    return () => {
      cancelled = true;
    };
  }, [whole, rest, beginning]);

  useEffect(() => {
    if (!whole || shown >= chunks.length) return;
    const next = setTimeout(() => setShown((n) => Math.min(chunks.length, n + CHUNKS_PER_STEP)), 0);
    return () => clearTimeout(next);
  }, [chunks, whole, shown]);

  if (!beginning) {
    return (
      <div className={className} data-testid={testId}>
        <Highlight text={text} />
      </div>
    );
  }
  const complete = reading === 'done' && shown >= chunks.length;
  return (
    <>
      {/* Above the text: below it, the button would sit 3,000 lines down. */}
      {!whole && <ShowWholeMessage bytes={bytes} onShow={() => setWhole(true)} />}
      {reading === 'failed' && (
        <Notice kind="warning" icon={<AlertIcon size={15} />} testId="long-body-failed">
          The rest of this message could not be read from this computer&apos;s copy. Open the message again to retry.
        </Notice>
      )}
      <div className={className} data-testid={testId} data-long-state={complete ? 'complete' : reading === 'failed' ? 'failed' : whole ? 'opening' : 'beginning'} aria-busy={whole && !complete}>
        {chunks.slice(0, shown).map((chunk, i) => (
          <div key={i} className="mv-plain__chunk" style={chunkStyle(chunk)}>
            <Highlight text={chunk.text} />
          </div>
        ))}
      </div>
    </>
  );
}
