import { BODY_BEGINNING_CHARS, type AccountStatus, type AppStatus, type ErrorInfo, type EventSink, type MessageDetail } from '../../src-preload/contract';
import { OAUTH_PROVIDERS } from '../../src-preload/providers';
import { AccountLifecycle } from './accounts/account-lifecycle';
import { AccountService } from './accounts/account-service';
import { ServerDiscovery, type DiscoveryOptions } from './accounts/discovery/server-discovery';
import { CannedService } from './canned/canned-service';
import { sendTestMail } from './accounts/test-mail';
import { connectionOptionsOf } from './mail/connections';
import { withInlineImages } from './mail/inline-images';
import { OAuthService } from './auth/oauth-service';
import { ComposeService } from './compose/compose-service';
import { OutboxService, type OutboxDeps } from './outbox/outbox-service';
import { AutoReplyService } from './auto-reply/auto-reply-service';
import type { Platform } from './platform/interfaces';
import { standardQueueOf } from './store/accounts-repo';
import { openStore, type Store } from './store';
import { AttachmentStore } from './store/attachments';
import { AttachmentFilesService } from './mail/attachment-files';
import type { HeartbeatTiming } from './sync/heartbeat';
import { autoDownloadBytes } from './sync/body-sync';
import { SyncManager } from './sync/sync-manager';
import { TeamService } from './teamlog/team-service';
import { TeamChangeFeed } from './tickets/change-feed';
import type { TicketSources } from './tickets/sources';
import { TeamAdmin } from './tickets/team-admin';
import { TicketService } from './tickets/ticket-service';
import { TicketImporter } from './tickets/ticket-importer';
import { ServerDeletion } from './tickets/server-deletion';
import { NotificationService } from './notifications/notification-service';
import { appError } from './errors/app-error';
import { explainError } from './errors/explain';
import { ViewService } from './views/view-service';
import { ExportService } from './exports/export-service';
import { MessageSources } from './exports/message-sources';
import { ReportService } from './reports/report-service';
import { PUBLIC_ADDRESSES_ONLY, type RemoteImagePolicy } from './mail/public-address';
import { limitHeapGrowth } from './heap-growth';

export interface ServicesOptions {
  dataDir: string;
  platform: Platform;
  host: AppStatus['host'];
  version: string;
  emit: EventSink;
  /** How fast a silently dead IMAP connection is noticed; the app leaves it to the defaults (25 s + 20 s). */
  heartbeat?: HeartbeatTiming;
  /**
   * The header worker's code (sync/header-worker.ts, built or behind a loader): the
   * entry point knows where it is. Without it, big first syncs fetch every header on
   * the work connection.
   */
  headerWorkerScript?: string;
  /** The team logs' and tickets' clock (event times, offer waits, presence age); tests move it. Date.now by default. */
  teamClock?: () => number;
  /** The outbox's retry policy (tests use milliseconds) and its kill points (the exactly-once fault test). */
  outbox?: Pick<OutboxDeps, 'retry' | 'faultHook'>;
  /** Where server discovery looks (tests: a DNS server and an autoconfig server on 127.0.0.1); the system's resolver and standard ports by default. */
  discovery?: DiscoveryOptions;
  /** Where remote images may come from: public addresses only unless a test's browser host allows loopback. */
  remoteImagePolicy?: RemoteImagePolicy;
}

