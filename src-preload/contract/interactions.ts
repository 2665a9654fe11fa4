/**
 * The interactions list: its columns, the quick date filter and the advanced search's
 * conditions (field, operator, value; matched all or any; each can be switched off
 * without deleting it). Pure: main, the renderer and the CSV export read the same lists;
 * TicketFilter (tickets.ts) carries them.
 */
import { z } from 'zod';

/** The list's columns, in their default order; also the CSV export's columns. */
export const INTERACTION_COLUMNS = [
  'created',
  'account',
  'number',
  'customer',
  'subject',
  'status',
  'assignee',
  'queue',
  'tags',
  'disposition',
  'unread',
  'lastActivity',
  'messages',
] as const;
export const InteractionColumnSchema = z.enum(INTERACTION_COLUMNS);
export type InteractionColumn = z.infer<typeof InteractionColumnSchema>;

export const COLUMN_LABEL: Record<InteractionColumn, string> = {
  created: 'Date',
  account: 'Account',
  number: 'Ticket',
  customer: 'Customer',
  subject: 'Subject',
  status: 'Status',
  assignee: 'Assignee',
  queue: 'Queue',
  tags: 'Tags',
  disposition: 'Disposition',
  unread: 'Read',
  lastActivity: 'Last activity',
  messages: 'Messages',
};

/** What an advanced-search row can test. "text" is the messages' text (the full-text index) plus notes. */
export const CONDITION_FIELDS = ['subject', 'customer', 'account', 'number', 'queue', 'status', 'assignee', 'tag', 'disposition', 'created', 'lastActivity', 'messages', 'text'] as const;
export const ConditionFieldSchema = z.enum(CONDITION_FIELDS);
export type ConditionField = z.infer<typeof ConditionFieldSchema>;

export const CONDITION_OPS = ['contains', 'is', 'isNot', 'startsWith', 'before', 'after', 'isEmpty'] as const;
export const ConditionOpSchema = z.enum(CONDITION_OPS);
export type ConditionOp = z.infer<typeof ConditionOpSchema>;

export const FIELD_LABEL: Record<ConditionField, string> = {
  subject: 'Subject',
  customer: 'Customer',
  account: 'Account',
  number: 'Ticket number',
  queue: 'Queue',
  status: 'Status',
  assignee: 'Assignee',
  tag: 'Tag',
  disposition: 'Disposition',
  created: 'Date',
  lastActivity: 'Last activity',
  messages: 'Message count',
  text: 'Message text',
};

export const OP_LABEL: Record<ConditionOp, string> = {
  contains: 'contains',
  is: 'is',
  isNot: 'is not',
  startsWith: 'starts with',
  before: 'before',
  after: 'after',
  isEmpty: 'is empty',
};

/** Which operators make sense for a field: dates compare, counts compare, words match. */
export const FIELD_OPS: Record<ConditionField, readonly ConditionOp[]> = {
  subject: ['contains', 'is', 'isNot', 'startsWith', 'isEmpty'],
  customer: ['contains', 'is', 'isNot', 'startsWith', 'isEmpty'],
  account: ['is', 'isNot'],
  number: ['is', 'isNot', 'before', 'after'],
  queue: ['is', 'isNot', 'contains', 'startsWith', 'isEmpty'],
  status: ['is', 'isNot'],
  assignee: ['is', 'isNot', 'contains', 'isEmpty'],
  tag: ['is', 'isNot', 'contains', 'startsWith', 'isEmpty'],
  disposition: ['is', 'isNot', 'contains', 'isEmpty'],
  created: ['is', 'before', 'after'],
  lastActivity: ['is', 'before', 'after'],
  messages: ['is', 'isNot', 'before', 'after'],
  text: ['contains'],
};

/**
 * One advanced-search row. Dates are days (YYYY-MM-DD) read in the filter's time zone;
 * "before"/"after" on numbers and counts mean less/greater than.
 */
export const ConditionSchema = z
  .object({
    field: ConditionFieldSchema,
    op: ConditionOpSchema,
    value: z.string().max(500, 'Keep the value under 500 characters.').default(''),
    /** Off: kept in the builder (and in a saved view), ignored by the search. */
    enabled: z.boolean().default(true),
  })
  .superRefine((c, ctx) => {
    if (!FIELD_OPS[c.field].includes(c.op)) ctx.addIssue({ code: 'custom', path: ['op'], message: `Choose one of: ${FIELD_OPS[c.field].map((o) => OP_LABEL[o]).join(', ')}.` });
    if (!c.enabled || c.op === 'isEmpty') return;
    const value = c.value.trim();
    if ((c.field === 'created' || c.field === 'lastActivity') && !/^\d{4}-\d{2}-\d{2}$/.test(value)) {
      ctx.addIssue({ code: 'custom', path: ['value'], message: 'Enter a day like 2026-03-31.' });
    } else if ((c.field === 'number' || c.field === 'messages') && !/^\d{1,9}$/.test(value)) {
      ctx.addIssue({ code: 'custom', path: ['value'], message: 'Enter a whole number, for example 1042.' });
    } else if (!value) {
      ctx.addIssue({ code: 'custom', path: ['value'], message: `Enter a value for “${FIELD_LABEL[c.field]} ${OP_LABEL[c.op]} …”, or switch the row off.` });
    }
  });
export type Condition = z.infer<typeof ConditionSchema>;
export type ConditionInput = z.input<typeof ConditionSchema>;

/** The quick date filter: on the ticket's date (created), in the filter's time zone. */
export const DateRangeSchema = z
  .object({
    preset: z.enum(['any', 'today', '7d', '30d', 'custom']).default('any'),
    /** Custom range, inclusive days YYYY-MM-DD; either may be empty (open end). */
    from: z.string().regex(/^$|^\d{4}-\d{2}-\d{2}$/, 'Enter a day like 2026-03-01.').default(''),
    to: z.string().regex(/^$|^\d{4}-\d{2}-\d{2}$/, 'Enter a day like 2026-03-31.').default(''),
  })
  .superRefine((r, ctx) => {
    if (r.preset === 'custom' && r.from && r.to && r.from > r.to) ctx.addIssue({ code: 'custom', path: ['to'], message: 'The end day comes before the start day: swap them.' });
  });
export type DateRange = z.infer<typeof DateRangeSchema>;
