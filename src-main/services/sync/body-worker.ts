import type { ImapFlow } from 'imapflow';
import { AttachmentStore } from '../store/attachments';
import { parseBodies, type FetchedBody } from './body-sync';
import { fetchSources } from './source-fetch';
import type { FolderJob } from './worker-batches';

/** A body worker's folder, and the data directory whose attachment store it writes sources and attachments to. */
export interface BodyJob extends FolderJob {
  dataDir: string;
}

/**
 * One batch of a big body phase, in a worker thread (header-worker.ts is the entry point):
 * fetched, parsed, and its source and attachments written to the attachment store, so
 * the main thread only commits the rows.
 */
export async function fetchBodyBatch(client: ImapFlow, uids: number[], job: BodyJob): Promise<FetchedBody[]> {
  const attachments = new AttachmentStore(job.dataDir);
  return parseBodies(uids, await fetchSources(client, uids, attachments, { parse: true }), attachments);
}
