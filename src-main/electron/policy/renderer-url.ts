/**
 * Where the app's own pages live: mailroom://app/…, a privileged custom scheme served
 * by renderer-protocol.ts from the built renderer folder, instead of file://. With it
 * the grantFileProtocolExtraPrivileges fuse stays off and a page can only ever read
 * files of that folder.
 *
 * Pure (no `electron` import), so the rules are unit-tested in plain Node.
 */
import path from 'node:path';

export const RENDERER_SCHEME = 'mailroom';
const RENDERER_HOST = 'app';
export const RENDERER_ORIGIN = `${RENDERER_SCHEME}://${RENDERER_HOST}`;
const INDEX = 'index.html';

/** The URL of the renderer's page, with an optional in-page route ("/settings"). */
export function rendererPageUrl(route?: string): string {
  return `${RENDERER_ORIGIN}/${INDEX}${route ? `#${route}` : ''}`;
}

/** The path segments of a URL of our origin, decoded; null for anything else. */
function rendererSegments(rawUrl: string): string[] | null {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return null;
  }
  if (url.protocol !== `${RENDERER_SCHEME}:` || url.host !== RENDERER_HOST || url.username || url.password) return null;
  if (url.pathname === '/') return [INDEX];
  const segments: string[] = [];
  for (const raw of url.pathname.split('/').slice(1)) {
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return null;
    }
    // After decoding, a segment must still be one plain name: no hidden separator
    // (%2f, a backslash), no drive letter or stream (:), no NUL and no dot segment.
    if (segment === '' || segment === '.' || segment === '..' || /[/\\:\0]/.test(segment)) return null;
    segments.push(segment);
  }
  return segments;
}

/**
 * The file inside `rendererDir` a URL of our origin names, or null when it names
 * anything else: another scheme or host, a way out of the folder, an odd segment.
 * The URL parser has already folded plain and %2e dot segments; this refuses what
 * decoding could still turn into one.
 */
export function rendererFilePath(rendererDir: string, rawUrl: string): string | null {
  const segments = rendererSegments(rawUrl);
  if (!segments) return null;
  const root = path.resolve(rendererDir);
  const file = path.resolve(root, ...segments);
  const relative = path.relative(root, file);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return null;
  return file;
}

/** True for the renderer's page itself, whatever its #route or ?query. */
export function isRendererUrl(rawUrl: string): boolean {
  const segments = rendererSegments(rawUrl);
  return segments !== null && segments.length === 1 && segments[0] === INDEX;
}
