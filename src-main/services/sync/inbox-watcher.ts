import type { ImapFlow } from 'imapflow';
import { backoffDelay } from './backoff';
import { DEFAULT_HEARTBEAT_TIMING, logoutWithin, startHeartbeat, type HeartbeatTiming } from './heartbeat';

const MAX_RETRY_MS = 60_000;

/**
 * The account's second connection: it only sits in IDLE on INBOX and says
 * "something changed", so new mail is pushed within seconds while the work
 * connection is busy fetching bodies or other folders. It never touches the
 * cache. It reconnects by itself; its failures are not the account's status
 * (the work connection reports those).
 */
export class InboxWatcher {
  private client: ImapFlow | null = null;
  private stopped = false;
  private attempt = 0;
  private retryTimer: NodeJS.Timeout | null = null;
  private inboxOpen = false;

  constructor(
    private readonly open: () => Promise<ImapFlow>,
    private readonly changed: () => void,
    private readonly heartbeat: HeartbeatTiming = DEFAULT_HEARTBEAT_TIMING,
  ) {}

  start(): void {
    void this.connect();
  }

  /** watching: INBOX is pushed; failing: the last attempt failed (the server may refuse a second connection). */
  state(): 'starting' | 'watching' | 'failing' {
    if (this.inboxOpen && this.client?.usable) return 'watching';
    return this.attempt > 0 ? 'failing' : 'starting';
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    const client = this.client;
    this.client = null;
    if (client) await logoutWithin(client);
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    let client: ImapFlow | null = null;
    try {
      client = await this.open();
      if (this.stopped) {
        await logoutWithin(client);
        return;
      }
      // From here stop() closes it, even while INBOX is still opening on a link that went silent.
      this.client = client;
      startHeartbeat(client, this.heartbeat);
      client.on('close', () => this.retry());
      // imapflow IDLEs by itself once the mailbox is open and the connection is quiet.
      await client.mailboxOpen('INBOX', { readOnly: true });
      for (const event of ['exists', 'expunge', 'flags'] as const) client.on(event, () => this.changed());
      if (this.stopped) return;
      // Mail that arrived before INBOX opened here is only in the opening's EXISTS, never an event:
      // on a first connection too, the work connection may have synced INBOX before it came in.
      this.changed();
      this.inboxOpen = true;
      this.attempt = 0;
    } catch {
      client?.close();
      this.retry();
    }
  }

  private retry(): void {
    this.client = null;
    this.inboxOpen = false;
    if (this.stopped || this.retryTimer) return;
    this.attempt += 1;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.connect();
    }, backoffDelay(this.attempt, MAX_RETRY_MS));
  }
}
