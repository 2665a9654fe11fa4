import { isDiscardFolder } from '../../../src-preload/contract';

/** A folder as LIST reports it. */
export interface ListedFolder {
  path: string;
  specialUse: string | null;
}

/**
 * The folders an account syncs: the admin's choice (INBOX when none), in the
 * server's spelling, INBOX first so the queue fills before anything else.
 * Chosen folders the server no longer lists are skipped rather than failing the sync;
 * trash and spam are never synced (isDiscardFolder, the rule the settings form shows).
 */
export function activeFolders(chosen: string[], listed: ListedFolder[], delimiter: string | null): string[] {
  const byPath = new Map(listed.map((f) => [f.path.toUpperCase() === 'INBOX' ? 'INBOX' : f.path, f]));
  const wanted = (chosen.length > 0 ? chosen : ['INBOX']).map((p) => (p.toUpperCase() === 'INBOX' ? 'INBOX' : p));
  const picked = [...new Set(wanted)].filter((p) => {
    const folder = byPath.get(p);
    return folder !== undefined && !isDiscardFolder({ ...folder, delimiter });
  });
  return picked.sort((a, b) => Number(b === 'INBOX') - Number(a === 'INBOX'));
}
