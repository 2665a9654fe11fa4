import { useState } from 'react';
import { parseSearch, shortLastWord, type AccountSummary } from '../../../src-preload/contract';
import { bridge } from '../../lib/bridge';
import { formatCount } from '../../lib/format';
import { accountIsSyncing, accountNeedsAttention, useAccountsStore } from '../../stores/accounts';
import { findMailbox, isInbox, useMailboxesStore } from '../../stores/mailboxes';
import { useMailLayoutStore } from '../../stores/mailLayout';
import { SEARCH_LIMIT, selectSearchQuery, useMessagesStore } from '../../stores/messages';
import { EmptyState } from '../../ui/EmptyState';
import { ErrorBox, ErrorText, LoadError } from '../../ui/ErrorBox';
import { AlertIcon, CloudOffIcon, InboxIcon, RefreshIcon } from '../../ui/icons';
import { Spinner } from '../../ui/Spinner';
import { displayName } from '../mailboxes/FolderList';
import { ImportFolderButton } from '../mailboxes/ImportFolderButton';
import { RowSkeleton } from './MessageRow';
import { MessageList } from './MessageList';
import { SearchBox } from './SearchBox';

/** Red banner for an account that stopped syncing: what happened, the fix, and a retry. */
function AccountErrorBanner({ account }: { account: AccountSummary }) {
  const [retrying, setRetrying] = useState(false);
  const error = account.lastError ?? {
    code: 'unknown',
    cause: account.status === 'needs-reconnect' ? 'Mailroom can no longer sign in to this mailbox.' : 'Syncing this mailbox stopped.',
    fix: 'Check the account settings, then try again.',
  };
  const retry = async () => {
    setRetrying(true);
    try {
      await bridge().syncAccount({ accountId: account.id });
    } catch {
      // The account's status and lastError will say what went wrong.
    } finally {
      setRetrying(false);
    }
  };
  return (
    <div className="banner banner--error" role="alert" data-testid="account-error">
      <span className="banner__icon">
        <AlertIcon size={16} />
      </span>
      <div className="banner__text">
        <p className="banner__title">{account.status === 'needs-reconnect' ? `${account.name} needs to be reconnected` : `${account.name} can’t sync`}</p>
        <ErrorText error={error} />
        <div className="banner__actions">
          <button type="button" className="button button--small button--secondary" onClick={() => void retry()} disabled={retrying}>
            {retrying ? <Spinner size={12} /> : <RefreshIcon size={13} />}
            Try again
          </button>
        </div>
      </div>
    </div>
  );
}

/** Grey rows; with `status`, a first sync's "Downloading 3,001 messages…" above them. */
function ListSkeleton({ status }: { status?: string }) {
  return (
    <div className="message-list message-list--loading" aria-busy="true" aria-label={status ?? 'Loading conversations'} data-testid="list-skeleton">
      {status && (
        <p className="list-skeleton__status" role="status">
          <Spinner size={12} /> {status}
        </p>
      )}
      {Array.from({ length: 8 }, (_, i) => (
        <div key={i} className="msg-row msg-row--placeholder msg-row--static">
          <RowSkeleton />
        </div>
      ))}
    </div>
  );
}

/** Three-line rows, or one line each to see more at once; remembered on this computer. */
function DensityToggle() {
  const density = useMailLayoutStore((s) => s.density);
  const compact = density === 'compact';
  return (
    <button
      type="button"
      className="density-toggle"
      data-testid="density-toggle"
      aria-pressed={compact}
      title={compact ? 'Show a preview line under each subject' : 'One line per message, to see more at once'}
      onClick={() => useMailLayoutStore.getState().setDensity(compact ? 'comfortable' : 'compact')}
    >
      Compact
    </button>
  );
}