/** Everything below the IPC layer, wired together. Plain Node: no Electron here. */
export interface Services {
  store: Store;
  platform: Platform;
  accounts: AccountService;
  /** Adding, changing, deleting and (de)activating accounts, with the sync, announcements and test mail that follow. */
  accountLifecycle: AccountLifecycle;
  oauth: OAuthService;
  /** Finds an address's servers for the account form (autoconfig, SRV, common names). */
  discovery: ServerDiscovery;
  /** Where remote images may be fetched from (public-address.ts). */
  remoteImagePolicy: RemoteImagePolicy;
  sync: SyncManager;
  /** Every account's team log and this installation's agent. */
  team: TeamService;
  /** Ticket lists, the ticket pane, actions, the collision check, contacts, the supervisor's counts. */
  tickets: TicketService;
  /** The settings window's team section: an account's team settings and queues. */
  teamAdmin: TeamAdmin;
  /** Attachment contents on disk, content-addressed. */
  attachments: AttachmentStore;
  /** Attachments leaving the cache: previews' bytes and text, opened in the system's app, saved where the agent says. */
  attachmentFiles: AttachmentFilesService;
  /** Outgoing mail: queued durably, sent once, explained when it fails; start() resumes it after a restart. */
  outbox: OutboxService;
  /** Each account's auto-reply settings and dry run; sends the auto-replies the team log gives this client. start() after the outbox's. */
  autoReply: AutoReplyService;
  /** Canned answers, general and per account, shared through the team logs. */
  canned: CannedService;
  /** The reports view's numbers (and its table as CSV) from the visible accounts' team states. */
  reports: ReportService;
  /** Saved views of the interactions list: team ones through the team logs, personal ones in the settings. */
  views: ViewService;
  /** Drafts (local, and in the server's Drafts folder) and sending them through the outbox; start() settles what a restart left. */
  compose: ComposeService;
  /** CSV and zip exports (startCsv writes any table: the reports use it), with progress and cancel. */
  exports: ExportService;
  /** Desktop notifications for new tickets this agent works, and the unread count (badge, window title). */
  notifications: NotificationService;
  /** A cached message as the reader shows it (inline images from the cache); a body not fetched yet is fetched in the background, and messagesChanged follows. */
  openMessage(messageId: number): MessageDetail | null;
  downloadMessage(messageId: number): Promise<MessageDetail | null>;
  status(): AppStatus;
  /** Startup clean-up of what an earlier run left: unreferenced attachment files, expired sign-in sessions. Never throws. */
  housekeeping(): Promise<void>;
  close(): Promise<void>;
}

/** Client IDs are not secrets (PKCE public clients): an admin setting wins over the environment. */
function oauthDefaults(platform: Platform): AppStatus['oauthDefaults'] {
  const configured = (kind: 'google' | 'microsoft') =>
    platform.settings.get(`oauth.${kind}.clientId`, process.env[OAUTH_PROVIDERS[kind].clientIdEnv] ?? '');
  return {
    google: { clientId: configured('google') },
    microsoft: { clientId: configured('microsoft'), tenant: platform.settings.get('oauth.microsoft.tenant', process.env.MAILROOM_MICROSOFT_TENANT ?? 'common') },
  };
}

