/**
 * Which folders are never imported: trash and spam hold mail someone already
 * decided against, and importing it would reopen dead tickets. The sync skips
 * them and the settings form marks them, both with this one rule.
 */

/** RFC 6154 special-use flags of the same folders, where the server reports them. */
const DISCARD_USES = new Set(['\\Trash', '\\Junk']);

/**
 * Folder names of trash and spam as servers and clients create them, compared
 * after normalize() (case, accents, spaces and hyphens ignored). Gmail, Exchange,
 * Outlook.com, iCloud, Yahoo, Dovecot's defaults, and the German, French,
 * Spanish, Italian and Dutch names of Exchange, Gmail, GMX and web.de.
 */
const DISCARD_NAMES = new Set(
  [
    // English
    'Trash', 'Bin', 'Deleted', 'Deleted Items', 'Deleted Messages',
    'Spam', 'Junk', 'Junk Mail', 'Junk Email', 'Junk E-mail', 'Bulk', 'Bulk Mail',
    // German
    'Papierkorb', 'Gelöscht', 'Gelöschte Elemente', 'Gelöschte Objekte', 'Gelöschte Nachrichten',
    'Junk-E-Mail', 'Spamverdacht', 'Unerwünscht',
    // French
    'Corbeille', 'Éléments supprimés', 'Messages supprimés', 'Courrier indésirable', 'Indésirables', 'Pourriel', 'Pourriels',
    // Spanish
    'Papelera', 'Elementos eliminados', 'Mensajes eliminados', 'Correo no deseado', 'No deseado',
    // Italian
    'Cestino', 'Posta eliminata', 'Elementi eliminati', 'Posta indesiderata',
    // Dutch
    'Prullenbak', 'Verwijderde items', 'Ongewenste e-mail',
  ].map(normalize),
);

/** "Junk-E-Mail", "junk e-mail" and "Junk Email" alike; "Éléments" as "elements". */
function normalize(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{Mn}/gu, '')
    .replace(/[\s_-]+/g, '')
    .toLowerCase();
}

/** A folder as far as it is known: the form has only the path, the sync also has LIST's flag and delimiter. */
export interface FolderFacts {
  path: string;
  /** RFC 6154 flag such as "\\Trash"; null or absent when the server sent none. */
  specialUse?: string | null;
  /** The server's hierarchy delimiter; when unknown, "/" and "." (the two servers use) both separate. */
  delimiter?: string | null;
}

/** Whether a folder is trash or spam, which Mailroom never imports. */
export function isDiscardFolder({ path, specialUse, delimiter }: FolderFacts): boolean {
  if (specialUse && DISCARD_USES.has(specialUse)) return true;
  const leaf = (delimiter ? path.split(delimiter) : path.split(/[/.]/)).pop() ?? path;
  return DISCARD_NAMES.has(normalize(leaf));
}
