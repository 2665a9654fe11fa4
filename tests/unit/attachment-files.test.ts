import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TEXT_PREVIEW_BYTES, type AttachmentInfo, type MessageDetail } from '../../src-preload/contract';
import { attachmentName, safeFileName } from '../../src-preload/attachment-name';
import { AttachmentFilesService } from '../../src-main/services/mail/attachment-files';
import type { AttachmentFiles } from '../../src-main/services/platform/interfaces';
import { AttachmentStore } from '../../src-main/services/store/attachments';
import { IMAGE_PREVIEW_MAX_BYTES, previewKind } from '../../src-renderer/mail-view/attachment-preview-kind';

const named = (filename: string, contentType = 'application/octet-stream') => safeFileName({ filename, contentType });

describe('safeFileName', () => {
  it('keeps an ordinary name as it is', () => {
    expect(named('report.pdf')).toBe('report.pdf');
    expect(named('Facture n° 20417 (copie).pdf')).toBe('Facture n° 20417 (copie).pdf');
  });

  it('keeps only the last part of a path, whichever separator', () => {
    expect(named('../../etc/passwd')).toBe('passwd');
    expect(named('C:\\Windows\\System32\\evil.dll')).toBe('evil.dll');
    expect(named('/tmp/')).toBe('attachment');
  });

  it('replaces control, bidi and Windows-forbidden characters', () => {
    expect(named('a\u0000b\nc\u009b.txt')).toBe('a_b_c_.txt');
    expect(named('invoice\u202Efdp.exe')).toBe('invoice_fdp.exe');
    expect(named('what? <now>: "x" | y*.txt')).toBe('what_ _now__ _x_ _ y_.txt');
  });

  it('drops leading dots and trailing dots and spaces', () => {
    expect(named('.bashrc')).toBe('bashrc');
    expect(named('..')).toBe('attachment');
    expect(named('notes.txt. . ')).toBe('notes.txt');
  });

  it('prefixes Windows device names, with or without an extension', () => {
    expect(named('CON')).toBe('_CON');
    expect(named('nul.txt')).toBe('_nul.txt');
    expect(named('com1.tar.gz')).toBe('_com1.tar.gz');
    expect(named('console.txt')).toBe('console.txt');
  });

  it('cuts a long name to 255 bytes, keeping the extension and whole characters', () => {
    const name = named(`${'é'.repeat(300)}.pdf`);
    expect(Buffer.byteLength(name)).toBeLessThanOrEqual(255);
    expect(name.endsWith('é.pdf')).toBe(true);
  });

  it('names a nameless part by its type', () => {
    expect(named('', 'application/pdf')).toBe('attachment.pdf');
    expect(named('unnamed', 'message/rfc822')).toBe('Attached message.eml');
    expect(attachmentName({ filename: 'unnamed', contentType: 'application/x-unknown' })).toBe('attachment');
  });
});

describe('previewKind', () => {
  const part = (contentType: string, filename = 'f', size = 1000) => ({ contentType, filename, size });

  it('previews the images the page can decode, never SVG', () => {
    expect(previewKind(part('image/png'))).toEqual({ kind: 'image', mime: 'image/png' });
    expect(previewKind(part('image/jpeg'))).toEqual({ kind: 'image', mime: 'image/jpeg' });
    expect(previewKind(part('IMAGE/WEBP'))).toEqual({ kind: 'image', mime: 'image/webp' });
    expect(previewKind(part('image/svg+xml', 'logo.svg'))).toEqual({ kind: 'none', reason: null });
    expect(previewKind(part('application/octet-stream', 'logo.svg'))).toEqual({ kind: 'none', reason: null });
  });

  it('reads a generic type by the file name', () => {
    expect(previewKind(part('application/octet-stream', 'photo.JPG'))).toEqual({ kind: 'image', mime: 'image/jpeg' });
    expect(previewKind(part('application/octet-stream', 'server.log'))).toEqual({ kind: 'text' });
    // A named type is believed: a PDF called .txt is not shown as text.
    expect(previewKind(part('application/pdf', 'notes.txt'))).toEqual({ kind: 'none', reason: null });
  });

  it('previews plain text, CSV and JSON but not HTML or PDF', () => {
    expect(previewKind(part('text/plain'))).toEqual({ kind: 'text' });
    expect(previewKind(part('text/csv'))).toEqual({ kind: 'text' });
    expect(previewKind(part('application/json'))).toEqual({ kind: 'text' });
    expect(previewKind(part('text/html', 'page.html'))).toEqual({ kind: 'none', reason: null });
    expect(previewKind(part('application/pdf', 'report.pdf'))).toEqual({ kind: 'none', reason: null });
  });

  it('says why an image too big is not previewed', () => {
    expect(previewKind(part('image/png', 'big.png', IMAGE_PREVIEW_MAX_BYTES))).toEqual({ kind: 'image', mime: 'image/png' });
    const big = previewKind(part('image/png', 'big.png', IMAGE_PREVIEW_MAX_BYTES + 1));
    expect(big.kind === 'none' && big.reason).toMatch(/^Too big to preview \(20 MB; images up to 20 MB\)/);
  });
});

