import { useState } from 'react';
import type { MailboxSummary } from '../../../src-preload/contract';
import { bridge, toErrorInfo } from '../../lib/bridge';
import { useMailboxesStore } from '../../stores/mailboxes';
import { ErrorText } from '../../ui/ErrorBox';
import { Spinner } from '../../ui/Spinner';

/**
 * Adds the folder to the account's imported folders; the sync then downloads it. The
 * folder list reloads when the account changes (accountsChanged), so the folder turns
 * imported and this button goes away by itself.
 */
export function ImportFolderButton({ mailbox, label, small = false }: { mailbox: MailboxSummary; label: string; small?: boolean }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ReturnType<typeof toErrorInfo> | null>(null);
  const start = async () => {
    setBusy(true);
    setError(null);
    try {
      await bridge().importFolder({ accountId: mailbox.accountId, path: mailbox.path });
      await useMailboxesStore.getState().loadFor(mailbox.accountId);
    } catch (err) {
      setError(toErrorInfo(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <button
        type="button"
        className={`button ${small ? 'button--small button--secondary folder-import' : 'button--primary'}`}
        data-testid="import-folder"
        aria-label={small ? `Import ${mailbox.name || mailbox.path}` : undefined}
        onClick={() => void start()}
        disabled={busy}
      >
        {busy && <Spinner size={12} />}
        {label}
      </button>
      {error && <ErrorText error={error} />}
    </>
  );
}
