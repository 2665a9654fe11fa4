/**
 * Worker thread for a big header phase. Parsing IMAP responses is most of the
 * phase's CPU (imapflow turns every response back into text, too); here it runs
 * on a second core with its own connection, while the main thread only stores
 * what arrives, and the main process stays responsive during a first sync.
 *
 * Protocol (see parallel-headers.ts): workerData is a HeaderJob. The worker
 * connects and opens the folder at once, then waits for { batches }; it posts
 * { batch } per UID batch in that order, then { done }, or { error } at any point.
 * At most MAX_UNACKED batches are unacknowledged ({ ack } from the parent), so a
 * busy main thread is not flooded.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { FetchQueryObject } from 'imapflow';
import type { ServerSettings } from '../../../src-preload/contract';
import type { HeaderInput } from './message-input';
import { createImapClient, type ConnectionOptions, type Credentials } from '../mail/connections';
import { UIDVALIDITY_CHANGED, fetchHeaders } from './headers';
import { logoutWithin, startHeartbeat, type HeartbeatTiming } from './heartbeat';
import type { HeaderTerm } from './import-criteria';

export interface HeaderJob {
  server: ServerSettings;
  credentials: Credentials;
  options: ConnectionOptions;
  path: string;
  uidvalidity: number;
  query: FetchQueryObject;
  terms: HeaderTerm[];
  /** A link that dies mid-fetch closes the connection, so the error reaches the sync (default timing when absent). */
  heartbeat?: HeartbeatTiming;
}

export type ToWorker = { type: 'batches'; batches: number[][] } | { type: 'ack' };

export type FromWorker = { type: 'batch'; headers: HeaderInput[] } | { type: 'done' } | { type: 'error'; error: Record<string, unknown> };

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

async function run(job: HeaderJob, inbox: Inbox, post: (message: FromWorker) => void): Promise<void> {
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
        post({ type: 'batch', headers: await fetchHeaders(client, batch, job.query, job.terms) });
        await inbox.sent();
      }
    } finally {
      lock.release();
    }
  } finally {
    await logoutWithin(client);
  }
}

if (parentPort) {
  const port = parentPort;
  const inbox = new Inbox();
  port.on('message', (message: ToWorker) => inbox.receive(message));
  const post = (message: FromWorker) => port.postMessage(message);
  run(workerData as HeaderJob, inbox, post).then(
    () => post({ type: 'done' }),
    (err: unknown) => post({ type: 'error', error: serializable(err) }),
  );
}
