import type { ImapFlow, MailboxObject, SearchObject } from 'imapflow';
import { expandRanges, rangesOf, rangesOfSequenceSet, type UidRange } from './uid-set';

/**
 * imapflow answers some reads on a connection that failed as if the folder were
 * empty: fetch() ends without a word and search() returns false. Taken at its word,
 * sync would mark new mail as fetched or drop cached mail as expunged, so every
 * read that sync trusts goes through these checks instead.
 */
export function requireOpen(client: ImapFlow, during: string): MailboxObject {
  if (!client.usable || !client.mailbox) {
    throw Object.assign(new Error(`Connection not available: it closed during ${during}.`), { code: 'NoConnection' });
  }
  return client.mailbox;
}

/**
 * UID SEARCH that fails when the server gave no answer, instead of returning no UIDs;
 * the UIDs as ascending ranges. RETURN (ALL) (ESEARCH, RFC 4731) has the server answer
 * with a compact set ("1:100000"), not one number per message for the main thread to
 * parse; imapflow derives the same answer from a plain SEARCH on servers without ESEARCH.
 */
export async function searchUidRanges(client: ImapFlow, query: SearchObject, during: string): Promise<UidRange[]> {
  requireOpen(client, during);
  const found = await client.search(query, { uid: true, returnOptions: ['ALL'] });
  const { exists } = requireOpen(client, during);
  if (!found) {
    throw Object.assign(new Error(`The server gave no answer to the search during ${during}.`), { code: 'NoConnection' });
  }
  return Array.isArray(found) ? rangesOf(found) : rangesOfSequenceSet(found.all ?? '', exists);
}

/** searchUidRanges, every UID ascending. */
export async function searchUids(client: ImapFlow, query: SearchObject, during: string): Promise<number[]> {
  return expandRanges(await searchUidRanges(client, query, during));
}
