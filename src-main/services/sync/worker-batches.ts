/**
 * The worker side of a sync worker thread (batch-worker.ts is the parent's): its own
 * connection on one folder, opened read-only at once; then, for the UID batches the
 * parent sends, one result per batch in that order, then { done }, or { error } at
 * any point. At most MAX_UNACKED results are unacknowledged, so a busy main thread
 * is not flooded.
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
class Inbox {
  private batches: number[][] | null = null;
  private unacked = 0;
  private wake: (() => void) | null = null;

  receive(message: ToWorker): void {
    if (message.type === 'batches') this.batches = message.batches;
    else this.unacked -= 1;
    this.wake?.();
  }

  async nextBatches(): Promise<number[][]> {
    while (!this.batches) await new Promise<void>((resolve) => (this.wake = resolve));
    return this.batches;
  }

  async sent(): Promise<void> {
    this.unacked += 1;
    while (this.unacked >= MAX_UNACKED) await new Promise<void>((resolve) => (this.wake = resolve));
  }
}

async function run<R>(job: FolderJob, inbox: Inbox, post: (message: FromWorker<R>) => void, fetchBatch: (client: ImapFlow, batch: number[]) => Promise<R>): Promise<void> {
  const client = createImapClient(job.server, job.credentials, job.options);
  try {
    await client.connect();
    startHeartbeat(client, job.heartbeat);
    const lock = await client.getMailboxLock(job.path, { readOnly: true });
    try {
      if (!client.mailbox || Number(client.mailbox.uidValidity) !== job.uidvalidity) {
        throw Object.assign(new Error(`The UIDVALIDITY of ${job.path} changed during the sync; starting over.`), { code: UIDVALIDITY_CHANGED });
      }
      for (const batch of await inbox.nextBatches()) {
        post({ type: 'batch', result: await fetchBatch(client, batch) });
        await inbox.sent();
      }
    } finally {
      lock.release();
    }
  } finally {
    await logoutWithin(client);
  }
}

/** Serves the parent on `port` with `fetchBatch` until the batches are done or something fails. */
export function serveBatches<R>(port: MessagePort, job: FolderJob, fetchBatch: (client: ImapFlow, batch: number[]) => Promise<R>): void {
  const inbox = new Inbox();
  port.on('message', (message: ToWorker) => inbox.receive(message));
  const post = (message: FromWorker<R>) => port.postMessage(message);
  run(job, inbox, post, fetchBatch).then(
    () => post({ type: 'done' }),
    (err: unknown) => post({ type: 'error', error: serializable(err) }),
  );
}
