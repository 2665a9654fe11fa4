import { AccountsRepo } from './accounts-repo';
import { AttachmentRefsRepo } from './attachment-refs';
import { openDatabase } from './database';
import { MailboxesRepo } from './mailboxes-repo';
import { MessagesRepo } from './messages-repo';

/** The local cache: one writer connection, typed repositories over it. */
export interface Store {
  accounts: AccountsRepo;
  mailboxes: MailboxesRepo;
  messages: MessagesRepo;
  attachmentRefs: AttachmentRefsRepo;
  close(): void;
}

export function openStore(dataDir: string): Store {
  const db = openDatabase(dataDir);
  const messages = new MessagesRepo(db);
  // Rows a killed sync stored but did not index yet (all of them after migration 005).
  while (messages.indexNew(5000) > 0);
  return {
    accounts: new AccountsRepo(db),
    mailboxes: new MailboxesRepo(db),
    messages,
    attachmentRefs: new AttachmentRefsRepo(db),
    close: () => db.close(),
  };
}
