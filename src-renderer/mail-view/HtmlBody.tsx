import { useMemo, useState } from 'react';
import type { BodyLength } from '../../src-preload/contract';
import { AlertIcon, ShieldIcon } from '../ui/icons';
import { EmailFrame } from './EmailFrame';
import { htmlBeginning } from './long-text';
import { Notice } from './Notice';
import { QuoteToggle } from './QuoteToggle';
import { sanitizeEmailHtml } from './sanitize';
import { ShowWholeMessage } from './ShowWholeMessage';

/** The whole of an HTML document whose beginning only is at hand (MessageDetail.htmlLength). */
export interface HtmlRest {
  length: BodyLength;
  /** The whole document, as messageHtml serves it; null when it is gone. */
  read(): Promise<string | null>;
}

type Whole = { state: 'beginning' } | { state: 'reading' } | { state: 'failed' } | { state: 'read'; html: string };

/**
 * A mail's HTML, sanitized and shown in the sandboxed frame, with a note when remote
 * images were held back and "…" when quoted history is folded. When only its
 * beginning is at hand (`rest`), that is what is sanitized and shown
 * until the reader asks for the whole document: DOMPurify took 2.3 s on 1.4 MB of
 * markup on a busy 2-core machine, all of it on the page's thread, and a sandboxed
 * renderer has no other thread that can run it.
 */
export function HtmlBody({ html, rest, title }: { html: string; rest?: HtmlRest; title: string }) {
  const [whole, setWhole] = useState<Whole>({ state: 'beginning' });
  const [showQuoted, setShowQuoted] = useState(false);
  const source = !rest ? html : whole.state === 'read' ? whole.html : htmlBeginning(html);
  const sanitized = useMemo(() => sanitizeEmailHtml(source), [source]);
  const showWhole = () => {
    setWhole({ state: 'reading' });
    rest
      ?.read()
      .then((full) => setWhole(full === null ? { state: 'failed' } : { state: 'read', html: full }))
      .catch(() => setWhole({ state: 'failed' }));
  };
  return (
    <>
      {sanitized.remoteImagesBlocked > 0 && (
        <Notice kind="info" icon={<ShieldIcon size={15} />} testId="remote-images-blocked">
          <strong>Remote images blocked ({sanitized.remoteImagesBlocked}).</strong> They were not loaded, to protect your privacy: senders use
          them to see when and where a message is read.
        </Notice>
      )}
      {rest && (whole.state === 'beginning' || whole.state === 'reading') && (
        <ShowWholeMessage bytes={rest.length.bytes} busy={whole.state === 'reading'} onShow={showWhole} />
      )}
      {whole.state === 'failed' && (
        <Notice kind="warning" icon={<AlertIcon size={15} />} testId="long-body-failed">
          The rest of this message could not be read from this computer&apos;s copy. Open the message again to retry.
        </Notice>
      )}
      <EmailFrame document={sanitized.document} title={title} showQuoted={showQuoted} />
      {sanitized.quotedParts > 0 && <QuoteToggle shown={showQuoted} onToggle={() => setShowQuoted((s) => !s)} />}
    </>
  );
}
