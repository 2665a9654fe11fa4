import { useState } from 'react';
import type { CannedAnswerView, ErrorInfo } from '../../../src-preload/contract';
import { useCannedStore } from '../../stores/canned';
import { ErrorBox } from '../../ui/ErrorBox';
import { CrossIcon, TrashIcon } from '../../ui/icons';
import { Modal } from '../../ui/Modal';
import { Spinner } from '../../ui/Spinner';
import { ScopeLabel } from './ScopeLabel';

const TITLE_ID = 'delete-canned-title';

function DeleteForm({ answer, onClose }: { answer: CannedAnswerView; onClose(): void }) {
  const remove = useCannedStore((s) => s.remove);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const submit = async () => {
    setBusy(true);
    const refused = await remove(answer.id);
    setBusy(false);
    setError(refused);
    if (!refused) onClose();
  };
  return (
    <form
      className="dialog__panel delete-dialog"
      data-testid="delete-canned-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (!busy) void submit();
      }}
    >
      <header className="dialog__header">
        <div className="dialog__heading delete-dialog__heading">
          <span className="delete-dialog__icon" aria-hidden="true">
            <TrashIcon size={18} />
          </span>
          <div>
            <h2 id={TITLE_ID} className="dialog__title">
              Delete “{answer.title}”?
            </h2>
            <p className="dialog__subtitle">
              <ScopeLabel answer={answer} />
            </p>
          </div>
        </div>
        <button type="button" className="icon-button" aria-label="Close" disabled={busy} onClick={onClose}>
          <CrossIcon size={16} />
        </button>
      </header>
      <div className="dialog__body">
        <p className="delete-dialog__lead">
          The answer goes for every agent{answer.scope === 'general' ? ' of every account' : ` of ${answer.accountName || 'its account'}`}: it is removed through the team log. Replies already sent
          with it stay as they are.
        </p>
        {error && <ErrorBox error={error} title="The answer was not deleted" />}
      </div>
      <footer className="dialog__footer">
        <button type="button" className="button button--ghost" disabled={busy} onClick={onClose}>
          Keep it
        </button>
        <button type="submit" className="button button--danger" data-testid="delete-canned-confirm" disabled={busy}>
          {busy && <Spinner />}
          {busy ? 'Deleting…' : 'Delete answer'}
        </button>
      </footer>
    </form>
  );
}

/** Asks before deleting a canned answer for the whole team; `answer` null closes it. */
export function DeleteCannedDialog({ answer, onClose }: { answer: CannedAnswerView | null; onClose(): void }) {
  return (
    <Modal open={answer !== null} onClose={onClose} labelledBy={TITLE_ID} className="dialog--small" testId="delete-canned-dialog">
      {answer && <DeleteForm key={answer.id} answer={answer} onClose={onClose} />}
    </Modal>
  );
}
