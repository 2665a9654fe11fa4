/**
 * Team benchmark: `npm run bench:team -- --clients N --claims M --events E --out FILE`.
 *
 * Starts a private Dovecot (tests/support/mail-servers.ts) with one shared mailbox and
 * runs N Mailroom clients on it, each in its own process with its own data dir
 * (team-child.ts: createServices + createNodePlatform, one account, its team log). Then:
 *   1. raw baseline: one imapflow APPEND seen as EXISTS by another connection IDLEing on
 *      the folder (the floor for propagation),
 *   2. M customer mails are delivered and become M tickets on every client,
 *   3. claims: every client takes every ticket at once (each in its own order); once all
 *      have folded every take, the owners are compared across clients and with an
 *      independent fold of the log,
 *   4. propagation: clients in turn add a note; the time from the append on one client
 *      to the fold on each other one (wall clocks of one machine),
 *   5. connections in steady state, counted on the server (doveadm who),
 *   6. catch-up: the clients stop, E more events (with a snapshot after every 1,000) are
 *      appended to the log, and a new client joins,
 * prints a table against the targets and writes FILE as JSON. It prints; it asserts nothing.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { ImapFlow } from 'imapflow';
import type { ImportedMessage } from '../../src-main/services/teamlog/events';
import { DEFAULT_USERS, startMailServers, type MailServers, type TestUser } from '../support/mail-servers';
import { benchEntry, fmt, machine, median, now, percentile, round, sleep, table } from './measure';
import type { CatchUp, TeamChildCommand, TeamChildConfig, TeamChildInfo, TeamChildOwners } from './team-child';
import { emptySeedStats, readLogNow, seedLog, uidNextOf } from './team-seed';

const CERT_FILE = path.join(__dirname, '..', 'support', 'tls', 'server.crt');
const TARGETS = { clients: 10, claims: 1000, events: 100_000 };
const RAW_FOLDER = 'Bench/Raw';
/** A propagation round stops waiting after this; a fold still missing is reported, and counted as late or never. */
const LOST_AFTER_MS = 30_000;

const log = (line: string) => console.log(line);
const wall = (): number => performance.timeOrigin + performance.now();

interface SeenReport {
  type: 'seen';
  mark: string;
  at: number;
}

/** One forked client and its IPC requests. */
class Client {
  private next = 1;
  private readonly waiting = new Map<number, { resolve(value: unknown): void; reject(err: Error): void }>();
  private readonly exited: Promise<void>;
  agentId = '';
  readonly ready: Promise<{ agentId: string; syncStartAt: number }>;

  constructor(
    readonly index: number,
    readonly name: string,
    private readonly child: ChildProcess,
    onSeen: (client: Client, report: SeenReport) => void,
  ) {
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4000);
    });
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    this.ready = new Promise((resolve, reject) => {
      child.on('message', (message: { type?: string; id?: number; value?: unknown; error?: string; agentId?: string; syncStartAt?: number; mark?: string; at?: number }) => {
        if (message.type === 'ready') {
          this.agentId = message.agentId ?? '';
          resolve({ agentId: this.agentId, syncStartAt: message.syncStartAt ?? 0 });
        } else if (message.type === 'seen') onSeen(this, message as SeenReport);
        else if (message.id !== undefined) {
          const request = this.waiting.get(message.id);
          this.waiting.delete(message.id);
          if (message.error !== undefined) request?.reject(new Error(`${name}: ${message.error}`));
          else request?.resolve(message.value);
        }
      });
      void this.exited.then(() => {
        const err = new Error(`${name} exited (code ${child.exitCode}, signal ${child.signalCode}): ${stderr.trim() || 'no output'}`);
        reject(err);
        for (const request of this.waiting.values()) request.reject(err);
        this.waiting.clear();
      });
    });
  }

  static start(index: number, name: string, config: Omit<TeamChildConfig, 'index' | 'name'>, onSeen: (client: Client, report: SeenReport) => void): Client {
    const child = fork(path.join(__dirname, 'team-child.ts'), [], {
      execArgv: process.execArgv,
      env: { ...process.env, MAILROOM_TEAM_BENCH_CONFIG: JSON.stringify({ ...config, index, name } satisfies TeamChildConfig) },
      stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
    });
    return new Client(index, name, child, onSeen);
  }

  ask<T>(command: TeamChildCommand): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const id = this.next++;
      this.waiting.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.child.send({ id, command });
    });
  }

  info(): Promise<TeamChildInfo> {
    return this.ask({ op: 'info' });
  }

  /** Closes the services and waits for the process to end; its peak RSS and profile summary. */
  async close(): Promise<{ peakRssMb: number; profile: { selfMs: number; share: number; where: string }[] }> {
    const result = await this.ask<{ peakRssMb: number; profile: { selfMs: number; share: number; where: string }[] }>({ op: 'close' });
    await this.exited;
    return result;
  }

  kill(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }
}

