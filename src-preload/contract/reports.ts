/**
 * Reports: how the team is doing, computed from the cached team states (works offline).
 * New tickets per day, first-response and resolution times (median, p90) per agent and
 * per queue, unresolved tickets by age, and the table of the same numbers (shown and
 * exported as CSV).
 */
import { z } from 'zod';
import type { ExportStarted } from './exports';
import { DateRangeSchema } from './interactions';

/** A name Intl knows (the agent's zone comes from Intl itself; anything else is refused at the door). */
function isTimeZone(zone: string): boolean {
  if (!zone) return true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export const ReportFilterSchema = z
  .object({
    /**
     * The days counted, in timeZone: new tickets by the day they came in, first responses by
     * the day of the reply, resolutions by the day of the close. "Unresolved now" ignores it.
     */
    date: DateRangeSchema.default(DateRangeSchema.parse({ preset: '30d' })),
    /** One account's tickets; '' = every account this agent sees. */
    accountId: z.string().max(100).default(''),
    /** One queue (by name, in every chosen account); null = every queue; '' = tickets in no queue. */
    queue: z.string().max(200).nullable().default(null),
    /** IANA time zone the days are read in (the agent's); empty = UTC. */
    timeZone: z.string().max(100).refine(isTimeZone, 'Choose a time zone Intl knows, for example Europe/Paris.').default(''),
  })
  .strict();
export type ReportFilter = z.infer<typeof ReportFilterSchema>;
export type ReportFilterInput = z.input<typeof ReportFilterSchema>;

/** Unresolved tickets by age, from the first message to now; each bucket holds ages below its limit. */
export const AGE_BUCKETS = [
  { key: 'under1d', label: 'Under 1 day', belowMs: 24 * 3_600_000 },
  { key: 'under3d', label: '1–3 days', belowMs: 3 * 24 * 3_600_000 },
  { key: 'under7d', label: '3–7 days', belowMs: 7 * 24 * 3_600_000 },
  { key: 'under30d', label: '1–4 weeks', belowMs: 30 * 24 * 3_600_000 },
  { key: 'older', label: 'Over 30 days', belowMs: Number.POSITIVE_INFINITY },
] as const;
export type AgeBucketKey = (typeof AGE_BUCKETS)[number]['key'];

/** Durations of the tickets counted: null median and p90 when none was. */
export interface DurationStats {
  count: number;
  medianMs: number | null;
  p90Ms: number | null;
}

export interface ReportRow {
  group: 'queue' | 'agent' | 'total';
  /** queue: "<account key (or name)> · <queue>"; agent: their name; total: "All tickets". */
  label: string;
  /** New tickets in the range; null for agents (a new ticket belongs to no agent yet). */
  newTickets: number | null;
  /** Open or pending now (assigned to the agent, for agent rows). */
  unresolved: number;
  /** Customer's first message to the first answer (not an auto-reply), for answers in the range; agents: who answered. */
  firstResponse: DurationStats;
  /** First message to the close, for closes in the range; agents: who closed it. Tickets filed closed at import are left out. */
  resolution: DurationStats;
}

export interface Report {
  /** The range read, inclusive days (YYYY-MM-DD) in timeZone. */
  from: string;
  to: string;
  timeZone: string;
  /** The series' step: one bar a day, or a month for ranges longer than a year. */
  step: 'day' | 'month';
  /** New tickets per step, every step of the range (zeros included); labels are YYYY-MM-DD or YYYY-MM. */
  newTickets: { label: string; count: number }[];
  unresolvedByAge: { key: AgeBucketKey; label: string; count: number }[];
  queues: ReportRow[];
  agents: ReportRow[];
  total: ReportRow;
  /** What the filters offer: the accounts this agent sees, and the queues of the chosen account(s) ('' = no queue). */
  choices: { accounts: { id: string; key: string; name: string }[]; queues: string[] };
  /** Tickets of the chosen accounts and queue at all (before the date range): 0 shows the empty state. */
  ticketCount: number;
}

export type ReportStatKey = 'newTickets' | 'unresolved' | 'firstResponse' | 'resolution';

/**
 * The table's columns, as shown and as exported (label: the CSV header; the table shows
 * `short` under its `part` heading). Durations are written in minutes in the CSV.
 */
export const REPORT_COLUMNS = [
  { key: 'group', label: 'Group', short: 'Group', part: null },
  { key: 'name', label: 'Name', short: 'Name', part: null },
  { key: 'newTickets', label: 'New tickets', short: 'New tickets', part: null },
  { key: 'unresolved', label: 'Unresolved now', short: 'Unresolved now', part: null },
  { key: 'firstResponseCount', label: 'First responses', short: 'Count', part: 'First response' },
  { key: 'firstResponseMedian', label: 'First response median (min)', short: 'Median', part: 'First response' },
  { key: 'firstResponseP90', label: 'First response p90 (min)', short: 'p90', part: 'First response' },
  { key: 'resolutionCount', label: 'Resolved', short: 'Count', part: 'Resolution' },
  { key: 'resolutionMedian', label: 'Resolution median (min)', short: 'Median', part: 'Resolution' },
  { key: 'resolutionP90', label: 'Resolution p90 (min)', short: 'p90', part: 'Resolution' },
] as const;

export const REPORT_GROUP_LABEL: Record<ReportRow['group'], string> = { queue: 'Queue', agent: 'Agent', total: 'Total' };

/** The table's rows in their order: queues, agents, then the total. */
export function reportRows(report: Report): ReportRow[] {
  return [...report.queues, ...report.agents, report.total];
}

export const reportChannels = {
  getReport: { request: z.object({ filter: ReportFilterSchema }).strict(), response: {} as Report },
  /** The table for this filter as CSV, through the export jobs (exportProgress follows; the exports corner shows it). */
  exportReportCsv: {
    request: z.object({ filter: ReportFilterSchema, bom: z.boolean().default(false) }).strict(),
    response: {} as ExportStarted,
  },
} as const;
