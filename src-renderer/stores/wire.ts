import { bridge } from '../lib/bridge';
import { keyedThrottle, throttle } from '../lib/throttle';
import { useAccountsStore } from './accounts';
import { findMailbox, useMailboxesStore } from './mailboxes';
import { useMessagesStore } from './messages';
import { useReaderStore } from './reader';
import { useStatusStore } from './status';

/**
 * Loads the first state and routes main's events into the stores. Components
 * never subscribe to the bridge themselves, so every event has one handler.
 * Returns a function that unsubscribes everything.
 */
export function connectBridge(): () => void {
  const api = bridge();

  // Sync sends many events per second; the screen catches up a few times a second.
  const refreshList = throttle(() => useMessagesStore.getState().refresh(), 300);
  const refreshFolders = keyedThrottle((accountId) => void useMailboxesStore.getState().loadFor(accountId), 1000);

  const refreshAllFolders = () => {
    for (const account of useAccountsStore.getState().accounts) refreshFolders(account.id);
  };

  const offs = [
    api.on('statusChanged', (status) => useStatusStore.getState().setStatus(status)),

    api.on('accountsChanged', (accounts) => {
      useAccountsStore.getState().setAccounts(accounts);
      useMailboxesStore.getState().retainAccounts(accounts.map((a) => a.id));
      refreshAllFolders();
    }),

    api.on('syncProgress', (progress) => {
      useAccountsStore.getState().applyProgress(progress);
      if (progress.phase === 'done') refreshFolders(progress.accountId);
    }),

    api.on('messagesChanged', ({ mailboxId }) => {
      if (useMessagesStore.getState().mailboxId === mailboxId) refreshList();
      useReaderStore.getState().refreshIfIncomplete(mailboxId);
      // Unread counts live on the folders; a mailbox we have not seen yet means new folders.
      const known = findMailbox(useMailboxesStore.getState(), mailboxId);
      if (known) refreshFolders(known.accountId);
      else refreshAllFolders();
    }),
  ];

  void useStatusStore.getState().load();
  void useAccountsStore
    .getState()
    .load()
    .then(() => {
      const ids = useAccountsStore.getState().accounts.map((a) => a.id);
      useMailboxesStore.getState().retainAccounts(ids);
      for (const id of ids) void useMailboxesStore.getState().loadFor(id);
    });

  return () => {
    for (const off of offs) off();
  };
}
