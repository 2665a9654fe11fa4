import { describe, expect, it } from 'vitest';
import { isDiscardFolder } from '../../src-preload/contract';
import { activeFolders } from '../../src-main/services/sync/active-folders';

/** Folder lists as real servers answer LIST: path, RFC 6154 flag, delimiter. */
const servers = {
  gmail: {
    delimiter: '/',
    discard: [
      { path: '[Gmail]/Trash', specialUse: '\\Trash' },
      { path: '[Gmail]/Spam', specialUse: '\\Junk' },
    ],
    kept: [
      { path: 'INBOX', specialUse: null },
      { path: '[Gmail]/All Mail', specialUse: '\\All' },
      { path: '[Gmail]/Sent Mail', specialUse: '\\Sent' },
      { path: '[Gmail]/Starred', specialUse: '\\Flagged' },
      { path: 'Receipts', specialUse: null },
    ],
  },
  /** A German Gmail account that sends no flags (an old client's view): the names alone must do. */
  gmailGermanNoFlags: {
    delimiter: '/',
    discard: [
      { path: '[Gmail]/Papierkorb', specialUse: null },
      { path: '[Gmail]/Spam', specialUse: null },
    ],
    kept: [{ path: '[Gmail]/Gesendet', specialUse: null }],
  },
  exchange: {
    delimiter: '/',
    discard: [
      { path: 'Deleted Items', specialUse: null },
      { path: 'Junk Email', specialUse: null },
      { path: 'Junk E-mail', specialUse: null },
    ],
    kept: [
      { path: 'Sent Items', specialUse: null },
      { path: 'Drafts', specialUse: null },
      { path: 'Inbox/Deleted Items Report', specialUse: null },
    ],
  },
  exchangeGerman: {
    delimiter: '/',
    discard: [
      { path: 'Gelöschte Elemente', specialUse: null },
      { path: 'Junk-E-Mail', specialUse: null },
    ],
    kept: [{ path: 'Gesendete Elemente', specialUse: null }],
  },
  exchangeFrench: {
    delimiter: '/',
    discard: [
      { path: 'Éléments supprimés', specialUse: null },
      { path: 'Courrier indésirable', specialUse: null },
    ],
    kept: [{ path: 'Éléments envoyés', specialUse: null }],
  },
  exchangeSpanish: {
    delimiter: '/',
    discard: [
      { path: 'Elementos eliminados', specialUse: null },
      { path: 'Correo no deseado', specialUse: null },
    ],
    kept: [{ path: 'Elementos enviados', specialUse: null }],
  },
  /** Dovecot with the "INBOX." namespace prefix and "." as delimiter, as many hosting servers run it. */
  dovecotDotted: {
    delimiter: '.',
    discard: [
      { path: 'INBOX.Trash', specialUse: '\\Trash' },
      { path: 'INBOX.Junk', specialUse: '\\Junk' },
      { path: 'INBOX.spam', specialUse: null },
    ],
    kept: [
      { path: 'INBOX.Sent', specialUse: '\\Sent' },
      { path: 'INBOX.Support.Trashed orders', specialUse: null },
    ],
  },
  /** A French host (Orange, OVH) and a Spanish one, with flags on renamed folders. */
  frenchHost: {
    delimiter: '/',
    discard: [
      { path: 'Corbeille', specialUse: null },
      { path: 'Pourriel', specialUse: null },
      { path: 'Mes dossiers/Indésirables', specialUse: null },
      { path: 'Poubelle', specialUse: '\\Trash' },
    ],
    kept: [{ path: 'Envoyés', specialUse: '\\Sent' }],
  },
  spanishHost: {
    delimiter: '/',
    discard: [
      { path: 'Papelera', specialUse: null },
      { path: 'Spam', specialUse: null },
    ],
    kept: [{ path: 'Enviados', specialUse: '\\Sent' }],
  },
} as const;

describe('isDiscardFolder: trash and spam, never imported', () => {
  for (const [server, { delimiter, discard, kept }] of Object.entries(servers)) {
    it(`${server}: trash and spam are discarded, everything else is kept`, () => {
      for (const folder of discard) expect({ path: folder.path, discard: isDiscardFolder({ ...folder, delimiter }) }).toEqual({ path: folder.path, discard: true });
      for (const folder of kept) expect({ path: folder.path, discard: isDiscardFolder({ ...folder, delimiter }) }).toEqual({ path: folder.path, discard: false });
    });
  }

  it('ignores case, accents, hyphens and spaces in names, and matches the last level only', () => {
    for (const path of ['TRASH', 'junk e-mail', 'Junk-Email', 'Gelöschte  Elemente', 'Elements supprimes', 'Archive/Spam']) {
      expect({ path, discard: isDiscardFolder({ path, delimiter: '/' }) }).toEqual({ path, discard: true });
    }
    expect(isDiscardFolder({ path: 'Trash/Customer', delimiter: '/' })).toBe(false);
    expect(isDiscardFolder({ path: 'Spam reports', delimiter: '/' })).toBe(false);
  });

  it('the settings form, knowing only the path, judges every listed folder as the sync does', () => {
    for (const { delimiter, discard, kept } of Object.values(servers)) {
      for (const folder of [...discard, ...kept].filter((f) => f.specialUse === null)) {
        expect({ path: folder.path, form: isDiscardFolder({ path: folder.path }) }).toEqual({
          path: folder.path,
          form: isDiscardFolder({ ...folder, delimiter }),
        });
      }
    }
  });

  it('the sync leaves them out even when the admin chose them', () => {
    const { delimiter, discard, kept } = servers.exchangeGerman;
    const listed = [{ path: 'INBOX', specialUse: null }, ...discard, ...kept];
    expect(activeFolders(listed.map((f) => f.path), listed, delimiter)).toEqual(['INBOX', 'Gesendete Elemente']);
  });
});
