import type { ImapFlow } from 'imapflow';
import type { AttachmentStore, StoreWriter } from '../store/attachments';
import { downloadParsing, mimeParser } from './arriving-message';
import { requireOpen } from './imap-reads';
import type { BodyInput } from './message-input';
import { toSequenceSet } from './uid-set';

/** A message bigger than this is fetched alone, in ranges; smaller ones come in one FETCH per batch. */
const BIG_MESSAGE_BYTES = 4 * 1024 * 1024;
/**
 * A big message's ranges (BODY.PEEK[]<offset.length>): imapflow holds each FETCH literal in
 * memory whole (twice, while it joins the socket's chunks), so one range is what a big message
 * costs in memory while it downloads, and the parser reading it takes its turn between ranges.
 */
const SOURCE_RANGE_BYTES = 1024 * 1024;
/**
 * Sources of small messages stay in memory for parsing up to this many bytes per
 * batch; the rest are parsed from the file they were just written to.
 */
const SOURCES_IN_MEMORY_BYTES = 16 * 1024 * 1024;

/** A message's original source, kept in the attachment store (exports write it byte for byte); still in memory when small. */
export interface FetchedSource {
  sha256: string;
  content: Buffer | null;
  /** A big message's body, parsed while it downloaded (when asked): the parse may still be running. */
  parsed?: Promise<BodyInput>;
}

/** The one place a fetched or stored source becomes a body (the sync, the reader's download, the deriver). */
export function parseSource(source: FetchedSource, attachments: AttachmentStore): Promise<BodyInput> {
  return source.parsed ?? mimeParser().then(({ parseMessage }) => parseMessage(source.content ?? { file: attachments.pathOf(source.sha256) }, () => attachments.writer()));
}

/** Bytes of one message downloaded so far, of its size: the reader's progress for a message downloaded on demand. */
export type DownloadProgress = (done: number, total: number) => void;

/**
 * The sources of these UIDs (the folder is selected), each written to the attachment store as
 * it arrives; one the server does not return (expunged meanwhile) is absent. Small messages
 * come in one FETCH, big ones (over BIG_MESSAGE_BYTES) one by one in ranges, and with `parse`
 * parsed as they arrive (see arriving-message.ts), one at a time, small ones kept in memory
 * for the parse; without it, nothing is kept but the files.
 */
export async function fetchSources(client: ImapFlow, uids: number[], attachments: AttachmentStore, options: { parse?: boolean; progress?: DownloadProgress } = {}): Promise<Map<number, FetchedSource>> {
  const { progress } = options;
  const sizes = new Map<number, number>();
  for await (const msg of client.fetch(toSequenceSet(uids), { uid: true, size: true }, { uid: true })) sizes.set(msg.uid, msg.size ?? 0);
  requireOpen(client, 'the body fetch');
  const sources = new Map<number, FetchedSource>();
  const small = uids.filter((uid) => (sizes.get(uid) ?? Infinity) <= BIG_MESSAGE_BYTES);
  if (small.length > 0) {
    let inMemory = 0;
    for await (const msg of client.fetch(toSequenceSet(small), { uid: true, source: true }, { uid: true })) {
      if (!msg.source) continue;
      inMemory += msg.source.length;
      // Kept only for a parse that follows: a source held until the batch ends outlives the worker's young generation, and its buffer waits for a full collection.
      sources.set(msg.uid, { sha256: attachments.put(msg.source), content: options.parse && inMemory <= SOURCES_IN_MEMORY_BYTES ? msg.source : null });
      progress?.(msg.source.length, msg.source.length);
    }
    requireOpen(client, 'the body fetch');
  }
  // The parse before must end before the next download starts: two at once would double the memory.
  let parsing: Promise<unknown> = Promise.resolve();
  for (const uid of uids) {
    const size = sizes.get(uid);
    if (size === undefined || size <= BIG_MESSAGE_BYTES) continue;
    await parsing.catch(() => undefined);
    const download = (writer: StoreWriter, arrived?: (bytes: number) => Promise<void>) => fetchInRanges(client, uid, size, writer, progress, arrived);
    if (options.parse) {
      const arrived = await downloadParsing(attachments, download);
      if (arrived) sources.set(uid, { sha256: arrived.sha256, content: null, parsed: arrived.parsed });
      parsing = arrived?.parsed ?? parsing;
    } else {
      const sha256 = await download(attachments.writer());
      if (sha256) sources.set(uid, { sha256, content: null });
    }
  }
  return sources;
}

/**
 * One big message, range after range into a temp file of the attachment store (awaiting
 * `arrived` after each), renamed to its SHA-256 once whole: a kill mid-download leaves only a temp
 * file that garbage collection removes. The end is a range shorter than asked for (RFC 3501
 * 6.4.5: a partial past the end is cut), not the RFC822.SIZE, so the file holds exactly the
 * bytes the server has. Null when the server returned nothing (expunged meanwhile).
 */
async function fetchInRanges(
  client: ImapFlow,
  uid: number,
  size: number,
  writer: StoreWriter,
  progress?: DownloadProgress,
  arrived?: (bytes: number) => Promise<void>,
): Promise<string | null> {
  try {
    let start = 0;
    for (;;) {
      const length = await fetchRange(client, uid, start, writer);
      if (length === null) {
        writer.abort();
        return null;
      }
      await arrived?.(length);
      start += length;
      progress?.(start, Math.max(size, start));
      if (length < SOURCE_RANGE_BYTES) return writer.finish();
    }
  } catch (err) {
    writer.abort();
    throw err;
  }
}

/** One range written: its length, or null when the server returned nothing at all (the range itself is garbage once this returns). */
async function fetchRange(client: ImapFlow, uid: number, start: number, writer: StoreWriter): Promise<number | null> {
  const msg = await client.fetchOne(String(uid), { uid: true, source: { start, maxLength: SOURCE_RANGE_BYTES } }, { uid: true });
  requireOpen(client, 'the body fetch');
  if (!msg || (!msg.source && start === 0)) return null;
  const range = msg.source ?? Buffer.alloc(0);
  writer.write(range);
  return range.length;
}
