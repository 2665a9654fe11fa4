/**
 * Email HTML → a self-contained document for a sandboxed srcdoc frame.
 *
 * Pure DOM + DOMPurify, no React and no bridge, so it can be unit tested with any
 * DOM implementation. Three layers keep hostile mail harmless:
 *  1. DOMPurify drops scripts, event handlers, forms, frames, plugins, <base>, <meta>
 *     (refresh) and <link>; hooks below strip every remote resource and count the images.
 *     Remote images the reader asked for come in as data: URLs fetched by main
 *     (services/mail/remote-images.ts) and take the place of their URLs.
 *  2. The frame document carries its own CSP: no network at all, images only from data:/cid:.
 *  3. The caller renders it in <iframe sandbox="allow-same-origin"> (no scripts, no popups).
 */
import { parseSafeExternalUrl } from '../../src-preload/safe-external-url';
import createDOMPurify, { type Config, type DOMPurify, type WindowLike } from 'dompurify';
import { markMatches, SEARCH_HIT_CLASS } from './mark-matches';
import { markQuotedHtml, QUOTED_ATTRIBUTE } from './quotes';

export const FRAME_CSP = "default-src 'none'; img-src data: cid:; style-src 'unsafe-inline'; font-src data:";

const FONT_STACK =
  '-apple-system, BlinkMacSystemFont, "Segoe UI", "Noto Sans", "Liberation Sans", Helvetica, Arial, sans-serif, "Apple Color Emoji", "Segoe UI Emoji"';

/** Set on the frame's root by the reading pane when the reader unfolds the quoted history. */
export const SHOW_QUOTED_CLASS = 'mailroom-show-quoted';

/** Defaults for mail that brings no styles; the message's own CSS comes later and wins. */
export const FRAME_BASE_CSS = `
html { color-scheme: light; background: #fff; }
body { margin: 0; padding: 2px 0 12px; font: 14px/1.6 ${FONT_STACK}; color: #1f2329; overflow-wrap: break-word; }
img { max-width: 100%; height: auto; }
a { color: #3553d4; }
pre { white-space: pre-wrap; }
blockquote { margin: 0 0 0 4px; padding-left: 12px; border-left: 3px solid #dde1e6; color: #5b6470; }
html:not(.${SHOW_QUOTED_CLASS}) [${QUOTED_ATTRIBUTE}] { display: none !important; }
mark.${SEARCH_HIT_CLASS} { background: #ffe58a; color: inherit; border-radius: 2px; box-shadow: 0 0 0 1px #ffe58a; }
`;

const FORBID_TAGS = [
  'script', 'noscript', 'template',
  'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'portal',
  'form', 'input', 'button', 'select', 'option', 'optgroup', 'textarea', 'datalist', 'output',
  'base', 'meta', 'link', 'title',
  'audio', 'video', 'source', 'track',
];

// Attributes that can point at a resource the frame would fetch.
const RESOURCE_ATTRS = new Set(['src', 'background', 'poster', 'lowsrc', 'dynsrc']);
// Those whose remote image the reader may ask for (src on <img> only); the rest stay blocked.
const FETCHABLE_ATTRS = new Set(['src', 'background']);

const CONFIG: Config = {
  USE_PROFILES: { html: true }, // no SVG or MathML: fewer ways to smuggle a fetch
  FORBID_TAGS,
  FORBID_ATTR: ['ping', 'action', 'formaction', 'srcdoc', 'http-equiv'],
  ALLOW_DATA_ATTR: false,
  // DOMPurify would drop a data: URL here as an unsafe URI; the hook below already lets
  // through nothing but data:, cid: and the images main fetched (as data: URLs).
  ADD_URI_SAFE_ATTR: ['background', 'srcset'],
  WHOLE_DOCUMENT: true, // keep <head><style> and <body> attributes that mail layouts rely on
};

