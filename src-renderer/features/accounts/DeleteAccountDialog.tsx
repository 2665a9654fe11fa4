import { useId, useState } from 'react';
import type { AccountSummary, ErrorInfo } from '../../../src-preload/contract';
import { bridge, toErrorInfo } from '../../lib/bridge';
import { useAccountsStore } from '../../stores/accounts';
import { ErrorBox } from '../../ui/ErrorBox';
import { CrossIcon, TrashIcon } from '../../ui/icons';
import { Modal } from '../../ui/Modal';
import { Spinner } from '../../ui/Spinner';

const TITLE_ID = 'delete-account-title';

function DeleteForm({ account, onClose, busy, setBusy }: { account: AccountSummary; onClose(): void; busy: boolean; setBusy(b: boolean): void }) {
  const [typed, setTyped] = useState('');
  const [error, setError] = useState<ErrorInfo | null>(null);
  const inputId = useId();
  const matches = typed.trim() === account.email;

  const submit = async () => {
    if (!matches || busy) return;
    setBusy(true);
    setError(null);
    try {
      await bridge().deleteAccount({ accountId: account.id, confirmEmail: typed.trim() });
      useAccountsStore.getState().removeAccount(account.id);
      setBusy(false);
      onClose();
    } catch (err) {
      setError(toErrorInfo(err));
      setBusy(false);
    }
  };

  return (
    <form
      className="dialog__panel delete-dialog"
      data-testid="delete-dialog"
      data-account-id={account.id}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <header className="dialog__header">
        <div className="dialog__heading delete-dialog__heading">
          <span className="delete-dialog__icon" aria-hidden="true">
            <TrashIcon size={18} />
          </span>
          <div>
            <h2 id={TITLE_ID} className="dialog__title">
              Delete {account.name}?
            </h2>
            <p className="dialog__subtitle delete-dialog__email" title={account.email}>
              {account.email}
            </p>
          </div>
        </div>
        <button type="button" className="icon-button" aria-label="Close" disabled={busy} onClick={onClose}>
          <CrossIcon size={16} />
        </button>
      </header>
      <div className="dialog__body">
        <p className="delete-dialog__lead">This removes the account from Mailroom on this computer:</p>
        <ul className="delete-dialog__list">
          <li>its settings, and the copy of its mail and attachments cached here;</li>
          <li>its stored password or sign-in tokens (a provider sign-in is also revoked where the provider allows it).</li>
        </ul>
        <p className="delete-dialog__safe">
          <strong>The mail on the server is untouched.</strong> You can add the account again later; Mailroom then downloads it anew.
        </p>
        <div className="field delete-dialog__confirm">
          <label className="field__label" htmlFor={inputId}>
            Type <strong className="delete-dialog__addr">{account.email}</strong> to confirm
          </label>
          <input
            id={inputId}
            className="input"
            data-testid="delete-confirm-input"
            value={typed}
            autoFocus
            autoComplete="off"
            spellCheck={false}
            autoCapitalize="off"
            placeholder={account.email}
            readOnly={busy}
            onChange={(e) => setTyped(e.target.value)}
          />
          {typed.trim() !== '' && !matches && account.email.startsWith(typed.trim()) === false && (
            <p className="field__hint">This does not match the address yet. Type it exactly as shown.</p>
          )}
        </div>
        {error && <ErrorBox testId="delete-error" title="The account was not deleted" error={error} />}
      </div>
      <footer className="dialog__footer">
        <button type="button" className="button button--ghost" disabled={busy} onClick={onClose}>
          Cancel
        </button>
        <button type="submit" className="button button--danger" data-testid="delete-confirm-button" disabled={!matches || busy}>
          {busy && <Spinner />}
          {busy ? 'Deleting…' : 'Delete account'}
        </button>
      </footer>
    </form>
  );
}

/** Confirms deleting an account by its address, and says exactly what goes and what stays. */
export function DeleteAccountDialog({ account, onClose }: { account: AccountSummary | null; onClose(): void }) {
  const [busy, setBusy] = useState(false);
  return (
    <Modal open={account !== null} onClose={onClose} canClose={() => !busy} labelledBy={TITLE_ID} className="dialog--small">
      {account && <DeleteForm key={account.id} account={account} onClose={onClose} busy={busy} setBusy={setBusy} />}
    </Modal>
  );
}
