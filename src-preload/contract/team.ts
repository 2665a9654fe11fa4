/**
 * The team: agents, their profiles and status, queues, and each shared account's team
 * settings (routing rules, offer timeouts, dispositions, transfers, visibility). All of
 * it travels through the account's team log (../shared/DESIGN.md), so the same schemas
 * check what the settings form sends and what an event from another client carries.
 */
import { z } from 'zod';
import { OptionalEmailSchema } from './shared';

export const AgentStatusSchema = z.enum(['online', 'paused', 'offline']);
export type AgentStatus = z.infer<typeof AgentStatusSchema>;

const phone = z
  .string()
  .trim()
  .max(40, 'Keep the number under 40 characters.')
  .regex(/^$|^[+0-9 ()./-]+$/, 'Use digits, spaces and + ( ) - . / only, for example +49 30 1234567.')
  .default('');

/** What the agent tells the team about themselves; signature variables use it. */
export const AgentProfileSchema = z.object({
  name: z.string().trim().min(1, 'Enter your name as customers and colleagues should see it.').max(120, 'Keep the name under 120 characters.'),
  email: OptionalEmailSchema,
  phone,
  mobile: phone,
  fax: phone,
});
export type AgentProfile = z.infer<typeof AgentProfileSchema>;
export type AgentProfileInput = z.input<typeof AgentProfileSchema>;

/** Agent ids are random UUIDs made once per installation. */
export const AgentIdSchema = z.string().min(1).max(100);

export const QueueNameSchema = z
  .string()
  .trim()
  .min(1, 'Give the queue a name, for example "Support".')
  .max(80, 'Keep the queue name under 80 characters.');

export const QueueSchema = z.object({
  name: QueueNameSchema,
  members: z.array(AgentIdSchema).max(1000).default([]),
});
export type Queue = z.infer<typeof QueueSchema>;

export const TicketStatusSchema = z.enum(['open', 'pending', 'closed']);
export type TicketStatus = z.infer<typeof TicketStatusSchema>;

const time = z.string().regex(/^$|^([01]\d|2[0-3]):[0-5]\d$/, 'Use a 24-hour time like 08:30, or leave it empty.');

/** One routing rule: when a new ticket's mail matches, it goes to a queue, gets a tag, or is offered to an agent. */
export const RoutingRuleSchema = z
  .object({
    id: z.string().min(1).max(100),
    enabled: z.boolean().default(true),
    field: z.enum(['from', 'to', 'subject', 'header']),
    /** The header's name when field is "header", e.g. X-Priority. */
    header: z.string().trim().max(100).regex(/^$|^[!-9;-~]+$/, 'Use the header name without the colon, e.g. X-Priority.').default(''),
    operator: z.enum(['contains', 'is', 'starts-with', 'ends-with']).default('contains'),
    value: z.string().max(500, 'Keep the value under 500 characters.').default(''),
    /** Weekdays the rule applies on, 0 = Sunday; empty = every day. */
    days: z.array(z.number().int().min(0).max(6)).max(7).default([]),
    from: time.default(''),
    until: time.default(''),
    /** IANA time zone the window is read in, e.g. Europe/Berlin; empty = UTC. */
    timeZone: z.string().trim().max(100, 'Use a time zone name like Europe/Berlin.').default(''),
    queue: z.string().trim().max(80, 'Keep the queue name under 80 characters.').default(''),
    tag: z.string().trim().max(60, 'Keep the tag under 60 characters.').default(''),
    agent: z.string().max(100).default(''),
  })
  .superRefine((rule, ctx) => {
    if (rule.field === 'header' && !rule.header) ctx.addIssue({ code: 'custom', path: ['header'], message: 'Name the header to match, e.g. X-Priority.' });
    if (!rule.queue && !rule.tag && !rule.agent) ctx.addIssue({ code: 'custom', path: ['queue'], message: 'Choose a queue, a tag or an agent for matching tickets.' });
    if (Boolean(rule.from) !== Boolean(rule.until)) ctx.addIssue({ code: 'custom', path: ['until'], message: 'Give both the start and the end of the time window, or neither.' });
  });
