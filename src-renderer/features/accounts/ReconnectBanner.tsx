import type { AccountSummary } from '../../../src-preload/contract';
import { useAccountsStore } from '../../stores/accounts';
import { ServerSaid } from '../../ui/ErrorBox';
import { AlertIcon, CrossIcon } from '../../ui/icons';
import { Spinner } from '../../ui/Spinner';
import { useReconnect } from './reconnect';

function Banner({ account }: { account: AccountSummary }) {
  const { busy, error, reconnect, clearError } = useReconnect(account);
  const cause = account.lastError?.cause ?? 'the server no longer accepts the saved sign-in.';
  return (
    <div className="reconnect-banner" role="alert" data-testid="reconnect-banner" data-account-id={account.id}>
      <AlertIcon size={15} className="reconnect-banner__icon" />
      <div className="reconnect-banner__text">
        <p className="reconnect-banner__line" title={account.lastError ? `${account.lastError.cause} ${account.lastError.fix}` : undefined}>
          <strong>{account.name}</strong> needs to be reconnected: {cause}
        </p>
        {error ? (
          <p className="reconnect-banner__error">
            {error.cause} <span className="reconnect-banner__fix">{error.fix}</span>
            <button type="button" className="icon-button reconnect-banner__dismiss" aria-label="Dismiss" onClick={clearError}>
              <CrossIcon size={12} />
            </button>
          </p>
        ) : (
          <p className="reconnect-banner__fix">
            {account.kind === 'imap'
              ? 'Enter the current password (or a new app password). Your other accounts keep working.'
              : 'Sign in again to renew access. Your other accounts keep working.'}
          </p>
        )}
        {error && <ServerSaid detail={error.detail} />}
      </div>
      <button type="button" className="button button--secondary button--small" data-testid="reconnect-button" disabled={busy} onClick={() => void reconnect()}>
        {busy && <Spinner size={12} />}
        {busy ? 'Waiting for sign-in…' : 'Reconnect'}
      </button>
    </div>
  );
}

/** One strip per account the servers stopped accepting; the rest of the app carries on. */
export function ReconnectBanners() {
  const accounts = useAccountsStore((s) => s.accounts);
  const broken = accounts.filter((a) => a.status === 'needs-reconnect' && a.active);
  if (broken.length === 0) return null;
  return (
    <div className="reconnect-banners">
      {broken.map((a) => (
        <Banner key={a.id} account={a} />
      ))}
    </div>
  );
}
