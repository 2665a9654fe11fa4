import { useEffect, useRef } from 'react';
import type { AccountSummary } from '../../../src-preload/contract';
import { useAccountsStore } from '../../stores/accounts';
import { useMailboxesStore } from '../../stores/mailboxes';
import { CrossIcon } from '../../ui/icons';
import { AccountForm } from './AccountForm';

/** Modal for connecting a mailbox by IMAP/SMTP. The form mounts fresh on every opening. */
export function AddAccountDialog() {
  const open = useAccountsStore((s) => s.addDialogOpen);
  const close = useAccountsStore((s) => s.closeAddDialog);
  const ref = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  const onSaved = (account: AccountSummary) => {
    useAccountsStore.getState().upsertAccount(account);
    close();
    // The inbox may not be listed yet: the selection settles on it once sync reports folders.
    useMailboxesStore.getState().selectAccount(account.id);
  };

  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby="add-account-title"
      onCancel={(e) => {
        // Escape: leave while nothing is in flight.
        if (ref.current?.querySelector('form[aria-busy="true"]')) e.preventDefault();
        else close();
      }}
      onClose={() => {
        if (useAccountsStore.getState().addDialogOpen) close();
      }}
    >
      {open && (
        <div className="dialog__panel">
          <header className="dialog__header">
            <div>
              <h2 id="add-account-title" className="dialog__title">
                Connect a shared mailbox
              </h2>
              <p className="dialog__subtitle">
                Enter the IMAP and SMTP settings from your mail provider. Mailroom tests them before saving.
              </p>
            </div>
            <button
              type="button"
              className="icon-button"
              aria-label="Close"
              onClick={() => {
                if (!ref.current?.querySelector('form[aria-busy="true"]')) close();
              }}
            >
              <CrossIcon size={16} />
            </button>
          </header>
          <AccountForm onSaved={onSaved} onCancel={close} />
        </div>
      )}
    </dialog>
  );
}