/** Polls until probe() gives a value (not null); throws naming `what` and the last state after timeoutMs. */
async function until<T>(what: string, probe: () => Promise<T | null>, timeoutMs: number, describe: () => string, intervalMs = 200): Promise<T> {
  const deadline = now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null) return value;
    if (now() > deadline) throw new Error(`${what}: not reached after ${timeoutMs / 1000} s. Last seen: ${describe()}`);
    await sleep(intervalMs);
  }
}

/** The customers' first mails: one ticket each. */
function* customerMails(count: number, run: string): Generator<string> {
  const day = Date.now() - 86_400_000;
  for (let i = 0; i < count; i++) {
    const date = new Date(day + i * 1000).toUTCString().replace(/GMT$/, '+0000');
    yield [
      `From: Customer ${i} <customer${i}@customers.test>`,
      'To: alice@example.test',
      `Subject: Order ${10_000 + i}: where is my parcel?`,
      `Date: ${date}`,
      `Message-ID: <${messageIdOf(i, run)}>`,
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      '',
      `Hello, I ordered on Monday (order ${10_000 + i}) and the parcel has not arrived yet. Can you check?`,
      '',
      `Customer ${i}`,
      '',
    ].join('\r\n');
  }
}

function messageIdOf(i: number, run: string): string {
  return `order-${i}.${run}@customers.test`;
}

/** What the ticket importer makes of the customer mails, for a build without it. */
function importedItems(count: number, run: string): ImportedMessage[] {
  const day = Date.now() - 86_400_000;
  return Array.from({ length: count }, (_, i) => {
    const key = `<${messageIdOf(i, run)}>`;
    return {
      message: key,
      ticket: key,
      reason: { kind: 'new' },
      subject: `Order ${10_000 + i}: where is my parcel?`,
      customer: { name: `Customer ${i}`, address: `customer${i}@customers.test` },
      date: day + i * 1000,
      direction: 'in',
      closed: false,
      route: null,
      autoReply: false,
      firstSync: false,
    } satisfies ImportedMessage;
  });
}

