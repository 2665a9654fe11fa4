import { useState } from 'react';
import type { AccountStatus, AccountSummary } from '../../../src-preload/contract';
import { avatarHue, formatFullDate } from '../../lib/format';
import { bridge, toErrorInfo } from '../../lib/bridge';
import { useAccountEditorStore } from '../../stores/accountEditor';
import { accountIsSyncing, useAccountsStore } from '../../stores/accounts';
import { useToastsStore } from '../../stores/toasts';
import { EmptyState } from '../../ui/EmptyState';
import { ErrorBox } from '../../ui/ErrorBox';
import { CopyIcon, GoogleMark, InboxIcon, KeyIcon, MicrosoftMark, PencilIcon, PlusIcon, RefreshIcon, ServerIcon, TrashIcon } from '../../ui/icons';
import { Spinner } from '../../ui/Spinner';
import { Switch } from '../../ui/Switch';
import { syncLabel } from './AccountList';
import { KIND_LABEL } from './draft';
import { useReconnect } from './reconnect';

const STATUS_LABEL: Record<AccountStatus, string> = {
  idle: 'Up to date',
  syncing: 'Syncing',
  offline: 'Offline',
  error: 'Error',
  'needs-reconnect': 'Needs reconnect',
};

function KindCell({ account }: { account: AccountSummary }) {
  const icon =
    account.kind === 'google' ? (
      <GoogleMark size={13} />
    ) : account.kind === 'microsoft' ? (
      <MicrosoftMark size={12} />
    ) : account.kind === 'oauth' ? (
      <KeyIcon size={13} />
    ) : (
      <ServerIcon size={13} />
    );
  return (
    <span className="kind-cell">
      <span className="kind-cell__icon">{icon}</span>
      {KIND_LABEL[account.kind]}
    </span>
  );
}

function StatusCell({ account }: { account: AccountSummary }) {
  const progress = useAccountsStore((s) => s.progress[account.id]);
  const { busy, error, reconnect } = useReconnect(account);
  const syncing = accountIsSyncing(account, progress);
  const status: AccountStatus = syncing ? 'syncing' : account.status;
  const problem = status === 'error' || status === 'needs-reconnect';
  const label = !account.active ? 'Inactive' : syncing ? syncLabel(progress) : STATUS_LABEL[status];
  const title = !account.active
    ? 'Deactivated: Mailroom does not sync this account.'
    : problem && account.lastError
      ? `${account.lastError.cause} ${account.lastError.fix}`
      : status === 'idle' && account.lastSyncAt
        ? `Last synced ${formatFullDate(account.lastSyncAt)}`
        : label;

  return (
    <div className="status-cell" title={title}>
      <span className={`status-dot status-dot--${account.active ? status : 'offline'}`} aria-hidden="true" />
      <span className={`status-cell__label${problem && account.active ? ' status-cell__label--problem' : ''}`}>{label}</span>
      {account.active && status === 'needs-reconnect' && (
        <button type="button" className="link-button status-cell__action" data-testid="account-reconnect" disabled={busy} onClick={() => void reconnect()}>
          {busy ? 'Signing in…' : 'Reconnect'}
        </button>
      )}
      {account.active && status === 'error' && account.lastError && !error && <span className="status-cell__cause">{account.lastError.cause}</span>}
      {error && (
        <span className="status-cell__error" title={`${error.cause} ${error.fix}`}>
          {error.cause}
        </span>
      )}
    </div>
  );
}

