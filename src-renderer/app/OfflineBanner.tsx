import { selectOffline, useStatusStore } from '../stores/status';
import { ErrorText } from '../ui/ErrorBox';
import { AlertIcon, CloudOffIcon } from '../ui/icons';

/**
 * The strip across the top when the page is cut off. Losing Mailroom itself (the
 * browser host stopped) outranks being offline: nothing loads then, not even the cache.
 */
export function OfflineBanner() {
  const lost = useStatusStore((s) => s.connectionLost);
  const offline = useStatusStore(selectOffline);
  if (lost) {
    return (
      <div className="host-lost-banner" role="alert" data-testid="connection-lost" data-code={lost.code}>
        <span className="host-lost-banner__icon">
          <AlertIcon size={16} />
        </span>
        <div className="host-lost-banner__text">
          <p className="host-lost-banner__title">Not connected to Mailroom</p>
          <ErrorText error={lost} />
        </div>
      </div>
    );
  }
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
