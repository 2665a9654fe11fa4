import { isDiscardFolder, type FolderImportState } from '../../../src-preload/contract';
import { activeFolders, type ListedFolder } from './active-folders';

/**
 * Whether each folder is imported, by the rule the sync follows (activeFolders), and
 * which of the others to propose: Sent, so agents see the replies colleagues wrote
 * from other mail programs. Trash and spam are never imported and never proposed.
 */
export function importStates(chosen: string[], listed: ListedFolder[], delimiter: string | null): Map<string, FolderImportState> {
  const imported = new Set(activeFolders(chosen, listed, delimiter));
  const inboxKey = (p: string) => (p.toUpperCase() === 'INBOX' ? 'INBOX' : p);
  return new Map(
    listed.map((f): [string, FolderImportState] => [
      f.path,
      imported.has(inboxKey(f.path))
        ? 'imported'
        : isDiscardFolder({ ...f, delimiter })
          ? 'never'
          : f.specialUse === '\\Sent'
            ? 'proposed'
            : 'not-imported',
    ]),
  );
}