function Row({ account, onDelete }: { account: AccountSummary; onDelete(account: AccountSummary): void }) {
  const [busy, setBusy] = useState<'copy' | 'folders' | 'active' | null>(null);
  const toast = useToastsStore((s) => s.push);
  const hue = avatarHue(account.email);

  const run = async (kind: 'copy' | 'folders' | 'active', action: () => Promise<void>, failure: string) => {
    setBusy(kind);
    try {
      await action();
    } catch (err) {
      toast({ kind: 'error', title: failure, error: toErrorInfo(err) });
    } finally {
      setBusy(null);
    }
  };

  const copy = () =>
    run(
      'copy',
      async () => {
        const draft = await bridge().copyAccount({ accountId: account.id });
        useAccountEditorStore.getState().openAdd({ copyOf: { name: account.name, draft } });
      },
      `${account.name} could not be copied`,
    );

  const refreshFolders = () =>
    run(
      'folders',
      async () => {
        const folders = await bridge().refreshFolders({ accountId: account.id });
        toast({
          kind: 'success',
          title: `${account.name}: ${folders.length === 1 ? '1 folder' : `${folders.length} folders`} on the server`,
          text: 'Edit the account to choose which ones to import.',
        });
      },
      `The folders of ${account.name} could not be listed`,
    );

  const setActive = (active: boolean) =>
    run(
      'active',
      async () => {
        useAccountsStore.getState().upsertAccount(await bridge().setAccountActive({ accountId: account.id, active }));
      },
      `${account.name} could not be ${active ? 'activated' : 'deactivated'}`,
    );

  return (
    <tr
      className={`accounts-table__row${account.active ? '' : ' accounts-table__row--inactive'}`}
      data-testid="account-row"
      data-account-id={account.id}
      data-status={account.status}
      data-active={String(account.active)}
    >
      <td>
        <div className="name-cell">
          <span className="name-cell__avatar" style={{ background: `hsl(${hue} 55% 92%)`, color: `hsl(${hue} 45% 32%)` }} aria-hidden="true">
            {(account.name.trim()[0] ?? account.email[0] ?? '?').toUpperCase()}
          </span>
          <span className="name-cell__name" title={account.name}>
            {account.name}
          </span>
          {account.primary && (
            <span className="badge badge--primary" data-testid="primary-badge" title="Used for new messages when an agent does not pick an account">
              Primary
            </span>
          )}
        </div>
      </td>
      <td>
        {account.key ? <span className="key-chip">{account.key}</span> : <span className="muted">—</span>}
      </td>
      <td>
        <span className="ellipsis" title={account.email}>
          {account.email}
        </span>
      </td>
      <td>
        <KindCell account={account} />
      </td>
      <td>
        <span className={`pill ${account.shared ? 'pill--shared' : 'pill--personal'}`}>{account.shared ? 'Shared' : 'Personal'}</span>
      </td>
      <td>
        <StatusCell account={account} />
      </td>
      <td>
        <span className={`ellipsis${account.queue ? '' : ' muted'}`} title={account.queue || 'The default queue'}>
          {account.queue || 'Default queue'}
        </span>
      </td>
      <td>
        <Switch
          checked={account.active}
          busy={busy === 'active'}
          label={account.active ? `Deactivate ${account.name}` : `Activate ${account.name}`}
          testId="account-active-toggle"
          onChange={(v) => void setActive(v)}
        />
      </td>
      <td>
        <div className="row-actions">
          <button
            type="button"
            className="icon-button"
            data-testid="account-edit"
            title="Edit"
            aria-label={`Edit ${account.name}`}
            onClick={() => useAccountEditorStore.getState().openEdit(account.id)}
          >
            <PencilIcon size={15} />
          </button>
          <button
            type="button"
            className="icon-button"
            data-testid="account-copy"
            title="Copy: add another account with these settings"
            aria-label={`Copy ${account.name}`}
            disabled={busy !== null}
            onClick={() => void copy()}
          >
            {busy === 'copy' ? <Spinner size={13} /> : <CopyIcon size={15} />}
          </button>
          <button
            type="button"
            className="icon-button"
            data-testid="account-refresh-folders"
            title="Refresh folders"
            aria-label={`Refresh the folders of ${account.name}`}
            disabled={busy !== null}
            onClick={() => void refreshFolders()}
          >
            {busy === 'folders' ? <Spinner size={13} /> : <RefreshIcon size={15} />}
          </button>
          <button
            type="button"
            className="icon-button icon-button--danger"
            data-testid="account-delete"
            title="Delete"
            aria-label={`Delete ${account.name}`}
            onClick={() => onDelete(account)}
          >
            <TrashIcon size={15} />
          </button>
        </div>
      </td>
    </tr>
  );
}

export function AccountsTable({ onDelete }: { onDelete(account: AccountSummary): void }) {
  const accounts = useAccountsStore((s) => s.accounts);
  const loaded = useAccountsStore((s) => s.loaded);
  const loadError = useAccountsStore((s) => s.loadError);
  const openAdd = useAccountEditorStore((s) => s.openAdd);

  if (!loaded) {
    return (
      <div className="accounts-table__state">
        <Spinner size={20} label="Loading accounts" />
      </div>
    );
  }
  if (loadError && accounts.length === 0) {
    return (
      <div className="accounts-table__state">
        <ErrorBox title="Your accounts could not be loaded" error={loadError} />
      </div>
    );
  }
  if (accounts.length === 0) {
    return (
      <div className="accounts-table__empty" data-testid="accounts-table" data-empty="true">
        <EmptyState
          kind="no-accounts-settings"
          icon={<InboxIcon size={24} />}
          title="No accounts yet"
          action={
            <button type="button" className="button button--primary" data-testid="add-account-button" onClick={() => openAdd()}>
              <PlusIcon size={15} />
              Add account
            </button>
          }
        >
          Add the mailbox your team answers, such as support@ or sales@. Google and Microsoft 365 sign in with their own page; any other
          provider works with IMAP and SMTP.
        </EmptyState>
      </div>
    );
  }

  return (
    <div className="accounts-table__wrap">
      <table className="accounts-table" data-testid="accounts-table">
        <colgroup>
          <col className="col-name" />
          <col className="col-key" />
          <col className="col-email" />
          <col className="col-kind" />
          <col className="col-access" />
          <col className="col-status" />
          <col className="col-queue" />
          <col className="col-active" />
          <col className="col-actions" />
        </colgroup>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Key</th>
            <th scope="col">Address</th>
            <th scope="col">Type</th>
            <th scope="col">Access</th>
            <th scope="col">Sync</th>
            <th scope="col">Queue</th>
            <th scope="col">Active</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {accounts.map((a) => (
            <Row key={a.id} account={a} onDelete={onDelete} />
          ))}
        </tbody>
      </table>
    </div>
  );
}
