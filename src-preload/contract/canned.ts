/**
 * Canned answers: general ones (every account) and per-account ones, shared with the
 * team through the team log like other team settings. Their text may hold variables
 * (../templates.ts), filled when inserted and checked before sending.
 */
import { z } from 'zod';
import { IdSchema } from './shared';

export const CannedAnswerSchema = z
  .object({
    id: z.string().min(1).max(100),
    /** general: offered on every account's tickets; account: only on accountId's. */
    scope: z.enum(['general', 'account']),
    /** The account of a per-account answer; empty for general ones. */
    accountId: z.string().max(200).default(''),
    title: z.string().trim().min(1, 'Give the answer a title agents will search for, for example "Refund: how long".').max(120, 'Keep the title under 120 characters.'),
    /** Typed after "/" in the editor to insert it, e.g. "refund"; empty for none. */
    shortcut: z
      .string()
      .trim()
      .max(30, 'Keep the shortcut under 30 characters.')
      .regex(/^[a-z0-9-]*$/, 'Use lowercase letters, digits and - only, for example refund-time.')
      .default(''),
    /** The answer as the editor's HTML, with variables like {{customer.name}}. */
    bodyHtml: z.string().min(1, 'Write the answer’s text.').max(200_000, 'Keep an answer under 200,000 characters.'),
  })
  .superRefine((answer, ctx) => {
    if (answer.scope === 'account' && !answer.accountId) ctx.addIssue({ code: 'custom', path: ['accountId'], message: 'Choose the account this answer belongs to.' });
  });
export type CannedAnswer = z.infer<typeof CannedAnswerSchema>;
export type CannedAnswerInput = z.input<typeof CannedAnswerSchema>;

/** An answer as the lists show it. */
export interface CannedAnswerView extends CannedAnswer {
  /** The account's name for per-account answers (the icon's label), empty for general ones. */
  accountName: string;
  updatedAt: number;
  /** Who changed it last (agent name). */
  updatedBy: string;
  /** Saved by this client, not yet confirmed by the log. */
  pending: boolean;
}

export const cannedChannels = {
  /** General answers plus, with accountId, that account's: one list, by title; text filters title, shortcut and body. */
  listCanned: {
    request: z.object({ accountId: z.string().max(200).default(''), text: z.string().max(200).default(''), all: z.boolean().default(false) }).strict(),
    response: {} as CannedAnswerView[],
  },
  /** Creates (new id) or replaces an answer; a shortcut another answer of the same list uses is refused. */
  saveCanned: { request: z.object({ answer: CannedAnswerSchema }).strict(), response: {} as CannedAnswerView },
  deleteCanned: { request: z.object({ id: IdSchema }).strict(), response: {} as { deleted: boolean } },
} as const;

export const cannedEvents = {
  cannedChanged: {} as Record<string, never>,
} as const;
