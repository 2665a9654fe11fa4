/**
 * The message's original source (what IMAP BODY[] returned), kept so an export writes each
 * .eml byte for byte as the server held it, offline too. The bytes sit in the attachment
 * store (content-addressed, dataDir/attachments); raw_sha256 names them, and attachment
 * garbage collection keeps every file a row names. NULL: fetched before sources were kept
 * (an export fetches it then), or no body yet.
 */
export const up = `
ALTER TABLE messages ADD COLUMN raw_sha256 TEXT;
`;
