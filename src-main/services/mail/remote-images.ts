/**
 * Fetches a message's remote images for the reader, in main and only at the reader's
 * request (or for a sender they trust). The sandboxed frame that shows the mail has no
 * network (sanitize.ts's CSP): it gets the bytes as data: URLs from here.
 *
 * What leaves with each request is only the URL: Node's fetch keeps no cookie jar and
 * sends no Referer, and the headers below add nothing that names the reader. Each hop
 * of a redirect is checked like the first URL, so a redirect cannot reach file: or a
 * private scheme.
 */
import type { RemoteImageResult } from '../../../src-preload/contract';
import { FRAME_IMAGE_TYPES } from './inline-images';

/** One image's bytes at most: a larger one is a download, not a picture in a mail. */
export const REMOTE_IMAGE_MAX_BYTES = 5 * 1024 * 1024;
/** All of one message's images together. */
export const REMOTE_IMAGES_TOTAL_MAX_BYTES = 20 * 1024 * 1024;
/** Redirects followed per image: trackers chain one or two. */
export const REMOTE_IMAGE_MAX_REDIRECTS = 3;
/** The whole of one image (connect, redirects, body), in milliseconds. */
export const REMOTE_IMAGE_TIMEOUT_MS = 15_000;
/** Images fetched at once. */
const PARALLEL = 4;

const TYPE_ALIASES: Record<string, string> = { 'image/jpg': 'image/jpeg', 'image/pjpeg': 'image/jpeg', 'image/x-ms-bmp': 'image/bmp' };

/** The URL to fetch for an image reference, or null: http(s) only, no user:password@, protocol-relative taken as https. */
export function remoteImageUrl(raw: string): URL | null {
  const trimmed = raw.trim();
  let url: URL;
  try {
    url = new URL(trimmed.startsWith('//') ? `https:${trimmed}` : trimmed);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (url.username || url.password) return null;
  return url;
}

/** The image type a Content-Type header names, normalised, or null when it is not an image this reader shows. */
export function imageContentType(header: string | null): string | null {
  const type = (header ?? '').split(';')[0]!.trim().toLowerCase();
  const normal = TYPE_ALIASES[type] ?? type;
  return FRAME_IMAGE_TYPES.has(normal) ? normal : null;
}

class ImageRefused extends Error {}

/** The bytes left for one message's images, shared by its parallel fetches. */
interface Budget {
  left: number;
}

async function readCapped(body: ReadableStream<Uint8Array>, max: number, budget: Budget): Promise<Buffer> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      budget.left -= value.byteLength;
      if (size > max) throw new ImageRefused('larger than 5 MB');
      if (budget.left < 0) throw new ImageRefused('over the 20 MB this message may load');
      chunks.push(value);
    }
  } finally {
    // Stops the download at once when a cap was hit; harmless after the end.
    await reader.cancel().catch(() => undefined);
  }
  return Buffer.concat(chunks);
}

async function fetchOne(raw: string, budget: Budget): Promise<RemoteImageResult> {
  let url = remoteImageUrl(raw);
  if (!url) return { url: raw, failed: 'not a web address' };
  const signal = AbortSignal.timeout(REMOTE_IMAGE_TIMEOUT_MS);
  try {
    for (let hop = 0; ; hop++) {
      const response = await fetch(url, {
        redirect: 'manual',
        credentials: 'omit',
        referrerPolicy: 'no-referrer',
        cache: 'no-store',
        headers: { Accept: 'image/avif,image/webp,image/png,image/jpeg,image/gif,image/bmp;q=0.9' },
        signal,
      });
      if (response.status >= 300 && response.status < 400 && response.headers.has('location')) {
        await response.body?.cancel();
        if (hop >= REMOTE_IMAGE_MAX_REDIRECTS) return { url: raw, failed: 'too many redirects' };
        const next = remoteImageUrl(new URL(response.headers.get('location')!, url).href);
        if (!next) return { url: raw, failed: 'redirected to something other than a web address' };
        url = next;
        continue;
      }
      if (!response.ok) {
        await response.body?.cancel();
        return { url: raw, failed: `the server answered ${response.status}` };
      }
      const type = imageContentType(response.headers.get('content-type'));
      const declared = Number(response.headers.get('content-length') ?? 0);
      if (!type || !response.body || declared > REMOTE_IMAGE_MAX_BYTES) {
        await response.body?.cancel();
        return { url: raw, failed: !type ? 'not an image' : response.body ? 'larger than 5 MB' : 'empty' };
      }
      const bytes = await readCapped(response.body, REMOTE_IMAGE_MAX_BYTES, budget);
      return { url: raw, dataUrl: `data:${type};base64,${bytes.toString('base64')}` };
    }
  } catch (error) {
    if (error instanceof ImageRefused) return { url: raw, failed: error.message };
    return { url: raw, failed: signal.aborted ? 'timed out' : 'could not be reached' };
  }
}

/** Fetches one message's images, a few at a time; the answers keep the order of `urls`. Never throws. */
export async function fetchRemoteImages(urls: readonly string[]): Promise<RemoteImageResult[]> {
  const budget: Budget = { left: REMOTE_IMAGES_TOTAL_MAX_BYTES };
  const results: RemoteImageResult[] = new Array<RemoteImageResult>(urls.length);
  let next = 0;
  const worker = async () => {
    while (next < urls.length) {
      const i = next++;
      results[i] = await fetchOne(urls[i]!, budget);
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, urls.length) }, worker));
  return results;
}
