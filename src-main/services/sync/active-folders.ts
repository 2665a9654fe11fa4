/** A folder as LIST reports it. */
export interface ListedFolder {
  path: string;
  specialUse: string | null;
}

const NEVER_IMPORTED_USES = new Set(['\\Trash', '\\Junk']);
const NEVER_IMPORTED_NAMES = /^(trash|spam|junk|deleted (items|messages)|bin)$/i;

/** Trash and spam hold mail someone already decided against: importing it would reopen dead tickets. */
export function isDiscardFolder(folder: ListedFolder, delimiter: string | null): boolean {
  if (folder.specialUse && NEVER_IMPORTED_USES.has(folder.specialUse)) return true;
  const leaf = delimiter ? folder.path.split(delimiter).pop() ?? folder.path : folder.path;
  return NEVER_IMPORTED_NAMES.test(leaf);
}

/**
 * The folders an account syncs: the admin's choice (INBOX when none), in the
 * server's spelling, INBOX first so the queue fills before anything else.
 * Chosen folders the server no longer lists are skipped rather than failing the sync.
 */
export function activeFolders(chosen: string[], listed: ListedFolder[], delimiter: string | null): string[] {
  const byPath = new Map(listed.map((f) => [f.path.toUpperCase() === 'INBOX' ? 'INBOX' : f.path, f]));
  const wanted = (chosen.length > 0 ? chosen : ['INBOX']).map((p) => (p.toUpperCase() === 'INBOX' ? 'INBOX' : p));
  const picked = [...new Set(wanted)].filter((p) => {
    const folder = byPath.get(p);
    return folder !== undefined && !isDiscardFolder(folder, delimiter);
  });
  return picked.sort((a, b) => Number(b === 'INBOX') - Number(a === 'INBOX'));
}
