import type { ImapFlow } from 'imapflow';
import { isNetworkError, needsReconnect, type AccountStatus, type ErrorInfo, type SyncProgress } from '../../../src-preload/contract';
import { explainError } from '../errors/explain';
import { connectionOptionsOf, createImapClient, errorContextOf, type Credentials } from '../mail/connections';
import type { Store } from '../store';
import type { AccountRecord } from '../store/accounts-repo';
import type { AttachmentStore } from '../store/attachments';
import { activeFolders } from './active-folders';
import { backoffDelay } from './backoff';
import { autoDownloadBytes, fetchBodies, fetchOneBody, fetchOneRaw } from './body-sync';
import type { DownloadProgress } from './source-fetch';
import { logoutWithin, startHeartbeat, type HeartbeatTiming } from './heartbeat';
import { parseHeaderFilter, syncSince } from './import-criteria';
import { InboxWatcher } from './inbox-watcher';
import { countVanishedMessages } from './vanished-count';
import { HeaderWorker } from './parallel-headers';
import { BodyWorker } from './parallel-bodies';
import { syncFolderHeaders, type FolderSyncContext, type MailboxSyncHooks } from './mailbox-sync';
import type { MailboxRecord } from '../store/mailboxes-repo';
import { applyAfterImport, pushFlagChanges } from './server-changes';
import { listFolders } from '../mail/listed-folders';
import { runMessageMoves } from './message-moves';
import { trace } from './sync-trace';
import type { TicketImportHook } from '../tickets/ticket-importer';
import type { TicketDeletionHook } from '../tickets/server-deletion';

export interface AccountSyncDeps {
  store: Store;
  attachments: AttachmentStore;
  credentials(accountId: string): Promise<Credentials>;
  statusChanged(accountId: string, status: AccountStatus, error: ErrorInfo | null): void;
  progress(progress: SyncProgress): void;
  messagesChanged(mailboxId: string): void;
  /** Heartbeat of both connections; the defaults unless a test needs a dead link noticed fast. */
  heartbeat?: HeartbeatTiming;
  /** The sync workers' code (see HeaderWorker, BodyWorker); without it, every header and body comes over the work connection. */
  headerWorkerScript?: string;
  /** The body phase stored sources for the deriver (SyncManager's); none: they wait for the reader or the next start. */
  sourcesStored?(): void;
  /** The account's team log, served by the work connection between sync rounds; none: the connection just waits. */
  teamLog?(accountId: string): TeamLogLink | null;
  /** Turns stored mail into tickets (tickets/ticket-importer.ts); without it the sync only caches mail. */
  tickets?: TicketImportHook;
  /** Tickets this agent deleted from the server (tickets/server-deletion.ts): their messages go to Trash and are erased there. */
  ticketDeletions?: TicketDeletionHook;
}

/** What the work connection does for the team log (teamlog/team-log.ts) while it waits for work. */
export interface TeamLogLink {
  /** Reads and appends on `client`, then IDLEs on the log folder, until `until` settles. */
  watch(client: ImapFlow, until: Promise<void>, inboxWatched: boolean): Promise<void>;
  /** One pass on the log (read, append): when a sync round starts, before new mail is imported as tickets and while it is. False when the log failed (its notice says why). */
  catchUp(client: ImapFlow): Promise<boolean>;
}

/** Offline, retry at least once a minute so the account is back soon after the network. */
const MAX_OFFLINE_RETRY_MS = 60_000;
const MAX_ERROR_RETRY_MS = 5 * 60_000;
/** With the IDLE connection refused (per-user limits), INBOX is polled this often instead. */
export const ONE_CONNECTION_POLL_MS = 5000;
/**
 * The IDLE connection restarts its IDLE this often: Dovecot with 100,000 messages in INBOX
 * went silent in IDLE while mail was delivered (up to 15 s in the benchmark, until the
 * heartbeat's NOOP drew the EXISTS out), and a new IDLE reports at once what arrived.
 */
