import type { MailboxSummary } from '../../../src-preload/contract';
import { formatCount } from '../../lib/format';
import { accountNeedsAttention, useAccountsStore } from '../../stores/accounts';
import { isInbox, useMailboxesStore } from '../../stores/mailboxes';
import { ImportFolderButton } from './ImportFolderButton';
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

/** Said after a folder's name to screen readers, as the dimming says it to the eye. */
const NOT_IMPORTED_NOTE: Partial<Record<MailboxSummary['importState'], string>> = {
  proposed: 'not imported, suggested',
  'not-imported': 'not imported',
  never: 'never imported',
};

/** One account's folders, INBOX first, with unread counts; folders not imported dimmed, Sent proposed for import. */
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
        const note = NOT_IMPORTED_NOTE[m.importState];
        return (
          <li key={m.id} className={m.importState === 'proposed' ? 'folder-row folder-row--proposed' : 'folder-row'}>
            <button
              type="button"
              className={`folder-item${selected ? ' folder-item--selected' : ''}${m.unread > 0 ? ' folder-item--unread' : ''}${note ? ' folder-item--not-imported' : ''}`}
              data-testid="folder-item"
              data-mailbox-id={m.id}
              data-path={m.path}
              data-import-state={m.importState}
              aria-current={selected ? 'true' : undefined}
              title={m.path}
              onClick={() => select(m)}
            >
              <span className="folder-item__icon">{iconFor(m)}</span>
              <span className="folder-item__name">{displayName(m)}</span>
              {note && <span className="visually-hidden">({note})</span>}
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
            {m.importState === 'proposed' && <ImportFolderButton mailbox={m} label="Import" small />}
          </li>
        );
      })}
    </ul>
  );
}
