/**
 * A big message parsed while it downloads (arriving-message.ts, growing-file.ts): the parser
 * reads the temp file as the download appends to it, taking turns with it. The download here
 * is a function writing ranges of a generated message, as fetchInRanges writes the server's.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseMessage } from '../../src-main/services/mail/parse-message';
import { AttachmentStore, type StoreWriter } from '../../src-main/services/store/attachments';
import { downloadParsing, type Download } from '../../src-main/services/sync/arriving-message';
import { GrowingFile } from '../../src-main/services/sync/growing-file';
import { bigAttachmentMessage } from '../support/big-mail';

let dir: string;
let attachments: AttachmentStore;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mailroom-arriving-'));
  attachments = new AttachmentStore(dir);
});

afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A text part and a 600 KB attachment (base64), about 800 KB in all. */
const message = () => bigAttachmentMessage('Arriving', 600 * 1024, 'logs.bin');

/** Writes `raw` in ranges of `range` bytes, awaiting the parser's turn after each, as fetchInRanges does. */
function rangesOf(raw: Buffer, range: number, onTurn?: (written: number) => void): Download {
  return async (writer: StoreWriter, arrived) => {
    for (let start = 0; start < raw.length; start += range) {
      const chunk = raw.subarray(start, start + range);
      writer.write(chunk);
      await arrived(chunk.length);
      onTurn?.(start + chunk.length);
    }
    return writer.finish();
  };
}

describe('a message parsed while it arrives', () => {
  it('reads the same as the finished file, stores the source and the attachment, and leaves no temp file', async () => {
    const { raw, rawSha256, attachmentSha256 } = message();
    const arrived = await downloadParsing(attachments, rangesOf(raw, 64 * 1024 + 7));
    expect(arrived?.sha256).toBe(rawSha256);
    const body = await arrived!.parsed;
    expect(body.attachments.map((a) => [a.filename, a.size, a.sha256])).toEqual([['logs.bin', 600 * 1024, attachmentSha256]]);
    expect(body).toEqual(await parseMessage({ file: attachments.pathOf(arrived!.sha256) }, () => attachments.writer()));
    expect(body.text).toBe('The files are attached.');
    expect(fs.readdirSync(path.join(dir, 'attachments', 'incoming'))).toEqual([]);
  });

  it('takes turns: each range is written only once the parser has read the ones before', async () => {
    const { raw, rawSha256 } = message();
    const writer = attachments.writer();
    const file = new GrowingFile(writer.temp);
    const read: Buffer[] = [];
    let readBytes = 0;
    file.on('data', (chunk: Buffer) => {
      read.push(chunk);
      readBytes += chunk.length;
    });
    const ended = new Promise((resolve) => file.on('end', resolve));
    const turns: [number, number][] = [];
    const download = rangesOf(raw, 100_000, (written) => turns.push([written, readBytes]));
    const sha256 = await download(writer, (bytes) => file.grew(bytes));
    file.complete();
    await ended;
    expect(Buffer.concat(read).equals(raw)).toBe(true);
    expect(sha256).toBe(rawSha256);
    expect(turns.length).toBe(Math.ceil(raw.length / 100_000));
    for (const [written, readThen] of turns) expect(readThen).toBe(written);
  });

  it('refuses writes to a finished or aborted content, whose descriptor may now be another file', () => {
    for (const end of ['finish', 'abort'] as const) {
      const writer = attachments.writer();
      writer.write(Buffer.from('stored'));
      writer[end]();
      expect(() => writer.write(Buffer.from('late'))).toThrow('This content was already finished or aborted.');
      expect(() => writer.finish()).toThrow('This content was already finished or aborted.');
    }
    expect(attachments.read(crypto.createHash('sha256').update('stored').digest('hex'))?.toString()).toBe('stored');
  });

  it('ends when the download ends with an empty range, and when it finished before the parser read anything', async () => {
    const { raw } = message();
    const whole: Download = (writer, arrived) => {
      writer.write(raw);
      void arrived(raw.length);
      return Promise.resolve(writer.finish());
    };
    const emptyLast: Download = async (writer, arrived) => {
      writer.write(raw);
      await arrived(raw.length);
      await arrived(0);
      return writer.finish();
    };
    for (const download of [whole, emptyLast]) {
      const arrived = await downloadParsing(attachments, download);
      expect((await arrived!.parsed).text).toBe('The files are attached.');
    }
  });

  it('fails with the download, removing its temp file, and the parse fails with it (not unhandled)', async () => {
    const { raw } = message();
    const lost = new Error('Connection lost in the middle of a range');
    const failing: Download = async (writer, arrived) => {
      try {
        writer.write(raw.subarray(0, 200_000));
        await arrived(200_000);
        throw lost;
      } catch (err) {
        writer.abort();
        throw err;
      }
    };
    await expect(downloadParsing(attachments, failing)).rejects.toBe(lost);
    expect(fs.readdirSync(path.join(dir, 'attachments', 'incoming'))).toEqual([]);
  });

  it('gives null when the server returned nothing (expunged meanwhile)', async () => {
    const nothing: Download = (writer) => {
      writer.abort();
      return Promise.resolve(null);
    };
    await expect(downloadParsing(attachments, nothing)).resolves.toBeNull();
  });

  it('shows the raw text when the parser cannot read the message, from the whole file', async () => {
    // A header block over mailsplit's 1 MB limit: the parser fails, the fallback reads the file's beginning.
    const raw = Buffer.from(`Subject: no body\r\nX-Long: ${'a'.repeat(1_200_000)}\r\n\r\nThe body.\r\n`);
    const arrived = await downloadParsing(attachments, rangesOf(raw, 300_000));
    const body = await arrived!.parsed;
    expect(body.parseWarnings).toEqual([expect.stringMatching(/^The message structure could not be read \(.+\); showing the raw text\.$/)]);
    expect(body.text).toBe('The body.');
    expect(body).toEqual(await parseMessage(raw));
  });
});