export const WATCHER_IDLE_RESTART_MS = 1500;
/** A sync failing this many times in a row for a reason other than the network stops and says why. */
export const MAX_CONSECUTIVE_FAILURES = 8;

/**
 * Keeps one account in sync with two connections: the work connection syncs every
 * active folder (headers, flags, bodies, after-import, the app's flag changes) and
 * then waits; the IDLE connection (InboxWatcher) wakes it when INBOX changes. Other
 * folders, and servers without IDLE, are polled at the account's poll interval.
 *
 * Failures: network errors mark the account offline and retry with back-off and
 * jitter (at most a minute apart) for as long as it takes; a rejected login stops
 * until the account is fixed; any other failure is retried with back-off and, after
 * MAX_CONSECUTIVE_FAILURES in a row, stops with the explanation until the user asks
 * for a sync or changes the settings.
 */
export class AccountSync {
  private client: ImapFlow | null = null;
  private watcher: InboxWatcher | null = null;
  private stopped = false;
  private running = false;
  /** Work was asked for while a sync ran: do another round instead of waiting. */
  private pending = false;
  private wake: (() => void) | null = null;
  private offlineAttempts = 0;
  private failures = 0;

  constructor(
    private readonly account: AccountRecord,
    private readonly deps: AccountSyncDeps,
  ) {}

