import { useMemo, useState } from 'react';
import type { BodyLength } from '../../src-preload/contract';
import { useSearchPattern } from '../features/messages/Highlight';
import { AlertIcon } from '../ui/icons';
import { EmailFrame } from './EmailFrame';
import { htmlBeginning } from './long-text';
import { Notice } from './Notice';
import { QuoteToggle } from './QuoteToggle';
import { RemoteImagesNotice } from './RemoteImagesNotice';
import { sanitizeEmailHtml } from './sanitize';
import { ShowWholeMessage } from './ShowWholeMessage';
import { useRemoteImages } from './use-remote-images';

/** The whole of an HTML document whose beginning only is at hand (MessageDetail.htmlLength). */
export interface HtmlRest {
  length: BodyLength;
  /** The whole document, as messageHtml serves it; null when it is gone. */
  read(): Promise<string | null>;
}

type Whole = { state: 'beginning' } | { state: 'reading' } | { state: 'failed' } | { state: 'read'; html: string };

/**
 * A mail's HTML, sanitized and shown in the sandboxed frame, with a note when remote
 * images were held back (and the buttons that have main fetch them), the active
 * search's matches marked, and "…" when quoted history is folded. When only its
 * beginning is at hand (`rest`), that is what is sanitized and shown
 * until the reader asks for the whole document: DOMPurify took 2.3 s on 1.4 MB of
 * markup on a busy 2-core machine, all of it on the page's thread, and a sandboxed
 * renderer has no other thread that can run it. Shown images cost a second sanitizing
 * pass, with their data: URLs in place of their addresses.
 */
export function HtmlBody({ html, rest, title, sender = null }: { html: string; rest?: HtmlRest; title: string; sender?: string | null }) {
  const [whole, setWhole] = useState<Whole>({ state: 'beginning' });
  const [showQuoted, setShowQuoted] = useState(false);
  const source = !rest ? html : whole.state === 'read' ? whole.html : htmlBeginning(html);
  const highlight = useSearchPattern();
  const blocked = useMemo(() => sanitizeEmailHtml(source, window, { highlight }), [source, highlight]);
  const remote = useRemoteImages(blocked.remoteImages, sender);
  const sanitized = useMemo(
    () => (remote.images.size === 0 ? blocked : sanitizeEmailHtml(source, window, { highlight, images: remote.images })),
    [blocked, source, highlight, remote.images],
  );
  const showWhole = () => {
    setWhole({ state: 'reading' });
    rest
      ?.read()
      .then((full) => setWhole(full === null ? { state: 'failed' } : { state: 'read', html: full }))
      .catch(() => setWhole({ state: 'failed' }));
  };
  return (
    <>
      {blocked.remoteImagesBlocked > 0 && <RemoteImagesNotice blocked={blocked.remoteImagesBlocked} sender={sender} remote={remote} />}
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
