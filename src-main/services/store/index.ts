import { AccountsRepo } from './accounts-repo';
import { AttachmentRefsRepo } from './attachment-refs';
import { Checkpoints } from './checkpoints';
import { openDatabase } from './database';
import { DraftsRepo } from './drafts-repo';
import { MailboxesRepo } from './mailboxes-repo';
import { MessageKeys } from './message-keys';
import { MessageMovesRepo } from './message-moves-repo';
import { MessagesRepo } from './messages-repo';
import { OutboxRepo } from './outbox-repo';
import { PendingFlagChanges } from './pending-changes';
import { SearchIndex } from './search-index';
import { ServerDeletionsRepo } from './server-deletions-repo';
import { TeamRepo } from './team-repo';
import { TicketImportRepo } from './ticket-import-repo';

/** The local cache: one writer connection, typed repositories over it. */
export interface Store {
  accounts: AccountsRepo;
  mailboxes: MailboxesRepo;
  messages: MessagesRepo;
  /** Message-IDs of stored headers, staged and then keyed in sorted passes (message-keys.ts). */
  messageKeys: MessageKeys;
  search: SearchIndex;
  /** The agent's flag changes queued for the server (pending-changes.ts: the pattern for outbox and team log). */
  pendingFlags: PendingFlagChanges;
  /** Messages archived or deleted in Mail, queued for the server (sync/message-moves.ts). */
  messageMoves: MessageMovesRepo;
  attachmentRefs: AttachmentRefsRepo;
  /** The team log's outbox and each account's folded team state. */
  team: TeamRepo;
  /** Which stored messages the ticket importer has turned into tickets. */
  ticketImport: TicketImportRepo;
  /** What agents are writing (services/compose/). */
  drafts: DraftsRepo;
  /** Outgoing mail: each mail's row, raw MIME and SMTP outcome (services/outbox/). */
  outbox: OutboxRepo;
  /** Tickets deleted from the server: the persisted steps (services/tickets/server-deletion.ts). */
  serverDeletions: ServerDeletionsRepo;
  /** WAL checkpoints on a worker thread once a big sync runs (checkpoints.ts). */
  checkpoints: Checkpoints;
  close(): void;
}

export function openStore(dataDir: string): Store {
  const db = openDatabase(dataDir);
  const search = new SearchIndex(db);
  // Rows a killed sync stored but did not index yet (all of them after migration 005).
  while (search.indexNew(5000) > 0);
  const checkpoints = new Checkpoints(db);
  // First: it creates the staging table the other repositories' Message-ID lookups read.
  const messageKeys = new MessageKeys(db);
  return {
    accounts: new AccountsRepo(db, search),
    mailboxes: new MailboxesRepo(db),
    messages: new MessagesRepo(db, search, messageKeys),
    messageKeys,
    search,
    pendingFlags: new PendingFlagChanges(db),
    messageMoves: new MessageMovesRepo(db),
    attachmentRefs: new AttachmentRefsRepo(db),
    team: new TeamRepo(db),
    ticketImport: new TicketImportRepo(db),
    drafts: new DraftsRepo(db),
    outbox: new OutboxRepo(db),
    serverDeletions: new ServerDeletionsRepo(db),
    checkpoints,
    close: () => {
      checkpoints.stop();
      db.close();
    },
  };
}
