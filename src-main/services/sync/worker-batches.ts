/**
 * The worker side of a sync worker thread (batch-worker.ts is the parent's): its own
 * connection on one folder, opened read-only at once (or none, for the deriver); then,
 * for the batches the parent sends, one result per batch in that order, then { done },
 * or { error } at any point. At most MAX_UNACKED results are unacknowledged, so a busy
 * main thread is not flooded.
 */
import type { MessagePort } from 'node:worker_threads';
import type { ImapFlow } from 'imapflow';
import type { ServerSettings } from '../../../src-preload/contract';
import { createImapClient, type ConnectionOptions, type Credentials } from '../mail/connections';
import type { FromWorker, ToWorker } from './batch-worker';
import { UIDVALIDITY_CHANGED } from './headers';
import { logoutWithin, startHeartbeat, type HeartbeatTiming } from './heartbeat';

/** Where a sync worker connects and which folder it reads. */
export interface FolderJob {
  server: ServerSettings;
  credentials: Credentials;
  options: ConnectionOptions;
  path: string;
  uidvalidity: number;
  /** A link that dies mid-fetch closes the connection, so the error reaches the sync (default timing when absent). */
  heartbeat?: HeartbeatTiming;
}

const MAX_UNACKED = 4;

/** The error's own fields (code, responseText, authenticationFailed…), which explainError reads. */
function serializable(err: unknown): Record<string, unknown> {
  if (!(err instanceof Error)) return { message: String(err) };
  const out: Record<string, unknown> = { message: err.message, name: err.name };
  for (const [key, value] of Object.entries(err)) {
    if (['string', 'number', 'boolean'].includes(typeof value)) out[key] = value;
  }
  return out;
}

/** Messages from the parent: the batch list (once) and acknowledgements. */
class Inbox<I> {
  private batches: I[][] | null = null;
  private unacked = 0;
  private wake: (() => void) | null = null;

  receive(message: ToWorker<I>): void {
    if (message.type === 'batches') this.batches = message.batches;
    else this.unacked -= 1;
    this.wake?.();
  }

  async nextBatches(): Promise<I[][]> {
    while (!this.batches) await new Promise<void>((resolve) => (this.wake = resolve));
    return this.batches;
  }

  async sent(): Promise<void> {
    this.unacked += 1;
    while (this.unacked >= MAX_UNACKED) await new Promise<void>((resolve) => (this.wake = resolve));
  }
}

type Post<R> = (message: FromWorker<R>) => void;

/** One result per batch, in order, at most MAX_UNACKED ahead of the parent. */
async function each<I, R>(inbox: Inbox<I>, post: Post<R>, work: (batch: I[]) => Promise<R>): Promise<void> {
  for (const batch of await inbox.nextBatches()) {
    post({ type: 'batch', result: await work(batch) });
    await inbox.sent();
  }
}

async function onFolder<R>(job: FolderJob, inbox: Inbox<number>, post: Post<R>, fetchBatch: (client: ImapFlow, batch: number[]) => Promise<R>): Promise<void> {
  const client = createImapClient(job.server, job.credentials, job.options);
  try {
    await client.connect();
    startHeartbeat(client, job.heartbeat);
    const lock = await client.getMailboxLock(job.path, { readOnly: true });
    try {
      if (!client.mailbox || Number(client.mailbox.uidValidity) !== job.uidvalidity) {
        throw Object.assign(new Error(`The UIDVALIDITY of ${job.path} changed during the sync; starting over.`), { code: UIDVALIDITY_CHANGED });
      }
      await each(inbox, post, (batch) => fetchBatch(client, batch));
    } finally {
      lock.release();
    }
  } finally {
    await logoutWithin(client);
  }
}

/** What a result's buffers are moved to the parent with (postMessage's transfer list) instead of copied; none by default. */
type TransferOf<R> = (result: R) => ArrayBuffer[];

/** Runs `work` on the parent's messages through `port`, then says done, or why it failed. */
function serve<I, R>(port: MessagePort, work: (inbox: Inbox<I>, post: Post<R>) => Promise<void>, transferOf?: TransferOf<R>): void {
  const inbox = new Inbox<I>();
  port.on('message', (message: ToWorker<I>) => inbox.receive(message));
  const post: Post<R> = (message) => port.postMessage(message, message.type === 'batch' && transferOf ? transferOf(message.result) : []);
  work(inbox, post).then(
    () => post({ type: 'done' }),
    (err: unknown) => post({ type: 'error', error: serializable(err) }),
  );
}

/** Serves the parent on `port` with `fetchBatch` until the batches are done or something fails. */
export function serveBatches<R>(port: MessagePort, job: FolderJob, fetchBatch: (client: ImapFlow, batch: number[]) => Promise<R>, transferOf?: TransferOf<R>): void {
  serve<number, R>(port, (inbox, post) => onFolder(job, inbox, post, fetchBatch), transferOf);
}

/** serveBatches without a connection: batches of local work (the deriver's). */
export function serveLocalBatches<I, R>(port: MessagePort, work: (batch: I[]) => Promise<R>): void {
  serve<I, R>(port, (inbox, post) => each(inbox, post, work));
}
