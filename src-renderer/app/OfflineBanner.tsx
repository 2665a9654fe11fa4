import { selectOffline, useStatusStore } from '../stores/status';
import { CloudOffIcon } from '../ui/icons';

/** Shown while main reports no network; the cached mailbox stays readable. */
export function OfflineBanner() {
  const offline = useStatusStore(selectOffline);
  if (!offline) return null;
  return (
    <div className="offline-banner" role="status">
      <CloudOffIcon size={14} />
      <span data-testid="offline-indicator">
        <strong>Offline</strong> — showing cached mail
      </span>
      <span className="offline-banner__hint">Changes sync when the connection is back.</span>
    </div>
  );
}