  start(): void {
    if (this.running || this.stopped) return;
    this.running = true;
    void this.loop().finally(() => {
      this.running = false;
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await Promise.all([this.watcher?.stop(), this.closeClient()]);
    this.watcher = null;
  }

  /** The user asked for a sync: resets the failure count and restarts a loop that gave up. */
  requestSync(): void {
    this.failures = 0;
    this.offlineAttempts = 0;
    this.poke();
    this.start();
  }

  /** Something changed (server push, a local flag change): sync soon, without resetting anything. */
  poke(): void {
    trace(`sync ${this.account.id} poked`);
    this.pending = true;
    this.wake?.();
  }

  /** Fetches a body the reader is waiting for (a big one with progress); false when offline. */
  async loadBody(messageId: number, progress?: DownloadProgress): Promise<boolean> {
    const client = this.client;
    const where = this.deps.store.messages.locate(messageId);
    const mailbox = where ? this.deps.store.mailboxes.byId(where.mailboxId) : null;
    if (!client?.usable || !where || !mailbox || mailbox.accountId !== this.account.id || where.uid <= 0) return false;
    await fetchOneBody(client, this.deps.store, mailbox, messageId, where.uid, this.deps.attachments, progress);
    this.deps.messagesChanged(String(mailbox.id));
    return true;
  }

  /**
   * Fetches and keeps a message's original source (exports of mail cached before sources
   * were kept): its SHA-256 in the attachment store, or why it cannot be had now.
   */
  async loadSource(messageId: number): Promise<{ sha256: string } | { missing: string }> {
    const where = this.deps.store.messages.locate(messageId);
    const mailbox = where ? this.deps.store.mailboxes.byId(where.mailboxId) : null;
    if (!where || !mailbox || mailbox.accountId !== this.account.id || where.uid <= 0) {
      return { missing: 'The message is no longer on the server (deleted after import) and this computer has no copy of its original.' };
    }
    const client = this.client;
    if (!client?.usable) return { missing: 'This computer has no copy of the original (it was downloaded by an older Mailroom), and the server could not be reached to fetch it.' };
    const sha256 = await fetchOneRaw(client, this.deps.store, mailbox, messageId, where.uid, this.deps.attachments);
    return sha256 ? { sha256 } : { missing: 'The server no longer has this message (it was moved or deleted there), and this computer has no copy of its original.' };
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      try {
        const client = await this.connect();
        this.pending = false;
        this.deps.statusChanged(this.account.id, 'syncing', null);
        await this.syncAll(client);
        if (this.stopped) return;
        this.deps.store.accounts.markSynced(this.account.id, Date.now());
        this.deps.statusChanged(this.account.id, 'idle', null);
        this.failures = 0;
        this.offlineAttempts = 0;
        await this.waitForWork(client);
      } catch (err) {
        if (this.stopped) return;
        await this.closeClient();
        const info = explainError(err, { ...errorContextOf('imap', this.account.imap), auth: this.account.kind === 'imap' ? 'password' : 'oauth' });
        if (needsReconnect(info.code)) {
          this.deps.statusChanged(this.account.id, 'needs-reconnect', info);
          return;
        }
        if (isNetworkError(info.code)) {
          this.deps.statusChanged(this.account.id, 'offline', info);
          this.offlineAttempts += 1;
          await this.sleep(backoffDelay(this.offlineAttempts, MAX_OFFLINE_RETRY_MS));
          continue;
        }
        this.failures += 1;
        if (this.failures >= MAX_CONSECUTIVE_FAILURES) {
          this.deps.statusChanged(this.account.id, 'error', {
            ...info,
            fix: `Sync stopped after ${this.failures} failed attempts in a row. ${info.fix} Then press Sync, or save the account settings, to try again.`,
          });
          return;
        }
        this.deps.statusChanged(this.account.id, 'error', info);
        await this.sleep(backoffDelay(this.failures, MAX_ERROR_RETRY_MS));
      }
    }
  }

  private openClient = async (restartIdleMs?: number): Promise<ImapFlow> => {
    const client = createImapClient(this.account.imap, await this.deps.credentials(this.account.id), { ...connectionOptionsOf(this.account), restartIdleMs });
    countVanishedMessages(client);
    await client.connect();
    return client;
  };

  private async connect(): Promise<ImapFlow> {
    if (this.client?.usable) return this.client;
    await this.closeClient();
    const client = await this.openClient();
    if (this.stopped) {
      // stop() ran while we connected: it had no client to close, so this one goes here.
      await logoutWithin(client);
      throw new Error('The account sync was stopped while connecting.');
    }
    startHeartbeat(client, this.deps.heartbeat);
    client.on('close', () => this.wake?.());
    this.client = client;
    if (!this.watcher && client.capabilities.has('IDLE')) {
      this.watcher = new InboxWatcher(() => this.openClient(WATCHER_IDLE_RESTART_MS), () => this.poke(), this.deps.heartbeat);
      this.watcher.start();
    }
    return client;
  }

  /** One round over every active folder: all headers first (the lists fill), then bodies, then server-side steps. */
  private async syncAll(client: ImapFlow): Promise<void> {
    const { store } = this.deps;
    const log = this.deps.teamLog?.(this.account.id) ?? null;
    trace(`sync ${this.account.id} round starts`);
    // The team's tickets first: a client joining a team shows them before its own mail is in.
    await log?.catchUp(client);
    // Before the folders: the moved copies are then simply gone when the sync looks.
    const moved = [...((await this.deps.ticketDeletions?.run(client, this.account.id)) ?? []), ...(await runMessageMoves(client, store, this.account.id))];
    for (const path of new Set(moved)) {
      const mailbox = store.mailboxes.byPath(this.account.id, path);
      if (mailbox) this.deps.messagesChanged(String(mailbox.id));
    }
    // The team log is the team's, not mail: never listed, synced or searched.
    const listed = await listFolders(client);
    store.mailboxes.upsertAll(this.account.id, listed);
    const paths = activeFolders(this.account.import.folders, listed, listed[0]?.delimiter ?? null);
    const script = this.deps.headerWorkerScript;
    // A phase big enough for worker threads writes enough for checkpoints to stall the main thread.
    let release: () => void = () => undefined;
    let held = false;
    const bigSync = (worker: string) => {
      if (!held) release = store.checkpoints.hold(worker);
      held = true;
      return worker;
    };
    try {
      const context = (mailbox: MailboxRecord): FolderSyncContext => ({
        client,
        store,
        accountId: this.account.id,
        settings: this.account.import,
        terms: parseHeaderFilter(this.account.import.headerFilter),
        routeHeaders: this.deps.tickets?.routeHeaders(this.account.id) ?? [],
        since: syncSince(this.account.import, new Date()),
        headerWorker: script
          ? async (folder) =>
              new HeaderWorker(bigSync(script), { ...folder, server: this.account.imap, credentials: await this.deps.credentials(this.account.id), options: connectionOptionsOf(this.account), heartbeat: this.deps.heartbeat })
          : null,
        hooks: this.hooksFor(mailbox),
      });
      const folders = paths.map((p) => store.mailboxes.byPath(this.account.id, p)).filter((m): m is MailboxRecord => m !== null);
      for (const mailbox of folders) await syncFolderHeaders(context(mailbox), mailbox);
      trace(`sync ${this.account.id} headers in`);
      // After every folder's headers, not each one: a first sync then threads INBOX and Sent in date order,
      // against the log as it is now (another client may have imported the same mail meanwhile).
      if (!this.stopped && this.deps.tickets) {
        await log?.catchUp(client);
        // The import waits for the log every few events, on this connection (free until the
        // bodies). A connection that drops meanwhile lets the rest queue; the bodies then fail the round.
        const confirm = log ? () => log.catchUp(client).catch(() => false) : undefined;
        await this.deps.tickets.importNew(this.account.id, confirm);
      }
      const bodyWorker = script
        ? async (folder: { path: string; uidvalidity: number }) =>
            new BodyWorker(bigSync(script), { ...folder, server: this.account.imap, credentials: await this.deps.credentials(this.account.id), options: connectionOptionsOf(this.account), heartbeat: this.deps.heartbeat, dataDir: this.deps.attachments.dataDir })
        : null;
      for (const folder of folders) {
        const mailbox = store.mailboxes.byId(folder.id);
        if (!mailbox?.uidvalidity || this.stopped) continue;
        const hooks = this.hooksFor(mailbox);
        if (await pushFlagChanges(client, store, mailbox, mailbox.uidvalidity)) hooks.changed();
        const sourcesStored = () => this.deps.sourcesStored?.();
        await fetchBodies({ client, store, attachments: this.deps.attachments, bodyWorker, sourcesStored, hooks, maxBytes: autoDownloadBytes(this.account) }, mailbox, mailbox.uidvalidity);
        if (await applyAfterImport(client, store, mailbox, mailbox.uidvalidity, this.account.import)) hooks.changed();
        hooks.progress({ mailboxId: String(mailbox.id), phase: 'done', done: 0, total: 0 });
      }
    } finally {
      release();
    }
    trace(`sync ${this.account.id} round ends`);
  }

  private hooksFor(mailbox: MailboxRecord): MailboxSyncHooks {
    return {
      progress: (p) => this.deps.progress({ accountId: this.account.id, ...p }),
      changed: () => this.deps.messagesChanged(String(mailbox.id)),
      cancelled: () => this.stopped,
    };
  }

  /**
   * Until the IDLE connection or the app asks for work, the poll interval passes, or the
   * connection drops. Meanwhile the connection serves the team log (IDLE on the log folder),
   * so the log costs no connection of its own; if the server refused the IDLE connection,
   * INBOX is polled every few seconds instead.
   */
  private async waitForWork(client: ImapFlow): Promise<void> {
    if (this.pending || !client.usable) return;
    const watcher = this.watcher?.state();
    const waited = this.sleep(watcher === 'failing' ? ONE_CONNECTION_POLL_MS : this.account.import.pollIntervalSec * 1000);
    const log = this.deps.teamLog?.(this.account.id);
    trace(`sync ${this.account.id} waits`);
    await (log ? log.watch(client, waited, watcher !== undefined && watcher !== 'failing') : waited);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        if (this.wake === done) this.wake = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
    });
  }

  private async closeClient(): Promise<void> {
    const client = this.client;
    this.client = null;
    if (client) await logoutWithin(client);
  }
}
