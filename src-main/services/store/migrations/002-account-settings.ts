/**
 * Full account settings (kind, key, flags, timeouts, OAuth client, import and
 * identity) as one JSON document, plus the certificates an admin accepted.
 */
export const up = `
ALTER TABLE accounts ADD COLUMN settings_json TEXT NOT NULL DEFAULT '{}';
ALTER TABLE accounts ADD COLUMN imap_trusted_cert TEXT;
ALTER TABLE accounts ADD COLUMN smtp_trusted_cert TEXT;
`;
