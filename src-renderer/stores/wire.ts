import { parseSafeExternalUrl } from '../../src-preload/safe-external-url';
import type { TestMailResult } from '../../src-preload/contract';
import { bridge } from '../lib/bridge';
import { keyedThrottle, throttle } from '../lib/throttle';
import { useAccountsStore } from './accounts';
import { useAutoReplyStore } from './autoReply';
import { useCannedStore } from './canned';
import { useComposeStore } from './compose';
import { useContactsStore } from './contacts';
import { useExportsStore } from './exports';
import { useInteractionsStore } from './interactions';
import { findMailbox, useMailboxesStore } from './mailboxes';
import { openTarget } from '../features/notifications/open-target';
import { showWebNotification } from '../features/notifications/web-notifications';
import { useNotificationsStore } from './notifications';
import { selectMailboxId, useMessagesStore } from './messages';
import { useOutboxStore } from './outbox';
import { useReaderStore } from './reader';
import { useReportsStore } from './reports';
import { useStatusStore } from './status';
import { useTeamStore } from './team';
import { useTeamSettingsStore } from './teamSettings';
import { useTicketsStore } from './tickets';
import { useToastsStore } from './toasts';
import { isSettingsRoute } from './workspace';

/** Only web pages leave the app: the provider's sign-in page in the browser host. */
function openSignInPage(url: string): void {
  const parsed = parseSafeExternalUrl(url);
  if (!parsed || parsed.protocol === 'mailto:') return;
  window.open(parsed.href, '_blank', 'noopener,noreferrer');
}

