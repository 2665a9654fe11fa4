import { useState } from 'react';
import { SavedViewSchema, type ErrorInfo, type SavedViewInfo } from '../../../src-preload/contract';
import { toErrorInfo } from '../../lib/bridge';
import { useInteractionsStore } from '../../stores/interactions';
import { ErrorBox } from '../../ui/ErrorBox';
import { RadioGroupField, TextField } from '../../ui/Field';
import { CrossIcon, TrashIcon } from '../../ui/icons';
import { Modal } from '../../ui/Modal';
import { Spinner } from '../../ui/Spinner';

/** What the view dialog is for: a new view from the list as it stands, or a new name for a saved one. */
export type ViewDialogRequest = { kind: 'save' } | { kind: 'rename'; view: SavedViewInfo } | { kind: 'delete'; view: SavedViewInfo };

const SAVE_TITLE = 'save-view-title';
const DELETE_TITLE = 'delete-view-title';

function SaveForm({ request, onClose }: { request: Exclude<ViewDialogRequest, { kind: 'delete' }>; onClose(): void }) {
  const renaming = request.kind === 'rename' ? request.view : null;
  const [name, setName] = useState(renaming?.name ?? '');
  const [sharing, setSharing] = useState<'team' | 'personal'>(renaming?.sharing ?? 'personal');
  const [nameError, setNameError] = useState<string | undefined>();
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    const checked = SavedViewSchema.shape.name.safeParse(name);
    if (!checked.success) {
      setNameError(checked.error.issues[0]?.message);
      return;
    }
    setNameError(undefined);
    setBusy(true);
    try {
      const store = useInteractionsStore.getState();
      if (renaming) await store.renameView(renaming, checked.data);
      else await store.saveView({ name: checked.data, sharing });
      onClose();
    } catch (err) {
      const info = toErrorInfo(err);
      // A name another view has is the name field's problem.
      if (info.code === 'views/invalid') setNameError(`${info.cause} ${info.fix}`);
      else setError(info);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className="dialog__panel view-dialog"
      data-testid="save-view-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (!busy) void submit();
      }}
    >
      <header className="dialog__header">
        <div className="dialog__heading">
          <h2 id={SAVE_TITLE} className="dialog__title">
            {renaming ? `Rename “${renaming.name}”` : 'Save this list as a view'}
          </h2>
          {!renaming && <p className="dialog__subtitle">The filters, the advanced search, the order and the visible columns, under a name.</p>}
        </div>
        <button type="button" className="icon-button" aria-label="Close" disabled={busy} onClick={onClose}>
          <CrossIcon size={16} />
        </button>
      </header>
      <div className="dialog__body">
        <TextField label="Name" name="view-name" value={name} error={nameError} placeholder="Refunds this week" autoFocus data-testid="view-name" maxLength={120} onValue={setName} />
        {!renaming && (
          <RadioGroupField<'team' | 'personal'>
            name="view-sharing"
            label="Who sees it"
            value={sharing}
            onValue={(v: 'team' | 'personal') => setSharing(v)}
            options={[
              { value: 'personal', label: 'Only me', hint: 'Kept on this computer.' },
              { value: 'team', label: 'The whole team', hint: 'Shared through the team log: every agent of your accounts sees it, and can change or delete it.' },
            ]}
          />
        )}
        {error && <ErrorBox error={error} title="The view was not saved" />}
      </div>
      <footer className="dialog__footer">
        <button type="button" className="button button--ghost" disabled={busy} onClick={onClose}>
          Cancel
        </button>
        <button type="submit" className="button button--primary" data-testid="save-view-confirm" disabled={busy}>
          {busy && <Spinner />}
          {renaming ? 'Rename' : 'Save view'}
        </button>
      </footer>
    </form>
  );
}

function DeleteForm({ view, onClose }: { view: SavedViewInfo; onClose(): void }) {
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    setBusy(true);
    try {
      await useInteractionsStore.getState().deleteView(view.id);
      onClose();
    } catch (err) {
      setError(toErrorInfo(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      className="dialog__panel delete-dialog"
      data-testid="delete-view-form"
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
          <h2 id={DELETE_TITLE} className="dialog__title">
            Delete the view “{view.name}”?
          </h2>
        </div>
        <button type="button" className="icon-button" aria-label="Close" disabled={busy} onClick={onClose}>
          <CrossIcon size={16} />
        </button>
      </header>
      <div className="dialog__body">
        <p className="delete-dialog__lead">
          {view.sharing === 'team' ? 'It goes for every agent of the team (through the team log).' : 'It goes from this computer.'} The tickets it lists stay as they are.
        </p>
        {error && <ErrorBox error={error} title="The view was not deleted" />}
      </div>
      <footer className="dialog__footer">
        <button type="button" className="button button--ghost" disabled={busy} onClick={onClose}>
          Keep it
        </button>
        <button type="submit" className="button button--danger" data-testid="delete-view-confirm" disabled={busy}>
          {busy && <Spinner />}
          Delete view
        </button>
      </footer>
    </form>
  );
}

/** Save, rename or delete a saved view. */
export function ViewDialog({ request, onClose }: { request: ViewDialogRequest | null; onClose(): void }) {
  return (
    <Modal open={request !== null} onClose={onClose} labelledBy={request?.kind === 'delete' ? DELETE_TITLE : SAVE_TITLE} className="dialog--small" testId="view-dialog">
      {request?.kind === 'delete' ? <DeleteForm view={request.view} onClose={onClose} /> : request ? <SaveForm request={request} onClose={onClose} /> : null}
    </Modal>
  );
}
