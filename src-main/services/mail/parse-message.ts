import { simpleParser, type ParsedMail } from 'mailparser';
import type { AttachmentInfo } from '../../../src-preload/contract';
import type { BodyInput } from '../store/messages-repo';

const SNIPPET_LENGTH = 200;

export function snippetOf(text: string): string {
  return text.replace(/\s+/g, ' ').trim().slice(0, SNIPPET_LENGTH);
}

/** Keeps an attachment's content somewhere and says where (its SHA-256). */
export type AttachmentSink = (content: Buffer) => string;

function attachmentsOf(parsed: ParsedMail, sink: AttachmentSink | undefined): AttachmentInfo[] {
  return parsed.attachments
    .filter((a) => a.contentDisposition !== 'inline' || !a.cid)
    .map((a) => ({
      filename: a.filename ?? 'unnamed',
      contentType: a.contentType,
      size: a.size,
      ...(sink && Buffer.isBuffer(a.content) ? { sha256: sink(a.content) } : {}),
    }));
}

const NUL_WARNING = 'The message contained NUL bytes, which were removed.';

/** NUL characters end strings in C-based tools and break FTS tokens: drop them, say so. */
function withoutNul(value: string | null, warnings: string[]): string | null {
  if (value === null || !value.includes('\0')) return value;
  if (!warnings.includes(NUL_WARNING)) warnings.push(NUL_WARNING);
  return value.replace(/\0/g, '');
}

/**
 * Parses a raw message defensively: a message mailparser cannot read is kept
 * with its raw text and a notice, never dropped and never fatal to the sync.
 * Attachment contents go to the sink when one is given (the sync's disk store).
 */
export async function parseMessage(source: Buffer, sink?: AttachmentSink): Promise<BodyInput> {
  const warnings: string[] = [];
  if (source.length === 0) warnings.push('The server returned an empty message.');
  try {
    const parsed = await simpleParser(source, { skipImageLinks: true, maxHtmlLengthToParse: 5 * 1024 * 1024 });
    const html = withoutNul(typeof parsed.html === 'string' ? parsed.html : null, warnings);
    const text = withoutNul(parsed.text ?? null, warnings);
    if (!html && !text && source.length > 0 && parsed.attachments.length === 0) {
      warnings.push('The message has no readable text part.');
    }
    return {
      text,
      html,
      snippet: snippetOf(text ?? ''),
      attachments: attachmentsOf(parsed, sink),
      parseWarnings: warnings,
    };
  } catch (err) {
    // Fall back to the raw body so the reader still sees what arrived.
    const raw = source.toString('utf8').replace(/\0/g, '');
    const split = raw.search(/\r?\n\r?\n/);
    const body = split >= 0 ? raw.slice(split).trim() : raw;
    warnings.push(`The message structure could not be read (${err instanceof Error ? err.message : String(err)}); showing the raw text.`);
    return { text: body, html: null, snippet: snippetOf(body), attachments: [], parseWarnings: warnings };
  }
}
