import { setImmediate as nextTurn } from 'node:timers/promises';
import type { ImapFlow } from 'imapflow';
import type { Store } from '../store';
import type { AccountRecord } from '../store/accounts-repo';
import type { AttachmentStore } from '../store/attachments';
import type { MailboxRecord } from '../store/mailboxes-repo';
import type { BodyInput } from './message-input';
import { UIDVALIDITY_CHANGED } from './headers';
import { WORKER_MIN_MESSAGES, type MailboxSyncHooks } from './mailbox-sync';
import { fetchSources, parseSource, type DownloadProgress, type FetchedSource } from './source-fetch';
import { Pacer } from './time-slices';
import { chunks } from './uid-set';
import { lowerBound } from '../lower-bound';

const BODY_BATCH = 25;
/** The fewest bodies one commit stores (a commit has its own cost), however slow the last one was. */
const MIN_BODY_CHUNK = 5;
/** The workers' batches: fewer round trips and commits than BODY_BATCH, each commit still short for the main thread. */
const WORKER_BATCH = 100;
/** Body workers per big body phase: IMAP parsing and writing sources run on both cores while the main thread commits. */
const BODY_WORKERS = 2;

const NO_CONTENT: BodyInput = {
  text: null,
  html: null,
  snippet: '',
  attachments: [],
  parseWarnings: ['The server returned no content for this message.'],
};

/** One message of a body batch: its parsed body and its source's SHA-256 in the attachment store (null: no source). */
export interface FetchedBody {
  uid: number;
  body: BodyInput;
  raw: string | null;
}

/** One message of a body worker's batch: its source's SHA-256 in the attachment store (null: the server returned none). */
export interface FetchedRaw {
  uid: number;
  raw: string | null;
}

/** Source batches for UID batches, in order (see parallel-bodies.ts). */
export interface BodySource {
  sources(batches: number[][]): AsyncIterable<FetchedRaw[]>;
  stop(): Promise<void>;
}

const MB = 1024 * 1024;

/** The largest message the sync downloads by itself for this account; the reader downloads bigger ones on demand. */
export function autoDownloadBytes(account: Pick<AccountRecord, 'import'>): number {
  return account.import.autoDownloadMb * MB;
}

/** What the body phase of one folder needs. */
export interface BodySyncContext {
  client: ImapFlow;
  store: Store;
  attachments: AttachmentStore;
  /** Starts a worker thread that fetches and stores the sources of a folder's messages (see body-worker.ts); null fetches on `client`. */
  bodyWorker: ((folder: { path: string; uidvalidity: number }) => Promise<BodySource>) | null;
  /** Sources were stored without bodies: the deriver (deriver.ts) has work. */
  sourcesStored(): void;
  hooks: MailboxSyncHooks;
  /** The account's size limit (import.autoDownloadMb): bigger messages keep their headers only until the reader asks. */
  maxBytes: number;
}

/**
 * Parses fetched sources (kept in the attachment store by fetchSources, small ones still
 * in memory, big ones parsed as they arrived). A message expunged between the two phases
 * has no source: it keeps its headers and says why.
 */
export async function parseBodies(uids: number[], sources: Map<number, FetchedSource>, attachments: AttachmentStore): Promise<FetchedBody[]> {
  const out: FetchedBody[] = [];
  for (const uid of uids) {
    const source = sources.get(uid);
    out.push(source ? { uid, body: await parseSource(source, attachments), raw: source.sha256 } : { uid, body: NO_CONTENT, raw: null });
  }
  return out;
}


/**
 * Fetches bodies newest first, after all headers are in, so the list is complete before
 * the slow part. A big phase goes to worker threads with their own connections, which
 * store each message's source only; the main thread commits them (the message is then
 * readable offline: opening it derives its body from the source) and the deriver
 * (deriver.ts) parses and indexes them afterwards. Whatever the workers leave (refused
 * connections, a failed worker) is then fetched and parsed on `client`, where the
 * mailbox lock is taken per batch so a reader opening a message waits for one batch,
 * not the whole phase.
 */
