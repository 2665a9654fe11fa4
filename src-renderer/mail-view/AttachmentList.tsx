import type { AttachmentInfo } from '../../src-preload/contract';
import { formatSize } from '../lib/format';
import { FileIcon, PaperclipIcon } from '../ui/icons';

/** The parts a reader cannot see in place: not an inline image, not a readable part. */
export function listedAttachments(attachments: AttachmentInfo[]): AttachmentInfo[] {
  return attachments.filter((a) => !a.contentId && !a.view);
}

export function AttachmentList({ attachments }: { attachments: AttachmentInfo[] }) {
  if (attachments.length === 0) return null;
  return (
    <section className="mv-attachments" aria-label="Attachments">
      <div className="mv-attachments__title">
        <PaperclipIcon size={14} />
        {attachments.length === 1 ? '1 attachment' : `${attachments.length} attachments`}
      </div>
      <ul className="mv-attachments__list">
        {attachments.map((a, i) => (
          <li key={`${a.filename}-${i}`} className="attachment" title={`${a.filename} (${a.contentType})`}>
            <span className="attachment__icon">
              <FileIcon size={16} />
            </span>
            <span className="attachment__name">{a.filename || 'Unnamed attachment'}</span>
            <span className="attachment__size">{formatSize(a.size)}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
