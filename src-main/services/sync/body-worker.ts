import type { ImapFlow } from 'imapflow';
import { AttachmentStore } from '../store/attachments';
import type { FetchedRaw } from './body-sync';
import { fetchSources } from './source-fetch';
import type { FolderJob } from './worker-batches';

/** A body worker's folder, and the data directory whose attachment store it writes sources to. */
export interface BodyJob extends FolderJob {
  dataDir: string;
}

/**
 * One batch of a big body phase, in a worker thread (header-worker.ts is the entry point):
 * fetched and each source written to the attachment store, so the main thread only commits
 * the rows; parsing is the deriver's (deriver.ts), after the sources are stored.
 */
export async function fetchSourceBatch(client: ImapFlow, uids: number[], job: BodyJob): Promise<FetchedRaw[]> {
  const sources = await fetchSources(client, uids, new AttachmentStore(job.dataDir));
  return uids.map((uid) => ({ uid, raw: sources.get(uid)?.sha256 ?? null }));
}