/** The test email main sends after saving an account: arrived (and how fast) or why not. */
function announceTestMail(result: TestMailResult): void {
  const account = useAccountsStore.getState().accounts.find((a) => a.id === result.accountId);
  const name = account?.name ?? 'The new account';
  const data = { 'account-id': result.accountId, ok: String(result.ok) };
  if (result.ok) {
    const seconds = result.seconds === undefined ? null : Math.max(1, Math.round(result.seconds));
    useToastsStore.getState().push({
      kind: 'success',
      title: seconds === null ? 'Test email arrived' : `Test email arrived in ${seconds} s`,
      text:
        result.removed === false
          ? `${name} can send and receive mail. The server did not let Mailroom delete the test email: delete "Mailroom connection test" from the inbox.`
          : `${name} can send and receive mail. The test email was deleted again.`,
      testId: 'test-mail-result',
      data,
    });
  } else {
    useToastsStore.getState().push({
      kind: 'error',
      title: `${name}: the test email did not arrive`,
      error: result.error ?? {
        code: 'test-mail/failed',
        cause: 'Mailroom sent a test email to this account but it did not arrive.',
        fix: 'Check the SMTP settings, then save the account again.',
      },
      testId: 'test-mail-result',
      data,
    });
  }
}

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

  // Team events arrive in bursts too (a catch-up folds many): lists and counts re-read a few times a second.
  const refreshTickets = throttle(() => useTicketsStore.getState().refresh(), 300);
  const refreshInteractions = throttle(() => useInteractionsStore.getState().refresh(), 300);
  const reloadViews = throttle(() => {
    if (useInteractionsStore.getState().viewsLoaded) void useInteractionsStore.getState().loadViews();
  }, 300);
  const reloadOpenTicket = keyedThrottle((accountId) => useTicketsStore.getState().reloadOpen(accountId), 300);
  const refreshStats = throttle(() => {
    if (useTeamStore.getState().stats) void useTeamStore.getState().loadStats();
  }, 1000);
  const refreshContacts = throttle(() => useContactsStore.getState().refresh(), 1000);
  const refreshReports = throttle(() => useReportsStore.getState().refresh(), 1000);
  const reloadTeam = keyedThrottle((accountId) => void useTeamStore.getState().loadTeam(accountId), 1000);
  // Only a window that shows the answers re-reads them (an account's name or removal changes the list too).
  const reloadCanned = throttle(() => {
    if (useCannedStore.getState().loaded) void useCannedStore.getState().load();
  }, 300);
  // A sending mail changes state a few times in a second; the log and its badge catch up after.
  const outboxChanged = throttle(() => useOutboxStore.getState().changed(), 300);

  const refreshAllFolders = () => {
    for (const account of useAccountsStore.getState().accounts) refreshFolders(account.id);
  };

  const offs = [
    // First, so a page whose host was already gone shows it before anything else asks.
    api.on('connectionLost', (error) => useStatusStore.getState().setConnectionLost(error)),

    api.on('statusChanged', (status) => useStatusStore.getState().setStatus(status)),

    api.on('accountsChanged', (accounts) => {
      useAccountsStore.getState().setAccounts(accounts);
      useMailboxesStore.getState().retainAccounts(accounts.map((a) => a.id));
      useTeamStore.getState().retainTeams(accounts.map((a) => a.id));
      refreshAllFolders();
      for (const account of accounts) reloadTeam(account.id);
      reloadCanned();
    }),

    api.on('testMailResult', announceTestMail),


    api.on('oauthUrl', ({ url }) => openSignInPage(url)),

    api.on('syncProgress', (progress) => {
      useAccountsStore.getState().applyProgress(progress);
      if (progress.phase === 'done') refreshFolders(progress.accountId);
    }),

    api.on('messagesChanged', ({ mailboxId }) => {
      if (selectMailboxId(useMessagesStore.getState()) === mailboxId) refreshList();
      useReaderStore.getState().refreshIfIncomplete(mailboxId);
      // Unread counts live on the folders; a mailbox we have not seen yet means new folders.
      const known = findMailbox(useMailboxesStore.getState(), mailboxId);
      if (known) refreshFolders(known.accountId);
      else refreshAllFolders();
    }),

    api.on('ticketsChanged', ({ accountId }) => {
      refreshTickets();
      refreshInteractions();
      reloadOpenTicket(accountId);
      refreshStats();
      refreshContacts();
      refreshReports();
    }),

    api.on('actionRejected', ({ accountId, ticket, message }) => {
      // The open ticket says it in place; a rejection about another ticket must not go unseen.
      const open = useTicketsStore.getState().openRef;
      if (open && open.accountId === accountId && open.ticket === ticket) {
        useTicketsStore.getState().addNotice({ accountId, ticket, kind: 'rejected', message });
        return;
      }
      useToastsStore.getState().push(
        { kind: 'info', title: 'Your action did not go through', text: `${message} Open the ticket to see who has it now.`, testId: 'action-rejected' },
        { timeoutMs: 20_000 },
      );
    }),

    api.on('draftsChanged', ({ accountId }) => useComposeStore.getState().draftsChanged(accountId)),
    api.on('outboxChanged', outboxChanged),

    api.on('meChanged', (me) => useTeamStore.getState().setMe(me)),

    api.on('cannedChanged', reloadCanned),

    api.on('viewsChanged', reloadViews),

    api.on('exportProgress', (progress) => useExportsStore.getState().progressed(progress)),

    api.on('unreadCountChanged', ({ count }) => useNotificationsStore.getState().setUnread(count)),
    api.on('notificationShow', (n) => void showWebNotification(n)),
    // Electron: every window hears the click; the settings window has no tickets to open.
    api.on('notificationOpen', (target) => {
      if (!isSettingsRoute(location.hash)) openTarget(target);
    }),

    api.on('teamChanged', ({ accountId }) => {
      useTeamSettingsStore.getState().teamChanged(accountId);
      useAutoReplyStore.getState().teamChanged(accountId);
      reloadTeam(accountId);
      refreshStats();
      refreshReports();
    }),
  ];

  void useStatusStore.getState().load();
  void useTeamStore.getState().loadMe();
  void useOutboxStore.getState().countAttention();
  void useNotificationsStore.getState().load();
  void useAccountsStore
    .getState()
    .load()
    .then(() => {
      const ids = useAccountsStore.getState().accounts.map((a) => a.id);
      useMailboxesStore.getState().retainAccounts(ids);
      for (const id of ids) {
        void useMailboxesStore.getState().loadFor(id);
        void useTeamStore.getState().loadTeam(id);
      }
    });

  return () => {
    for (const off of offs) off();
  };
}
