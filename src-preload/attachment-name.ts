/**
 * An attachment's name: the one shown (a part without a name gets one from its type)
 * and the one a file on disk gets. Pure, so main (the temp copy that opens in the
 * system's app, the save dialog's suggestion) and the renderer (the list, a download
 * in the browser host) share one rule.
 */

/** What the parser records for a part that had no name. */
const NO_NAME = 'unnamed';

/** Extensions for the types a nameless part most often has, so the system picks the right app. */
const EXTENSIONS: Record<string, string> = {
  'application/pdf': 'pdf',
  'application/zip': 'zip',
  'application/json': 'json',
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'image/svg+xml': 'svg',
  'text/plain': 'txt',
  'text/csv': 'csv',
  'text/html': 'html',
  'text/calendar': 'ics',
  'message/rfc822': 'eml',
  'message/global': 'eml',
};

/** The name to show: the part's own, or "Attached message.eml", "attachment.pdf" from its type. */
export function attachmentName(part: { filename: string; contentType: string }): string {
  const own = part.filename.trim();
  if (own && own !== NO_NAME) return own;
  const type = part.contentType.toLowerCase();
  const stem = type.startsWith('message/') ? 'Attached message' : 'attachment';
  const ext = EXTENSIONS[type];
  return ext ? `${stem}.${ext}` : stem;
}

/**
 * Controls (C0, C1), the bidi overrides and marks that make "report‮fdp.exe" read as
 * "reportexe.pdf", and characters Windows forbids in names: none may reach a file name.
 */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const FORBIDDEN = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069<>:"|?*]/g;
/** Names Windows gives to devices, whatever the extension ("con.txt" is the console). */
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)$/i;
/** Most file systems allow 255 bytes per name. */
const MAX_NAME_BYTES = 255;

function utf8Length(text: string): number {
  return new TextEncoder().encode(text).length;
}

/** Cuts a name to MAX_NAME_BYTES, keeping its extension, never inside a character. */
function shortened(name: string): string {
  if (utf8Length(name) <= MAX_NAME_BYTES) return name;
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 && name.length - dot <= 16 ? name.slice(dot) : '';
  const chars = Array.from(name.slice(0, name.length - ext.length));
  while (chars.length > 1 && utf8Length(chars.join('') + ext) > MAX_NAME_BYTES) chars.pop();
  return chars.join('') + ext;
}

/**
 * A name that is one plain file in the folder it is written to: no folders ("../../x"
 * and "C:\x" keep only their last part), no controls or forbidden characters, no
 * leading dot (a hidden file, or "."/".."), no trailing dots or spaces (Windows drops
 * them), not a Windows device name, at most 255 bytes.
 */
export function safeFileName(part: { filename: string; contentType: string }): string {
  const last = attachmentName(part).split(/[/\\]/).pop() ?? '';
  let name = last.replace(FORBIDDEN, '_').replace(/^[\s.]+/, '').replace(/[\s.]+$/, '');
  if (!name || /^_+$/.test(name)) name = attachmentName({ filename: '', contentType: part.contentType });
  const stem = name.split('.')[0] ?? '';
  if (WINDOWS_RESERVED.test(stem.trim())) name = `_${name}`;
  return shortened(name);
}
