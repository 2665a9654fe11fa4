import { useEffect, useSyncExternalStore } from 'react';
import { SettingsApp } from '../settings/SettingsApp';
import { useNotificationsStore, windowTitle } from '../stores/notifications';
import { displayName } from '../features/mailboxes/FolderList';
import { useAccountsStore } from '../stores/accounts';
import { findMailbox, useMailboxesStore } from '../stores/mailboxes';
import { currentWorkspace, isSettingsRoute, useWorkspaceStore } from '../stores/workspace';
import { App } from './App';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

/** The main window, or the settings page at #/settings (its own window in Electron). */
export function Root() {
  const hash = useSyncExternalStore(subscribe, () => location.hash);
  const settings = isSettingsRoute(hash);
  const ticketsUnread = useNotificationsStore((s) => s.unread);
  const mail = currentWorkspace(useWorkspaceStore((s) => s.chosen), useAccountsStore((s) => s.accounts.length > 0)) === 'mail';
  const folder = useMailboxesStore((s) => findMailbox(s, s.selectedMailboxId));
  // In Mail the count is the shown folder's unread mail, named, as mail programs do; elsewhere the agent's unread tickets.
  const title = settings ? 'Mailroom Settings' : mail && folder ? windowTitle(folder.unread, displayName(folder)) : windowTitle(ticketsUnread);
  useEffect(() => {
    // The main window's title carries the unread count (the taskbar shows it where the icon has no badge).
    document.title = title;
  }, [title]);
  return settings ? <SettingsApp /> : <App />;
}
