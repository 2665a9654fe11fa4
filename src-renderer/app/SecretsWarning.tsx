import { useStatusStore } from '../stores/status';
import { AlertIcon } from '../ui/icons';
import { secretsNotice } from './secrets-notice';

/**
 * How passwords are kept, when that is less than encrypted by the OS: weak (stored with
 * a key anyone can find) or unavailable (not stored, reconnect every start), with the fix.
 * `compact` is the sidebar's one line (the rest in its tooltip); the settings page shows it all.
 */
export function SecretsWarning({ compact = false }: { compact?: boolean }) {
  const status = useStatusStore((s) => s.status);
  const notice = status ? secretsNotice(status) : null;
  if (!notice) return null;
  if (compact) {
    return (
      <p className="sidebar__warning" title={`${notice.detail} ${notice.fix}`} data-testid="secrets-warning" data-state={notice.state}>
        {notice.headline}
      </p>
    );
  }
  return (
    <div className="settings__warning" role="status" data-testid="secrets-warning" data-state={notice.state}>
      <AlertIcon size={15} />
      <p>
        <strong>{notice.headline}</strong> {notice.detail} {notice.fix}
      </p>
    </div>
  );
}