/** The middle column: folder title, account banner, and the list or what to expect instead. */
export function MessageListPane() {
  const selectedAccountId = useMailboxesStore((s) => s.selectedAccountId);
  const mailbox = useMailboxesStore((s) => findMailbox(s, s.selectedMailboxId));
  const foldersKnown = useMailboxesStore((s) => (selectedAccountId ? s.byAccount[selectedAccountId] !== undefined : false));
  const account = useAccountsStore((s) => s.accounts.find((a) => a.id === selectedAccountId));
  const progress = useAccountsStore((s) => (selectedAccountId ? s.progress[selectedAccountId] : undefined));
  const syncing = account !== undefined && accountIsSyncing(account, progress);
  // New headers become searchable in a pass after a folder's headers are in.
  const indexing = progress?.phase === 'headers' || progress?.phase === 'indexing';
  const total = useMessagesStore((s) => s.total);
  const listError = useMessagesStore((s) => s.error);
  const searchQuery = useMessagesStore(selectSearchQuery);
  // Rows change height with the density: a new list measures them afresh.
  const density = useMailLayoutStore((s) => s.density);

  const count = total ?? mailbox?.total ?? 0;
  // This folder's header download, when it is the one under way: its total is the one number shown.
  const downloading = progress?.phase === 'headers' && progress.mailboxId === mailbox?.id && progress.total > 0 ? progress.total : null;
  const unread = mailbox?.unread ?? 0;
  const title = mailbox ? displayName(mailbox) : 'Inbox';

  let content;
  if (searchQuery) {
    if (listError && !total) {
      content = (
        <div className="pane-pad">
          <ErrorBox title="The search could not be run" error={listError} />
        </div>
      );
    } else if (total === null) {
      content = <ListSkeleton />;
    } else if (total === 0) {
      content = (
        <EmptyState kind="no-results" title={`No messages match “${searchQuery}”`}>
          Mailroom searched senders, subjects and the text of the mail on this computer. <NoResultsHint query={searchQuery} />
        </EmptyState>
      );
    } else {
      content = <MessageList key={`search:${searchQuery}:${density}`} total={total} />;
    }
  } else if (!mailbox) {
    content = (
      <EmptyState kind="no-folders" icon={<Spinner size={20} />} title={foldersKnown ? 'Waiting for folders' : 'Loading folders…'}>
        {account ? `Mailroom is fetching the folder list of ${account.email}. The inbox opens by itself as soon as it arrives.` : null}
      </EmptyState>
    );
  } else if (listError && total === 0) {
    content = <LoadError title="The conversations could not be loaded" error={listError} onRetry={() => useMessagesStore.getState().refresh()} />;
  } else if (total === null) {
    content = <ListSkeleton />;
  } else if (total === 0 && mailbox.importState !== 'imported') {
    content =
      mailbox.importState === 'never' ? (
        <EmptyState kind="not-imported" icon={<InboxIcon size={22} />} title="Not imported">
          Mailroom never imports trash and spam: that mail was already decided against.
        </EmptyState>
      ) : (
        <EmptyState
          kind="not-imported"
          icon={<InboxIcon size={22} />}
          title="Not imported"
          action={<ImportFolderButton mailbox={mailbox} label="Import this folder" />}
        >
          {mailbox.importState === 'proposed'
            ? `${account?.name ?? 'This account'} does not import ${title} yet. Import it so everyone sees the replies colleagues sent from other mail programs.`
            : `${account?.name ?? 'This account'} does not import ${title}, so its mail is not on this computer.`}
        </EmptyState>
      );
  } else if (total === 0 && !mailbox.synced && syncing && !(account && accountNeedsAttention(account))) {
    // A first sync: an empty list would claim an empty folder.
    content = <ListSkeleton status={downloading !== null ? `Downloading ${formatCount(downloading)} ${downloading === 1 ? 'message' : 'messages'}…` : `Downloading ${title}…`} />;
  } else if (total === 0 && account?.status === 'offline' && !account.lastSyncAt) {
    // Never synced: an empty list here says nothing about the mailbox, so say why it is empty.
    content = (
      <EmptyState kind="not-downloaded" icon={<CloudOffIcon size={22} />} title="Nothing downloaded yet">
        <p>Mailroom cannot reach the mail server of {account.email}, so none of its mail is on this computer yet. It keeps trying and fills this list once it connects.</p>
        {account.lastError && <ErrorText error={account.lastError} />}
      </EmptyState>
    );
  } else if (total === 0) {
    content = (
      <EmptyState kind="empty-folder" icon={<InboxIcon size={22} />} title={`No conversations in ${title}`}>
        {account && accountNeedsAttention(account)
          ? 'Nothing could be downloaded yet. Fix the connection problem above, then try again.'
          : isInbox(mailbox)
              ? `New mail to ${account?.email ?? 'this mailbox'} will show up here as soon as it arrives.`
              : 'Nothing has been filed in this folder yet.'}
      </EmptyState>
    );
  } else {
    content = <MessageList key={`${mailbox.id}:${density}`} total={total} />;
  }

  return (
    <section className="list-pane" id="mail-list-pane" aria-label="Conversations">
      <header className="list-header">
        <div className="list-header__title-row">
          <h1 className="list-header__title">{title}</h1>
          {account && <span className="list-header__account">{account.name}</span>}
        </div>
        <SearchBox />
        <div className="list-header__meta" data-testid="list-pane-meta">
          {searchQuery ? (
            <span data-testid="search-summary" aria-live="polite">
              {total === null
                ? `Searching for “${searchQuery}”…`
                : `${total >= SEARCH_LIMIT ? 'First ' : ''}${formatCount(total)} ${total === 1 ? 'result' : 'results'} for “${searchQuery}”`}
              {indexing && ' · new mail is still being indexed, search again in a moment for all of it'}
            </span>
          ) : mailbox ? (
            <>
              {formatCount(count)} {count === 1 ? 'conversation' : 'conversations'}
              {unread > 0 && (
                <>
                  <span className="dot-sep" aria-hidden="true">·</span>
                  <span className="list-header__unread">{formatCount(unread)} unread</span>
                </>
              )}
            </>
          ) : (
            '\u00a0'
          )}
          <DensityToggle />
        </div>
      </header>
      {account && accountNeedsAttention(account) && <AccountErrorBanner account={account} />}
      <div className="list-pane__content">{content}</div>
    </section>
  );
}

/** What to try when a search found nothing: a short last word is matched whole, so typing on may find what starts with it. */
function NoResultsHint({ query }: { query: string }) {
  const parsed = parseSearch(query);
  const short = parsed.ok ? shortLastWord(parsed.query) : null;
  if (short === null) return <>Try fewer or different words.</>;
  return <>“{short}” is matched as a whole word: type three letters or more to find words that start with them, or try different words.</>;
}
