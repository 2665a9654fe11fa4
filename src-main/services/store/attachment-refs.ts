import type { Db } from './database';

/**
 * Which stored attachment files messages and drafts still point at (the sha256 of the
 * AttachmentInfo objects in messages.attachments_json, of the messages' original sources
 * (raw_sha256) and of the files attached to drafts): what attachment garbage collection must keep.
 */
export class AttachmentRefsRepo {
  constructor(private readonly db: Db) {}

  /**
   * Every referenced SHA-256. A row whose JSON cannot be read makes this throw rather
   * than be skipped: a file it might name must not be collected.
   */
  referenced(): Set<string> {
    const rows = this.db
      .prepare(
        `SELECT DISTINCT json_extract(a.value, '$.sha256')
           FROM messages m, json_each(m.attachments_json) a
          WHERE m.attachments_json <> '[]'
         UNION
         SELECT json_extract(a.value, '$.sha256')
           FROM drafts d, json_each(d.draft_json, '$.attachments') a
         UNION
         SELECT raw_sha256 FROM messages WHERE raw_sha256 IS NOT NULL`,
      )
      .pluck()
      .all() as unknown[];
    return new Set(rows.filter((sha256): sha256 is string => typeof sha256 === 'string'));
  }
}
