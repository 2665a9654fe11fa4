import type { ImapFlow } from 'imapflow';
import { parseMessage } from '../mail/parse-message';
import type { Store } from '../store';
import type { AccountRecord } from '../store/accounts-repo';
import type { AttachmentStore } from '../store/attachments';
import type { MailboxRecord } from '../store/mailboxes-repo';
import type { BodyInput } from './message-input';
import { UIDVALIDITY_CHANGED } from './headers';
import { WORKER_MIN_MESSAGES, type MailboxSyncHooks } from './mailbox-sync';
import { fetchSources, type DownloadProgress, type FetchedSource } from './source-fetch';
import { Pacer } from './time-slices';
import { chunks } from './uid-set';

const BODY_BATCH = 25;
/** The fewest bodies one commit stores (a commit has its own cost), however slow the last one was. */
const MIN_BODY_CHUNK = 5;
/** The workers' batches: fewer round trips and commits than BODY_BATCH, each commit still short for the main thread. */
const WORKER_BATCH = 100;
/** Body workers per big body phase: parsing runs on both cores while the main thread commits. */
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

/** Parsed body batches for UID batches, in order (see parallel-bodies.ts). */
export interface BodySource {
  bodies(batches: number[][]): AsyncIterable<FetchedBody[]>;
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
  /** Starts a worker thread that fetches and parses body batches of a folder (see body-worker.ts); null fetches on `client`. */
  bodyWorker: ((folder: { path: string; uidvalidity: number }) => Promise<BodySource>) | null;
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

function parseSource(source: FetchedSource, attachments: AttachmentStore): Promise<BodyInput> {
  return source.parsed ?? parseMessage(source.content ?? { file: attachments.pathOf(source.sha256) }, () => attachments.writer());
}

/**
 * Fetches, parses and indexes bodies newest first, after all headers are in, so
 * the list is complete before the slow part. A big phase goes to worker threads with
 * their own connections (parsing is most of its CPU), the main thread only commits;
 * whatever they leave (refused connections, a failed worker) is then fetched on
 * `client`, where the mailbox lock is taken per batch so a reader opening a message
 * waits for one batch, not the whole phase.
 */
export async function fetchBodies(ctx: BodySyncContext, mailbox: MailboxRecord, uidvalidity: number): Promise<void> {
  const { store, hooks } = ctx;
  const mailboxId = String(mailbox.id);
  const total = store.messages.countWithoutBody(mailbox.id, uidvalidity, ctx.maxBytes);
  if (total === 0) return;
  let done = 0;
  const pacer = new Pacer(BODY_BATCH, { minSize: MIN_BODY_CHUNK });
  const commit = async (ids: Map<number, number>, fetched: FetchedBody[]) => {
    await storeBodies(ctx, pacer, ids, fetched);
    done = Math.min(total, done + fetched.length);
    hooks.progress({ mailboxId, phase: 'bodies', done, total });
    hooks.changed();
  };
  if (ctx.bodyWorker && total >= WORKER_MIN_MESSAGES) await inWorkers(ctx, ctx.bodyWorker, mailbox, uidvalidity, total, commit);
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
async function storeBodies(ctx: BodySyncContext, pacer: Pacer, ids: Map<number, number>, fetched: FetchedBody[]): Promise<void> {
  const kept = (f: FetchedBody) => [f.raw, ...f.body.attachments.map((a) => a.sha256 ?? null)].every((sha256) => sha256 === null || ctx.attachments.has(sha256));
  await pacer.each(fetched, (chunk) => {
    const rows = chunk.flatMap((f) => {
      const id = ids.get(f.uid);
      return id !== undefined && kept(f) ? [{ id, body: f.body, rawSha256: f.raw }] : [];
    });
    ctx.store.messages.setBodies(rows);
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
  total: number,
  commit: (ids: Map<number, number>, fetched: FetchedBody[]) => Promise<void>,
): Promise<void> {
  const pending = ctx.store.messages.withoutBody(mailbox.id, uidvalidity, total, ctx.maxBytes);
  const ids = new Map(pending.map((p) => [p.uid, p.id]));
  const batches = chunks(pending.map((p) => p.uid), WORKER_BATCH);
  const workers = await Promise.all(Array.from({ length: BODY_WORKERS }, () => start({ path: mailbox.path, uidvalidity })));
  try {
    const streams = workers.map((worker, k) => worker.bodies(batches.filter((_, i) => i % workers.length === k)));
    for await (const fetched of asTheyCome(streams)) {
      if (ctx.hooks.cancelled()) return;
      await commit(ids, fetched);
    }
  } finally {
    await Promise.all(workers.map((w) => w.stop()));
  }
}

type Next<T> = { k: number; result: IteratorResult<T> } | { k: number; error: unknown };

/** Items of several streams in the order they arrive; a failed stream ends (logged), unless the folder's UIDVALIDITY changed. */
async function* asTheyCome<T>(streams: AsyncIterable<T>[]): AsyncGenerator<T> {
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
      console.warn(`Body worker failed, its batches are left to the work connection: ${next.error instanceof Error ? next.error.message : String(next.error)}`);
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
