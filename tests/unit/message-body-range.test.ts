/**
 * Long bodies reach the reader by their beginning (issue 16): the detail read cuts
 * text and HTML at BODY_BEGINNING_CHARS code points and states the whole size, and
 * ranges read back give the original exactly, surrogate pairs and all.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BODY_BEGINNING_CHARS, BODY_RANGE_MAX_CHARS, contract } from '../../src-preload/contract';
import { openStore, type Store } from '../../src-main/services/store';
import { addStoreAccount } from '../support/store-account';

let dir: string;
let store: Store;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mailroom-range-'));
  store = openStore(dir);
  addStoreAccount(store, 'a1');
});

afterEach(() => {
  store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** About 1 MB of text with two- and four-byte characters (the emoji is a surrogate pair in JavaScript). */
const ONE_MB = Array.from({ length: 16_000 }, (_, i) => `line ${i}: café ☕ 😀 ${'x'.repeat(i % 40)}`).join('\n');

function stored(text: string | null, html: string | null): number {
  const box = store.mailboxes.byPath('a1', 'INBOX')!;
  store.mailboxes.setSyncState(box.id, { uidvalidity: 7, uidNext: null, highestModseq: null });
  store.messages.upsertHeaders(
    box.id,
    7,
    [
      {
        uid: 1, messageId: '<big@example.test>', inReplyTo: null, references: [], headers: null, subject: 'Big', from: null, to: [], cc: [], replyTo: [],
        date: 0, flags: [], size: 1, hasAttachments: false, contentHash: 'h', gmMsgId: null, skip: null,
      },
    ],
    { accountId: 'a1', dedupe: false, adopt: false },
  );
  const id = store.messages.idByUid(box.id, 7, 1)!;
  store.messages.setBody(id, { text, html, snippet: '', attachments: [], parseWarnings: [] }, null);
  return id;
}

describe('long bodies by their beginning and in ranges', () => {
  it('cuts the detail at the beginning, states the whole size, and reads the 1 MB text back in ranges', () => {
    const id = stored(ONE_MB, `<p>${ONE_MB}</p>`);
    const codePoints = Array.from(ONE_MB);
    const detail = store.messages.get(id, BODY_BEGINNING_CHARS)!;
    expect(detail.text).toBe(codePoints.slice(0, BODY_BEGINNING_CHARS).join(''));
    expect(detail.textLength).toEqual({ chars: codePoints.length, bytes: Buffer.byteLength(ONE_MB) });
    expect(detail.html).toBe(Array.from(`<p>${ONE_MB}</p>`).slice(0, BODY_BEGINNING_CHARS).join(''));
    expect(detail.htmlLength).toEqual({ chars: codePoints.length + 7, bytes: Buffer.byteLength(ONE_MB) + 7 });

    // As the reader does: the beginning, then ranges from where it ends, in uneven sizes.
    let read = detail.text!;
    for (let offset = BODY_BEGINNING_CHARS, size = 100_003; offset < detail.textLength!.chars; offset += size) read += store.messages.bodyRange(id, 'text', offset, size);
    expect(read).toBe(ONE_MB);
    expect(store.messages.bodyRange(id, 'html', 0, codePoints.length + 7)).toBe(`<p>${ONE_MB}</p>`);

    expect(store.messages.bodyRange(id, 'text', codePoints.length, 10)).toBe('');
    expect(store.messages.bodyRange(id, 'text', codePoints.length + 1_000_000, BODY_RANGE_MAX_CHARS)).toBe('');
    expect(store.messages.bodyRange(id + 1, 'text', 0, 10)).toBeNull();
    // Whole when asked without a beginning (a reply's quote).
    expect(store.messages.get(id)).toMatchObject({ text: ONE_MB, textLength: null, htmlLength: null });
  });

  it('sends a short body whole, with no size, and an absent body as empty ranges', () => {
    const id = stored('Short.', null);
    expect(store.messages.get(id, BODY_BEGINNING_CHARS)).toMatchObject({ text: 'Short.', textLength: null, html: null, htmlLength: null });
    expect(store.messages.bodyRange(id, 'html', 0, 10)).toBe('');
    expect(store.messages.bodyRange(id, 'text', 2, 3)).toBe('ort');
  });

  it('refuses ranges that are not whole non-negative numbers', () => {
    const valid = { messageId: '1', offset: 0, length: 10 };
    expect(contract.messageTextRange.request.safeParse(valid).success).toBe(true);
    for (const bad of [{ offset: -1 }, { offset: 1.5 }, { length: 0 }, { length: Infinity }, { offset: '0' }, { extra: 1 }]) {
      expect(contract.messageTextRange.request.safeParse({ ...valid, ...bad }).success).toBe(false);
    }
  });
});
