import { useEffect, useState } from 'react';
import type { AttachmentRef, AttachmentText, ErrorInfo } from '../../src-preload/contract';
import { TEXT_PREVIEW_BYTES } from '../../src-preload/contract';
import { bridge, toErrorInfo } from '../lib/bridge';
import { formatSize } from '../lib/format';
import { ErrorBox } from '../ui/ErrorBox';
import { CrossIcon } from '../ui/icons';
import { Modal } from '../ui/Modal';
import { Spinner } from '../ui/Spinner';
import type { PreviewKind } from './attachment-preview-kind';

type Shown = Extract<PreviewKind, { kind: 'image' | 'text' }>;
type Loaded = { kind: 'image'; src: string } | ({ kind: 'text' } & AttachmentText);

/** Fetches what the preview shows: an image's bytes as a data: URL (the page's CSP allows no other source), a text's decoded beginning. */
async function load(ref: AttachmentRef, shown: Shown): Promise<Loaded> {
  if (shown.kind === 'text') return { kind: 'text', ...(await bridge().attachmentText(ref)) };
  const { base64 } = await bridge().attachmentBytes(ref);
  return { kind: 'image', src: `data:${shown.mime};base64,${base64}` };
}

function PreviewBody({ name, loaded }: { name: string; loaded: Loaded }) {
  if (loaded.kind === 'image') {
    return (
      <div className="attachment-preview__image">
        <img src={loaded.src} alt={name} data-testid="attachment-preview-image" />
      </div>
    );
  }
  return (
    <>
      {loaded.truncated && (
        <p className="attachment-preview__note" data-testid="attachment-preview-truncated">
          Showing the first {formatSize(TEXT_PREVIEW_BYTES)}: open or save the file for the rest.
        </p>
      )}
      <pre className="attachment-preview__text" data-testid="attachment-preview-text" tabIndex={0} aria-label={`Text of ${name}`}>
        {loaded.text}
      </pre>
      <p className="attachment-preview__note">Read as {loaded.charset}.</p>
    </>
  );
}

/** One attachment shown inside the app, in a dialog Escape closes. */
export function AttachmentPreview({ name, attachment, shown, onClose }: { name: string; attachment: AttachmentRef; shown: Shown; onClose(): void }) {
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const { messageId, sha256 } = attachment;

  useEffect(() => {
    let current = true;
    load({ messageId, sha256 }, shown).then(
      (result) => current && setLoaded(result),
      (err: unknown) => current && setError(toErrorInfo(err)),
    );
    return () => {
      current = false;
    };
  }, [messageId, sha256, shown]);

  return (
    <Modal open onClose={onClose} labelledBy="attachment-preview-title" className="attachment-preview" testId="attachment-preview">
      <div className="dialog__panel">
        <header className="dialog__header">
          <h2 className="dialog__title attachment-preview__title" id="attachment-preview-title">
            Preview of {name}
          </h2>
          <button type="button" className="button button--small button--ghost" aria-label="Close the preview" title="Close (Esc)" onClick={onClose}>
            <CrossIcon size={14} />
          </button>
        </header>
        <div className="attachment-preview__body">
          {error ? (
            <ErrorBox title="The preview could not be shown" error={error} />
          ) : loaded ? (
            <PreviewBody name={name} loaded={loaded} />
          ) : (
            <div className="attachment-preview__loading">
              <Spinner /> Loading…
            </div>
          )}
        </div>
      </div>
    </Modal>
  );
}