const REMOTE_URL = /^\s*(?:https?:)?\/\//i;
const INLINE_URL = /^\s*(?:data:|cid:)/i;
const CSS_URL = /url\(\s*(['"]?)(.*?)\1\s*\)/gi;
const CSS_IMPORT = /@import\b[^;]*;?/gi;

/**
 * Chromium logs a CSP violation for merely parsing an inline handler or a <base> in
 * any document this page creates, DOMPurify's inert one included. Renaming them first
 * keeps the console meaningful; it is not a security step: DOMPurify still drops the
 * renamed attributes (data-*, not allowed) and elements (unknown).
 */
const TAG = /<([a-zA-Z][^\s/>]*)((?:[^>"']|"[^"]*"|'[^']*')*)>/g;
const ATTRIBUTE = /([\s/])([^\s"'>/=]+)(\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]+))?/g;

function quietForParsing(raw: string): string {
  return raw.replace(TAG, (_tag, name: string, attributes: string) => {
    const tagName = /^base$/i.test(name) ? 'x-base' : name;
    const quietAttributes = attributes.replace(ATTRIBUTE, (whole, sep: string, attr: string, value: string | undefined) =>
      /^on/i.test(attr) ? `${sep}data-x-${attr}${value ?? ''}` : whole,
    );
    return `<${tagName}${quietAttributes}>`;
  });
}

export interface SanitizeOptions {
  /** Remote image URL → its bytes as a data: URL, fetched by main at the reader's request. */
  images?: ReadonlyMap<string, string>;
  /** The active search's terms: matches in the text are wrapped in <mark class=SEARCH_HIT_CLASS>. */
  highlight?: RegExp | null;
}

export interface SanitizedEmail {
  /** A complete HTML document for the frame's srcdoc, CSP meta first. */
  document: string;
  /** Remote images (src, srcset, background, CSS url()) removed to protect the reader's privacy. */
  remoteImagesBlocked: number;
  /** The remote image URLs (img src, srcset, background and CSS url(), as written) main may fetch when the reader asks; each once. */
  remoteImages: string[];
  /** Trailing quoted history and signatures, folded until SHOW_QUOTED_CLASS is set (quotes.ts). */
  quotedParts: number;
  /** Search matches marked in the text. */
  searchHits: number;
}

interface Sanitizer {
  purify: DOMPurify;
  blocked: number;
  found: Set<string>;
  images: ReadonlyMap<string, string>;
}

/** The data: URL that stands for a remote image, noting the URL as one the reader may ask for. */
function fetchedImage(url: string, state: Sanitizer): string | undefined {
  const key = url.trim();
  state.found.add(key);
  return state.images.get(key);
}

/** Replaces every url() that is neither inline data nor a fetched image with `none`, counting the remote ones. */
function stripCssUrls(css: string, state: Sanitizer): string {
  return css.replace(CSS_IMPORT, '').replace(CSS_URL, (whole, _q: string, url: string) => {
    if (INLINE_URL.test(url)) return whole;
    if (REMOTE_URL.test(url)) {
      const fetched = fetchedImage(url, state);
      if (fetched) return `url("${fetched}")`;
      state.blocked += 1;
    }
    return 'none';
  });
}

/**
 * One srcset candidate, as browsers split them: the URL runs to the next whitespace
 * (commas inside it included, as in data: URLs and image-CDN paths; trailing ones end the
 * candidate), then an optional descriptor ("2x", "480w") up to the next comma.
 */
const SRCSET_CANDIDATE = /[\s,]*([^\s,]\S*?)(?:,+(?=\s|$)|$|\s+([^,]*),?)/y;

/**
 * A srcset with each remote candidate either replaced by the image main fetched or
 * dropped (counted once for the attribute), inline ones kept; null when none is left.
 */
function keptSrcset(srcset: string, state: Sanitizer): string | null {
  const kept: string[] = [];
  let blocked = false;
  SRCSET_CANDIDATE.lastIndex = 0;
  for (let match = SRCSET_CANDIDATE.exec(srcset); match; match = SRCSET_CANDIDATE.exec(srcset)) {
    const url = match[1]!;
    const descriptor = match[2]?.trim() ? ` ${match[2].trim()}` : '';
    if (INLINE_URL.test(url)) {
      kept.push(`${url}${descriptor}`);
    } else if (REMOTE_URL.test(url)) {
      const fetched = fetchedImage(url, state);
      if (fetched) kept.push(`${fetched}${descriptor}`);
      else blocked = true;
    }
  }
  if (blocked) state.blocked += 1;
  return kept.length > 0 ? kept.join(', ') : null;
}

function createSanitizer(win: WindowLike): Sanitizer {
  const state: Sanitizer = { purify: createDOMPurify(win), blocked: 0, found: new Set(), images: new Map() };

  state.purify.addHook('uponSanitizeElement', (node, data) => {
    if (data.tagName === 'style' && node.textContent) node.textContent = stripCssUrls(node.textContent, state);
  });

  state.purify.addHook('uponSanitizeAttribute', (node, data) => {
    const name = data.attrName;
    const value = data.attrValue;
    if (RESOURCE_ATTRS.has(name)) {
      if (INLINE_URL.test(value)) return;
      if (REMOTE_URL.test(value)) {
        const fetched = FETCHABLE_ATTRS.has(name) && (name !== 'src' || node.nodeName === 'IMG') ? fetchedImage(value, state) : undefined;
        if (fetched) {
          data.attrValue = fetched;
          return;
        }
        state.blocked += 1;
      }
      data.keepAttr = false;
    } else if (name === 'srcset') {
      const kept = keptSrcset(value, state);
      if (kept) data.attrValue = kept;
      else data.keepAttr = false;
    } else if (name === 'style') {
      data.attrValue = stripCssUrls(value, state);
    }
  });

  return state;
}

const sanitizers = new WeakMap<object, Sanitizer>();

function sanitizerFor(win: WindowLike): Sanitizer {
  let s = sanitizers.get(win);
  if (!s) {
    s = createSanitizer(win);
    sanitizers.set(win, s);
  }
  return s;
}

/**
 * Sanitizes untrusted email HTML. `win` defaults to the current window; tests may
 * pass any DOM window (jsdom, happy-dom).
 */
export function sanitizeEmailHtml(raw: string, win: WindowLike & { document: Document } = window, options: SanitizeOptions = {}): SanitizedEmail {
  const state = sanitizerFor(win);
  state.blocked = 0;
  state.found = new Set();
  state.images = options.images ?? new Map();
  const root = state.purify.sanitize(quietForParsing(raw), { ...CONFIG, RETURN_DOM: true }) as HTMLElement;
  const doc = root.ownerDocument;

  let head = root.querySelector('head');
  if (!head) {
    head = doc.createElement('head');
    root.insertBefore(head, root.firstChild);
  }
  const csp = doc.createElement('meta');
  csp.setAttribute('http-equiv', 'Content-Security-Policy');
  csp.setAttribute('content', FRAME_CSP);
  const charset = doc.createElement('meta');
  charset.setAttribute('charset', 'utf-8');
  const base = doc.createElement('style');
  base.textContent = FRAME_BASE_CSS;
  head.insertBefore(base, head.firstChild);
  head.insertBefore(charset, base);
  head.insertBefore(csp, charset);
  const body = root.querySelector('body');
  const quotedParts = body ? markQuotedHtml(body) : 0;
  const searchHits = body && options.highlight ? markMatches(body, options.highlight) : 0;

  return {
    document: `<!doctype html>\n${root.outerHTML}`,
    remoteImagesBlocked: state.blocked,
    remoteImages: [...state.found],
    quotedParts,
    searchHits,
  };
}

/**
 * The URL to hand to openExternal for a link clicked inside the frame, or null:
 * the same rule main applies (http, https, mailto only). Mail often pads hrefs
 * with spaces, so they are trimmed first.
 */
export function externalLinkTarget(href: string | null | undefined): string | null {
  return parseSafeExternalUrl(href?.trim() ?? '')?.href ?? null;
}
