/**
 * The body phase counts the rows it still has to fetch at every sync round, up to the
 * account's size limit. Over the partial index by UID that read every row without a body,
 * a million of them in a mailbox whose bodies wait for the reader (a second a round);
 * ordered by size, the count reads only the rows under the limit.
 */
export const up = `
CREATE INDEX messages_pending_source_size ON messages (mailbox_id, uidvalidity, size) WHERE body_loaded = 0 AND raw_sha256 IS NULL;
`;
