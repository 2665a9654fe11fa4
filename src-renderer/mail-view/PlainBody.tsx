import { useMemo, useState } from 'react';
import type { BodyLength } from '../../src-preload/contract';
import { bridge } from '../lib/bridge';
import { LongText, type TextRest } from './LongText';
import { QuoteToggle } from './QuoteToggle';
import { splitQuotedText } from './quotes';

/**
 * A plain-text body: its trailing quoted history and signature folded behind "…", long
 * text opened lazily. A text of which only the beginning came (textLength) is not
 * searched for quotes: its end, where they would be, is still in main.
 */
export function PlainBody({ messageId, text, textLength }: { messageId: string; text: string; textLength: BodyLength | null }) {
  const rest = useMemo<TextRest | undefined>(
    () => (textLength ? { length: textLength, read: (offset, length) => bridge().messageTextRange({ messageId, offset, length }) } : undefined),
    [messageId, textLength],
  );
  const { shown, folded } = useMemo(() => (rest ? { shown: text, folded: '' } : splitQuotedText(text)), [rest, text]);
  const [showQuoted, setShowQuoted] = useState(false);
  return (
    <>
      <LongText text={shown} rest={rest} className="mv-plain" testId="message-text" />
      {folded && <QuoteToggle shown={showQuoted} onToggle={() => setShowQuoted((s) => !s)} />}
      {folded && showQuoted && <LongText text={folded} className="mv-plain mv-plain--quoted" testId="quoted-text" />}
    </>
  );
}