export function createServices(options: ServicesOptions): Services {
  const { platform, emit } = options;
  limitHeapGrowth();
  const store = openStore(options.dataDir);
  const oauth = new OAuthService(platform.secrets, platform.oauthAgent);
  const attachments = new AttachmentStore(options.dataDir);
  const accounts = new AccountService(store, platform.secrets, oauth, attachments);
  const team = new TeamService({ store, settings: platform.settings, ...(options.teamClock ? { now: options.teamClock } : {}) });
  // Made once per installation: read once here, not on every call (me() reads the settings
  // file; the auto-replier asked for it on every change of the log, 10,000 times in a first sync).
  const agentId = team.me().agentId;
  const outbox = new OutboxService({
    repo: store.outbox,
    accounts,
    attachments,
    teamLog: (accountId) => team.log(accountId),
    changed: (accountId) => emit('outboxChanged', { accountId }),
    ...options.outbox,
  });
  const ticketSources: TicketSources = {
    agentId: () => agentId,
    accounts: () => store.accounts.list().map((a) => ({ id: a.id, key: a.key, name: a.name, shared: a.shared, standardQueue: standardQueueOf(a) })),
    log: (accountId) => team.log(accountId),
  };
  const changeFeed = new TeamChangeFeed({ sources: ticketSources, emit });
  const autoReply = new AutoReplyService({
    store,
    log: (accountId) => team.log(accountId),
    logs: () => team.all(),
    agentId: () => agentId,
    outbox,
    ...(options.teamClock ? { now: options.teamClock } : {}),
  });
  team.onTeamChanged((accountId) => autoReply.logChanged(accountId));
  const serverDeletion = new ServerDeletion({
    store,
    log: (accountId) => team.log(accountId),
    poke: (accountId) => sync.poke(accountId),
    now: () => Date.now(),
  });
  const tickets = new TicketService({
    sources: ticketSources,
    queueServerDeletion: (accountId, ticket, keys, eventId) => serverDeletion.queue(accountId, ticket, keys, eventId),
    messagesByKeys: (accountId, keys) => store.messages.byKeys(accountId, keys),
    queries: store.team.tickets,
    outboxByKeys: (accountId, keys) => outbox.summaries(accountId, keys),
    changed: (accountId) => changeFeed.accountChanged(accountId),
    fullText: { messagesWithText: (word) => store.search.keysWithWord(word), version: () => store.search.version() },
    ...(options.teamClock ? { now: options.teamClock } : {}),
  });
  tickets.watchLogs();
  // The keys full-text filters map hits to, read ahead of the first such filter in slices
  // between other work (~50 ms each); it reads nothing once the store is closed.
  const readLogKeys = (): void => {
    if (store.search.readLogKeys(20_000) > 0) setImmediate(readLogKeys);
  };
  setImmediate(readLogKeys);
  const notifications = new NotificationService({
    logs: () => team.all(),
    accounts: () => store.accounts.list(),
    agentId: () => agentId,
    paused: () => {
      const me = team.me();
      return me.status === 'paused' || me.pausedFor !== null;
    },
    notifier: platform.notifier,
    badge: platform.badge,
    emit,
    unreadCount: (query) => store.team.tickets.unreadCount(query),
    ...(options.teamClock ? { now: options.teamClock } : {}),
  });
  notifications.watchLogs();
  team.onMeChanged((me) => {
    notifications.statusChanged();
    emit('meChanged', me);
  });
  const canned = new CannedService({
    logs: () => team.all(),
    accounts: () => store.accounts.list().map((a) => ({ id: a.id, name: a.name })),
    changed: () => emit('cannedChanged', {}),
  });
  team.onTeamChanged((accountId) => canned.logChanged(accountId));
  const views = new ViewService({
    logs: () => team.all(),
    accounts: () => store.accounts.list().map((a) => ({ id: a.id, email: a.email })),
    settings: platform.settings,
    myName: () => team.me().profile?.name ?? '',
    now: options.teamClock ?? Date.now,
    changed: () => emit('viewsChanged', {}),
  });
  team.onTeamChanged((accountId) => views.logChanged(accountId));
  team.onActionRejected((rejected) => emit('actionRejected', rejected));

  const status = (): AppStatus => ({
    host: options.host,
    // Offline only when every account is unreachable: one working account is work to do.
    online: store.accounts.anyReachable(),
    version: options.version,
    secrets: platform.secrets.protection,
    update: platform.updates.status(),
    oauthDefaults: oauthDefaults(platform),
  });
  const announceAccounts = () => {
    team.syncAccounts();
    tickets.watchLogs();
    notifications.watchLogs();
    emit('accountsChanged', accounts.list());
    emit('statusChanged', status());
  };
  platform.updates.onChange(() => emit('statusChanged', status()));

  const sync = new SyncManager({
    store,
    attachments,
    credentials: (id) => accounts.credentials(id),
    statusChanged: (id: string, next: AccountStatus, error: ErrorInfo | null) => {
      const before = store.accounts.get(id);
      store.accounts.setStatus(id, next, error);
      if (before?.status !== next || error) announceAccounts();
      const online = store.accounts.anyReachable();
      team.networkChanged(online);
      outbox.networkChanged(online);
    },
    progress: (p) => emit('syncProgress', p),
    messagesChanged: (mailboxId) => emit('messagesChanged', { mailboxId }),
    heartbeat: options.heartbeat,
    headerWorkerScript: options.headerWorkerScript,
    teamLog: (accountId) => team.log(accountId),
    ticketDeletions: serverDeletion,
    tickets: new TicketImporter({
      store,
      sink: {
        state: (accountId) => team.log(accountId)?.importState() ?? null,
        append: (accountId, payload) => {
          const log = team.log(accountId);
          if (!log) throw new Error(`No team log for account ${accountId}.`);
          log.append(payload);
          return Promise.resolve();
        },
      },
      agentId: () => agentId,
    }),
  });

  const compose = new ComposeService({
    store,
    attachments,
    credentials: (id) => accounts.credentials(id),
    tickets,
    me: () => team.me(),
    teamState: (accountId) => team.log(accountId)?.state() ?? null,
    loadBody: (accountId, messageId) => sync.loadBody(accountId, messageId),
    outbox: { enqueue: (mail) => outbox.enqueue(mail), onChange: (listener) => outbox.onChange(listener), find: (id) => (store.outbox.get(id) ? outbox.get(id) : null) },
    draftsChanged: (accountId) => emit('draftsChanged', { accountId }),
  });

  const exports = new ExportService({
    files: platform.files,
    tickets,
    sources: new MessageSources({ store, attachments, fetchSource: (accountId, messageId) => sync.loadSource(accountId, messageId) }),
    emit: (progress) => emit('exportProgress', progress),
  });

  const testMail = async (accountId: string) => {
    const account = accounts.record(accountId);
    const result = await sendTestMail(account, await accounts.credentials(accountId), connectionOptionsOf(account));
    emit('testMailResult', { accountId, ...result });
  };
  /** Sends a test email to the account itself and reports its arrival (testMailResult). */
  const startTestMail = (accountId: string) =>
    void testMail(accountId).catch((err: unknown) => emit('testMailResult', { accountId, ok: false, error: explainError(err) }));

  const attachmentFiles = new AttachmentFilesService({ messages: store.messages, attachments, files: platform.attachmentFiles });

  const openMessage = (messageId: number): MessageDetail | null => {
    const message = store.messages.get(messageId, BODY_BEGINNING_CHARS);
    if (!message) return null;
    const shown = withInlineImages(message, (sha256) => attachments.read(sha256));
    if (!message.bodyLoaded) {
      const mailbox = store.mailboxes.byId(Number(message.mailboxId));
      const account = mailbox ? store.accounts.get(mailbox.accountId) : null;
      const size = store.messages.locate(messageId)?.size ?? 0;
      // Over the account's limit: the reader offers the download (downloadMessage) instead.
      if (account && size > autoDownloadBytes(account)) return { ...shown, onDemand: { size, limitMb: account.import.autoDownloadMb } };
      // Fetch in the background; the renderer re-reads on messagesChanged.
      if (mailbox) void sync.loadBody(mailbox.accountId, messageId).catch(() => undefined);
    }
    return shown;
  };

  /** A message over the account's size limit, downloaded now with progress (messageDownload events). */
  const downloadMessage = async (messageId: number): Promise<MessageDetail | null> => {
    const message = store.messages.get(messageId);
    const mailbox = message ? store.mailboxes.byId(Number(message.mailboxId)) : null;
    if (message && mailbox && !message.bodyLoaded) {
      const progress = (done: number, total: number) => emit('messageDownload', { messageId: String(messageId), done, total });
      if (!(await sync.loadBody(mailbox.accountId, messageId, progress))) {
        throw appError('mail/download-offline', 'The message could not be downloaded: its account is not connected to the server.', 'Try again once the account is online again (its status shows in the sidebar).');
      }
    }
    return openMessage(messageId);
  };

  return {
    store,
    platform,
    accounts,
    accountLifecycle: new AccountLifecycle({ accounts, sync, announce: announceAccounts, sendTestMail: startTestMail }),
    oauth,
    discovery: new ServerDiscovery(options.discovery, (email, step) => emit('discoveryStep', { email, step })),
    remoteImagePolicy: options.remoteImagePolicy ?? PUBLIC_ADDRESSES_ONLY,
    sync,
    team,
    tickets,
    teamAdmin: new TeamAdmin(ticketSources),
    attachments,
    attachmentFiles,
    outbox,
    autoReply,
    canned,
    views,
    compose,
    reports: new ReportService({ sources: () => tickets.visibleStates(), exports, ...(options.teamClock ? { now: options.teamClock } : {}) }),
    exports,
    notifications,
    openMessage,
    downloadMessage,
    status,
    housekeeping: async () => {
      await Promise.all([accounts.collectAttachments(), oauth.pruneSessions()]);
    },
    close: async () => {
      await exports.close();
      await autoReply.close();
      await compose.close();
      await outbox.close();
      await team.close();
      await sync.stopAll();
      changeFeed.close();
      notifications.close();
      attachmentFiles.close();
      tickets.close();
      team.closeLogs();
      store.close();
    },
  };
}