export type RoutingRule = z.infer<typeof RoutingRuleSchema>;

/** The longest wait an admin may set (XCALLY's limit: 2^31 ms in seconds). */
export const MAX_WAIT_SEC = 2_147_483;
const waitSec = (what: string) =>
  z.number().int().min(1, `Wait at least 1 second for ${what}.`).max(MAX_WAIT_SEC, `Wait at most ${MAX_WAIT_SEC} seconds for ${what}.`);

/** An account's team settings: shared through its log, the same on every client. */
export const TeamSettingsSchema = z.object({
  /** Prefix of the ticket token in subjects: [#MR-1042]. */
  tokenPrefix: z
    .string()
    .trim()
    .min(1, 'Enter a prefix for ticket numbers, for example MR.')
    .max(10, 'Use at most 10 characters for the prefix.')
    .regex(/^[A-Za-z][A-Za-z0-9]*$/, 'Start with a letter and use letters and digits only, for example MR.')
    .default('MR'),
  /** "Wait for the assigned agent": how long an offered ticket waits for the agent to accept. */
  offerAgentSec: waitSec('the agent').default(10),
  /** "Wait for the assigned queue": how long it then waits in the queue before the rule below applies. */
  offerQueueSec: waitSec('the queue').default(60),
  /** After the queue wait: offer it to the next online agent, or leave it unassigned in the queue. */
  afterQueueWait: z.enum(['next-agent', 'stay-unassigned']).default('next-agent'),
  allowTransfers: z.boolean().default(true),
  dispositions: z
    .array(z.string().trim().min(1, 'Give the disposition a name.').max(80, 'Keep each disposition under 80 characters.'))
    .max(200, 'Keep the list to 200 dispositions.')
    .default([]),
  mandatoryDisposition: z.boolean().default(false),
  /** With a mandatory disposition: pause the agent who closed without one until it is set. */
  pauseUntilDisposition: z.boolean().default(false),
  /** A customer's new mail on a closed ticket reopens it, or leaves it closed and marks it unread. */
  reopenOnReply: z.boolean().default(true),
  /** An unknown sender becomes a contact. */
  createContacts: z.boolean().default(true),
  /** Agents added to this account; empty = every agent who has the account. */
  members: z.array(AgentIdSchema).max(1000).default([]),
  /** Narrows further: only these agents see the account's tickets (empty = no narrowing). */
  visibleOnlyFor: z.array(AgentIdSchema).max(1000).default([]),
  routing: z.array(RoutingRuleSchema).max(500, 'Keep the list to 500 rules.').default([]),
});
export type TeamSettings = z.infer<typeof TeamSettingsSchema>;
export type TeamSettingsInput = z.input<typeof TeamSettingsSchema>;

/** This installation's agent. */
export interface Me {
  agentId: string;
  /** Null until the first-start profile dialog was filled in. */
  profile: AgentProfile | null;
  status: AgentStatus;
  /** Paused by a mandatory disposition: the ticket that needs one. */
  pausedFor: { accountId: string; ticket: string; number: number } | null;
}

export interface TeamAgent {
  id: string;
  profile: AgentProfile;
  status: AgentStatus;
}

/** How an account's team log is doing, in words for the settings window and the status strip. */
export interface TeamLogStatus {
  /** The log folder on the server, e.g. Mailroom/Log. */
  folder: string;
  /** two: inbox and log watched by their own connections; one: the server refused a second, so the log is polled. */
  connections: 'two' | 'one-polling' | 'offline';
  /** This client's events not yet in the log (offline or in flight). */
  pendingEvents: number;
  /** Something the admin should know (log folder recreated, written by a newer Mailroom…), with the fix. */
  notice: { cause: string; fix: string } | null;
}

