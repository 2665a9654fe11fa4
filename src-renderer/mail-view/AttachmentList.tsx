import { useState } from 'react';
import { ATTACHED_MESSAGE_TYPES, type AttachmentInfo, type AttachmentRef, type ErrorInfo } from '../../src-preload/contract';
import { attachmentName } from '../../src-preload/attachment-name';
import { bridge, toErrorInfo } from '../lib/bridge';
import { formatSize } from '../lib/format';
import { ErrorBox } from '../ui/ErrorBox';
import { FileIcon, PaperclipIcon } from '../ui/icons';
import { downloadAttachment } from './attachment-download';
import { AttachmentPreview } from './AttachmentPreview';
import { previewKind, type PreviewKind } from './attachment-preview-kind';

/** A part shown as what it is after the body: one with a view, or a stored attached message that is read when shown. */
export function readsInPlace(part: AttachmentInfo): boolean {
  return Boolean(part.view || (part.sha256 && (ATTACHED_MESSAGE_TYPES as readonly string[]).includes(part.contentType.toLowerCase())));
}

/** The parts a reader cannot see in place: not an inline image, not a readable part. */
export function listedAttachments(attachments: AttachmentInfo[]): AttachmentInfo[] {
  return attachments.filter((a) => !a.contentId && !readsInPlace(a));
}

type Previewed = { name: string; ref: AttachmentRef; shown: Extract<PreviewKind, { kind: 'image' | 'text' }> };
export type Outcome = { kind: 'error'; title: string; error: ErrorInfo } | { kind: 'saved'; path: string } | null;

/** Open and Save… for one stored attachment: the system's app and save dialog in the app, the page's download in the browser host. */
export function AttachmentActions({ name, attachment, onOutcome }: { name: string; attachment: AttachmentRef; onOutcome(outcome: Outcome): void }) {
  const run = async (title: string, action: () => Promise<Outcome>) => {
    onOutcome(null);
    try {
      onOutcome(await action());
    } catch (err) {
      onOutcome({ kind: 'error', title, error: toErrorInfo(err) });
    }
  };
  const open = async (): Promise<Outcome> => {
    if ((await bridge().openAttachment(attachment)).state === 'download') await downloadAttachment(attachment);
    return null;
  };
  const save = async (): Promise<Outcome> => {
    const saved = await bridge().saveAttachment(attachment);
    if (saved.state === 'download') await downloadAttachment(attachment);
    return saved.state === 'saved' ? { kind: 'saved', path: saved.path } : null;
  };
  return (
    <>
      <button type="button" className="button button--small button--ghost" aria-label={`Open ${name}`} title="Open in the system's app" onClick={() => void run(`${name} could not be opened`, open)}>
        Open
      </button>
      <button type="button" className="button button--small button--ghost" aria-label={`Save ${name}`} title="Save a copy" onClick={() => void run(`${name} could not be saved`, save)}>
        Save…
      </button>
    </>
  );
}

/** One attachment; with `messageId` (a received message) its Preview, Open and Save…, without (the outbox's copy of a sent one) its name only. */
function AttachmentItem({ messageId, part, onPreview, onOutcome }: { messageId?: string; part: AttachmentInfo; onPreview(previewed: Previewed): void; onOutcome(outcome: Outcome): void }) {
  const name = attachmentName(part);
  const preview = previewKind(part);
  const ref = messageId && part.sha256 ? { messageId, sha256: part.sha256 } : null;
  // Parts of an attached message are not stored on their own: the message is.
  const note = !messageId ? null : !ref ? 'Inside the attached message: save the message to get this file.' : preview.kind === 'none' ? preview.reason : null;
  return (
    <li className="attachment" title={`${name} (${part.contentType})`} data-testid="attachment">
      <span className="attachment__icon">
        <FileIcon size={16} />
      </span>
      <span className="attachment__label">
        <span className="attachment__name">{name}</span>
        <span className="attachment__size">{formatSize(part.size)}</span>
        {note && <span className="attachment__note">{note}</span>}
      </span>
      {ref && (
        <span className="attachment__actions">
          {preview.kind !== 'none' && (
            <button type="button" className="button button--small button--secondary" aria-label={`Preview ${name}`} onClick={() => onPreview({ name, ref, shown: preview })}>
              Preview
            </button>
          )}
          <AttachmentActions name={name} attachment={ref} onOutcome={onOutcome} />
        </span>
      )}
    </li>
  );
}

/** What Open or Save… last did, said under the list. */
export function AttachmentOutcome({ outcome }: { outcome: Outcome }) {
  if (!outcome) return null;
  if (outcome.kind === 'error') return <ErrorBox title={outcome.title} error={outcome.error} />;
  return (
    <p className="attachment-outcome" role="status">
      Saved to {outcome.path}
    </p>
  );
}

export function AttachmentList({ messageId, attachments }: { messageId?: string; attachments: AttachmentInfo[] }) {
  const [previewed, setPreviewed] = useState<Previewed | null>(null);
  const [outcome, setOutcome] = useState<Outcome>(null);
  if (attachments.length === 0) return null;
  return (
    <section className="mv-attachments" aria-label="Attachments">
      <div className="mv-attachments__title">
        <PaperclipIcon size={14} />
        {attachments.length === 1 ? '1 attachment' : `${attachments.length} attachments`}
      </div>
      <ul className="mv-attachments__list">
        {attachments.map((a, i) => (
          <AttachmentItem
            key={`${a.sha256 ?? a.filename}-${i}`}
            {...(messageId ? { messageId } : {})}
            part={a}
            onPreview={setPreviewed}
            onOutcome={setOutcome}
          />
        ))}
      </ul>
      <AttachmentOutcome outcome={outcome} />
      {previewed && <AttachmentPreview name={previewed.name} attachment={previewed.ref} shown={previewed.shown} onClose={() => setPreviewed(null)} />}
    </section>
  );
}
