import { useId, type ReactNode } from 'react';
import type { ErrorInfo } from '../../../src-preload/contract';
import { ErrorBox } from '../../ui/ErrorBox';
import { CrossIcon } from '../../ui/icons';
import { Modal } from '../../ui/Modal';
import { Spinner } from '../../ui/Spinner';

/** The frame every ticket dialog shares: title, body, Cancel and one action, the error if it failed. */
export function ActionDialog({
  open,
  title,
  subtitle,
  testId,
  submitLabel,
  busyLabel,
  busy,
  canSubmit = true,
  danger = false,
  error,
  onSubmit,
  onClose,
  children,
}: {
  open: boolean;
  title: string;
  subtitle?: string;
  testId: string;
  submitLabel: string;
  busyLabel: string;
  busy: boolean;
  canSubmit?: boolean;
  /** The action destroys something: the button says so in red. */
  danger?: boolean;
  error?: ErrorInfo | null;
  onSubmit(): void;
  onClose(): void;
  children: ReactNode;
}) {
  const titleId = useId();
  return (
    <Modal open={open} onClose={onClose} canClose={() => !busy} labelledBy={titleId} className="dialog--small" testId={testId}>
      <form
        className="dialog__panel"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (!busy) onSubmit();
        }}
      >
        <header className="dialog__header">
          <div>
            <h2 id={titleId} className="dialog__title">
              {title}
            </h2>
            {subtitle && <p className="dialog__subtitle ticket-dialog__subtitle">{subtitle}</p>}
          </div>
          <button type="button" className="icon-button" aria-label="Close" disabled={busy} onClick={onClose}>
            <CrossIcon size={16} />
          </button>
        </header>
        <div className="dialog__body ticket-dialog__body">
          {children}
          {error && <ErrorBox error={error} />}
        </div>
        <footer className="dialog__footer">
          <button type="button" className="button button--ghost" disabled={busy} onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className={`button ${danger ? 'button--danger' : 'button--primary'}`} data-testid={`${testId}-submit`} disabled={busy || !canSubmit}>
            {busy && <Spinner />}
            {busy ? busyLabel : submitLabel}
          </button>
        </footer>
      </form>
    </Modal>
  );
}
