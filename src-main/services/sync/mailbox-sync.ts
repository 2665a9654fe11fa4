import type { ImapFlow } from 'imapflow';
import type { ImportSettings, SyncProgress } from '../../../src-preload/contract';
import type { Store } from '../store';
import type { MailboxRecord } from '../store/mailboxes-repo';
import { UIDVALIDITY_CHANGED, fetchHeaders, headerRequest, type HeaderRequest } from './headers';
import { importSearch, type HeaderTerm } from './import-criteria';
import { requireOpen, searchUidRanges, searchUids } from './imap-reads';
import { headerPieces, headersOfPieces, type HeaderPieces } from './parallel-headers';
import { Pacer } from './time-slices';
import { missingNewestFirst } from './uid-set';

const HEADER_BATCH = 500;
/**
 * With workers, the first batch comes over the work connection while they start: one
 * screenful, because imapflow parses a whole FETCH answer without letting the event loop
 * turn, and this first one with code not yet optimized (100 messages held it for 0.42 s
 * at the start of a 100,000-message sync).
 */
const FIRST_BATCH = 25;
/** The workers' batches: fewer round trips than HEADER_BATCH, small enough to keep their memory low. */
const WORKER_BATCH = 1000;
/**
 * Header workers per big header phase: two parse on both cores. At 100,000 messages
 * one reached 0.81× raw imapflow, two 1.16× (366 MB peak instead of 295 MB).
 */
const HEADER_WORKERS = 2;
/** From this many new messages on, a worker thread with its own connection fetches the headers (fewer are cheaper inline). */
export const WORKER_MIN_MESSAGES = 1000;
/**
 * Stored headers whose Message-IDs wait to be keyed (store/message-keys.ts) before a big
 * header phase stops to key them. Storing a million headers cost the same with 50,000 and
 * 100,000 (within the machine's noise), more with 200,000. The waiting keys take about
 * 100 bytes each in memory, which the process keeps once it has held them: the smaller.
 */
const KEY_GENERATION = 50_000;
/** Rows indexed between two progress reports. */
const INDEX_BATCH = 2000;
/** Flag updates and index passes: the first chunk's size, before their Pacer has measured any, and the least. */
const CHUNK = { first: 100, min: 25 };

/** Header batches for UID batches, in order (see parallel-headers.ts). */
export interface HeaderSource {
  headers(batches: number[][]): AsyncIterable<HeaderPieces>;
  stop(): Promise<void>;
}

export interface MailboxSyncHooks {
  progress(progress: Omit<SyncProgress, 'accountId'>): void;
  /** Called after each committed batch so the list can refresh. */
  changed(): void;
  /** Stops long phases early (the account is being closed). */
  cancelled(): boolean;
}

/** What one folder sync needs to know about its account. */
export interface FolderSyncContext {
  client: ImapFlow;
  store: Store;
  accountId: string;
  settings: ImportSettings;
  /** Parsed header filter (empty: import everything). */
  terms: HeaderTerm[];
  /** Headers the account's routing rules match on: fetched with the envelope and stored (headers.ts). */
  routeHeaders: string[];
  /** Oldest arrival date to import on a first sync; null for no limit. */
  since: Date | null;
  /** Starts a worker thread that fetches header batches of a folder (see header-worker.ts); null fetches on `client`. */
  headerWorker: ((folder: { path: string; uidvalidity: number; request: HeaderRequest }) => Promise<HeaderSource>) | null;
  hooks: MailboxSyncHooks;
}

/** The server's view of the folder, as SELECT/EXAMINE reported it before any work began. */
interface Snapshot {
  uidvalidity: number;
  uidNext: number;
  /** null when the server has no CONDSTORE for this folder. */
  highestModseq: string | null;
}

/**
 * STATUS rather than the selected mailbox's state: imapflow does not re-select a
 * mailbox that is already open, and its cached UIDNEXT and HIGHESTMODSEQ go stale
 * while new mail arrives. For the selected mailbox, Dovecot answers STATUS from the
 * session's view, which only moves on when the session checks: hence the NOOP first.
 */
