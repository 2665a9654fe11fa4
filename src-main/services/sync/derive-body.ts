import { AttachmentStore } from '../store/attachments';
import { parseSource } from './source-fetch';
import type { BodyInput } from './message-input';

/** A message whose source is stored and whose body is not derived yet. */
export interface StoredSource {
  id: number;
  mailboxId: number;
  rawSha256: string;
}

/** A derived body; null when the source is gone from the attachment store (the body phase fetches it again). */
export interface DerivedBody extends StoredSource {
  body: BodyInput | null;
}

/** The deriver worker's job (header-worker.ts runs it): the data directory whose attachment store holds the sources. */
export interface DeriveJob {
  dataDir: string;
}

/**
 * Parses stored sources into bodies, one at a time (memory holds one message), attachments
 * written to the same attachment store: in a deriver worker thread, or on the main thread
 * for a few messages (deriver.ts).
 */
export async function deriveBodies(sources: StoredSource[], attachments: AttachmentStore): Promise<DerivedBody[]> {
  const out: DerivedBody[] = [];
  for (const source of sources) {
    const body = attachments.has(source.rawSha256) ? await parseSource({ sha256: source.rawSha256, content: null }, attachments) : null;
    out.push({ ...source, body });
  }
  return out;
}

/** deriveBodies in a worker thread, with its own view of the attachment store. */
export function deriveBatch(sources: StoredSource[], job: DeriveJob): Promise<DerivedBody[]> {
  return deriveBodies(sources, new AttachmentStore(job.dataDir));
}