export interface TeamView {
  accountId: string;
  settings: TeamSettings;
  queues: Queue[];
  agents: TeamAgent[];
  log: TeamLogStatus;
}

const AccountIdSchema = z.string().min(1).max(200);

export const teamChannels = {
  getMe: { request: z.object({}).strict(), response: {} as Me },
  saveProfile: { request: AgentProfileSchema, response: {} as Me },
  setMyStatus: { request: z.object({ status: AgentStatusSchema }).strict(), response: {} as Me },
  getTeam: { request: z.object({ accountId: AccountIdSchema }).strict(), response: {} as TeamView },
  saveTeamSettings: { request: z.object({ accountId: AccountIdSchema, settings: TeamSettingsSchema }).strict(), response: {} as TeamView },
  saveQueue: { request: z.object({ accountId: AccountIdSchema, queue: QueueSchema }).strict(), response: {} as TeamView },
  deleteQueue: { request: z.object({ accountId: AccountIdSchema, name: QueueNameSchema }).strict(), response: {} as TeamView },
} as const;

export const teamEvents = {
  meChanged: {} as Me,
  /** Settings, queues, agents or the log's status of an account changed. */
  teamChanged: {} as { accountId: string },
} as const;

/** One problem of a team settings form: the field's path and what to do. */
export interface TeamSettingsProblem {
  path: (string | number)[];
  message: string;
}

function knownTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * What the schema alone cannot check, because it needs the account's queues and
 * agents: the settings form shows these beside the fields, and main refuses to log
 * settings that have any. Pure, so both sides run the same checks.
 */
export function teamSettingsProblems(settings: TeamSettings, team: { queues: string[]; agents: string[]; standardQueue: string }): TeamSettingsProblem[] {
  const problems: TeamSettingsProblem[] = [];
  const queues = new Set([...team.queues, ...(team.standardQueue ? [team.standardQueue] : [])]);
  const agents = new Set(team.agents);
  if (settings.mandatoryDisposition && settings.dispositions.length === 0) {
    problems.push({ path: ['dispositions'], message: 'Add at least one disposition, or turn off "mandatory disposition".' });
  }
  if (settings.pauseUntilDisposition && !settings.mandatoryDisposition) {
    problems.push({ path: ['pauseUntilDisposition'], message: 'Pausing the agent needs "mandatory disposition" turned on.' });
  }
  settings.dispositions.forEach((d, i) => {
    if (settings.dispositions.indexOf(d) !== i) problems.push({ path: ['dispositions', i], message: `"${d}" is listed twice: remove one.` });
  });
  for (const list of ['members', 'visibleOnlyFor'] as const) {
    settings[list].forEach((agent, i) => {
      if (!agents.has(agent)) problems.push({ path: [list, i], message: 'This agent is not known in the account: remove them or wait until their app has connected.' });
    });
  }
  const ids = new Set<string>();
  settings.routing.forEach((rule, i) => {
    const n = i + 1;
    if (ids.has(rule.id)) problems.push({ path: ['routing', i, 'id'], message: `Rule ${n} has the id of an earlier rule: give it its own.` });
    ids.add(rule.id);
    if (rule.queue && !queues.has(rule.queue)) problems.push({ path: ['routing', i, 'queue'], message: `Rule ${n}: there is no queue "${rule.queue}". Create it under Queues first, or pick another.` });
    if (rule.agent && !agents.has(rule.agent)) problems.push({ path: ['routing', i, 'agent'], message: `Rule ${n}: that agent is not known in the account. Pick one from the list.` });
    if (rule.timeZone && !knownTimeZone(rule.timeZone)) problems.push({ path: ['routing', i, 'timeZone'], message: `Rule ${n}: "${rule.timeZone}" is not a time zone. Use a name like Europe/Berlin, or leave it empty for UTC.` });
  });
  return problems;
}
