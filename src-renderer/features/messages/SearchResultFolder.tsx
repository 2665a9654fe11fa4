import { findMailbox, useMailboxesStore } from '../../stores/mailboxes';
import { selectSearchingAllFolders, useMessagesStore } from '../../stores/messages';
import { displayName } from '../mailboxes/FolderList';

/** The folder a search result lives in, shown while the search looks in every folder. */
export function SearchResultFolder({ mailboxId }: { mailboxId: string }) {
  const allFolders = useMessagesStore(selectSearchingAllFolders);
  const mailbox = useMailboxesStore((s) => (allFolders ? findMailbox(s, mailboxId) : null));
  // The folder lists load with the sidebar; a row answered before its account's list is named once it arrives.
  if (!mailbox) return null;
  return (
    <span className="msg-row__folder" data-testid="result-folder" title={`In ${mailbox.path}`}>
      {displayName(mailbox)}
    </span>
  );
}
