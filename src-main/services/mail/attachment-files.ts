import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  ATTACHED_MESSAGE_TYPES,
  ATTACHMENT_BYTES_MAX,
  type AttachedMessageRead,
  TEXT_PREVIEW_BYTES,
  type AttachmentBytes,
  type AttachmentInfo,
  type AttachmentOpened,
  type AttachmentRef,
  type AttachmentSaved,
  type AttachmentText,
} from '../../../src-preload/contract';
import { safeFileName } from '../../../src-preload/attachment-name';
import { appError } from '../errors/app-error';
import type { AttachmentFiles } from '../platform/interfaces';
import type { AttachmentStore } from '../store/attachments';
import type { MessagesRepo } from '../store/messages-repo';
import { decodeByGuess } from './charset-decoder';
import { readAttachedMessage } from './parse-message';

const missing = () =>
  appError(
    'mail/attachment-missing',
    'That attachment is not in the cache: the message may have changed or been removed, or its download has not finished.',
    'Open the message again from the list; if it is still missing, download the message again.',
  );

/** A UTF-8 character cut in two by the preview's end would make the whole text read as another charset: end before it. */
function utf8Boundary(bytes: Buffer): number {
  let start = bytes.length;
  while (start > 0 && bytes.length - start < 3 && ((bytes[start - 1] ?? 0) & 0xc0) === 0x80) start--;
  const lead = bytes[start - 1] ?? 0;
  if (start === 0 || lead < 0xc0) return bytes.length;
  const needed = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : 2;
  return bytes.length - (start - 1) < needed ? start - 1 : bytes.length;
}

/** The first `limit` bytes of a file and whether there was more. */
function readBeginning(file: string, limit: number): { bytes: Buffer; truncated: boolean } {
  const fd = fs.openSync(file, 'r');
  try {
    const size = fs.fstatSync(fd).size;
    const bytes = Buffer.alloc(Math.min(size, limit));
    const read = fs.readSync(fd, bytes, 0, bytes.length, 0);
    return { bytes: bytes.subarray(0, read), truncated: size > read };
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Attachments leaving the cache: as bytes or text for the reader's previews, as a temp
 * copy the system's app opens, as a file saved where the agent says. Each is looked up
 * by its message and content address, and its disk name is made safe here, so nothing
 * the page sends ever names a path.
 */
export class AttachmentFilesService {
  /** One folder per run for the copies the system's apps open: they must outlive the call, and a new run starts clean. */
  private tempDir: string | null = null;

  constructor(
    private readonly deps: {
      messages: Pick<MessagesRepo, 'get'>;
      attachments: AttachmentStore;
      /** The desktop's app opener and save dialog; null where there is none (browser host), and the page downloads instead. */
      files: AttachmentFiles | null;
    },
  ) {}

  /** The attachment as the message lists it, and where its content is; fails when either is gone. */
  private find({ messageId, sha256 }: AttachmentRef): { part: AttachmentInfo; file: string } {
    const id = Number(messageId);
    const message = Number.isSafeInteger(id) && id > 0 ? this.deps.messages.get(id, 0) : null;
    const part = message?.attachments.find((a) => a.sha256 === sha256);
    if (!part || !this.deps.attachments.has(sha256)) throw missing();
    return { part, file: this.deps.attachments.pathOf(sha256) };
  }

  bytes(ref: AttachmentRef): AttachmentBytes {
    const { part, file } = this.find(ref);
    if (fs.statSync(file).size > ATTACHMENT_BYTES_MAX) {
      throw appError('mail/attachment-too-big', 'This attachment is too big to show or download here.', 'Use Save… or Open in the Mailroom app, which copy the file without passing it through the page.');
    }
    return { fileName: safeFileName(part), contentType: part.contentType, base64: fs.readFileSync(file).toString('base64') };
  }

  text(ref: AttachmentRef): AttachmentText {
    const { file } = this.find(ref);
    const { bytes, truncated } = readBeginning(file, TEXT_PREVIEW_BYTES);
    const { text, shownAs } = decodeByGuess(truncated ? bytes.subarray(0, utf8Boundary(bytes)) : bytes);
    return { text, charset: shownAs, truncated };
  }

  async attachedMessage(ref: AttachmentRef): Promise<AttachedMessageRead> {
    const { part, file } = this.find(ref);
    if (!(ATTACHED_MESSAGE_TYPES as readonly string[]).includes(part.contentType.toLowerCase())) throw missing();
    return readAttachedMessage(file);
  }

  async open(ref: AttachmentRef): Promise<AttachmentOpened> {
    const { part, file } = this.find(ref);
    if (!this.deps.files) return { state: 'download' };
    // A folder per opened file: two attachments with one name must not overwrite each other while open.
    this.tempDir ??= fs.mkdtempSync(path.join(os.tmpdir(), 'mailroom-attachments-'));
    const copy = path.join(this.tempDir, crypto.randomBytes(6).toString('hex'), safeFileName(part));
    fs.mkdirSync(path.dirname(copy));
    fs.copyFileSync(file, copy);
    const failure = await this.deps.files.openWithSystem(copy);
    if (failure) throw appError('mail/attachment-open-failed', 'The system could not open this attachment.', 'Save it with Save… and open it from there, or install a program for this kind of file.', failure);
    return { state: 'opened' };
  }

  async save(ref: AttachmentRef): Promise<AttachmentSaved> {
    const { part, file } = this.find(ref);
    if (!this.deps.files) return { state: 'download' };
    const target = await this.deps.files.chooseSavePath(safeFileName(part));
    if (!target) return { state: 'cancelled' };
    try {
      fs.copyFileSync(file, target);
    } catch (err) {
      throw appError('mail/attachment-save-failed', 'The attachment could not be written there.', 'Choose another folder, one you may write to and with free space.', err instanceof Error ? err.message : String(err));
    }
    return { state: 'saved', path: target };
  }

  /** Removes this run's temp copies; on Windows a copy an app still holds stays for the system's temp cleanup. */
  close(): void {
    if (!this.tempDir) return;
    try {
      fs.rmSync(this.tempDir, { recursive: true, force: true });
    } catch (err) {
      console.warn('[attachments] could not remove the opened copies:', err);
    }
    this.tempDir = null;
  }
}
