/**
 * Fetches a message's remote images for the reader, in main and only at the reader's
 * request (or for a sender they trust). The sandboxed frame that shows the mail has no
 * network (sanitize.ts's CSP): it gets the bytes as data: URLs from here.
 *
 * What leaves with each request is only the URL: no cookie jar, no Referer, and the
 * headers below add nothing that names the reader. Each hop of a redirect is checked
 * like the first URL, so a redirect cannot reach file:, a private scheme, or an address
 * on the reader's own network (public-address.ts).
 */
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import type { RemoteImageResult } from '../../../src-preload/contract';
import { FRAME_IMAGE_TYPES } from './inline-images';
import { AddressRefused, checkLiteralHost, checkedLookup, type RemoteImagePolicy } from './public-address';

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

const ACCEPT = 'image/avif,image/webp,image/png,image/jpeg,image/gif,image/bmp;q=0.9';

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

async function readCapped(body: IncomingMessage, max: number, budget: Budget): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of body as AsyncIterable<Buffer>) {
      size += chunk.byteLength;
      budget.left -= chunk.byteLength;
      if (size > max) throw new ImageRefused('larger than 5 MB');
      if (budget.left < 0) throw new ImageRefused('over the 20 MB this message may load');
      chunks.push(chunk);
    }
  } finally {
    // Stops the download at once when a cap was hit; harmless after the end.
    body.destroy();
  }
  return Buffer.concat(chunks);
}

/**
 * One request, no redirect followed. Plain http(s).get rather than fetch: it takes the
 * checked lookup, so the socket connects only to an address the policy allowed. No
 * agent: no connection is kept or shared, and nothing but Host and these headers leaves.
 */
function request(url: URL, policy: RemoteImagePolicy, signal: AbortSignal): Promise<IncomingMessage> {
  checkLiteralHost(url.hostname, policy);
  const get = url.protocol === 'https:' ? https.get : http.get;
  return new Promise((resolve, reject) => {
    get(url, { agent: false, lookup: checkedLookup(policy), signal, headers: { Accept: ACCEPT } }, resolve).on('error', reject);
  });
}

async function fetchOne(raw: string, budget: Budget, policy: RemoteImagePolicy): Promise<RemoteImageResult> {
  let url = remoteImageUrl(raw);
  if (!url) return { url: raw, failed: 'not a web address' };
  const signal = AbortSignal.timeout(REMOTE_IMAGE_TIMEOUT_MS);
  try {
    for (let hop = 0; ; hop++) {
      const response = await request(url, policy, signal);
      const status = response.statusCode ?? 0;
      const location = response.headers.location;
      if (status >= 300 && status < 400 && location) {
        response.destroy();
        if (hop >= REMOTE_IMAGE_MAX_REDIRECTS) return { url: raw, failed: 'too many redirects' };
        const next = remoteImageUrl(new URL(location, url).href);
        if (!next) return { url: raw, failed: 'redirected to something other than a web address' };
        url = next;
        continue;
      }
      if (status < 200 || status >= 300) {
        response.destroy();
        return { url: raw, failed: `the server answered ${status}` };
      }
      const type = imageContentType(response.headers['content-type'] ?? null);
      const declared = Number(response.headers['content-length'] ?? 0);
      if (!type || declared > REMOTE_IMAGE_MAX_BYTES) {
        response.destroy();
        return { url: raw, failed: !type ? 'not an image' : 'larger than 5 MB' };
      }
      const bytes = await readCapped(response, REMOTE_IMAGE_MAX_BYTES, budget);
      if (bytes.length === 0) return { url: raw, failed: 'empty' };
      return { url: raw, dataUrl: `data:${type};base64,${bytes.toString('base64')}` };
    }
  } catch (error) {
    if (error instanceof ImageRefused) return { url: raw, failed: error.message };
    if (error instanceof AddressRefused) return { url: raw, failed: `refused: ${error.message}` };
    return { url: raw, failed: signal.aborted ? 'timed out' : 'could not be reached' };
  }
}

/** Fetches one message's images, a few at a time, from the addresses `policy` allows; the answers keep the order of `urls`. Never throws. */
export async function fetchRemoteImages(urls: readonly string[], policy: RemoteImagePolicy): Promise<RemoteImageResult[]> {
  const budget: Budget = { left: REMOTE_IMAGES_TOTAL_MAX_BYTES };
  const results: RemoteImageResult[] = new Array<RemoteImageResult>(urls.length);
  let next = 0;
  const worker = async () => {
    while (next < urls.length) {
      const i = next++;
      results[i] = await fetchOne(urls[i]!, budget, policy);
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, urls.length) }, worker));
  return results;
}
