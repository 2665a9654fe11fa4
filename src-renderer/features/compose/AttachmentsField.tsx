import { useRef } from 'react';
import type { ComposeView } from '../../../src-preload/contract';
import { formatSize } from '../../lib/format';
import { useComposeStore } from '../../stores/compose';
import { CrossIcon, FileIcon, PaperclipIcon } from '../../ui/icons';
import { Spinner } from '../../ui/Spinner';

/** Files attached to the draft, with their sizes against the account's limit; more by picker or by dropping them on the composer. */
export function AttachmentsField({ view, error }: { view: ComposeView; error: string | undefined }) {
  const picker = useRef<HTMLInputElement>(null);
  const attaching = useComposeStore((s) => s.attaching);
  const attachProblem = useComposeStore((s) => s.attachProblem);
  const { attachments } = view.draft;
  const limit = view.fromChoices.find((a) => a.id === view.draft.accountId)?.maxMessageBytes ?? null;
  const total = attachments.reduce((sum, a) => sum + a.size, 0);
  const shown = error ?? attachProblem;
  return (
    <section className={`compose-attachments${shown ? ' field--invalid' : ''}`} aria-label="Attachments" data-testid="compose-attachments">
      {attachments.length > 0 && (
        <ul className="compose-attachments__list">
          {attachments.map((a) => (
            <li key={a.id} className="attachment-chip" data-testid="compose-attachment" data-filename={a.filename}>
              <FileIcon size={14} />
              <span className="attachment-chip__name" title={a.filename}>
                {a.filename}
              </span>
              <span className="attachment-chip__size">{formatSize(a.size)}</span>
              <button type="button" className="recipient-chip__remove" aria-label={`Remove ${a.filename}`} onClick={() => void useComposeStore.getState().removeAttachment(a.id)}>
                <CrossIcon size={11} />
              </button>
            </li>
          ))}
          {attaching.map((name, i) => (
            <li key={`${name}|${i}`} className="attachment-chip attachment-chip--busy">
              <Spinner size={12} /> <span className="attachment-chip__name">{name}</span>
            </li>
          ))}
        </ul>
      )}
      <div className="compose-attachments__bar">
        <button type="button" className="button button--small button--secondary" data-testid="compose-attach" onClick={() => picker.current?.click()}>
          <PaperclipIcon size={14} />
          Attach files
        </button>
        <span className="compose-attachments__hint" data-testid="compose-attachments-size">
          {attachments.length > 0 ? `${formatSize(total)} attached` : 'Or drop files here'}
          {limit !== null && ` · the mail may be at most ${formatSize(limit)}`}
        </span>
        <input
          ref={picker}
          type="file"
          multiple
          hidden
          data-testid="compose-attach-input"
          aria-label="Choose files to attach"
          onChange={(e) => {
            const files = Array.from(e.target.files ?? []);
            e.target.value = '';
            if (files.length > 0) void useComposeStore.getState().addFiles(files);
          }}
        />
      </div>
      {shown && (
        <p className="field__error" role="alert" data-testid="compose-attach-problem">
          {shown}
        </p>
      )}
    </section>
  );
}
