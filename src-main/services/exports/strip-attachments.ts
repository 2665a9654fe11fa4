import { PassThrough, pipeline, Transform, type Readable, type TransformCallback } from 'node:stream';
import { Joiner, Splitter } from '@zone-eu/mailsplit';
import type { SplitterChunk } from '@zone-eu/mailsplit';

type MimeNode = Extract<SplitterChunk, { type: 'node' }>;

/** A file in the message: a leaf part sent as an attachment, or one with a file name that is not the text itself. */
function isAttachment(node: MimeNode): boolean {
  if (node.multipart) return false;
  if (node.disposition === 'attachment') return true;
  return Boolean(node.filename) && node.contentType !== 'text/plain' && node.contentType !== 'text/html';
}

/**
 * Replaces each attachment part by a short text part that names it, keeping every
 * other byte of the message as it was (mailsplit rebuilds untouched parts exactly):
 * the message stays valid MIME, and the reader sees what was left out.
 */
class AttachmentRemover extends Transform {
  private dropping = false;

  constructor() {
    super({ objectMode: true });
  }

  override _transform(chunk: SplitterChunk, _encoding: BufferEncoding, done: TransformCallback): void {
    if (chunk.type === 'node') {
      this.dropping = isAttachment(chunk);
      if (this.dropping && chunk.headers) {
        const note = `[Attachment removed by the Mailroom export: ${chunk.filename || 'unnamed'} (${chunk.contentType || 'unknown type'})]\r\n`;
        chunk.setFilename(false);
        for (const header of ['Content-Disposition', 'Content-Transfer-Encoding', 'Content-ID', 'Content-Description']) chunk.headers.remove(header);
        chunk.setContentType('text/plain');
        chunk.setCharset('utf-8');
        chunk.headers.add('Content-Transfer-Encoding', '8bit');
        this.push(chunk);
        this.push({ type: 'body', value: Buffer.from(note, 'utf8') });
        return done();
      }
    } else if (chunk.type === 'body' && this.dropping) {
      return done();
    }
    this.push(chunk);
    done();
  }
}

/** The message without its attachments (each replaced by a line naming it). */
export function withoutAttachments(source: Readable): Readable {
  const out = new PassThrough();
  // Attached messages stay whole parts: they are attachments too, not nested mail to walk.
  // (mailsplit's typings narrow its streams' events too far for pipeline: they are plain Transforms.)
  const splitter = new Splitter({ ignoreEmbedded: true }) as unknown as Transform;
  const joiner = new Joiner() as unknown as Transform;
  pipeline(source, splitter, new AttachmentRemover(), joiner, out, (err) => {
    if (err) out.destroy(err);
  });
  return out;
}
