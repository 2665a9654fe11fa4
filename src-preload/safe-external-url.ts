/**
 * Decides whether a link may be handed to the operating system (shell.openExternal
 * in the app). Pure, so main (the Electron opener, the window-open handler, the
 * openExternal channel) and the renderer (links clicked in an email) share one
 * rule for what leaves the app.
 *
 * The OS passes the URL to whatever program is registered for its scheme, so only
 * schemes with a harmless, well-known handler pass: a web page or a new mail.
 * Everything else (javascript:, file:, data:, smb:, ms-msdt:, custom app schemes)
 * could run code or reach local files, and is refused.
 */

/** Windows ShellExecute and some browsers cut longer URLs; a real link is far shorter. */
export const MAX_EXTERNAL_URL_LENGTH = 2048;

const ALLOWED_PROTOCOLS = new Set(['http:', 'https:', 'mailto:']);

/**
 * C0/C1 controls, every kind of whitespace and the bidi overrides. The URL parser
 * silently drops tabs and newlines ("java\nscript:" parses as "javascript:") and
 * bidi marks can make a link read differently from where it goes, so a URL
 * carrying any of them is refused rather than repaired.
 */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const UNSAFE_CHARACTERS = /[\u0000-\u0020\u007f-\u00a0\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\ufeff]/;

/** Returns the parsed URL when it is safe to open outside the app, otherwise null. */
export function parseSafeExternalUrl(raw: string): URL | null {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > MAX_EXTERNAL_URL_LENGTH) return null;
  if (UNSAFE_CHARACTERS.test(raw)) return null;

  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }

  if (!ALLOWED_PROTOCOLS.has(url.protocol)) return null;
  // user:pass@ in a link is a phishing trick (https://bank.com@evil.example) and a credential leak.
  if (url.username !== '' || url.password !== '') return null;

  if (url.protocol === 'mailto:') {
    // mailto has no authority part; "mailto://host" is not a mail address.
    if (url.host !== '' || raw.slice('mailto:'.length).startsWith('//')) return null;
  } else if (url.hostname === '') {
    return null;
  }

  // The serialized form is what will be opened; it must stay within the limit too.
  if (url.href.length > MAX_EXTERNAL_URL_LENGTH) return null;
  return url;
}
