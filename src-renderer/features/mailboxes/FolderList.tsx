import type { MailboxSummary } from '../../../src-preload/contract';
import { formatCount } from '../../lib/format';
import { accountNeedsAttention, useAccountsStore } from '../../stores/accounts';
import { isInbox, useMailboxesStore } from '../../stores/mailboxes';
import { ArchiveIcon, DraftIcon, FolderIcon, InboxIcon, JunkIcon, SendIcon, StarIcon, TrashIcon } from '../../ui/icons';

function iconFor(m: MailboxSummary) {
  if (isInbox(m)) return <InboxIcon />;
  switch (m.specialUse) {
    case '\\Sent':
      return <SendIcon />;
    case '\\Drafts':
      return <DraftIcon />;
    case '\\Trash':
      return <TrashIcon />;
    case '\\Junk':
      return <JunkIcon />;
    case '\\Archive':
    case '\\All':
      return <ArchiveIcon />;
    case '\\Flagged':
      return <StarIcon />;
    default:
      return <FolderIcon />;
  }
}

export function displayName(m: MailboxSummary): string {
  return isInbox(m) ? 'Inbox' : m.name || m.path;
}

/** One account's folders, INBOX first, with unread counts. */
export function FolderList({ accountId }: { accountId: string }) {
  const mailboxes = useMailboxesStore((s) => s.byAccount[accountId]);
  const loadError = useMailboxesStore((s) => s.loadErrors[accountId]);
  const selectedId = useMailboxesStore((s) => s.selectedMailboxId);
  const select = useMailboxesStore((s) => s.selectMailbox);
  // The folder whose headers are downloading right now, with how far it got.
  const headers = useAccountsStore((s) => {
    const p = s.progress[accountId];
    const account = s.accounts.find((a) => a.id === accountId);
    return p && p.phase === 'headers' && p.total > 0 && !(account && accountNeedsAttention(account)) ? p : undefined;
  });

  if (!mailboxes) {
    return loadError ? (
      <p className="folder-note folder-note--error" title={`${loadError.cause} ${loadError.fix}`}>
        Folders could not be loaded.
      </p>
    ) : null;
  }
  if (mailboxes.length === 0) return <p className="folder-note">Fetching folders…</p>;

  return (
    <ul className="folder-list" role="list">
      {mailboxes.map((m) => {
        const selected = m.id === selectedId;
        const progress = headers && headers.mailboxId === m.id ? headers : undefined;
        return (
          <li key={m.id}>
            <button
              type="button"
              className={`folder-item${selected ? ' folder-item--selected' : ''}${m.unread > 0 ? ' folder-item--unread' : ''}`}
              data-testid="folder-item"
              data-mailbox-id={m.id}
              data-path={m.path}
              aria-current={selected ? 'true' : undefined}
              title={m.path}
              onClick={() => select(m)}
            >
              <span className="folder-item__icon">{iconFor(m)}</span>
              <span className="folder-item__name">{displayName(m)}</span>
              {progress ? (
                <span
                  className="folder-item__progress"
                  data-testid="folder-progress"
                  title="Downloading message headers"
                  aria-label={`Downloading ${formatCount(Math.min(progress.done, progress.total))} of ${formatCount(progress.total)} messages`}
                >
                  {formatCount(Math.min(progress.done, progress.total))} / {formatCount(progress.total)}
                </span>
              ) : m.unread > 0 && (
                <span className="folder-item__count" aria-label={`${m.unread} unread`}>
                  {formatCount(m.unread)}
                </span>
              )}
            </button>
          </li>
        );
      })}
    </ul>
  );
}
