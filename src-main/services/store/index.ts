import { AccountsRepo } from './accounts-repo';
import { openDatabase } from './database';
import { MailboxesRepo } from './mailboxes-repo';
import { MessagesRepo } from './messages-repo';

/** The local cache: one writer connection, typed repositories over it. */
export interface Store {
  accounts: AccountsRepo;
  mailboxes: MailboxesRepo;
  messages: MessagesRepo;
  close(): void;
}

export function openStore(dataDir: string): Store {
  const db = openDatabase(dataDir);
  return {
    accounts: new AccountsRepo(db),
    mailboxes: new MailboxesRepo(db),
    messages: new MessagesRepo(db),
    close: () => db.close(),
  };
}
