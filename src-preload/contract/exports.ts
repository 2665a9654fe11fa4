/**
 * Exports: the interactions list as CSV, tickets as a zip of their original .eml files
 * and notes. An export runs in main as a job: it streams to a temporary file, renames it
 * when complete (a cancelled or failed export leaves no file), and reports progress.
 */
import { z } from 'zod';
import { InteractionColumnSchema, INTERACTION_COLUMNS } from './interactions';
import { TicketFilterSchema, TicketRefSchema, TicketSortSchema } from './tickets';
import type { ErrorInfo } from './shared';

export const ExportKindSchema = z.enum(['csv', 'zip']);
export type ExportKind = z.infer<typeof ExportKindSchema>;

/** What a request to export answers: the job now running, or nothing (the agent closed the save dialog). */
export type ExportStarted = { started: true; id: string; path: string; total: number } | { started: false };

export interface ExportProgress {
  id: string;
  kind: ExportKind;
  /** Rows written (CSV) or messages written (zip). */
  done: number;
  total: number;
  state: 'running' | 'done' | 'failed' | 'cancelled';
  /** Where the file is (done) or will be (running); nothing is there after failed or cancelled. */
  path: string;
  error: ErrorInfo | null;
  /** Zip: messages that could not be included (listed in the zip's MISSING.txt). */
  missing: number;
}

export const exportChannels = {
  /** The interactions list as it stands (filter, order, visible columns) as CSV. */
  exportCsv: {
    request: z
      .object({
        filter: TicketFilterSchema,
        sort: TicketSortSchema.default('created'),
        descending: z.boolean().default(true),
        columns: z.array(InteractionColumnSchema).min(1, 'Show at least one column to export.').max(INTERACTION_COLUMNS.length),
        /** A UTF-8 byte-order mark, so spreadsheet programs read the accents right. */
        bom: z.boolean().default(false),
        /** IANA time zone of the dates written (the agent's); empty = UTC. */
        timeZone: z.string().max(100).default(''),
      })
      .strict(),
    response: {} as ExportStarted,
  },
  /** Tickets as a zip: per ticket a folder with each message's original .eml and notes.txt. */
  exportZip: {
    request: z
      .object({
        tickets: z.array(TicketRefSchema).min(1, 'Choose at least one ticket to export.').max(10_000, 'Export at most 10,000 tickets at once.'),
        /** false: each .eml without its attachments (each one replaced by a line naming it). */
        attachments: z.boolean().default(true),
        timeZone: z.string().max(100).default(''),
      })
      .strict(),
    response: {} as ExportStarted,
  },
  /** Stops a running export; its temporary file is removed. */
  cancelExport: { request: z.object({ id: z.string().min(1).max(100) }).strict(), response: {} as { cancelled: boolean } },
  /** Shows a finished export in the file manager (the app); false where there is none (browser host). */
  showExport: { request: z.object({ id: z.string().min(1).max(100) }).strict(), response: {} as { shown: boolean } },
} as const;

export const exportEvents = {
  exportProgress: {} as ExportProgress,
} as const;
