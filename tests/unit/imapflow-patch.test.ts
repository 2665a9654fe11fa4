/**
 * The patch to imapflow (scripts/patches, applied by `npm ci`) changes how a FETCH answer's
 * item names are read: plain names directly, section names compiled once per shape. The
 * message imapflow makes of an answer must stay what it was, the first time and after.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parser } from 'imapflow/lib/handler/imap-handler.js';
import { formatMessageResponse } from 'imapflow/lib/tools.js';

const HEADER = 'Subject: Printer on fire\r\nFrom: c@customer.example\r\n\r\n';

async function answer(uid: number) {
  const line = `* ${uid} FETCH (UID ${uid} FLAGS (\\Seen $Label1) RFC822.SIZE 1200 INTERNALDATE "02-Nov-2026 09:00:00 +0000" BODY[HEADER.FIELDS (SUBJECT FROM)] {${HEADER.length}}\r\n`;
  // As imapflow's stream hands it over: the line up to the literal's marker, the literal apart, then the line's rest.
  const parsed = await parser(Buffer.from(`${line})`), { literals: [Buffer.from(HEADER)] });
  return formatMessageResponse(parsed, { path: 'INBOX', uidNext: 1 } as never);
}

describe('imapflow with the patch', () => {
  it('is installed patched, in the CommonJS build the app bundles load and the ES module build the tests load', () => {
    const dist = path.join(path.dirname(createRequire(import.meta.url).resolve('imapflow')), '..');
    for (const build of ['cjs', 'esm']) {
      expect(readFileSync(path.join(dist, build, 'imap-flow.js'), 'utf8'), build).toContain('a Mailroom patch');
      expect(readFileSync(path.join(dist, build, 'tools.js'), 'utf8'), build).toContain('a Mailroom patch');
    }
  });

  it('reads every item of a FETCH answer, the section named once per shape and after that from memory', async () => {
    for (const uid of [7, 8, 9]) {
      const message = await answer(uid);
      expect(message.uid).toBe(uid);
      expect([...(message.flags ?? [])]).toEqual(['\\Seen', '$Label1']);
      expect(message.size).toBe(1200);
      expect(message.internalDate).toEqual(new Date('2026-11-02T09:00:00Z'));
      expect(message.headers?.toString()).toBe(HEADER);
    }
  });
});
