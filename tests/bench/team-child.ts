/**
 * One Mailroom client of the team benchmark (forked by team-bench.ts): the real services
 * (createServices + createNodePlatform) on their own data dir, one shared account, the
 * account's team log as TeamService serves it. The parent drives it over the IPC channel
 * ({ id, op } in, { id, value } or { id, error } out) and hears, unasked, the moment each
 * propagation note is folded here ({ type: 'seen' }). Times are wall-clock milliseconds
 * (performance.timeOrigin + now()), comparable between the processes of one machine.
 */
import { mkdirSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { NewAccountSchema, type Events } from '../../src-preload/contract';
import { createServices, type Services } from '../../src-main/services';
import type { EventPayload, ImportedMessage } from '../../src-main/services/teamlog/events';
import { createNodePlatform } from '../../src-main/services/platform/node-platform';
import type { TeamLog } from '../../src-main/services/teamlog/team-log';
import { HEADER_WORKER_SOURCE } from '../support/header-worker';
import type { TestUser } from '../support/mail-servers';
import { PhaseProfiler } from './profile';
import { RssSampler } from './measure';

export interface TeamChildConfig {
  index: number;
  /** The agent's name (profile). */
  name: string;
  dataDir: string;
  imapsPort: number;
  submissionPort: number;
  user: TestUser;
  /** Profile this client's whole run into DIR/<name>.cpuprofile; null = no profiling. */
  profileDir: string | null;
  /** For the joining client: the log's last UID, whose fold ends the catch-up; null for the others. */
  catchUpUid: number | null;
}

/** Marks the text of the benchmark's propagation notes; the rest of the text is the mark. */
export const PROPAGATION_NOTE = 'bench propagation ';

export type TeamChildCommand =
  | { op: 'info' }
  | { op: 'import'; items: ImportedMessage[] }
  | { op: 'claim'; tickets: string[] }
  | { op: 'owners'; tickets: string[] }
  | { op: 'watch'; ticket: string }
  | { op: 'note'; ticket: string; mark: string }
  | { op: 'catchUp' }
  | { op: 'close' };

export interface TeamChildInfo {
  agentId: string;
  /** Tickets in the confirmed state. */
  tickets: number;
  /** Highest UID folded / read. */
  lastUid: number;
  seenUid: number;
  pendingEvents: number;
  connections: string;
  folder: string;
  inboxMessages: number;
  accountStatus: string;
  rssMb: number;
  peakRssMb: number;
}

export interface TeamChildOwners {
  /** Ticket key → assignee in this client's confirmed state. */
  assignees: Record<string, string | null>;
  /** Rejections of this agent's takes that were told (onActionRejected). */
  rejectionsTold: number;
}

/** Wall clocks of a joining client. */
export interface CatchUp {
  /** The sync started (services created and the account added before it). */
  syncStartAt: number;
  /** The inbox's headers were all stored (first sync round); the log's catch-up follows every folder's headers. */
  inboxHeadersAt: number | null;
  /** First fold on this client (the snapshot read and the first batch after it). */
  firstFoldAt: number | null;
  /** The log folded up to catchUpUid. */
  doneAt: number;
}

const wall = (): number => performance.timeOrigin + performance.now();

async function run(config: TeamChildConfig): Promise<void> {
  const send = (message: unknown): void => {
    process.send?.(message);
  };
  const sampler = new RssSampler(100);
  const profiler = config.profileDir ? new PhaseProfiler(config.profileDir) : null;
  await profiler?.start(config.name);
  mkdirSync(config.dataDir, { recursive: true });
  // The first sync round's steps in the inbox, for the catch-up's breakdown.
  let inboxId: string | null = null;
  let inboxHeadersAt: number | null = null;
  const s: Services = createServices({
    dataDir: config.dataDir,
    platform: createNodePlatform(config.dataDir, { MAILROOM_SECRET_KEY: 'be'.repeat(32) }),
    host: 'browser',
    version: 'bench',
    emit: (event, payload) => {
      if (event !== 'syncProgress') return;
      const p = payload as Events['syncProgress'];
      if (p.mailboxId !== inboxId) return;
      if (inboxHeadersAt === null && (p.phase === 'indexing' || p.phase === 'bodies' || p.phase === 'done' || (p.phase === 'headers' && p.total > 0 && p.done >= p.total))) inboxHeadersAt = wall();
    },
    headerWorkerScript: HEADER_WORKER_SOURCE,
  });
  s.team.saveProfile({ name: config.name });
  const account = await s.accounts.add(
    NewAccountSchema.parse({
      name: 'Team bench',
      email: config.user.email,
      username: config.user.username,
      password: config.user.password,
      imap: { host: '127.0.0.1', port: config.imapsPort, security: 'tls' },
      smtp: { host: '127.0.0.1', port: config.submissionPort, security: 'starttls' },
    }),
  );
  // What announcing a new account does in the app: its log hears this agent's profile and status.
  s.team.syncAccounts();
  const log: TeamLog | null = s.team.log(account.id);
  if (!log) throw new Error('no team log for the new account');
  const agentId = s.team.me().agentId;
  let rejectionsTold = 0;
  s.team.onActionRejected(() => {
    rejectionsTold += 1;
  });

  // Catch-up: the first fold, the fold of catchUpUid.
  let firstFoldAt: number | null = null;
  let caughtUp: (at: number) => void = () => undefined;
  const caughtUpAt = new Promise<number>((resolve) => {
    caughtUp = resolve;
  });
  // Propagation: the notes of the watched ticket already reported.
  let watched: string | null = null;
  let notesSeen = 0;
  log.onChange(() => {
    const seen = log.seenUid();
    if (firstFoldAt === null && seen > 0) firstFoldAt = wall();
    if (config.catchUpUid !== null && seen >= config.catchUpUid) caughtUp(wall());
    if (watched === null) return;
    const notes = log.confirmed().tickets.get(watched)?.notes ?? [];
    if (notes.length <= notesSeen) return;
    const at = wall();
    for (const note of notes.slice(notesSeen)) {
      if (note.text.startsWith(PROPAGATION_NOTE)) send({ type: 'seen', mark: note.text.slice(PROPAGATION_NOTE.length), at });
    }
    notesSeen = notes.length;
  });

  const inbox = () => s.store.mailboxes.byPath(account.id, 'INBOX');
  inboxId = String(inbox()?.id ?? '');
  const syncStartAt = wall();
  s.sync.startAll();

  const answer = async (command: TeamChildCommand): Promise<unknown> => {
    switch (command.op) {
      case 'info': {
        const box = inbox();
        const status = log.status();
        sampler.sample();
        const info: TeamChildInfo = {
          agentId,
          tickets: log.confirmed().tickets.size,
          lastUid: log.confirmed().lastUid,
          seenUid: log.seenUid(),
          pendingEvents: status.pendingEvents,
          connections: status.connections,
          folder: status.folder,
          inboxMessages: box ? s.store.messages.list(box.id, 0, 1).total : 0,
          accountStatus: s.store.accounts.get(account.id)?.status ?? 'gone',
          rssMb: process.memoryUsage.rss() / (1024 * 1024),
          peakRssMb: sampler.peakMb(),
        };
        return info;
      }
      case 'import': {
        // Without the ticket importer in this build, the bench imports the delivered mail itself.
        for (let i = 0; i < command.items.length; i += 500) log.append({ type: 'mail.imported', items: command.items.slice(i, i + 500) });
        return command.items.length;
      }
      case 'claim': {
        const at = wall();
        for (const ticket of command.tickets) log.append({ type: 'ticket.take', ticket } satisfies EventPayload);
        return at;
      }
      case 'owners': {
        const tickets = log.confirmed().tickets;
        const assignees: Record<string, string | null> = {};
        for (const key of command.tickets) assignees[key] = tickets.get(key)?.assignee ?? null;
        const owners: TeamChildOwners = { assignees, rejectionsTold };
        return owners;
      }
      case 'watch': {
        watched = command.ticket;
        notesSeen = log.confirmed().tickets.get(command.ticket)?.notes.length ?? 0;
        return notesSeen;
      }
      case 'note': {
        const at = wall();
        log.append({ type: 'ticket.note', ticket: command.ticket, text: `${PROPAGATION_NOTE}${command.mark}` });
        return at;
      }
      case 'catchUp': {
        if (config.catchUpUid === null) throw new Error('this client was started without catchUpUid');
        const doneAt = await caughtUpAt;
        const done: CatchUp = { syncStartAt, inboxHeadersAt, firstFoldAt, doneAt };
        return done;
      }
      case 'close': {
        await s.close();
        await profiler?.stop();
        profiler?.close();
        sampler.stop();
        return { peakRssMb: sampler.peakMb(), profile: profiler?.summaries[config.name]?.slice(0, 20) ?? [] };
      }
    }
  };
  process.on('message', (message: { id: number; command: TeamChildCommand }) => {
    answer(message.command).then(
      (value) => process.send?.({ id: message.id, value }, () => {
        if (message.command.op === 'close') process.exit(0);
      }),
      (err: unknown) => send({ id: message.id, error: err instanceof Error ? (err.stack ?? err.message) : String(err) }),
    );
  });
  send({ type: 'ready', agentId, syncStartAt });
}

// Entry point when forked by team-bench.ts: config in the environment, commands over IPC.
if (require.main === module) {
  const config = JSON.parse(process.env.MAILROOM_TEAM_BENCH_CONFIG ?? 'null') as TeamChildConfig | null;
  if (!config || !process.send) {
    console.error('team-child.ts is started by tests/bench/team-bench.ts');
    process.exit(2);
  }
  run(config).catch((err: unknown) => {
    console.error(`team bench client ${config.name}:`, err);
    process.exit(1);
  });
}