/** A deterministic shuffle per client (so every client takes the tickets in its own order). */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let x = seed * 2654435761 + 1;
  for (let i = out.length - 1; i > 0; i--) {
    x = (x * 1103515245 + 12345) % 2147483648;
    const j = x % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

interface RawPropagation {
  appendToExistsMs: number[];
  appendMs: number[];
}

/** The floor: raw imapflow APPEND on one connection, the EXISTS it causes on another connection IDLEing there. */
async function rawPropagation(servers: MailServers, user: TestUser, samples: number): Promise<RawPropagation> {
  const connect = async () => {
    // The app's IDLE delay (services/mail/connections.ts), not imapflow's default of 15 s.
    const client = new ImapFlow({ host: servers.host, port: servers.imapsPort, secure: true, auth: { user: user.username, pass: user.password }, logger: false, autoIdleDelay: 1000 });
    await client.connect();
    return client;
  };
  const watcher = await connect();
  const writer = await connect();
  const result: RawPropagation = { appendToExistsMs: [], appendMs: [] };
  try {
    await writer.mailboxCreate(RAW_FOLDER).catch((err: { serverResponseCode?: string }) => {
      if (err.serverResponseCode !== 'ALREADYEXISTS') throw err;
    });
    // Selected and then left alone: imapflow IDLEs on it by itself, as the work connection does on the log.
    (await watcher.getMailboxLock(RAW_FOLDER)).release();
    let seen: (() => void) | null = null;
    watcher.on('exists', () => seen?.());
    await sleep(1500);
    for (let i = 0; i < samples; i++) {
      await sleep(150);
      const arrived = new Promise<number>((resolve) => {
        seen = () => resolve(now());
      });
      const start = now();
      await writer.append(RAW_FOLDER, `Subject: raw ${i}\r\nMessage-ID: <raw-${i}@bench.invalid>\r\n\r\nraw\r\n`);
      result.appendMs.push(now() - start);
      result.appendToExistsMs.push((await arrived) - start);
    }
  } finally {
    await watcher.logout().catch(() => watcher.close());
    await writer.logout().catch(() => writer.close());
  }
  return result;
}

/** IMAP connections of `user` the server has now (doveadm who, one line per connection). */
async function serverConnections(servers: MailServers, user: TestUser): Promise<number> {
  const out = await servers.doveadm(['who', '-1', user.username]);
  return out.split('\n').filter((line) => line.startsWith(`${user.username} `) && /\bimap\b/.test(line)).length;
}

function int(value: string, name: string, min: number): number {
  const n = Number.parseInt(value, 10);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer ≥ ${min}`);
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      clients: { type: 'string', default: '3' },
      claims: { type: 'string', default: '50' },
      events: { type: 'string', default: '2000' },
      out: { type: 'string' },
      rounds: { type: 'string', default: '40' },
      'raw-samples': { type: 'string', default: '40' },
      'timeout-min': { type: 'string', default: '20' },
      profile: { type: 'string' },
    },
    allowPositionals: false,
  });
  const n = int(values.clients, 'clients', 2);
  const m = int(values.claims, 'claims', 1);
  const e = int(values.events, 'events', 0);
  const rounds = int(values.rounds, 'rounds', 1);
  const timeoutMs = Number(values['timeout-min']) * 60_000;
  const profileDir = values.profile ? path.resolve(values.profile) : null;
  if (profileDir) mkdirSync(profileDir, { recursive: true });
  const mach = machine();
  const run = Date.now().toString(36);
  log(`Mailroom team benchmark: ${n} clients, ${m.toLocaleString('en-US')} claimed tickets, a log of ${e.toLocaleString('en-US')} events to catch up on`);
  log(`Machine: ${mach.cores} cores (${mach.cpu}), ${mach.memory_gb} GiB, Node ${mach.node}, ${mach.platform}; imapflow ${mach.imapflow}, Dovecot ${mach.dovecot}`);

  const user = DEFAULT_USERS[0]!;
  const servers = await startMailServers();
  const dataRoot = mkdtempSync(path.join(tmpdir(), 'mailroom-team-bench-'));
  const clients: Client[] = [];
  const seen = new Map<string, Map<number, number>>();
  const onSeen = (client: Client, report: SeenReport) => {
    const byClient = seen.get(report.mark) ?? new Map<number, number>();
    byClient.set(client.index, report.at);
    seen.set(report.mark, byClient);
  };
  const childConfig = (name: string, catchUpUid: number | null = null) => ({
    dataDir: path.join(dataRoot, name),
    imapsPort: servers.imapsPort,
    submissionPort: servers.submissionPort,
    user,
    profileDir,
    catchUpUid,
  });
  const infos = () => Promise.all(clients.map((c) => c.info()));
  let lastInfos: TeamChildInfo[] = [];
  const describe = () =>
    lastInfos.map((i, k) => `${clients[k]?.name}: ${i.accountStatus}, inbox ${i.inboxMessages}, tickets ${i.tickets}, uid ${i.seenUid}, pending ${i.pendingEvents}, ${i.connections}`).join('; ');
  const allInfo = async () => {
    lastInfos = await infos();
    return lastInfos;
  };

  try {
    // --- 1. raw baseline
    log(`Raw imapflow APPEND → EXISTS on an IDLEing connection (${values['raw-samples']} samples) ...`);
    const raw = await rawPropagation(servers, user, int(values['raw-samples'], 'raw-samples', 1));
    log(`  p50 ${fmt(median(raw.appendToExistsMs), 1)} ms, p95 ${fmt(percentile(raw.appendToExistsMs, 95), 1)} ms`);

    // --- 2. customer mail, clients, tickets
    log(`Delivering ${m} customer mails ...`);
    await servers.deliverMany(user.username, customerMails(m, run));
    log(`Starting ${n} clients (separate processes and data dirs) ...`);
    const startAt = now();
    for (let i = 0; i < n; i++) clients.push(Client.start(i, `Agent ${String(i + 1).padStart(2, '0')}`, childConfig(`client-${i + 1}`), onSeen));
    await Promise.all(clients.map((c) => c.ready));
    const readyMs = now() - startAt;
    log(`  all running after ${(readyMs / 1000).toFixed(1)} s; waiting for the inbox and the team log on every client ...`);
    await until(
      'every client synced the inbox and read the log',
      async () => ((await allInfo()).every((i) => i.inboxMessages >= m && i.connections !== 'offline') ? true : null),
      timeoutMs,
      describe,
    );
    const folder = lastInfos[0]!.folder;
    // With the ticket importer in the build, the clients import the mail themselves; without it, the bench does.
    let importBy: 'importer' | 'bench' = 'importer';
    const importStart = now();
    const importerWaitMs = 20_000;
    await until(
      `${m} tickets on every client`,
      async () => {
        const all = await allInfo();
        if (all.every((i) => i.tickets >= m)) return true;
        if (importBy === 'importer' && now() - importStart > importerWaitMs && all.every((i) => i.tickets === 0)) {
          importBy = 'bench';
          log(`  no tickets after ${importerWaitMs / 1000} s: no ticket importer in this build; client 1 appends mail.imported events for the ${m} mails`);
          await clients[0]!.ask({ op: 'import', items: importedItems(m, run) });
        }
        return null;
      },
      timeoutMs,
      describe,
    );
    const importMs = now() - importStart;
    log(`  ${m} tickets on every client after ${(importMs / 1000).toFixed(1)} s (imported by the ${importBy})`);
    const tickets = importedItems(m, run).map((item) => item.ticket);

    // --- 3. claims: everyone takes everything at once
    log(`Claims: ${n} clients take the same ${m} tickets at once (${(n * m).toLocaleString('en-US')} take events) ...`);
    const claimStart = now();
    await Promise.all(clients.map((c, i) => c.ask({ op: 'claim', tickets: shuffled(tickets, i + 1) })));
    await until('every client appended its takes', async () => ((await allInfo()).every((i) => i.pendingEvents === 0) ? true : null), timeoutMs, describe, 500);
    const lastTake = Math.max(...lastInfos.map((i) => i.lastUid));
    await until(`every client folded the log up to UID ${lastTake}`, async () => ((await allInfo()).every((i) => i.seenUid >= lastTake) ? true : null), timeoutMs, describe, 200);
    const claimsMs = now() - claimStart;
    const owners = await Promise.all(clients.map((c) => c.ask<TeamChildOwners>({ op: 'owners', tickets })));
    const logFold = await readLogNow(servers, user, folder);
    let disagreements = 0;
    let unowned = 0;
    let foldDiffers = 0;
    for (const key of tickets) {
      const seenOwners = new Set(owners.map((o) => o.assignees[key] ?? null));
      if (seenOwners.size > 1) disagreements += 1;
      if (seenOwners.has(null)) unowned += 1;
      if (owners.some((o) => (o.assignees[key] ?? null) !== (logFold.state.tickets.get(key)?.assignee ?? null))) foldDiffers += 1;
    }
    const disagreeingClients = owners.filter((o) => tickets.some((key) => o.assignees[key] !== owners[0]!.assignees[key])).length;
    const rejectionsTold = owners.reduce((a, o) => a + o.rejectionsTold, 0);
    const ownedBy = new Map<string, number>();
    for (const key of tickets) {
      const owner = owners[0]!.assignees[key];
      if (owner) ownedBy.set(owner, (ownedBy.get(owner) ?? 0) + 1);
    }
    log(
      `  all takes folded everywhere after ${(claimsMs / 1000).toFixed(1)} s; tickets with disagreeing owners ${disagreements}, unowned ${unowned}, ` +
        `rejections told ${rejectionsTold} of ${(n - 1) * m}; wins per client: ${clients.map((c) => ownedBy.get(c.agentId) ?? 0).join(' / ')}`,
    );

    // --- 4. propagation: one client notes, the others fold it
    const watched = tickets[0]!;
    await Promise.all(clients.map((c) => c.ask({ op: 'watch', ticket: watched })));
    log(`Propagation: ${rounds} notes, each from the next client, timed to the fold on every other client ...`);
    const propagation: number[] = [];
    const ownConfirm: number[] = [];
    const lostMarks: { mark: string; at: number; missing: number[] }[] = [];
    for (let r = 0; r < rounds; r++) {
      const writer = clients[r % n]!;
      const mark = `${run}-${r}`;
      const writerInfo = await writer.info();
      const at = await writer.ask<number>({ op: 'note', ticket: watched, mark });
      const arrived = await until(`note ${r} on every client`, async () => ((seen.get(mark)?.size ?? 0) >= n ? seen.get(mark)! : null), LOST_AFTER_MS, () => `${seen.get(mark)?.size ?? 0} of ${n} clients`, 5).catch(
        async (err: Error) => {
          const missing = clients.filter((c) => !seen.get(mark)?.has(c.index));
          const states = await Promise.all(missing.map(async (c) => ({ c, i: await c.info() })));
          log(`  WARNING: ${err.message}; missing: ${states.map(({ c, i }) => `${c.name} (UID ${i.seenUid} of the writer's ${writerInfo.lastUid}+, ${i.connections}, account ${i.accountStatus}, pending ${i.pendingEvents})`).join(', ')}`);
          lostMarks.push({ mark, at, missing: missing.map((c) => c.index) });
          return seen.get(mark) ?? new Map<number, number>();
        },
      );
      for (const [index, t] of arrived) (index === writer.index ? ownConfirm : propagation).push(t - at);
      // Quiet time between notes, varied, so a note does not always land at the same point of the others' IDLE.
      await sleep(200 + ((r * 137) % 400));
    }
    // A fold later than LOST_AFTER_MS still counts, as a late sample: the percentiles must not hide it.
    const late: number[] = [];
    for (const lostMark of lostMarks) {
      for (const index of lostMark.missing) {
        const t = seen.get(lostMark.mark)?.get(index);
        late.push(t === undefined ? Number.POSITIVE_INFINITY : t - lostMark.at);
      }
    }
    propagation.push(...late);
    if (late.length > 0) log(`  ${late.length} late folds: ${late.map((x) => (Number.isFinite(x) ? `${fmt(x / 1000, 1)} s` : 'never (counted as infinite)')).join(', ')}`);
    log(`  p50 ${fmt(median(propagation), 0)} ms, p95 ${fmt(percentile(propagation, 95), 0)} ms, max ${fmt(Math.max(...propagation), 0)} ms over ${propagation.length} folds`);

    // --- 5. connections in steady state, counted on the server
    const connectionSamples: number[] = [];
    for (let i = 0; i < 5; i++) {
      connectionSamples.push(await serverConnections(servers, user));
      await sleep(1000);
    }
    const connectionsPerClient = median(connectionSamples) / n;
    const logStatuses = [...new Set((await allInfo()).map((i) => i.connections))];
    log(`Connections (doveadm who, 5 samples): ${connectionSamples.join(', ')} for ${n} clients = ${fmt(connectionsPerClient, 2)} per client; log status ${logStatuses.join(', ')}`);

    // --- the N clients stop; their peak memory
    const agentIds = clients.map((c) => c.agentId);
    const closed = await Promise.all(clients.map((c) => c.close()));
    const clientPeaks = closed.map((c) => c.peakRssMb);
    clients.length = 0;

    // --- 6. a long log, and a new client joining it
    log(`Seeding ${e.toLocaleString('en-US')} events (a snapshot after every 1,000) into ${folder} ...`);
    const base = await readLogNow(servers, user, folder);
    const stats = emptySeedStats();
    const seedStart = now();
    await servers.appendMany(user.username, folder, seedLog({ base, events: e, agents: agentIds, tickets, from: user.email }, stats));
    const seedMs = now() - seedStart;
    const uidNext = await uidNextOf(servers, user, folder);
    const seedUidsOk = stats.lastUid === 0 || uidNext === stats.lastUid + 1;
    const lastUid = uidNext - 1;
    log(
      `  ${(seedMs / 1000).toFixed(1)} s: ${stats.snapshots} snapshots (the last ${(stats.lastSnapshotBytes / 1024 / 1024).toFixed(2)} MB, up to UID ${stats.lastSnapshotUpTo}), ` +
        `the log now ends at UID ${lastUid}${seedUidsOk ? '' : ` — WARNING: expected UID ${stats.lastUid}: the snapshots' upTo do not match`}`,
    );

    log('Catch-up: a new client joins ...');
    const forkAt = wall();
    const newcomer = Client.start(n, 'Newcomer', childConfig('newcomer', lastUid), onSeen);
    clients.push(newcomer);
    const started = await newcomer.ready;
    const caught = await newcomer.ask<CatchUp>({ op: 'catchUp' });
    const catchUpMs = caught.doneAt - caught.syncStartAt;
    // The log's own part: the sync catches up on the log once every folder's headers are in.
    const catchUpLogMs = caught.inboxHeadersAt === null ? null : caught.doneAt - caught.inboxHeadersAt;
    const newcomerInfo = await newcomer.info();
    const newcomerClosed = await newcomer.close();
    clients.length = 0;
    log(
      `  folded to UID ${lastUid} ${(catchUpMs / 1000).toFixed(2)} s after its sync started (process start + account ${((started.syncStartAt - forkAt) / 1000).toFixed(1)} s before that); ` +
        `${newcomerInfo.tickets} tickets`,
    );

    // --- results
    const peakRss = Math.max(...clientPeaks, newcomerClosed.peakRssMb);
    const doubleOwners = disagreements;
    const p50 = percentile(propagation, 50);
    const p95 = percentile(propagation, 95);
    const targets = [
      { name: 'double_owners = 0', value: doubleOwners, ok: doubleOwners === 0, unit: '' },
      { name: 'propagation_p95_ms ≤ 3000', value: p95, ok: p95 <= 3000, unit: ' ms' },
      { name: 'catch_up_ms ≤ 5000', value: catchUpMs, ok: catchUpMs <= 5000, unit: ' ms' },
      { name: 'connections_per_client ≤ 2', value: connectionsPerClient, ok: connectionsPerClient <= 2, unit: '' },
    ];
    const json = {
      clients: n,
      claims: m,
      events: e,
      double_owners: doubleOwners,
      propagation_p50_ms: round(p50, 0),
      propagation_p95_ms: round(p95, 0),
      catch_up_ms: round(catchUpMs, 0),
      catch_up_log_ms: round(catchUpLogMs, 0),
      connections_per_client: round(connectionsPerClient, 2),
      peak_rss_mb: round(peakRss, 1),
      claims_detail: {
        take_events: n * m,
        all_folded_ms: round(claimsMs, 0),
        tickets_with_disagreeing_owners: disagreements,
        clients_disagreeing_with_client_1: disagreeingClients,
        unowned_tickets: unowned,
        tickets_where_a_client_differs_from_an_independent_fold: foldDiffers,
        rejections_told: rejectionsTold,
        rejections_expected: (n - 1) * m,
        wins_per_client: agentIds.map((id) => ownedBy.get(id) ?? 0),
      },
      import: { by: importBy, all_tickets_ms: round(importMs, 0), clients_ready_ms: round(readyMs, 0) },
      propagation_detail: {
        samples: propagation.length,
        rounds,
        late_folds: late.map((x) => (Number.isFinite(x) ? round(x, 0) : null)),
        max_ms: round(Math.max(...propagation), 0),
        own_confirm_p50_ms: round(percentile(ownConfirm, 50), 0),
        own_confirm_p95_ms: round(percentile(ownConfirm, 95), 0),
      },
      raw_baseline: {
        append_to_exists_p50_ms: round(percentile(raw.appendToExistsMs, 50), 1),
        append_to_exists_p95_ms: round(percentile(raw.appendToExistsMs, 95), 1),
        append_p50_ms: round(percentile(raw.appendMs, 50), 1),
        samples: raw.appendToExistsMs.length,
      },
      catch_up_detail: {
        log_last_uid: lastUid,
        seeded_events: stats.events,
        seeded_snapshots: stats.snapshots,
        last_snapshot_up_to: stats.lastSnapshotUpTo,
        events_after_last_snapshot: stats.snapshots > 0 ? lastUid - stats.lastSnapshotUid : null,
        last_snapshot_mb: round(stats.lastSnapshotBytes / 1024 / 1024, 2),
        seed_ms: round(seedMs, 0),
        seed_uids_as_folded: seedUidsOk,
        inbox_headers_ms: caught.inboxHeadersAt === null ? null : round(caught.inboxHeadersAt - caught.syncStartAt, 0),
        first_fold_ms: caught.firstFoldAt === null ? null : round(caught.firstFoldAt - caught.syncStartAt, 0),
        process_and_account_ms: round(started.syncStartAt - forkAt, 0),
        tickets: newcomerInfo.tickets,
        peak_rss_mb: round(newcomerClosed.peakRssMb, 1),
      },
      connections_detail: { samples: connectionSamples, log_status: logStatuses },
      client_peak_rss_mb: clientPeaks.map((x) => round(x, 1)),
      targets: Object.fromEntries(targets.map((t) => [t.name, { value: round(t.value, 2), met: t.ok }])),
      targets_apply_to: TARGETS,
      machine: mach,
      date: new Date().toISOString(),
    };

    log('');
    log(`=== Results: ${n} clients, ${m.toLocaleString('en-US')} claims, ${e.toLocaleString('en-US')} events (${mach.cores} cores, Node ${mach.node}) ===`);
    const ms = (x: number | null) => fmt(x, 0, ' ms');
    log(
      table(
        ['measure', 'value', 'target', 'status'],
        [
          ['double owners (tickets whose owner differs between clients)', String(doubleOwners), '0', doubleOwners === 0 ? 'met' : 'NOT met'],
          ['  unowned tickets / differing from an independent fold', `${unowned} / ${foldDiffers}`, '', ''],
          ['  rejections told ("… took this ticket … before you")', `${rejectionsTold} of ${(n - 1) * m}`, '', ''],
          [`  ${(n * m).toLocaleString('en-US')} takes folded on every client`, ms(claimsMs), '', ''],
          ['propagation p50 (append on one → folded on another)', ms(p50), '', ''],
          ['propagation p95', ms(p95), '≤ 3000 ms', p95 <= 3000 ? 'met' : 'NOT met'],
          ['  raw imapflow APPEND → EXISTS p50 / p95 (floor)', `${fmt(json.raw_baseline.append_to_exists_p50_ms, 1)} / ${fmt(json.raw_baseline.append_to_exists_p95_ms, 1)} ms`, '', ''],
          ['  own event confirmed (append → read back) p50', ms(json.propagation_detail.own_confirm_p50_ms), '', ''],
          [`catch-up: new client, log of ${lastUid.toLocaleString('en-US')} UIDs`, ms(catchUpMs), '≤ 5000 ms', catchUpMs <= 5000 ? 'met' : 'NOT met'],
          ['  of which the inbox headers of the first sync round', ms(json.catch_up_detail.inbox_headers_ms), '', ''],
          ['  of which the log (other folders\' headers, snapshot, the events after it)', ms(catchUpLogMs), '', ''],
          ['connections per client (server count / clients)', fmt(connectionsPerClient, 2), '≤ 2', connectionsPerClient <= 2 ? 'met' : 'NOT met'],
          ['peak RSS (max over clients)', fmt(peakRss, 1, ' MB'), '', ''],
        ],
      ),
    );
    const atTarget = n === TARGETS.clients && m === TARGETS.claims && e === TARGETS.events;
    if (!atTarget) log(`(Targets are stated for ${TARGETS.clients} clients, ${TARGETS.claims} claims, ${TARGETS.events.toLocaleString('en-US')} events.)`);
    for (const [name, top] of Object.entries({ newcomer: newcomerClosed.profile })) {
      if (top.length === 0) continue;
      log(`\nCPU profile of the ${name} (self time, top 15): ${profileDir}`);
      log(table(['function', 'self ms', 'share'], top.slice(0, 15).map((x) => [x.where, fmt(x.selfMs, 0), `${fmt(x.share * 100, 1)} %`])));
    }
    if (values.out) {
      writeFileSync(values.out, `${JSON.stringify(json, null, 2)}\n`);
      log(`\nWrote ${path.resolve(values.out)}`);
    }
  } finally {
    for (const c of clients) c.kill();
    await servers.stop();
    rmSync(dataRoot, { recursive: true, force: true });
  }
}

benchEntry(__filename, CERT_FILE, main);