export async function fetchBodies(ctx: BodySyncContext, mailbox: MailboxRecord, uidvalidity: number): Promise<void> {
  const { store, hooks } = ctx;
  const mailboxId = String(mailbox.id);
  const total = store.messages.countWithoutBody(mailbox.id, uidvalidity, ctx.maxBytes);
  if (total === 0) return;
  let done = 0;
  const pacer = new Pacer(BODY_BATCH, { minSize: MIN_BODY_CHUNK });
  const committed = (count: number) => {
    done = Math.min(total, done + count);
    hooks.progress({ mailboxId, phase: 'bodies', done, total });
    hooks.changed();
  };
  const commit = async (ids: IdsByUid, fetched: FetchedBody[]) => {
    await storeBodies(ctx, pacer, ids, fetched);
    committed(fetched.length);
  };
  if (ctx.bodyWorker && total >= WORKER_MIN_MESSAGES) {
    try {
      await inWorkers(ctx, ctx.bodyWorker, mailbox, uidvalidity, async (ids, fetched) => {
        await storeSources(ctx, pacer, ids, fetched);
        committed(fetched.length);
      });
    } finally {
      ctx.sourcesStored();
    }
  }
  for (;;) {
    if (hooks.cancelled()) return;
    const pending = store.messages.withoutBody(mailbox.id, uidvalidity, BODY_BATCH, ctx.maxBytes);
    if (pending.length === 0) return;
    const uids = pending.map((p) => p.uid);
    const lock = await ctx.client.getMailboxLock(mailbox.path, { readOnly: true });
    let sources: Map<number, FetchedSource>;
    try {
      sources = await fetchSources(ctx.client, uids, ctx.attachments, { parse: true });
    } finally {
      lock.release();
    }
    await commit(new Map(pending.map((p) => [p.uid, p.id])), await parseBodies(uids, sources, ctx.attachments));
  }
}

/**
 * A batch in transactions of a time slice each (time-slices.ts). A body whose files
 * garbage collection removed between their writing and this commit (an account deleted
 * meanwhile: the files were not yet referenced) is left for the next pass; the check and
 * the commit of a chunk run in one synchronous block, as collection's own does, so
 * nothing slips in between.
 */
async function storeBodies(ctx: BodySyncContext, pacer: Pacer, ids: IdsByUid, fetched: FetchedBody[]): Promise<void> {
  const kept = (f: FetchedBody) => filesKept(ctx.attachments, [f.raw, ...f.body.attachments.map((a) => a.sha256 ?? null)]);
  await ctx.store.checkpoints.room();
  await pacer.each(fetched, (chunk) => {
    const rows = chunk.flatMap((f) => {
      const id = ids.get(f.uid);
      return id !== undefined && kept(f) ? [{ id, body: f.body, rawSha256: f.raw }] : [];
    });
    ctx.store.messages.setBodies(rows);
  });
}

/** Whether garbage collection left every one of these files (null: none to check) since a worker or parser wrote them. */
export function filesKept(attachments: AttachmentStore, sha256s: (string | null)[]): boolean {
  return sha256s.every((sha256) => sha256 === null || attachments.has(sha256));
}

/**
 * A worker batch's sources, committed as storeBodies commits bodies (the same time slices,
 * the same check against garbage collection); a message the server returned nothing for
 * keeps its headers and says why, as on the work connection.
 */
async function storeSources(ctx: BodySyncContext, pacer: Pacer, ids: IdsByUid, fetched: FetchedRaw[]): Promise<void> {
  await ctx.store.checkpoints.room();
  await pacer.each(fetched, (chunk) => {
    const sources: { id: number; rawSha256: string }[] = [];
    const empty: { id: number; body: BodyInput; rawSha256: null }[] = [];
    for (const f of chunk) {
      const id = ids.get(f.uid);
      if (id === undefined) continue;
      if (f.raw === null) empty.push({ id, body: NO_CONTENT, rawSha256: null });
      else if (filesKept(ctx.attachments, [f.raw])) sources.push({ id, rawSha256: f.raw });
    }
    ctx.store.messages.setSources(sources);
    ctx.store.messages.setBodies(empty);
  });
}

/**
 * The bodies still missing when the phase starts, batch i to worker i mod n, each
 * batch committed as it arrives from whichever worker. A worker that fails is left
 * out; its batches stay without body for the work connection to fetch after.
 */
async function inWorkers(
  ctx: BodySyncContext,
  start: NonNullable<BodySyncContext['bodyWorker']>,
  mailbox: MailboxRecord,
  uidvalidity: number,
  commit: (ids: IdsByUid, fetched: FetchedRaw[]) => Promise<void>,
): Promise<void> {
  const { newestFirst, ids } = await everyWithoutBody(ctx, mailbox, uidvalidity);
  const batches = chunks(newestFirst, WORKER_BATCH);
  const workers = await Promise.all(Array.from({ length: BODY_WORKERS }, () => start({ path: mailbox.path, uidvalidity })));
  try {
    const streams = workers.map((worker, k) => worker.sources(batches.filter((_, i) => i % workers.length === k)));
    const failed = (err: unknown) => console.warn(`Body worker failed, its batches are left to the work connection: ${err instanceof Error ? err.message : String(err)}`);
    for await (const fetched of asTheyCome(streams, failed)) {
      if (ctx.hooks.cancelled()) return;
      await commit(ids, fetched);
    }
  } finally {
    await Promise.all(workers.map((w) => w.stop()));
  }
}

