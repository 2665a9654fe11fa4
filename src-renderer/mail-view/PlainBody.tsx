import { useMemo, useState } from 'react';
import { LongText } from './LongText';
import { QuoteToggle } from './QuoteToggle';
import { splitQuotedText } from './quotes';

/** A plain-text body: its trailing quoted history and signature folded behind "…", long text opened lazily. */
export function PlainBody({ text }: { text: string }) {
  const { shown, folded } = useMemo(() => splitQuotedText(text), [text]);
  const [showQuoted, setShowQuoted] = useState(false);
  return (
    <>
      <LongText text={shown} className="mv-plain" testId="message-text" />
      {folded && <QuoteToggle shown={showQuoted} onToggle={() => setShowQuoted((s) => !s)} />}
      {folded && showQuoted && <LongText text={folded} className="mv-plain mv-plain--quoted" testId="quoted-text" />}
    </>
  );
}
