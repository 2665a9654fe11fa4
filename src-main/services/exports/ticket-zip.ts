import fs from 'node:fs';
import { Readable } from 'node:stream';
import { ZipFile } from 'yazl';
import { ticketLabel, type TicketDetail, type TicketMessageView } from '../../../src-preload/contract';
import { isoDateTime } from './csv';
import type { JobContext } from './export-jobs';
import { safeName, UniqueNames } from './file-names';
import type { MessageSource } from './message-sources';
import { withoutAttachments } from './strip-attachments';

export interface ZipSources {
  sourceOf(accountId: string, message: TicketMessageView): Promise<MessageSource>;
}

export interface ZipOptions {
  /** false: attachment parts replaced by a line naming them (README.txt says so). */
  attachments: boolean;
  timeZone: string;
  sources: ZipSources;
}

const CRLF = '\r\n';

/** "2026-03-01 10.15" in the zone: sorts by time, and no colon (Windows refuses it in names). */
function nameDate(ms: number, timeZone: string): string {
  const iso = isoDateTime(ms, timeZone);
  return `${iso.slice(0, 10)} ${iso.slice(11, 13)}.${iso.slice(14, 16)}`;
}

function notesText(detail: TicketDetail, timeZone: string): string {
  const lines = [
    `${ticketLabel(detail)} ${detail.subject}`,
    `Customer: ${detail.customer ? `${detail.customer.name} <${detail.customer.address}>`.trim() : 'unknown'}`,
    `Status: ${detail.status}${detail.disposition ? ` (${detail.disposition})` : ''}`,
    `Queue: ${detail.queue || 'none'}`,
    `Assignee: ${detail.assignee?.name ?? 'nobody'}`,
    `Tags: ${detail.tags.join(', ') || 'none'}`,
    '',
    detail.notes.length === 0 ? 'No internal notes.' : `Internal notes (${detail.notes.length}):`,
  ];
  for (const note of detail.notes) lines.push('', `--- ${isoDateTime(note.at, timeZone)}, ${note.author.name}${note.pending ? ' (not yet confirmed by the team log)' : ''}`, note.text.replace(/\r?\n/g, CRLF));
  return lines.join(CRLF) + CRLF;
}

const README_WITHOUT_ATTACHMENTS = [
  'These .eml files were exported by Mailroom WITHOUT their attachments.',
  'Each attachment was replaced by a short text part that names it; everything else in each message is as the server holds it.',
  'Export again "with attachments" for the complete original messages.',
].join(CRLF) + CRLF;

/**
 * The zip (yazl, streamed): per ticket a folder "SUP-12 Subject" with each message as
 * "001 2026-03-01 10.15 ann@example.com.eml" (oldest first) and notes.txt; MISSING.txt
 * lists messages whose original could not be had, and why. Files are read lazily as the
 * zip is written, so a big ticket does not sit in memory.
 */
export function ticketZip(details: TicketDetail[], options: ZipOptions, ctx: JobContext): Readable {
  const zip = new ZipFile();
  const add = async () => {
    const folders = new UniqueNames();
    const missing: string[] = [];
    let done = 0;
    if (!options.attachments) zip.addBuffer(Buffer.from(README_WITHOUT_ATTACHMENTS, 'utf8'), 'README.txt');
    for (const detail of details) {
      const folder = folders.take(safeName(`${ticketLabel(detail)} ${detail.subject}`, 80));
      const files = new UniqueNames();
      for (const [i, message] of detail.messages.entries()) {
        if (ctx.signal.aborted) return;
        const from = message.from?.address || message.from?.name || 'unknown sender';
        const name = `${folder}/${files.take(safeName(`${String(i + 1).padStart(3, '0')} ${nameDate(message.date, options.timeZone)} ${from}`, 100), '.eml')}`;
        const source = await options.sources.sourceOf(detail.accountId, message);
        const entry = { mtime: new Date(message.date) };
        if ('missing' in source) {
          missing.push(`${name}${CRLF}  ${message.subject || '(no subject)'}${CRLF}  ${source.missing}`);
        } else if (options.attachments) {
          if ('file' in source) zip.addFile(source.file, name, entry);
          else zip.addBuffer(source.content, name, entry);
        } else {
          const raw = 'file' in source ? fs.createReadStream(source.file) : Readable.from([source.content]);
          zip.addReadStream(withoutAttachments(raw), name, entry);
        }
        done += 1;
        ctx.progress(done, missing.length);
      }
      zip.addBuffer(Buffer.from(notesText(detail, options.timeZone), 'utf8'), `${folder}/notes.txt`);
    }
    if (missing.length > 0) {
      const text = [`${missing.length} message(s) could not be included:`, '', ...missing.flatMap((m) => [m, ''])].join(CRLF);
      zip.addBuffer(Buffer.from(text, 'utf8'), 'MISSING.txt');
    }
    zip.end();
  };
  const output = zip.outputStream as Readable;
  add().catch((err: unknown) => output.destroy(err instanceof Error ? err : new Error(String(err))));
  return output;
}