/** Rows read per turn of the event loop: one read of all 100,000 held it for a few hundred ms. */
const WITHOUT_BODY_PAGE = 5000;

/** Every message the phase fetches (store.messages.withoutBody), newest first, a page a turn, and their row ids. */
async function everyWithoutBody(ctx: BodySyncContext, mailbox: MailboxRecord, uidvalidity: number): Promise<{ newestFirst: number[]; ids: UidIds }> {
  const uids: number[] = [];
  const ids: number[] = [];
  for (;;) {
    const page = ctx.store.messages.withoutBody(mailbox.id, uidvalidity, WITHOUT_BODY_PAGE, ctx.maxBytes, uids.at(-1) ?? null);
    for (const row of page) {
      uids.push(row.uid);
      ids.push(row.id);
    }
    if (page.length < WITHOUT_BODY_PAGE) return { newestFirst: uids, ids: new UidIds(Uint32Array.from(uids).reverse(), Float64Array.from(ids).reverse()) };
    await nextTurn();
  }
}

/** Row ids by UID, for the rows a batch's answer names. */
type IdsByUid = Pick<Map<number, number>, 'get'>;

/**
 * A worker phase's row ids by UID, for the whole folder while its bodies come in: the
 * UIDs in ascending order beside their ids, found by binary search. As a Map, beside the rows it
 * was made from, they held about 8 MB of the main thread's heap at 100,000 messages (and
 * ten times that at a million); as these two arrays, 1.2 MB.
 */
export class UidIds implements IdsByUid {
  constructor(
    /** Ascending. */
    private readonly uids: Uint32Array,
    private readonly ids: Float64Array,
  ) {}

  get(uid: number): number | undefined {
    const at = lowerBound(this.uids, uid);
    return this.uids[at] === uid ? this.ids[at] : undefined;
  }
}

type Next<T> = { k: number; result: IteratorResult<T> } | { k: number; error: unknown };

/** Items of several streams in the order they arrive; a failed stream ends (told to `failed`), unless the folder's UIDVALIDITY changed. */
export async function* asTheyCome<T>(streams: AsyncIterable<T>[], failed: (err: unknown) => void): AsyncGenerator<T> {
  const iterators = streams.map((s) => s[Symbol.asyncIterator]());
  // Settled, never rejected: a stream's failure is handled here, not left unhandled once the loop ends.
  const pull = (k: number): Promise<Next<T>> =>
    iterators[k]!.next().then(
      (result) => ({ k, result }),
      (error: unknown) => ({ k, error }),
    );
  const waiting = new Map(iterators.map((_, k) => [k, pull(k)]));
  while (waiting.size > 0) {
    const next = await Promise.race(waiting.values());
    waiting.delete(next.k);
    if ('error' in next) {
      if ((next.error as { code?: unknown }).code === UIDVALIDITY_CHANGED) throw next.error;
      failed(next.error);
    } else if (!next.result.done) {
      yield next.result.value;
      waiting.set(next.k, pull(next.k));
    }
  }
}

/**
 * Fetches one message's body now: the reader opened it before the background phase got
 * there, or asked for a message over the account's size limit (with progress).
 */
export async function fetchOneBody(client: ImapFlow, store: Store, mailbox: MailboxRecord, messageId: number, uid: number, attachments: AttachmentStore, progress?: DownloadProgress): Promise<void> {
  const source = await fetchOneSource(client, mailbox, uid, attachments, { parse: true, progress });
  if (source) store.messages.setBody(messageId, await parseSource(source, attachments), source.sha256);
}

/**
 * Fetches one message's original source (BODY.PEEK[]: the \Seen flag stays as it is) and
 * keeps it, for a message cached before sources were kept. Null when the server has it no more.
 */
export async function fetchOneRaw(client: ImapFlow, store: Store, mailbox: MailboxRecord, messageId: number, uid: number, attachments: AttachmentStore): Promise<string | null> {
  const source = await fetchOneSource(client, mailbox, uid, attachments, {});
  if (!source) return null;
  store.messages.setRaw(messageId, source.sha256);
  return source.sha256;
}

async function fetchOneSource(client: ImapFlow, mailbox: MailboxRecord, uid: number, attachments: AttachmentStore, options: Parameters<typeof fetchSources>[3]): Promise<FetchedSource | null> {
  const lock = await client.getMailboxLock(mailbox.path, { readOnly: true });
  try {
    return (await fetchSources(client, [uid], attachments, options)).get(uid) ?? null;
  } finally {
    lock.release();
  }
}
