import type { CSSProperties } from 'react';
import type { AccountSummary } from '../../src-preload/contract';
import { CommandPalette } from '../commands/CommandPalette';
import { ShortcutsHelp } from '../commands/ShortcutsHelp';
import { useCommandKeys } from '../commands/useCommandKeys';
import { AccountEditorDialog } from '../features/accounts/AccountEditorDialog';
import { ReconnectBanners } from '../features/accounts/ReconnectBanner';
import { Composer } from '../features/compose/Composer';
import { UndoSendBar } from '../features/compose/UndoSendBar';
import { ContactsView } from '../features/contacts/ContactsView';
import { ExportDialogs } from '../features/exports/ExportDialogs';
import { InteractionsView } from '../features/interactions/InteractionsView';
import { ReportsView } from '../features/reports/ReportsView';
import { ListSplitter } from '../features/messages/ListSplitter';
import { MessageListPane } from '../features/messages/MessageListPane';
import { OutboxView } from '../features/outbox/OutboxView';
import { ReadingPane } from '../features/messages/ReadingPane';
import { ProfileDialog } from '../features/team/ProfileDialog';
import { SupervisorView } from '../features/team/SupervisorView';
import { DeleteTicketDialog } from '../features/tickets/DeleteTicketDialog';
import { TicketsWorkspace } from '../features/tickets/TicketsWorkspace';
import { useAccountsStore } from '../stores/accounts';
import { useMailboxesStore } from '../stores/mailboxes';
import { useMailLayoutStore } from '../stores/mailLayout';
import { useStatusStore } from '../stores/status';
import { currentWorkspace, useWorkspaceStore, type Workspace } from '../stores/workspace';
import { EmptyState } from '../ui/EmptyState';
import { ErrorBox } from '../ui/ErrorBox';
import { InboxIcon, PlusIcon } from '../ui/icons';
import { Spinner } from '../ui/Spinner';
import { Toasts } from '../ui/Toasts';
import { OfflineBanner } from './OfflineBanner';
import { Sidebar } from './Sidebar';
import { TopBar } from './TopBar';

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
      Add support@, sales@ or any shared address: sign in with Google or Microsoft, or connect any provider by IMAP and SMTP. Mailroom
      downloads it to this computer so the whole team can work it as a queue, even offline.
    </EmptyState>
  );
}

function Main({ workspace }: { workspace: Workspace }) {
  const loaded = useAccountsStore((s) => s.loaded);
  const loadError = useAccountsStore((s) => s.loadError);
  const hasAccounts = useAccountsStore((s) => s.accounts.length > 0);
  const cutOff = useStatusStore((s) => s.connectionLost !== null);
  const listWidth = useMailLayoutStore((s) => s.listWidth);

  // Cut off before anything loaded: the banner above says why, once.
  if (cutOff && !hasAccounts) return <div className="main" />;
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
  if (workspace === 'tickets') return <TicketsWorkspace />;
  if (workspace === 'interactions') return <InteractionsView />;
  if (workspace === 'supervisor') return <SupervisorView />;
  if (workspace === 'reports') return <ReportsView />;
  if (workspace === 'contacts') return <ContactsView />;
  if (workspace === 'outbox') return <OutboxView />;
  return (
    <div className="main main--panes" style={{ '--list-width': `${listWidth}px` } as CSSProperties}>
      <MessageListPane />
      <ListSplitter />
      <ReadingPane />
    </div>
  );
}

/** A new account's inbox is what the admin wants to see next; the selection settles once sync lists it. */
function afterSave(account: AccountSummary, mode: 'add' | 'edit') {
  if (mode === 'add') useMailboxesStore.getState().selectAccount(account.id);
}

export function App() {
  const cutOff = useStatusStore((s) => s.connectionLost !== null);
  const hasAccounts = useAccountsStore((s) => s.accounts.length > 0);
  const workspace = currentWorkspace(useWorkspaceStore((s) => s.chosen), hasAccounts);
  useCommandKeys();
  return (
    <div className="app" data-connection={cutOff ? 'lost' : undefined}>
      <OfflineBanner />
      <ReconnectBanners />
      <div className="shell">
        <Sidebar workspace={workspace} />
        <div className="workspace" data-workspace={workspace}>
          {hasAccounts && <TopBar workspace={workspace} />}
          <Main workspace={workspace} />
        </div>
      </div>
      <AccountEditorDialog afterSave={afterSave} />
      <ProfileDialog />
      <ShortcutsHelp />
      <CommandPalette />
      <DeleteTicketDialog />
      <Composer />
      <UndoSendBar />
      <ExportDialogs />
      <Toasts />
    </div>
  );
}
