import { AddAccountDialog } from '../features/accounts/AddAccountDialog';
import { MessageListPane } from '../features/messages/MessageListPane';
import { ReadingPane } from '../features/messages/ReadingPane';
import { useAccountsStore } from '../stores/accounts';
import { EmptyState } from '../ui/EmptyState';
import { ErrorBox } from '../ui/ErrorBox';
import { InboxIcon, PlusIcon } from '../ui/icons';
import { Spinner } from '../ui/Spinner';
import { OfflineBanner } from './OfflineBanner';
import { Sidebar } from './Sidebar';

function NoAccounts() {
  const openAddDialog = useAccountsStore((s) => s.openAddDialog);
  return (
    <EmptyState
      kind="no-accounts"
      icon={<InboxIcon size={26} />}
      title="Connect your team's shared mailbox"
      action={
        <button type="button" className="button button--primary button--large" data-testid="add-account-button" onClick={openAddDialog}>
          <PlusIcon size={16} />
          Add account
        </button>
      }
    >
      Add support@, sales@ or any shared address by IMAP and SMTP. Mailroom downloads it to this computer so the whole team can work
      it as a queue, even offline.
    </EmptyState>
  );
}

function Main() {
  const loaded = useAccountsStore((s) => s.loaded);
  const loadError = useAccountsStore((s) => s.loadError);
  const hasAccounts = useAccountsStore((s) => s.accounts.length > 0);

  if (!loaded) {
    return (
      <div className="main main--center">
        <Spinner size={20} label="Loading accounts" />
      </div>
    );
  }
  if (loadError && !hasAccounts) {
    return (
      <div className="main main--center">
        <ErrorBox title="Your accounts could not be loaded" error={loadError} />
      </div>
    );
  }
  if (!hasAccounts) {
    return (
      <div className="main main--center">
        <NoAccounts />
      </div>
    );
  }
  return (
    <div className="main main--panes">
      <MessageListPane />
      <ReadingPane />
    </div>
  );
}

export function App() {
  return (
    <div className="app">
      <OfflineBanner />
      <div className="shell">
        <Sidebar />
        <Main />
      </div>
      <AddAccountDialog />
    </div>
  );
}
