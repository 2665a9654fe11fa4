import type { AccountStatus, AccountSummary, SyncProgress } from '../../../src-preload/contract';
import { avatarHue, formatCount, formatFullDate } from '../../lib/format';
import { accountIsSyncing, accountNeedsAttention, useAccountsStore } from '../../stores/accounts';
import { useMailboxesStore } from '../../stores/mailboxes';
import { FolderList } from '../mailboxes/FolderList';

const STATUS_LABEL: Record<AccountStatus, string> = {
  idle: 'Up to date',
  syncing: 'Syncing',
  offline: 'Offline',
  error: 'Can’t sync',
  'needs-reconnect': 'Reconnect needed',
};

function statusTitle(account: AccountSummary): string {
  if (account.lastError && (accountNeedsAttention(account) || account.status === 'offline')) return `${account.lastError.cause} ${account.lastError.fix}`;
  if (account.status === 'idle' && account.lastSyncAt) return `Up to date. Last synced ${formatFullDate(account.lastSyncAt)}.`;
  return STATUS_LABEL[account.status];
}

const PHASE_TITLES: Record<SyncProgress['phase'], string> = {
  headers: 'Downloading message headers',
  indexing: 'Making messages searchable',
  bodies: 'Downloading message bodies',
  done: 'Up to date',
};

export function syncLabel(p: SyncProgress | undefined): string {
  if (!p || p.total <= 0) return 'Syncing…';
  return `${p.phase === 'indexing' ? 'Indexing' : 'Syncing'} ${formatCount(Math.min(p.done, p.total))} of ${formatCount(p.total)}`;
}

function SyncBar({ progress }: { progress: SyncProgress | undefined }) {
  const known = progress && progress.total > 0;
  const pct = known ? Math.min(100, Math.round((progress.done / progress.total) * 100)) : 0;
  const label = syncLabel(progress);
  return (
    <div className="sync-progress" data-testid="sync-progress" data-phase={progress?.phase} title={label}>
      <div
        className={`sync-progress__track${known ? '' : ' sync-progress__track--indeterminate'}`}
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={known ? progress.total : undefined}
        aria-valuenow={known ? progress.done : undefined}
      >
        <div className="sync-progress__fill" style={known ? { width: `${pct}%` } : undefined} />
      </div>
      <div className="sync-progress__label" title={PHASE_TITLES[progress?.phase ?? 'headers']}>
        {label}
      </div>
    </div>
  );
}

function AccountEntry({ account }: { account: AccountSummary }) {
  const progress = useAccountsStore((s) => s.progress[account.id]);
  const selected = useMailboxesStore((s) => s.selectedAccountId === account.id);
  const selectAccount = useMailboxesStore((s) => s.selectAccount);
  const attention = accountNeedsAttention(account);
  const syncing = accountIsSyncing(account, progress);
  const hue = avatarHue(account.email);

  return (
    <li className={`account-entry${selected ? ' account-entry--selected' : ''}`}>
      <button
        type="button"
        className="account-item"
        data-testid="account-item"
        data-account-id={account.id}
        data-status={account.status}
        title={statusTitle(account)}
        onClick={() => selectAccount(account.id)}
      >
        <span className="account-item__avatar" style={{ background: `hsl(${hue} 55% 92%)`, color: `hsl(${hue} 45% 32%)` }} aria-hidden="true">
          {(account.name.trim()[0] ?? account.email[0] ?? '?').toUpperCase()}
        </span>
        <span className="account-item__text">
          <span className="account-item__name">{account.name}</span>
          {attention ? (
            <span className="account-item__sub account-item__sub--error">{STATUS_LABEL[account.status]}</span>
          ) : (
            <span className="account-item__sub">{account.email}</span>
          )}
        </span>
        <span className={`status-dot status-dot--${account.status}`} role="img" aria-label={STATUS_LABEL[account.status]} />
      </button>
      {syncing && <SyncBar progress={progress} />}
      <FolderList accountId={account.id} />
    </li>
  );
}

export function AccountList() {
  const accounts = useAccountsStore((s) => s.accounts);
  return (
    <ul className="account-list" role="list">
      {accounts.map((a) => (
        <AccountEntry key={a.id} account={a} />
      ))}
    </ul>
  );
}
