import type { ImapFlow } from 'imapflow';
import type { AccountStatus, ErrorInfo, SyncProgress } from '../../../src-preload/contract';
import { explainError, isNetworkError } from '../errors/explain';
import { connectionOptionsOf, createImapClient, type Credentials } from '../mail/connections';
import type { Store } from '../store';
import type { AccountRecord } from '../store/accounts-repo';
import { fetchOneBody, syncMailbox } from './mailbox-sync';

export interface AccountSyncDeps {
  store: Store;
  credentials(accountId: string): Promise<Credentials>;
  statusChanged(accountId: string, status: AccountStatus, error: ErrorInfo | null): void;
  progress(progress: SyncProgress): void;
  messagesChanged(mailboxId: string): void;
}

const INBOX = 'INBOX';
const MAX_BACKOFF_MS = 5 * 60_000;

/**
 * Keeps one account's INBOX in sync over one work connection: connect, sync,
 * then wait on the connection (imapflow IDLEs by itself) until the server
 * reports a change. Network failures retry with exponential back-off and jitter;
 * a rejected login stops until the account is fixed.
 */
export class AccountSync {
  private client: ImapFlow | null = null;
  private stopped = false;
  private wake: (() => void) | null = null;
  private attempt = 0;
  private running = false;

  constructor(
    private readonly account: AccountRecord,
    private readonly deps: AccountSyncDeps,
  ) {}

  start(): void {
    void this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    const client = this.client;
    this.client = null;
    if (client) await client.logout().catch(() => client.close());
  }

  /** Asks for an immediate sync (user pressed refresh, or settings changed); restarts a stopped loop. */
  requestSync(): void {
    this.attempt = 0;
    if (this.running) this.wake?.();
    else this.start();
  }

  /** Fetches a body the reader is waiting for; false when offline. */
  async loadBody(messageId: number): Promise<boolean> {
    const client = this.client;
    const where = this.deps.store.messages.locate(messageId);
    const mailbox = this.deps.store.mailboxes.byPath(this.account.id, INBOX);
    if (!client?.usable || !where || !mailbox || mailbox.id !== where.mailboxId) return false;
    await fetchOneBody(client, this.deps.store, mailbox, messageId, where.uid);
    this.deps.messagesChanged(String(mailbox.id));
    return true;
  }

  private async run(): Promise<void> {
    this.running = true;
    try {
      await this.loop();
    } finally {
      this.running = false;
    }
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      let changed: Promise<void> | null = null;
      try {
        const client = await this.connect();
        changed = this.changeSignal(client);
        this.deps.statusChanged(this.account.id, 'syncing', null);
        await this.syncOnce(client);
        this.deps.store.accounts.markSynced(this.account.id, Date.now());
        this.deps.statusChanged(this.account.id, 'idle', null);
        this.attempt = 0;
        await changed; // resolves on new mail, flag changes, expunges or a dropped connection
      } catch (err) {
        if (this.stopped) return;
        const info = explainError(err, { protocol: 'imap', host: this.account.imap.host, port: this.account.imap.port });
        const status: AccountStatus = info.code.startsWith('auth/') ? 'needs-reconnect' : isNetworkError(info) ? 'offline' : 'error';
        this.deps.statusChanged(this.account.id, status, info);
        await this.closeClient();
        if (status === 'needs-reconnect') return;
        await this.sleep(this.backoff());
      }
    }
  }

  private async connect(): Promise<ImapFlow> {
    if (this.client?.usable) return this.client;
    await this.closeClient();
    const client = createImapClient(this.account.imap, await this.deps.credentials(this.account.id), connectionOptionsOf(this.account));
    client.on('error', () => undefined); // the close that follows wakes the loop
    await client.connect();
    this.client = client;
    const folders = await client.list();
    this.deps.store.mailboxes.upsertAll(
      this.account.id,
      folders.map((f) => ({ path: f.path, name: f.name, delimiter: f.delimiter || null, specialUse: f.specialUse || null })),
    );
    return client;
  }

  private async syncOnce(client: ImapFlow): Promise<void> {
    const mailbox = this.deps.store.mailboxes.byPath(this.account.id, INBOX);
    if (!mailbox) return;
    await syncMailbox(client, this.deps.store, mailbox, {
      progress: (p) => this.deps.progress({ accountId: this.account.id, ...p }),
      changed: () => this.deps.messagesChanged(String(mailbox.id)),
      cancelled: () => this.stopped,
    });
  }

  /** Resolves when the server reports a change in the selected mailbox or the connection ends. */
  private changeSignal(client: ImapFlow): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        client.off('exists', done);
        client.off('expunge', done);
        client.off('flags', done);
        client.off('close', done);
        this.wake = null;
        resolve();
      };
      client.on('exists', done);
      client.on('expunge', done);
      client.on('flags', done);
      client.on('close', done);
      this.wake = done;
    });
  }

  private backoff(): number {
    this.attempt += 1;
    const base = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** Math.min(this.attempt, 10));
    return base / 2 + Math.random() * (base / 2);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }

  private async closeClient(): Promise<void> {
    const client = this.client;
    this.client = null;
    if (client) await client.logout().catch(() => client.close());
  }
}
