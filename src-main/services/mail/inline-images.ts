import type { MessageDetail } from '../../../src-preload/contract';

/** A cid: URL (RFC 2392) in HTML: in src, background or CSS url(). */
const CID_URL = /cid:([^\s"'()<>]+)/gi;

/**
 * The types the mail frame shows from data: URLs, inline (cid:) or remote (remote-images.ts):
 * raster images only, as SVG is a document that can carry more than pixels.
 */
export const FRAME_IMAGE_TYPES: ReadonlySet<string> = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/bmp', 'image/avif']);
/** Bigger images stay attachments: a data: URI travels through the bridge with the body every time it is opened. */
const MAX_IMAGE_BYTES = 2 * 1024 * 1024;
const MAX_TOTAL_BYTES = 10 * 1024 * 1024;

/** The key a Content-ID and a cid: URL share: the URL form is URL-encoded, and mailers disagree on case. */
function cidKey(value: string): string {
  try {
    return decodeURIComponent(value).toLowerCase();
  } catch {
    return value.toLowerCase();
  }
}

/** Content-IDs the HTML refers to by cid: URL. */
export function cidReferences(html: string): Set<string> {
  return new Set([...html.matchAll(CID_URL)].map((m) => cidKey(m[1] ?? '')));
}

export function isReferenced(contentId: string, references: Set<string>): boolean {
  return references.has(cidKey(contentId));
}

/**
 * The message as the reader gets it: each cid: image of its HTML replaced by a data:
 * URI of the cached file, so the sandboxed frame shows it with no network (its CSP
 * allows data: images only). An image that cannot be shown so (too big, not a raster
 * type, its file missing) loses its contentId and is listed as an attachment instead.
 */
export function withInlineImages<T extends Pick<MessageDetail, 'html' | 'attachments'>>(message: T, read: (sha256: string) => Buffer | null): T {
  if (!message.html || !message.attachments.some((a) => a.contentId)) return message;
  const dataUris = new Map<string, string>();
  let total = 0;
  const attachments = message.attachments.map((a) => {
    if (!a.contentId) return a;
    const type = a.contentType.toLowerCase();
    const content = FRAME_IMAGE_TYPES.has(type) && a.sha256 && a.size <= MAX_IMAGE_BYTES && total + a.size <= MAX_TOTAL_BYTES ? read(a.sha256) : null;
    if (!content) {
      const { contentId: _shownAsAttachment, ...listed } = a;
      return listed;
    }
    total += content.length;
    dataUris.set(cidKey(a.contentId), `data:${type};base64,${content.toString('base64')}`);
    return a;
  });
  const html = message.html.replace(CID_URL, (url, ref: string) => dataUris.get(cidKey(ref)) ?? url);
  return { ...message, html, attachments };
}
