import type { AccountRecord } from '../store/accounts-repo';
import type { MoveDestination } from '../store/message-moves-repo';
import { AccountSync, type AccountSyncDeps } from './account-sync';
import { Deriver } from './deriver';
import type { DownloadProgress } from './source-fetch';

/** One AccountSync per account, and the deriver they share; the place to start, stop and poke them. */
export class SyncManager {
  private readonly syncs = new Map<string, AccountSync>();
  private readonly deriver: Deriver;

  constructor(private readonly deps: AccountSyncDeps) {
    this.deriver = new Deriver({ store: deps.store, attachments: deps.attachments, script: deps.headerWorkerScript, messagesChanged: deps.messagesChanged, progress: deps.progress });
  }

  /** Starts every account, and the deriver on the sources an earlier run left underived. */
  startAll(): void {
    for (const account of this.deps.store.accounts.list()) this.start(account);
    this.deriver.poke();
  }

  /** Starts syncing an active account; inactive accounts stay readable from the cache only. */
  start(account: AccountRecord): void {
    if (this.syncs.has(account.id) || !account.active) return;
    const sync = new AccountSync(account, { ...this.deps, sourcesStored: () => this.deriver.poke() });
    this.syncs.set(account.id, sync);
    sync.start();
  }

  /** Settings changed: drop the running sync (its connection used the old ones) and start afresh. */
  async restart(account: AccountRecord): Promise<void> {
    await this.stop(account.id);
    this.start(account);
  }

  async stop(accountId: string): Promise<void> {
    const sync = this.syncs.get(accountId);
    this.syncs.delete(accountId);
    await sync?.stop();
  }

  /** The user asked: sync now, and resume a sync that gave up after repeated failures. */
  requestSync(accountId: string): boolean {
    const sync = this.syncs.get(accountId);
    sync?.requestSync();
    return sync !== undefined;
  }

  /**
   * A message's flags changed in the app: the cache already shows it and the change
   * is queued; this only makes the account's next sync (which sends it) come now.
   */
  setMessageFlags(messageId: number, change: { seen?: boolean; flagged?: boolean }) {
    const summary = this.deps.store.pendingFlags.apply(messageId, change);
    const where = this.deps.store.messages.locate(messageId);
    const accountId = where ? this.deps.store.mailboxes.byId(where.mailboxId)?.accountId : undefined;
    if (accountId) this.syncs.get(accountId)?.poke();
    return summary;
  }

  /**
   * Archives or deletes a message (e, # in Mail): the cache drops it at once and the MOVE
   * is queued; this makes the account's next sync (which sends it) come now.
   */
  moveMessage(messageId: number, destination: MoveDestination): { moved: boolean } | null {
    const queued = this.deps.store.messageMoves.queue(messageId, destination, (id) => this.deps.store.messages.forget([id]), Date.now());
    if (queued === null) return null;
    if (queued === 'here') return { moved: false };
    this.syncs.get(queued.accountId)?.poke();
    return { moved: true };
  }

  /** Server work was queued for the account (a ticket deleted from the server): its next sync round comes now. */
  poke(accountId: string): void {
    this.syncs.get(accountId)?.poke();
  }

  /** A body the reader is waiting for: derived from its stored source when there is one (offline too), else fetched. */
  async loadBody(accountId: string, messageId: number, progress?: DownloadProgress): Promise<boolean> {
    if (await this.deriver.deriveNow(messageId)) return true;
    return (await this.syncs.get(accountId)?.loadBody(messageId, progress)) ?? false;
  }

  /** A message's original source, fetched over the account's work connection and kept (see AccountSync.loadSource). */
  loadSource(accountId: string, messageId: number): Promise<{ sha256: string } | { missing: string }> {
    return (
      this.syncs.get(accountId)?.loadSource(messageId) ??
      Promise.resolve({ missing: 'This computer has no copy of the original, and the account is not connected (it is switched off or not synced) to fetch it.' })
    );
  }

  async stopAll(): Promise<void> {
    const all = [...this.syncs.values()];
    this.syncs.clear();
    await Promise.all([...all.map((s) => s.stop()), this.deriver.stop()]);
  }
}
