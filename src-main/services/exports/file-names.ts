/** Characters no file system takes in a name (Windows is the strictest), and control characters. */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f<>:/\\|?*]/g;
/** Names Windows keeps for devices, with any extension. */
const RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$/i;

/**
 * A piece of text (a subject, an address) made safe as a file or folder name on every
 * system: double quotes become single ones, other unsafe characters spaces, no leading dots, no trailing dots or spaces,
 * at most `max` characters; `fallback` when nothing is left.
 */
export function safeName(text: string, max: number, fallback = 'untitled'): string {
  let name = text.replace(/"/g, "'").replace(UNSAFE, ' ').replace(/\s+/g, ' ').trim().replace(/^\.+/, '');
  const chars = [...name];
  if (chars.length > max) name = chars.slice(0, max).join('');
  name = name.replace(/[. ]+$/, '');
  if (!name) return fallback;
  return RESERVED.test(name) ? `${name}_` : name;
}

/** An export's file name: `base` made safe, with the extension once. */
export function exportFileName(base: string, extension: string): string {
  const stem = base.toLowerCase().endsWith(extension) ? base.slice(0, base.length - extension.length) : base;
  return `${safeName(stem, 120, 'Mailroom export')}${extension}`;
}

/** Hands out names not given before, numbering repeats: "name", "name (2)"… (case-insensitive, as on Windows and macOS). */
export class UniqueNames {
  private readonly taken = new Set<string>();

  take(name: string, extension = ''): string {
    for (let n = 1; ; n += 1) {
      const candidate = n === 1 ? `${name}${extension}` : `${name} (${n})${extension}`;
      if (this.taken.has(candidate.toLowerCase())) continue;
      this.taken.add(candidate.toLowerCase());
      return candidate;
    }
  }
}
