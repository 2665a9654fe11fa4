import type { AttachmentInfo } from '../../src-preload/contract';
import { formatSize } from '../lib/format';

/** Images bigger than this are not decoded in the page: a 100-megapixel photo stalls it for seconds. */
export const IMAGE_PREVIEW_MAX_BYTES = 20 * 1024 * 1024;

/**
 * Types the page decodes as pictures. Not SVG: it is a document that can carry scripts
 * and links, so it is only ever saved or opened.
 */
const IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/jpg', 'image/pjpeg', 'image/gif', 'image/webp']);
const IMAGE_EXTENSIONS = new Set(['png', 'jpg', 'jpeg', 'gif', 'webp']);
const TEXT_TYPES = new Set(['text/plain', 'text/csv', 'application/json', 'text/json', 'application/csv', 'text/x-log']);
const TEXT_EXTENSIONS = new Set(['txt', 'csv', 'json', 'log']);

/** Senders often label a file application/octet-stream: its name then says what it is. */
const GENERIC_TYPES = new Set(['application/octet-stream', 'application/x-download', 'binary/octet-stream', '']);

export type PreviewKind =
  /** mime: what the page decodes it as (a generic type says nothing). */
  | { kind: 'image'; mime: string }
  | { kind: 'text' }
  /** No preview; `reason` says why when the type could be previewed but this file cannot. */
  | { kind: 'none'; reason: string | null };

function extensionOf(filename: string): string {
  const dot = filename.lastIndexOf('.');
  return dot >= 0 ? filename.slice(dot + 1).toLowerCase() : '';
}

/** What the reader can show of an attachment inside the app, decided by its type (or, for a generic type, its name) and size. */
export function previewKind(part: Pick<AttachmentInfo, 'contentType' | 'filename' | 'size'>): PreviewKind {
  const type = part.contentType.toLowerCase();
  const ext = GENERIC_TYPES.has(type) ? extensionOf(part.filename) : '';
  const image = IMAGE_TYPES.has(type) || IMAGE_EXTENSIONS.has(ext);
  const text = TEXT_TYPES.has(type) || TEXT_EXTENSIONS.has(ext);
  if (!image && !text) return { kind: 'none', reason: null };
  if (image && part.size > IMAGE_PREVIEW_MAX_BYTES) {
    return { kind: 'none', reason: `Too big to preview (${formatSize(part.size)}; images up to ${formatSize(IMAGE_PREVIEW_MAX_BYTES)}): use Open or Save.` };
  }
  if (!image) return { kind: 'text' };
  return { kind: 'image', mime: IMAGE_TYPES.has(type) ? type : `image/${ext === 'jpg' ? 'jpeg' : ext}` };
}
