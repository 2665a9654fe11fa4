/**
 * Cutting long bodies into pieces the page can lay out one at a time. Pure string
 * logic, no DOM, so it is unit tested directly.
 */

/**
 * Text held whole on the page (a folded quote) longer than this shows its beginning
 * first, the rest on request (issue 16); message bodies are cut by main already
 * (BODY_BEGINNING_CHARS in the contract).
 */
export const LONG_BODY_CHARS = 256 * 1024;

/** Each chunk is one block the browser can skip laying out while it is off screen. */
export const CHUNK_CHARS = 64 * 1024;

export interface TextChunk {
  text: string;
  /** Line breaks inside the chunk: the basis of its height estimate before it is laid out. */
  lines: number;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/**
 * Splits text into chunks of at most about `size` characters, each ending after a
 * line break when the line allows, so a chunk boundary never shows as a break
 * inside a line; a single line longer than `size` is cut where it must, never
 * between the two halves of a surrogate pair.
 */
export function splitIntoChunks(text: string, size = CHUNK_CHARS): TextChunk[] {
  const chunks: TextChunk[] = [];
  let start = 0;
  while (start < text.length) {
    let end = Math.min(text.length, start + size);
    if (end < text.length) {
      const newline = text.lastIndexOf('\n', end - 1);
      if (newline >= start) end = newline + 1;
      else if (isHighSurrogate(text.charCodeAt(end - 1))) end -= 1;
    }
    const piece = text.slice(start, end);
    let lines = 0;
    for (let i = piece.indexOf('\n'); i >= 0; i = piece.indexOf('\n', i + 1)) lines += 1;
    chunks.push({ text: piece, lines });
    start = end;
  }
  return chunks;
}

/** The size the text has as UTF-8, as the sender's mail program counted it; no copy of the text is made. */
export function utf8ByteLength(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (isHighSurrogate(code) && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4;
      i += 1;
    } else bytes += 3;
  }
  return bytes;
}

/**
 * The beginning of a longer HTML document, as the message detail carries it, cut
 * before its last tag so no tag or attribute is left half-written (the HTML parser
 * closes what is still open).
 */
export function htmlBeginning(beginning: string): string {
  const tag = beginning.lastIndexOf('<');
  return tag > 0 ? beginning.slice(0, tag) : beginning;
}

/**
 * Splits text that continues in a later piece at its last line break: the lines to
 * show now, and the unfinished line to put before the next piece, so a piece's edge
 * never shows as a break inside a line. Text with no line break is shown as it is.
 */
export function completeLines(text: string): { lines: string; carry: string } {
  const cut = text.lastIndexOf('\n') + 1;
  return cut > 0 ? { lines: text.slice(0, cut), carry: text.slice(cut) } : { lines: text, carry: '' };
}

/** How many leading chunks make up the beginning shown at first: up to `chars` characters, at least one chunk. */
export function leadingChunks(chunks: TextChunk[], chars = LONG_BODY_CHARS): number {
  let count = 0;
  let total = 0;
  for (const chunk of chunks) {
    total += chunk.text.length;
    if (count > 0 && total > chars) break;
    count += 1;
  }
  return count;
}
