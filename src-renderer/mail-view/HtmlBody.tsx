import { useMemo, useState } from 'react';
import { ShieldIcon } from '../ui/icons';
import { EmailFrame } from './EmailFrame';
import { htmlBeginning, LONG_BODY_CHARS, utf8ByteLength } from './long-text';
import { Notice } from './Notice';
import { QuoteToggle } from './QuoteToggle';
import { sanitizeEmailHtml } from './sanitize';
import { ShowWholeMessage } from './ShowWholeMessage';

/**
 * A mail's HTML, sanitized and shown in the sandboxed frame, with a note when remote
 * images were held back and "…" when quoted history is folded. Past LONG_BODY_CHARS
 * only the beginning is sanitized and shown until the reader asks for the rest.
 */
export function HtmlBody({ html, title }: { html: string; title: string }) {
  const [whole, setWhole] = useState(html.length <= LONG_BODY_CHARS);
  const [showQuoted, setShowQuoted] = useState(false);
  const sanitized = useMemo(() => sanitizeEmailHtml(whole ? html : htmlBeginning(html)), [html, whole]);
  const bytes = useMemo(() => (whole ? 0 : utf8ByteLength(html)), [html, whole]);
  return (
    <>
      {sanitized.remoteImagesBlocked > 0 && (
        <Notice kind="info" icon={<ShieldIcon size={15} />} testId="remote-images-blocked">
          <strong>Remote images blocked ({sanitized.remoteImagesBlocked}).</strong> They were not loaded, to protect your privacy: senders use
          them to see when and where a message is read.
        </Notice>
      )}
      {!whole && <ShowWholeMessage bytes={bytes} onShow={() => setWhole(true)} />}
      <EmailFrame document={sanitized.document} title={title} showQuoted={showQuoted} />
      {sanitized.quotedParts > 0 && <QuoteToggle shown={showQuoted} onToggle={() => setShowQuoted((s) => !s)} />}
    </>
  );
}
