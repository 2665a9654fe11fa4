import type { AttachmentStore, StoreWriter } from '../store/attachments';
import { GrowingFile } from './growing-file';
import type { BodyInput } from './message-input';

/**
 * The MIME parser (mailparser and its charset tables), loaded when a message is first
 * parsed: a body worker only fetches sources and writes them to the store, and loading
 * the parser held about 10 MB of each one's heap.
 */
export const mimeParser = () => import('../mail/parse-message');

/**
 * Writes one message with `writer`, awaiting `arrived` after each write (the parser's pace);
 * resolves to its SHA-256 in the attachment store once whole, or null when the server returned nothing.
 */
export type Download = (writer: StoreWriter, arrived: (bytes: number) => Promise<void>) => Promise<string | null>;

/** A message downloaded whole, and its body, which the parse may still be reading. */
export interface ArrivedMessage {
  sha256: string;
  parsed: Promise<BodyInput>;
}

/**
 * Downloads a big message and parses it while it arrives: the parser reads the temp file as
 * the download appends to it, and the download fetches the next range once the parser has
 * read the last (see GrowingFile.grew). The message is never in memory whole, and the garbage
 * of both (socket chunks, joined ranges, parser chunks) dies young instead of piling up.
 * Resolves once the download is done (the parse of its last range may go on); rejects when
 * it fails, once the parse, failing with it, has stopped.
 */
export async function downloadParsing(attachments: AttachmentStore, download: Download): Promise<ArrivedMessage | null> {
  const writer = attachments.writer();
  const file = new GrowingFile(writer.temp);
  const fetched = download(writer, (bytes) => file.grew(bytes)).then(
    (sha256) => {
      file.complete();
      return sha256;
    },
    (err: unknown) => {
      file.fail(err instanceof Error ? err : new Error(String(err)));
      throw err;
    },
  );
  const whole = fetched.then((sha256) => {
    if (!sha256) throw new Error('The server returned nothing for this message.');
    return { file: attachments.pathOf(sha256) };
  });
  const parsed = mimeParser().then(({ parseMessage }) => parseMessage({ arriving: file, whole }, () => attachments.writer()));
  // Both fail only with the download, which reaches the caller through `fetched`: not unhandled meanwhile.
  whole.catch(() => undefined);
  const settled = parsed.then(
    () => undefined,
    () => undefined,
  );
  try {
    const sha256 = await fetched;
    return sha256 ? { sha256, parsed } : null;
  } catch (err) {
    // The parse's own temp files (attachments half written) are gone once it has stopped.
    await settled;
    throw err;
  }
}
