/**
 * A message's attachments: their bytes for a preview or a download, their text, and
 * handing them to the system (open with its app, save where the agent says). The
 * renderer names an attachment by its message and content address only: main looks
 * the file and its name up in the store, so no path ever comes from the page.
 */
import { z } from 'zod';
import type { PartView } from './mail';
import { IdSchema } from './shared';

export const AttachmentRefSchema = z.object({ messageId: IdSchema, sha256: z.string().regex(/^[0-9a-f]{64}$/) }).strict();
export type AttachmentRef = z.infer<typeof AttachmentRefSchema>;

/** The most bytes one attachmentBytes call carries (as base64 over the bridge); bigger files open or save from main. */
export const ATTACHMENT_BYTES_MAX = 50 * 1024 * 1024;
/** A text preview shows this much of the file's beginning. */
export const TEXT_PREVIEW_BYTES = 256 * 1024;

/** Parts read as a message in place: a whole one, or (bounces that return less) only its headers. */
export const ATTACHED_MESSAGE_TYPES = ['message/rfc822', 'message/global', 'text/rfc822-headers'] as const;

/** An attached message read when the reader asks (one stored without its view), and what of it could not be read. */
export interface AttachedMessageRead {
  view: Extract<PartView, { kind: 'message' }>;
  warnings: string[];
}

export interface AttachmentBytes {
  /** The file's name made safe for a disk (no folders, control characters or reserved names). */
  fileName: string;
  contentType: string;
  base64: string;
}

export interface AttachmentText {
  /** The first TEXT_PREVIEW_BYTES bytes, decoded (UTF-8 when valid, else the likeliest charset). */
  text: string;
  /** The charset the text was read as. */
  charset: string;
  /** Set when the file is longer than what `text` shows. */
  truncated: boolean;
}

/** opened: the system's app has the file. download: there is no system here (browser host), the page downloads the bytes. */
export type AttachmentOpened = { state: 'opened' } | { state: 'download' };
/** saved where the agent chose; cancelled: the dialog was closed; download: no dialog here (browser host), the page downloads the bytes. */
export type AttachmentSaved = { state: 'saved'; path: string } | { state: 'cancelled' } | { state: 'download' };

export const attachmentChannels = {
  /** The whole file, for a preview or a download by the page; fails above ATTACHMENT_BYTES_MAX. */
  attachmentBytes: { request: AttachmentRefSchema, response: {} as AttachmentBytes },
  /** The beginning of a text file, decoded, for a preview. */
  attachmentText: { request: AttachmentRefSchema, response: {} as AttachmentText },
  /** An attached message (ATTACHED_MESSAGE_TYPES) stored without its view, read from the cache now. */
  attachedMessage: { request: AttachmentRefSchema, response: {} as AttachedMessageRead },
  /** A copy in a temporary folder, under its safe name, opened with the system's app for its type. */
  openAttachment: { request: AttachmentRefSchema, response: {} as AttachmentOpened },
  /** The file written where the agent says in a save dialog that suggests its safe name. */
  saveAttachment: { request: AttachmentRefSchema, response: {} as AttachmentSaved },
} as const;