async function snapshotOf(client: ImapFlow, path: string): Promise<Snapshot> {
  if (client.mailbox && client.mailbox.path === path) await client.noop();
  const status = await client.status(path, { uidNext: true, uidValidity: true, highestModseq: true });
  if (!status || status.uidValidity === undefined || status.uidNext === undefined) throw new Error(`The server sent no UIDVALIDITY/UIDNEXT for ${path}`);
  return {
    uidvalidity: Number(status.uidValidity),
    uidNext: status.uidNext,
    highestModseq: status.highestModseq !== undefined ? status.highestModseq.toString() : null,
  };
}

/**
 * Brings one folder's headers and flags to the server's state, cheaply when little changed:
 *
 * - STATUS shows HIGHESTMODSEQ and UIDNEXT as before (RFC 7162 CONDSTORE): nothing
 *   changed, no further command (not even SELECT).
 * - HIGHESTMODSEQ moved: only flags changed since then are fetched (CHANGEDSINCE); expunges
 *   come as VANISHED when QRESYNC is enabled, else a count mismatch triggers a UID comparison.
 * - No CONDSTORE: UID comparison and all flags (the only way to learn changes).
 * - UIDNEXT moved: only UIDs from the old UIDNEXT on are searched and fetched.
 * - A first sync, or one after a UIDVALIDITY change, searches the whole folder; rows of the
 *   old UIDVALIDITY are taken over by Message-ID or envelope fingerprint (bodies kept), and
 *   the rest dropped when the new UIDs are all in.
 *
 * Every batch is its own transaction, and the folder's sync state is written last, so a
 * sync killed at any point redoes at most the unfinished work, without duplicates.
 * New rows become searchable once the folder's headers are in (the list fills first).
 */
export async function syncFolderHeaders(ctx: FolderSyncContext, mailbox: MailboxRecord): Promise<void> {
  await syncHeaders(ctx, mailbox);
  await keyMessageIds(ctx);
  await indexForSearch(ctx, String(mailbox.id));
}

/** Moves the Message-IDs staged so far into their index, in time slices like the search index. */
async function keyMessageIds(ctx: FolderSyncContext): Promise<void> {
  const { store, hooks } = ctx;
  const pacer = new Pacer(CHUNK.first, { minSize: CHUNK.min });
  while (!hooks.cancelled() && (await pacer.step((limit) => store.messageKeys.keyNew(limit))) > 0);
}

/** In time slices (time-slices.ts), so the app stays responsive while 100,000 rows are indexed. */
async function indexForSearch(ctx: FolderSyncContext, mailboxId: string): Promise<void> {
  const { store, hooks } = ctx;
  const total = store.search.countUnindexed();
  const pacer = new Pacer(CHUNK.first, { minSize: CHUNK.min });
  let done = 0;
  let reported = 0;
  while (done < total && !hooks.cancelled()) {
    const added = await pacer.step((limit) => store.search.indexNew(limit));
    if (added === 0) return;
    done = Math.min(total, done + added);
    if (done - reported >= INDEX_BATCH || done === total) {
      reported = done;
      hooks.progress({ mailboxId, phase: 'indexing', done, total });
    }
  }
}

async function syncHeaders(ctx: FolderSyncContext, mailbox: MailboxRecord): Promise<void> {
  const { client, store } = ctx;
  const now = await snapshotOf(client, mailbox.path);
  const fresh = mailbox.uidvalidity !== now.uidvalidity || mailbox.uidNext === null;
  if (!fresh && now.highestModseq !== null && now.highestModseq === mailbox.highestModseq && now.uidNext === mailbox.uidNext) {
    return;
  }
  const readOnly = ctx.settings.afterImport === 'leave' && !store.pendingFlags.anyIn(mailbox.id);
  const lock = await client.getMailboxLock(mailbox.path, { readOnly });
  try {
    if (!client.mailbox || Number(client.mailbox.uidValidity) !== now.uidvalidity) {
      throw new Error(`The UIDVALIDITY of ${mailbox.path} changed during the sync; starting over.`);
    }
    // A first sync that finds UIDs of its own UIDVALIDITY cached was interrupted: what the
    // server expunged since is in no later VANISHED (this sync's HIGHESTMODSEQ is newer).
    const resumed = fresh && store.messages.hasAnyOf(mailbox.id, now.uidvalidity);
    if (fresh) {
      // Record the UIDVALIDITY at once so the list shows rows as batches commit; a null
      // UIDNEXT keeps this a first sync until it completes.
      store.mailboxes.setSyncState(mailbox.id, { uidvalidity: now.uidvalidity, uidNext: null, highestModseq: null });
    } else {
      await refreshKnown(ctx, mailbox, now);
    }
    const remapping = fresh && store.messages.hasOtherUidValidity(mailbox.id, now.uidvalidity);
    const complete = await fetchNewHeaders(ctx, mailbox, now, fresh ? null : mailbox.uidNext, remapping);
    if (!complete) return;
    if (remapping) store.messages.dropStale(mailbox.id, now.uidvalidity);
    if (resumed || (!fresh && !client.enabled.has('QRESYNC'))) await reconcileExpunges(ctx, mailbox, now);
    store.mailboxes.setSyncState(mailbox.id, { uidvalidity: now.uidvalidity, uidNext: now.uidNext, highestModseq: now.highestModseq });
  } finally {
    lock.release();
  }
}

