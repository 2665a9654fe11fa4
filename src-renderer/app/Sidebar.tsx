import { AccountList } from '../features/accounts/AccountList';
import { useAccountsStore } from '../stores/accounts';
import { useStatusStore } from '../stores/status';
import { PlusIcon } from '../ui/icons';

function Logo() {
  return (
    <svg width="22" height="22" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <rect x="1" y="1" width="22" height="22" rx="6" fill="#3553d4" />
      <path d="M6 8.5 12 12.5 18 8.5M6.5 7h11A1.5 1.5 0 0 1 19 8.5v7a1.5 1.5 0 0 1-1.5 1.5h-11A1.5 1.5 0 0 1 5 15.5v-7A1.5 1.5 0 0 1 6.5 7Z" fill="none" stroke="#fff" strokeWidth="1.6" strokeLinejoin="round" />
    </svg>
  );
}

export function Sidebar() {
  const hasAccounts = useAccountsStore((s) => s.accounts.length > 0);
  const openAddDialog = useAccountsStore((s) => s.openAddDialog);
  const status = useStatusStore((s) => s.status);

  return (
    <nav className="sidebar" aria-label="Accounts and folders">
      <div className="sidebar__brand">
        <Logo />
        <span className="sidebar__name">Mailroom</span>
      </div>
      <div className="sidebar__scroll">
        {hasAccounts ? (
          <>
            <div className="sidebar__section-title">Shared mailboxes</div>
            <AccountList />
          </>
        ) : (
          <p className="sidebar__empty">No mailboxes connected yet.</p>
        )}
      </div>
      {/* With no accounts the empty state carries the one Add account button. */}
      {(hasAccounts || (status && !status.secretsSecure)) && (
      <div className="sidebar__footer">
        {hasAccounts && (
          <button type="button" className="sidebar__add" data-testid="add-account-button" onClick={openAddDialog}>
            <PlusIcon size={15} />
            Add account
          </button>
        )}
        {status && !status.secretsSecure && (
          <p className="sidebar__warning" title="Passwords are stored with the basic text backend on this system.">
            Passwords are not encrypted on this computer.
          </p>
        )}
      </div>
      )}
    </nav>
  );
}
