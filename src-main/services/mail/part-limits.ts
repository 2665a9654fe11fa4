import { pipeline, Transform, type Readable, type TransformCallback } from 'node:stream';
import { Joiner, Splitter } from '@zone-eu/mailsplit';
import type { SplitterChunk } from '@zone-eu/mailsplit';
import { withOneChunkQueues } from './stream-queues';

type MimeNode = Extract<SplitterChunk, { type: 'node' }>;

/**
 * Multiparts nested deeper than this are read as one opaque part: the parser walks its
 * tree recursively, so depth must stay bounded whatever a hostile message holds (a
 * 10,000-level one is read in seconds, the rest as one attachment). 200 levels still read.
 */
export const MAX_PART_DEPTH = 250;
/** Parts the parser is given at most: it refuses a message of more than 1,000 (mailsplit's limit) outright, showing only raw text. */
const MAX_PARTS = 500;
/** This limiter's own splitter must see past the parser's limit to flatten what lies beyond it. */
const MAX_SPLIT_PARTS = 100_000;
/**
 * Source bytes of one text or HTML part kept for parsing and indexing: the decoded text
 * is held in memory whole, so a bigger one is cut (the original .eml keeps all of it).
 */
export const MAX_TEXT_PART_BYTES = 16 * 1024 * 1024;

export const DEPTH_WARNING = `The message nests parts more than ${MAX_PART_DEPTH} levels deep, or has more than ${MAX_PARTS} parts; the rest are kept as one attachment.`;
export const TEXT_CUT_WARNING = `A text part is longer than ${MAX_TEXT_PART_BYTES / 1024 / 1024} MB; only its first ${MAX_TEXT_PART_BYTES / 1024 / 1024} MB are shown and searched (the original message keeps all of it).`;

function isText(node: MimeNode): boolean {
  return !node.multipart && node.disposition !== 'attachment' && (node.contentType === 'text/plain' || node.contentType === 'text/html');
}

/** Applies MAX_PART_DEPTH and MAX_TEXT_PART_BYTES to a split message; every other byte passes as it was. */
class PartLimiter extends Transform {
  private readonly depths = new WeakMap<MimeNode, number>();
  private parts = 0;
  /** Bytes of the current text part's body still allowed; null outside a capped text part. */
  private textLeft: number | null = null;

  constructor(private readonly warnings: string[]) {
    super({ objectMode: true, highWaterMark: 1 });
  }

  override _transform(chunk: SplitterChunk, _encoding: BufferEncoding, done: TransformCallback): void {
    if (chunk.type === 'node') {
      const parent = chunk.parentNode ? this.depths.get(chunk.parentNode as MimeNode) : -1;
      // Parts inside a flattened multipart have no depth: they are bytes of one attachment now.
      const depth = parent === undefined ? undefined : parent + 1;
      this.textLeft = null;
      if (depth !== undefined && chunk.multipart && (depth > MAX_PART_DEPTH || this.parts >= MAX_PARTS)) {
        this.warn(DEPTH_WARNING);
        // The whole header, boundary included: the parser splits on any boundary parameter, whatever the type.
        if (chunk.headers) chunk.headers.update('Content-Type', 'application/octet-stream');
      } else if (depth !== undefined) {
        this.depths.set(chunk, depth);
        this.parts++;
        if (isText(chunk)) this.textLeft = MAX_TEXT_PART_BYTES;
      }
    } else if (chunk.type === 'body' && this.textLeft !== null && Buffer.isBuffer(chunk.value)) {
      if (this.textLeft <= 0) return done();
      if (chunk.value.length > this.textLeft) {
        this.warn(TEXT_CUT_WARNING);
        chunk.value = chunk.value.subarray(0, this.textLeft);
      }
      this.textLeft -= chunk.value.length;
    }
    this.push(chunk);
    done();
  }

  private warn(warning: string): void {
    if (!this.warnings.includes(warning)) this.warnings.push(warning);
  }
}

/**
 * The message as the parser may safely read it (see MAX_PART_DEPTH, MAX_TEXT_PART_BYTES); what
 * was changed is said in `warnings`. One chunk waits between stages at most (see stream-queues.ts).
 */
export function withPartLimits(source: Readable, warnings: string[]): Readable {
  // (mailsplit's typings narrow its streams' events too far for pipeline: they are plain Transforms.)
  const splitter = new Splitter({ maxChildNodes: MAX_SPLIT_PARTS }) as unknown as Transform;
  const joiner = new Joiner() as unknown as Transform;
  withOneChunkQueues(splitter, joiner);
  return pipeline(source, splitter, new PartLimiter(warnings), joiner, () => {
    // An error reaches the parser reading the joiner: pipeline destroys it with the error.
  });
}