/** Flags changed and messages expunged since the last sync, for UIDs the cache already knows. */
async function refreshKnown(ctx: FolderSyncContext, mailbox: MailboxRecord, now: Snapshot): Promise<void> {
  const { client, store } = ctx;
  const opened = client.mailbox;
  if (opened && opened.exists === 0) {
    store.messages.removeUids(mailbox.id, now.uidvalidity, store.messages.knownUids(mailbox.id, now.uidvalidity));
    ctx.hooks.changed();
    return;
  }
  const incremental = now.highestModseq !== null && mailbox.highestModseq !== null && client.enabled.has('CONDSTORE');
  const vanished: number[] = [];
  const onExpunge = (event: { uid?: number; vanished?: boolean }) => {
    if (event.vanished && event.uid !== undefined) vanished.push(event.uid);
  };
  const updates: { uid: number; flags: string[] }[] = [];
  client.on('expunge', onExpunge);
  try {
    const options = incremental ? { uid: true, changedSince: BigInt(mailbox.highestModseq ?? '0') } : { uid: true };
    for await (const msg of client.fetch('1:*', { uid: true, flags: true }, options)) {
      if (mailbox.uidNext === null || msg.uid < mailbox.uidNext) updates.push({ uid: msg.uid, flags: [...(msg.flags ?? [])] });
    }
  } finally {
    client.off('expunge', onExpunge);
  }
  // In time slices: another client flagging 1 % of a million messages is 10,000 updates,
  // a third of a second in one transaction. A kill between slices redoes them: the folder's
  // HIGHESTMODSEQ is saved only after.
  await new Pacer(CHUNK.first, { minSize: CHUNK.min }).each(updates, (chunk) => store.messages.updateFlags(mailbox.id, now.uidvalidity, chunk, ctx.settings.keepUnread));
  if (vanished.length > 0) store.messages.removeUids(mailbox.id, now.uidvalidity, vanished);
  if (!incremental) await reconcileExpunges(ctx, mailbox, now, true);
  if (updates.length > 0 || vanished.length > 0) ctx.hooks.changed();
}

/**
 * Without VANISHED the server does not name expunged UIDs. When the folder holds
 * exactly the messages the cache knows, nothing was expunged; otherwise compare UID lists.
 */
async function reconcileExpunges(ctx: FolderSyncContext, mailbox: MailboxRecord, now: Snapshot, always = false): Promise<void> {
  const { client, store } = ctx;
  const known = store.messages.knownUids(mailbox.id, now.uidvalidity);
  const { exists } = requireOpen(client, 'the expunge check');
  if (!always && known.length + store.messages.countDeleting(mailbox.id, now.uidvalidity) === exists) return;
  const onServer = new Set(exists > 0 ? await searchUids(client, { all: true }, 'the expunge check') : []);
  const gone = known.filter((uid) => !onServer.has(uid));
  if (gone.length === 0) return;
  store.messages.removeUids(mailbox.id, now.uidvalidity, gone);
  ctx.hooks.changed();
}

/**
 * Searches importable mail from `uidFrom` (everything when null) and stores headers
 * newest first. When many messages are expected, header workers start connecting
 * before the SEARCH and then fetches them. False when cancelled before all batches were in.
 */