describe('AttachmentFilesService', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });

  function setup(parts: (Omit<AttachmentInfo, 'sha256' | 'size'> & { content: Buffer })[], files: AttachmentFiles | null) {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mailroom-attachment-files-'));
    dirs.push(dataDir);
    const attachments = new AttachmentStore(dataDir);
    const listed: AttachmentInfo[] = parts.map(({ content, ...p }) => ({ ...p, size: content.length, sha256: attachments.put(content) }));
    const message = { id: '7', attachments: listed } as MessageDetail;
    const service = new AttachmentFilesService({ messages: { get: (id) => (id === 7 ? message : null) }, attachments, files });
    return { service, dataDir, refs: listed.map((a) => ({ messageId: '7', sha256: a.sha256 ?? '' })) };
  }

  it('serves only attachments the message lists', () => {
    const { service, refs } = setup([{ filename: 'a.txt', contentType: 'text/plain', content: Buffer.from('hello') }], null);
    expect(service.bytes(refs[0]!)).toEqual({ fileName: 'a.txt', contentType: 'text/plain', base64: Buffer.from('hello').toString('base64') });
    expect(() => service.bytes({ messageId: '8', sha256: refs[0]!.sha256 })).toThrow(/^mail\/attachment-missing:/);
    expect(() => service.bytes({ messageId: '7', sha256: 'f'.repeat(64) })).toThrow(/^mail\/attachment-missing:/);
  });

  it('previews a text by its beginning, never cutting a character in two', () => {
    // 'é' is two bytes in UTF-8: the limit falls inside one.
    const content = Buffer.from(`x${'é'.repeat(TEXT_PREVIEW_BYTES)}`);
    const { service, refs } = setup([{ filename: 'long.txt', contentType: 'text/plain', content }], null);
    const preview = service.text(refs[0]!);
    expect(preview).toMatchObject({ charset: 'UTF-8', truncated: true });
    expect(preview.text).toBe(`x${'é'.repeat(TEXT_PREVIEW_BYTES / 2 - 1)}`);
  });

  it('reads a text that is not UTF-8 as Windows-1252', () => {
    const { service, refs } = setup([{ filename: 'old.txt', contentType: 'text/plain', content: Buffer.from([0x63, 0x61, 0x66, 0xe9]) }], null);
    expect(service.text(refs[0]!)).toEqual({ text: 'café', charset: 'Windows-1252 (Western European)', truncated: false });
  });

  it('reads an attached message stored without its view', async () => {
    const eml = Buffer.from('From: Ana <ana@customers.example>\r\nSubject: Original question\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nThe printer is on fire.\r\n');
    const { service, refs } = setup(
      [
        { filename: 'unnamed', contentType: 'message/rfc822', content: eml },
        { filename: 'a.pdf', contentType: 'application/pdf', content: Buffer.from('%PDF') },
      ],
      null,
    );
    const read = await service.attachedMessage(refs[0]!);
    expect(read.warnings).toEqual([]);
    expect(read.view).toMatchObject({ kind: 'message', subject: 'Original question', from: { name: 'Ana', address: 'ana@customers.example' }, text: 'The printer is on fire.\n' });
    await expect(service.attachedMessage(refs[1]!)).rejects.toThrow(/^mail\/attachment-missing:/);
  });

  it('asks the page to download where there is no desktop', async () => {
    const { service, refs } = setup([{ filename: 'a.pdf', contentType: 'application/pdf', content: Buffer.from('%PDF') }], null);
    expect(await service.open(refs[0]!)).toEqual({ state: 'download' });
    expect(await service.save(refs[0]!)).toEqual({ state: 'download' });
  });

  it('opens a temp copy under the safe name and saves where the dialog says', async () => {
    const opened: string[] = [];
    let target: string | null = null;
    const files: AttachmentFiles = {
      openWithSystem: async (file) => {
        opened.push(file);
        return '';
      },
      chooseSavePath: async () => target,
    };
    const { service, refs, dataDir } = setup([{ filename: '../../.evil\u202Etxt.exe', contentType: 'application/pdf', content: Buffer.from('%PDF-1.4') }], files);
    expect(await service.open(refs[0]!)).toEqual({ state: 'opened' });
    expect(path.basename(opened[0]!)).toBe('evil_txt.exe');
    expect(fs.readFileSync(opened[0]!, 'utf8')).toBe('%PDF-1.4');
    expect(await service.save(refs[0]!)).toEqual({ state: 'cancelled' });
    target = path.join(dataDir, 'saved.pdf');
    expect(await service.save(refs[0]!)).toEqual({ state: 'saved', path: target });
    expect(fs.readFileSync(target, 'utf8')).toBe('%PDF-1.4');
    service.close();
    expect(fs.existsSync(opened[0]!)).toBe(false);
  });
});
