import { AccountList } from '../features/accounts/AccountList';
import { ViewsNav } from '../features/interactions/ViewsNav';
import { QueueNav } from '../features/queues/QueueNav';
import { bridge } from '../lib/bridge';
import { useAccountsStore } from '../stores/accounts';
import type { Workspace } from '../stores/workspace';
import { GearIcon, PlusIcon } from '../ui/icons';
import { Logo } from './Logo';
import { SecretsWarning } from './SecretsWarning';
import { UpdateBanner } from './UpdateBanner';

/** Electron opens the settings window; where the host cannot (browser host), this page shows settings itself. */
async function openSettings(): Promise<void> {
  try {
    const { opened } = await bridge().openSettingsWindow({});
    if (opened) return;
  } catch {
    // No window (an older main, or a refusal): the page is the next best place.
  }
  location.hash = '#/settings';
}

export function Sidebar({ workspace }: { workspace: Workspace }) {
  const hasAccounts = useAccountsStore((s) => s.accounts.length > 0);
  // Before the list arrives (or when it cannot), "none yet" would be a guess.
  const knownEmpty = useAccountsStore((s) => s.loaded && !s.loadError);
  const openAddDialog = useAccountsStore((s) => s.openAddDialog);

  return (
    <nav className={`sidebar${workspace === 'mail' ? ' sidebar--collapsible' : ''}`} data-testid="sidebar" aria-label={workspace === 'mail' ? 'Accounts and folders' : workspace === 'interactions' ? 'Saved views' : 'Ticket views and queues'}>
      <div className="sidebar__brand">
        <Logo />
        <span className="sidebar__name">Mailroom</span>
      </div>
      <div className="sidebar__scroll">
        {hasAccounts && workspace === 'interactions' ? (
          <ViewsNav />
        ) : hasAccounts && workspace !== 'mail' ? (
          <QueueNav />
        ) : hasAccounts ? (
          <>
            <div className="sidebar__section-title">Shared mailboxes</div>
            <AccountList />
          </>
        ) : (
          knownEmpty && <p className="sidebar__empty">No mailboxes connected yet.</p>
        )}
      </div>
      <div className="sidebar__footer">
        {/* With no accounts the empty state carries the one Add account button. */}
        {hasAccounts && (
          <button type="button" className="sidebar__add" data-testid="add-account-button" title="Add account" onClick={openAddDialog}>
            <PlusIcon size={15} />
            <span className="sidebar__label">Add account</span>
          </button>
        )}
        <button type="button" className="sidebar__add" data-testid="settings-button" title="Settings" onClick={() => void openSettings()}>
          <GearIcon size={15} />
          <span className="sidebar__label">Settings</span>
        </button>
        <UpdateBanner />
        <SecretsWarning compact />
      </div>
    </nav>
  );
}