async function fetchNewHeaders(ctx: FolderSyncContext, mailbox: MailboxRecord, now: Snapshot, uidFrom: number | null, adopt: boolean): Promise<boolean> {
  const { client, store, hooks } = ctx;
  const mailboxId = String(mailbox.id);
  if (uidFrom !== null && now.uidNext <= uidFrom) return true;
  const opened = requireOpen(client, 'the search for new mail');
  if (opened.exists === 0) return true;
  const request = headerRequest(ctx.terms, client.capabilities.has('X-GM-EXT-1'), ctx.routeHeaders);
  const expected = uidFrom === null ? opened.exists : now.uidNext - uidFrom;
  const folder = { path: mailbox.path, uidvalidity: now.uidvalidity, request };
  const start = ctx.headerWorker;
  const workers = start && expected >= WORKER_MIN_MESSAGES ? await Promise.all(Array.from({ length: HEADER_WORKERS }, () => start(folder))) : [];
  try {
    const found = await searchUidRanges(client, importSearch(ctx.terms, ctx.since, uidFrom), 'the search for new mail');
    // Only UIDs from uidFrom on can be new: reading the rest of the folder's rows would cost
    // a scan of the whole folder per round of new mail. "n:*" also matches the highest UID
    // when n is above it (RFC 3501), hence the lower bound on what was found too.
    const known = store.messages.knownUids(mailbox.id, now.uidvalidity, uidFrom ?? 1);
    // With workers, the newest batch still comes over `client` (the list fills while
    // they finish starting up) and they take the rest in bigger batches.
    const [first, size] = workers.length > 0 ? [FIRST_BATCH, WORKER_BATCH] : [HEADER_BATCH, HEADER_BATCH];
    const batches = missingNewestFirst(found, known, uidFrom ?? 1, first, size);
    const total = batches.reduce((sum, batch) => sum + batch.length, 0);
    let done = 0;
    hooks.progress({ mailboxId, phase: 'headers', done, total });
    const source =
      workers.length > 0
        ? concat(inline(client, batches.slice(0, 1), request), fromWorkers(client, workers, batches.slice(1), request))
        : inline(client, batches, request);
    let next = 0;
    // A batch in several transactions of a few pieces each, in time slices: a kill between them redoes the batch, whose stored rows are skipped.
    const pacer = new Pacer(1);
    for await (const pieces of source) {
      if (hooks.cancelled()) return false;
      await store.checkpoints.room();
      await pacer.each(pieces, (chunk) =>
        store.messages.upsertHeaders(mailbox.id, now.uidvalidity, headersOfPieces(chunk), {
          accountId: ctx.accountId,
          dedupe: !ctx.settings.disableDuplicateCheck,
          adopt,
        }),
      );
      done += batches[next++]?.length ?? 0;
      hooks.progress({ mailboxId, phase: 'headers', done, total });
      hooks.changed();
      if (store.messageKeys.pending >= KEY_GENERATION) await keyMessageIds(ctx);
    }
    return true;
  } finally {
    await Promise.all(workers.map((w) => w.stop()));
  }
}

async function* inline(client: ImapFlow, batches: number[][], request: HeaderRequest): AsyncGenerator<HeaderPieces> {
  for (const batch of batches) if (batch.length > 0) yield headerPieces(await fetchHeaders(client, batch, request));
}

/**
 * Batch i goes to worker i mod n; the batches come back in order. A worker that fails
 * (a server allowing fewer connections, say) leaves its remaining batches to `client`.
 */
async function* fromWorkers(client: ImapFlow, workers: HeaderSource[], batches: number[][], request: HeaderRequest): AsyncGenerator<HeaderPieces> {
  const streams = workers.map((worker, k) => {
    const share = batches.filter((_, i) => i % workers.length === k);
    return orInline(worker.headers(share), share, client, request)[Symbol.asyncIterator]();
  });
  for (let i = 0; i < batches.length; i++) {
    const next = await streams[i % streams.length]!.next();
    if (!next.done) yield next.value;
  }
}

async function* orInline(stream: AsyncIterable<HeaderPieces>, batches: number[][], client: ImapFlow, request: HeaderRequest): AsyncGenerator<HeaderPieces> {
  let delivered = 0;
  try {
    for await (const headers of stream) {
      delivered += 1;
      yield headers;
    }
  } catch (err) {
    if ((err as { code?: unknown }).code === UIDVALIDITY_CHANGED) throw err;
    console.warn(`Header worker failed, fetching its batches on the work connection: ${err instanceof Error ? err.message : String(err)}`);
    yield* inline(client, batches.slice(delivered), request);
  }
}

async function* concat<T>(...sources: AsyncIterable<T>[]): AsyncGenerator<T> {
  for (const source of sources) yield* source;
}
