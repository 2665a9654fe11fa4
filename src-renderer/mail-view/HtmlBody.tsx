import { useMemo } from 'react';
import { ShieldIcon } from '../ui/icons';
import { EmailFrame } from './EmailFrame';
import { Notice } from './Notice';
import { sanitizeEmailHtml } from './sanitize';

/** A mail's HTML, sanitized and shown in the sandboxed frame, with a note when remote images were held back. */
export function HtmlBody({ html, title }: { html: string; title: string }) {
  const sanitized = useMemo(() => sanitizeEmailHtml(html), [html]);
  return (
    <>
      {sanitized.remoteImagesBlocked > 0 && (
        <Notice kind="info" icon={<ShieldIcon size={15} />} testId="remote-images-blocked">
          <strong>Remote images blocked ({sanitized.remoteImagesBlocked}).</strong> They were not loaded, to protect your privacy: senders use
          them to see when and where a message is read.
        </Notice>
      )}
      <EmailFrame document={sanitized.document} title={title} />
    </>
  );
}
