/**
 * Sync benchmark: `npm run bench -- --messages N --out FILE`.
 *
 * Seeds a private Dovecot (tests/support/mail-servers.ts) with N realistic
 * messages, then measures
 *   - raw imapflow: one FETCH of envelope, flags, body structure, internal date
 *     and size for all messages (the baseline), with imapflow as published (the
 *     issue's baseline) and with the copy Mailroom runs, patched at install (README, Sync),
 *   - mbsync (isync) pulling the same INBOX into a Maildir (second baseline),
 *   - Mailroom (in a forked process, so its RSS is its own; bundled and run by plain
 *     Node as the app runs its services): header sync, full first sync (every body
 *     readable offline: its source stored), every body derived (parsed and indexed),
 *     the event loop's delay in each phase, no-change resync, resync after
 *     another client flags 1 %, full-text search latency, new mail delivered through
 *     Postfix to one idle account and to one of ten, peak RSS,
 *   - a cold start: a fresh process on the store the sync left, until the first page
 *     of the inbox is listed,
 * prints a table and writes FILE as JSON. It prints; it asserts nothing.
 *
 * --headers-only syncs with the account's download limit at 0 MB, so no body is fetched (for
 *   1,000,000 messages): header sync, resync, 1 % flags, search and memory, no new-mail probes;
 * --reuse keeps the seeded mailbox in --mailbox-dir between runs (seeding is the slow part);
 * --new-mail-only measures the first sync and new mail alone: no raw imapflow or mbsync
 * baseline, resync, flag change, search or cold start (a 100,000-message run's new-mail
 * figures in half the time).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { ImapFlow } from 'imapflow';
import { ImapFlow as PublishedImapFlow } from 'imapflow-stock';
import { DEFAULT_USERS, startMailServers, type MailServers, type TestUser } from '../support/mail-servers';
import { appWorker, bundleChild } from './bundle';
import type { ColdStartConfig, ColdStartResult } from './cold-start-child';
import { corpus, emptyCorpusStats, type CorpusStats } from './corpus';
import type { ChildConfig, ChildResult } from './mailroom-child';
import { MB, RssSampler, benchEntry, fmt, machine, now, round, settleDisk, sleep, table, type DiskSettled } from './measure';
import { ensureMbsync, runMbsync, type MbsyncResult } from './mbsync';
import { connectionsByUser, deliverProbes, type DeliveryResult, type NewMailArrived, type NewMailReady, type NewMailStage } from './new-mail';
import { prepareReusedMailbox, restoreReusedMailbox, saveSeededMailbox } from './reused-mailbox';

const CERT_FILE = path.join(__dirname, '..', 'support', 'tls', 'server.crt');
const RAW_QUERY = { uid: true, envelope: true, flags: true, bodyStructure: true, internalDate: true, size: true } as const;
const TARGET_N = 100_000;

const log = (line: string) => console.log(line);

interface RawRun {
  /** connect + login + SELECT + FETCH, like Mailroom's figure which starts before its connect. */
  totalMs: number;
  fetchMs: number;
  count: number;
}

/** The imapflow a raw run uses: the copy Mailroom runs (patched at install), or the same version as published. */
type RawClient = typeof ImapFlow;

async function rawFetch(servers: MailServers, user: { username: string; password: string }, Client: RawClient = ImapFlow): Promise<RawRun> {
  const start = now();
  const client = new Client({ host: servers.host, port: servers.imapsPort, secure: true, auth: { user: user.username, pass: user.password }, logger: false });
  await client.connect();
  let count = 0;
  let fetchMs = 0;
  try {
    const lock = await client.getMailboxLock('INBOX', { readOnly: true });
    try {
      const f0 = now();
      for await (const msg of client.fetch('1:*', RAW_QUERY, { uid: true })) {
        if (msg.envelope) count += 1;
      }
      fetchMs = now() - f0;
    } finally {
      lock.release();
    }
  } finally {
    await client.logout().catch(() => client.close());
  }
  return { totalMs: now() - start, fetchMs, count };
}

/** Forks a bundled child with its config in `envName`, answers its messages with `onMessage`, resolves with its result and when it came. */
function forkBundled<R>(
  script: string,
  envName: string,
  config: object,
  onMessage: (child: ChildProcess, message: { type?: string }) => void,
): Promise<{ result: R; resultAt: number }> {
  return new Promise((resolve, reject) => {
    const child = fork(script, [], {
      execArgv: [],
      env: { ...process.env, [envName]: JSON.stringify(config) },
      stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
    });
    // The Node platform says so for every new mail's notification: fifty lines of noise per stage.
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (!line.startsWith('[notification] not shown')) log(line);
    });
    let result: R | null = null;
    let resultAt = 0;
    child.on('message', (msg: { type?: string; result?: R }) => {
      if (msg.type === 'result' && msg.result) {
        result = msg.result;
        resultAt = now();
      } else {
        onMessage(child, msg);
      }
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (result) resolve({ result, resultAt });
      else reject(new Error(`${path.basename(script)} ended without a result (code ${code}, signal ${signal})`));
    });
  });
}

interface NewMailFigures {
  /** connections: per user at the end of the stage (steady state); atStart: when the child said it was ready. */
  stages: Partial<Record<NewMailStage, DeliveryResult & { connections: Record<string, number>; atStart: Record<string, number> }>>;
}

/**
 * The Mailroom process, with the new-mail deliveries it asks for: 50 probes to the bench
 * account, then 50 to one of the ten accounts at random.
 */
async function runMailroom(config: ChildConfig, servers: MailServers, probes: number): Promise<{ r: ChildResult; newMail: NewMailFigures }> {
  const arrivals = new Map<number, number>();
  const newMail: NewMailFigures = { stages: {} };
  const script = await bundleChild(path.join(__dirname, 'mailroom-child.ts'));
  const { result: r } = await forkBundled<ChildResult>(script, 'MAILROOM_BENCH_CONFIG', config, (child, message) => {
    if (message.type === 'new-mail-arrived') {
      const { probe, at } = message as NewMailArrived;
      arrivals.set(probe, at);
    } else if (message.type === 'new-mail-ready') {
      const { stage } = message as NewMailReady;
      const recipients = stage === 'one-account' ? [config.user] : [config.user, ...(config.newMailUsers ?? [])];
      void (async () => {
        const atStart = await connectionsByUser(servers);
        // An account is idle before its IDLE connection is in: wait for two per account (30 s at most).
        const bothIn = async () => {
          const open = await connectionsByUser(servers);
          return recipients.every((u) => (open[u.username] ?? 0) >= 2);
        };
        for (let waited = 0; waited < 30_000 && !(await bothIn()); waited += 250) await sleep(250);
        log(`New mail (${stage}): ${probes} messages through Postfix to ${recipients.length} account(s); ${sum(atStart)} IMAP connections open ...`);
        const delivered = await deliverProbes({
          submissionPort: servers.submissionPort,
          certPem: servers.certPem,
          sender: config.user,
          recipients,
          count: probes,
          stage,
          arrivals,
          waitMs: 30_000,
        });
        newMail.stages[stage] = { ...delivered, connections: await connectionsByUser(servers), atStart };
        // With a sync trace, the servers' logs go beside it: they tell a late delivery from a late sync.
        const traced = process.env.MAILROOM_SYNC_TRACE;
        if (traced) for (const log of ['dovecot/dovecot.log', 'postfix/postfix.log']) copyFileSync(path.join(servers.dir, log), `${traced}.${stage}.${path.basename(log)}`);
        log(`New mail (${stage}): p50 ${fmt(delivered.p50Ms, 0)} ms, p95 ${fmt(delivered.p95Ms, 0)} ms, ${delivered.missing.length} missing`);
      })()
        .catch((err: unknown) => log(`New mail (${stage}) failed: ${(err as Error).message}`))
        .finally(() => child.send({ type: 'new-mail-done', stage }));
    }
  });
  return { r, newMail };
}

function sum(counts: Record<string, number>): number {
  return Object.values(counts).reduce((a, b) => a + b, 0);
}

/**
 * A fresh process on the store the sync left: fork → first inbox page listed (ms), and →
 * first page of Tickets (ticketsMs, its answer received here; the child asks for it after the inbox's).
 */
async function coldStart(config: ColdStartConfig): Promise<{ ms: number; ticketsMs: number; child: ColdStartResult }> {
  const script = await bundleChild(path.join(__dirname, 'cold-start-child.ts'));
  const start = now();
  const { result, resultAt } = await forkBundled<ColdStartResult>(script, 'MAILROOM_COLD_START_CONFIG', config, () => undefined);
  const ticketsMs = resultAt - start;
  return { ms: ticketsMs - (result.firstTicketsMs - result.firstPageMs), ticketsMs, child: result };
}

/** Bytes of the SQLite files (database and WAL) in a data dir. */
function storeBytes(dataDir: string): number {
  return readdirSync(dataDir)
    .filter((name) => name.startsWith('mailroom.sqlite3'))
    .reduce((total, name) => total + statSync(path.join(dataDir, name)).size, 0);
}

/** Bytes of the files under dir (the attachment store: kept sources and attachments), as on disk (whole blocks). */
function diskBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += statSync(path.join(entry.parentPath, entry.name)).blocks * 512;
  }
  return total;
}

function rate(count: number, ms: number | null): number | null {
  return ms === null || ms <= 0 ? null : count / (ms / 1000);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      messages: { type: 'string', default: '10000' },
      out: { type: 'string' },
      'resync-runs': { type: 'string', default: '7' },
      'search-runs': { type: 'string', default: '5' },
      'timeout-min': { type: 'string', default: '60' },
      'no-mbsync': { type: 'boolean', default: false },
      profile: { type: 'string' },
      /** Write a V8 heap snapshot of the Mailroom process at the end of each phase into this dir. */
      'heap-snapshot': { type: 'string' },
      /** Write an allocation profile (garbage included) of the Mailroom process per phase into this dir. */
      'heap-profile': { type: 'string' },
      /** Stop the first sync once the headers are stored and indexed (1,000,000 messages in reasonable time). */
      'headers-only': { type: 'boolean', default: false },
      /** Keep the seeded mailbox in --mailbox-dir and seed only when it does not hold N messages yet. */
      reuse: { type: 'boolean', default: false },
      'mailbox-dir': { type: 'string', default: path.join(tmpdir(), 'mailroom-bench-mailbox') },
      /** Probes per new-mail stage (0: no new-mail figures). */
      'new-mail': { type: 'string', default: '50' },
      /** The first sync and new mail only: no baselines, resync, flag change, search or cold start. */
      'new-mail-only': { type: 'boolean', default: false },
    },
    allowPositionals: false,
  });
  const n = Number.parseInt(values.messages, 10);
  if (!Number.isInteger(n) || n < 100) throw new Error('--messages must be an integer ≥ 100');
  const timeoutMs = Number(values['timeout-min']) * 60_000;
  if (values.profile) mkdirSync(values.profile, { recursive: true });
  if (values['heap-snapshot']) mkdirSync(values['heap-snapshot'], { recursive: true });
  if (values['heap-profile']) mkdirSync(values['heap-profile'], { recursive: true });
  const parentRss = new RssSampler(50);
  const m = machine();
  log(`Mailroom sync benchmark: ${n.toLocaleString('en-US')} messages`);
  log(`Machine: ${m.cores} cores (${m.cpu}), ${m.memory_gb} GiB, Node ${m.node}, ${m.platform}; imapflow ${m.imapflow}, Dovecot ${m.dovecot}`);

  const headersOnly = values['headers-only'];
  const newMailOnly = values['new-mail-only'];
  if (newMailOnly && headersOnly) throw new Error('--new-mail-only needs the full first sync: leave out --headers-only');
  const probes = headersOnly ? 0 : Number.parseInt(values['new-mail'], 10);
  const user = DEFAULT_USERS[0]!;
  // The ten-account stage: the bench account and nine more users on the same Dovecot.
  const newMailUsers: TestUser[] = Array.from({ length: 9 }, (_, i) => ({ username: `agent${i + 2}@example.test`, password: `agent-pass-${i + 2}`, email: `agent${i + 2}@example.test` }));
  const reused = values.reuse ? prepareReusedMailbox(values['mailbox-dir'], n, user) : null;
  const servers = await startMailServers({ users: [user, ...newMailUsers], ...(reused ? { dovecotExtraConfig: reused.dovecotExtraConfig } : {}) });
  const dataDir = mkdtempSync(path.join(tmpdir(), 'mailroom-bench-data-'));
  try {
    // --- seed (or put the kept mailbox back as seeded)
    let stats: CorpusStats;
    let seedMs: number | null = null;
    if (reused?.stats) {
      log(`Reusing the mailbox seeded in ${reused.dir} ...`);
      await restoreReusedMailbox(servers, user, n);
      stats = reused.stats;
    } else {
      stats = emptyCorpusStats();
      const t = now();
      log(`Seeding ${n.toLocaleString('en-US')} messages with IMAP MULTIAPPEND ...`);
      await servers.appendMany(user.username, 'INBOX', corpus(n, stats));
      seedMs = now() - t;
      if (reused) saveSeededMailbox(reused, stats);
    }
    const totalMb = stats.bytes / MB;
    log(
      `${seedMs === null ? 'Kept mailbox' : `Seeded in ${(seedMs / 1000).toFixed(1)} s (${fmt(n / (seedMs / 1000), 0)} msgs/s)`}: ${totalMb.toFixed(1)} MB, ` +
        `avg ${(stats.bytes / n / 1024).toFixed(1)} KB; ${Object.entries(stats.byKind).map(([k, v]) => `${k} ${v}`).join(', ')}`,
    );

    // Each contender starts with the disk written out: none pays for the one before.
    const settled: Record<string, DiskSettled> = {};
    const settle = (before: string) => {
      const d = (settled[before] = settleDisk());
      log(`Disk settled before ${before}: ${d.dirtyMb === null ? '?' : d.dirtyMb.toFixed(0)} MB dirty, sync took ${(d.syncMs / 1000).toFixed(1)} s`);
    };

    // --- raw imapflow baselines: one cold run (Dovecot builds its cache), then two warm ones
    // of each imapflow, taking turns: the issue's baseline is imapflow as published (as it was
    // when the issue was filed); the patched copy shows what Mailroom adds to its own fetch.
    let coldMs: number | null = null;
    let rawTotalMs: number | null = null;
    let rawFetchOnlyMs: number | null = null;
    let patchedTotalMs: number | null = null;
    let patchedFetchOnlyMs: number | null = null;
    if (!newMailOnly) {
      settle('raw imapflow');
      log('Raw imapflow FETCH (1 cold run, then 2 warm runs each of the published and the patched imapflow) ...');
      const cold = await rawFetch(servers, user);
      const published: RawRun[] = [];
      const patched: RawRun[] = [];
      for (let i = 0; i < 2; i++) {
        published.push(await rawFetch(servers, user, PublishedImapFlow));
        patched.push(await rawFetch(servers, user));
      }
      const warm = [...published, ...patched];
      if (warm.some((r) => r.count !== n)) log(`WARNING: raw fetch saw ${warm.map((r) => r.count).join('/')} messages, expected ${n}`);
      const mean = (runs: RawRun[], pick: (r: RawRun) => number) => runs.reduce((a, r) => a + pick(r), 0) / runs.length;
      coldMs = cold.totalMs;
      rawTotalMs = mean(published, (r) => r.totalMs);
      rawFetchOnlyMs = mean(published, (r) => r.fetchMs);
      patchedTotalMs = mean(patched, (r) => r.totalMs);
      patchedFetchOnlyMs = mean(patched, (r) => r.fetchMs);
      const secs = (runs: RawRun[]) => runs.map((r) => (r.totalMs / 1000).toFixed(2)).join(' / ');
      log(`Raw imapflow: cold ${(cold.totalMs / 1000).toFixed(2)} s (patched), warm ${secs(published)} s (published), ${secs(patched)} s (patched)`);
    }

    // --- mbsync baseline
    let mb: MbsyncResult = { ms: null, messages: 0, version: null, reason: newMailOnly ? 'skipped (--new-mail-only)' : 'skipped (--no-mbsync)' };
    if (!values['no-mbsync'] && !newMailOnly) {
      const found = ensureMbsync(log);
      if (found.bin) {
        settle('mbsync');
        log(`mbsync (${found.bin}) pulling INBOX into a Maildir ...`);
        mb = await runMbsync(found.bin, servers, user, CERT_FILE);
        if (mb.ms !== null && mb.messages !== n) log(`WARNING: mbsync left ${mb.messages} messages in the Maildir, expected ${n}`);
      } else {
        mb = { ms: null, messages: 0, version: null, reason: found.reason };
      }
      log(mb.ms === null ? `mbsync: ${mb.reason}` : `mbsync: ${(mb.ms / 1000).toFixed(1)} s`);
    }
    parentRss.stop();
    settle('Mailroom');

    // --- Mailroom, in its own process, as the app runs it (bundled, plain Node, the app's worker code)
    const headerWorkerScript = appWorker();
    const secretKey = 'b2'.repeat(32);
    const { r, newMail } = await runMailroom(
      {
        messages: n,
        dataDir,
        secretKey,
        headerWorkerScript,
        headersOnly,
        newMailUsers: probes > 0 ? newMailUsers : null,
        newMailProbes: probes,
        newMailOnly,
        imapsPort: servers.imapsPort,
        submissionPort: servers.submissionPort,
        user,
        timeoutMs,
        resyncRuns: Number(values['resync-runs']),
        searchRuns: Number(values['search-runs']),
        profileDir: values.profile ? path.resolve(values.profile) : null,
        heapSnapshotDir: values['heap-snapshot'] ? path.resolve(values['heap-snapshot']) : null,
        heapProfileDir: values['heap-profile'] ? path.resolve(values['heap-profile']) : null,
      },
      servers,
      probes,
    );
    const sqliteBytes = storeBytes(dataDir);
    const attachmentsDir = path.join(dataDir, 'attachments');
    const fileBytes = existsSync(attachmentsDir) ? diskBytes(attachmentsDir) : 0;

    // --- cold start on the store the sync left
    let started: Awaited<ReturnType<typeof coldStart>> | null = null;
    if (!newMailOnly) {
      log('Cold start: a fresh Mailroom process on that store, until the first page of the inbox is listed ...');
      started = await coldStart({ dataDir, secretKey, headerWorkerScript }).catch((err: unknown) => {
        r.notes.push(`cold start failed: ${(err as Error).message}`);
        return null;
      });
    }

    // --- results
    const rawRate = rate(n, rawTotalMs);
    const headerRate = rate(n, r.headerSyncMs);
    const headerRatio = rawRate !== null && headerRate !== null ? headerRate / rawRate : null;
    const patchedRate = rate(n, patchedTotalMs);
    const patchedRatio = patchedRate !== null && headerRate !== null ? headerRate / patchedRate : null;
    const fullRate = rate(n, r.fullSyncMs);
    const fullMbs = r.fullSyncMs === null ? null : totalMb / (r.fullSyncMs / 1000);
    const mbsyncRate = rate(n, mb.ms);
    const fullRatio = fullRate !== null && mbsyncRate !== null ? fullRate / mbsyncRate : null;
    const derivedRate = rate(n, r.derivedAllMs);
    const one = newMail.stages['one-account'];
    const ten = newMail.stages['ten-accounts'];
    const delay = (phaseName: string) => r.loopDelay[phaseName] ?? null;
    const loopPhases = { header_phase: delay('header-sync'), body_phase: delay('body-sync'), derive_phase: delay('derive') };
    const worst = (pick: (d: { p99Ms: number; maxMs: number }) => number) => {
      const values = Object.values(loopPhases).filter((d) => d !== null).map((d) => pick(d!));
      return values.length > 0 ? Math.max(...values) : null;
    };
    // Issue 12's targets (at 100,000 messages; at 1,000,000 with --headers-only).
    const targets = [
      { name: 'header sync ≥ 1.0× raw imapflow (as published)', value: headerRatio, limit: 1.0, higherIsBetter: true, unit: '×' },
      { name: 'full sync ≥ 1.0× mbsync', value: fullRatio, limit: 1.0, higherIsBetter: true, unit: '×' },
      { name: 'event loop p99 ≤ 50 ms (worst phase)', value: worst((d) => d.p99Ms), limit: 50, higherIsBetter: false, unit: ' ms' },
      { name: 'event loop max ≤ 200 ms (worst phase)', value: worst((d) => d.maxMs), limit: 200, higherIsBetter: false, unit: ' ms' },
      { name: 'new mail p95 ≤ 2,000 ms', value: one?.p95Ms ?? null, limit: 2000, higherIsBetter: false, unit: ' ms' },
      { name: 'new mail p95 with 10 accounts ≤ 2,000 ms', value: ten?.p95Ms ?? null, limit: 2000, higherIsBetter: false, unit: ' ms' },
      { name: 'cold start ≤ 1,500 ms', value: started?.ms ?? null, limit: 1500, higherIsBetter: false, unit: ' ms' },
      { name: 'no-change resync ≤ 200 ms', value: r.resyncNoChangeMs, limit: 200, higherIsBetter: false, unit: ' ms' },
      { name: 'search p95 ≤ 30 ms', value: r.searchP95Ms, limit: 30, higherIsBetter: false, unit: ' ms' },
      { name: `peak memory ≤ ${headersOnly ? 500 : 300} MB`, value: r.peakRssMb, limit: headersOnly ? 500 : 300, higherIsBetter: false, unit: ' MB' },
    ].map((x) => ({ ...x, met: x.value === null ? null : x.higherIsBetter ? x.value >= x.limit : x.value <= x.limit }));

    const json = {
      messages: n,
      headers_only: headersOnly,
      mailbox_reused: seedMs === null,
      total_mb: round(totalMb, 1),
      mix: stats.byKind,
      seed_s: seedMs === null ? null : round(seedMs / 1000, 1),
      seed_msgs_per_s: seedMs === null ? null : round(n / (seedMs / 1000), 0),
      raw_fetch_msgs_per_s: round(rawRate, 0),
      raw_fetch_only_msgs_per_s: round(rate(n, rawFetchOnlyMs), 0),
      raw_patched_fetch_msgs_per_s: round(patchedRate, 0),
      raw_patched_fetch_only_msgs_per_s: round(rate(n, patchedFetchOnlyMs), 0),
      raw_patched_fetch_ms: round(patchedTotalMs, 0),
      disk_settled_before: Object.fromEntries(Object.entries(settled).map(([k, d]) => [k, { dirty_mb: round(d.dirtyMb), sync_ms: round(d.syncMs, 0) }])),
      raw_patched_fetch_cold_msgs_per_s: round(rate(n, coldMs), 0),
      raw_fetch_ms: round(rawTotalMs, 0),
      header_sync_msgs_per_s: round(headerRate, 0),
      header_sync_ms: round(r.headerSyncMs, 0),
      header_sync_ratio: round(headerRatio, 3),
      header_sync_ratio_patched: round(patchedRatio, 3),
      first_headers_ms: round(r.firstHeadersMs, 0),
      first_bodies_ms: round(r.firstBodiesMs, 0),
      search_ready_ms: round(r.searchReadyMs, 0),
      full_sync_msgs_per_s: round(fullRate, 0),
      full_sync_mb_per_s: round(fullMbs, 2),
      full_sync_ms: round(r.fullSyncMs, 0),
      derived_all_ms: round(r.derivedAllMs, 0),
      tickets_imported_ms: round(r.ticketsImportedMs, 0),
      derived_msgs_per_s: round(derivedRate, 0),
      body_rate_first_20pct_msgs_per_s: round(r.bodyRateEarly, 0),
      body_rate_last_20pct_msgs_per_s: round(r.bodyRateLate, 0),
      mbsync_msgs_per_s: round(mbsyncRate, 0),
      mbsync_mb_per_s: mb.ms === null ? null : round(totalMb / (mb.ms / 1000), 2),
      mbsync_ms: round(mb.ms, 0),
      mbsync_reason: mb.reason,
      mbsync_version: mb.version,
      full_sync_vs_mbsync_ratio: round(fullRatio, 3),
      event_loop_p50_ms: Object.fromEntries(Object.entries(loopPhases).map(([k, d]) => [k, d ? round(d.p50Ms, 1) : null])),
      event_loop_p99_ms: Object.fromEntries(Object.entries(loopPhases).map(([k, d]) => [k, d ? round(d.p99Ms, 1) : null])),
      event_loop_max_ms: Object.fromEntries(Object.entries(loopPhases).map(([k, d]) => [k, d ? round(d.maxMs, 1) : null])),
      event_loop_by_phase_ms: Object.fromEntries(Object.entries(r.loopDelay).map(([k, d]) => [k, { p50: round(d.p50Ms, 1), p99: round(d.p99Ms, 1), max: round(d.maxMs, 1) }])),
      new_mail_p50_ms: round(one?.p50Ms ?? null, 0),
      new_mail_p95_ms: round(one?.p95Ms ?? null, 0),
      new_mail_max_ms: round(one?.maxMs ?? null, 0),
      new_mail_missing: one?.missing.length ?? null,
      new_mail_p50_10_accounts_ms: round(ten?.p50Ms ?? null, 0),
      new_mail_p95_10_accounts_ms: round(ten?.p95Ms ?? null, 0),
      new_mail_max_10_accounts_ms: round(ten?.maxMs ?? null, 0),
      new_mail_missing_10_accounts: ten?.missing.length ?? null,
      new_mail_probes: probes,
      new_mail_unannounced: r.newMailUnannounced,
      new_mail_latencies_ms: Object.fromEntries(Object.entries(newMail.stages).map(([k, v]) => [k, v.latenciesMs.map((x) => round(x, 0))])),
      imap_connections_1_account: one ? sum(one.connections) : null,
      imap_connections_10_accounts: ten ? sum(ten.connections) : null,
      imap_connections_10_accounts_by_user: ten?.connections ?? null,
      imap_connections_10_accounts_at_start: ten ? sum(ten.atStart) : null,
      accounts_connected_10_accounts: r.newMailAccounts,
      cold_start_ms: round(started?.ms ?? null, 0),
      cold_start_in_process_ms: started
        ? { code_loaded: round(started.child.loadedMs, 0), services_started: round(started.child.startedMs, 0), first_page: round(started.child.firstPageMs, 0), first_tickets_page: round(started.child.firstTicketsMs, 0) }
        : null,
      cold_start_tickets_ms: round(started?.ticketsMs ?? null, 0),
      cold_start_rows: started ? `${started.child.rows} of ${started.child.total}` : null,
      store_bytes_per_message: round(sqliteBytes / n, 0),
      store_sqlite_mb: round(sqliteBytes / MB, 1),
      attachment_store_bytes_per_message: round(fileBytes / n, 0),
      store_with_files_bytes_per_message: round((sqliteBytes + fileBytes) / n, 0),
      resync_nochange_ms: round(r.resyncNoChangeMs, 1),
      resync_nochange_runs_ms: r.resyncRunsMs.map((x) => round(x, 1)),
      resync_1pct_ms: round(r.resync1pctMs, 1),
      resync_1pct_flags: r.flagCount,
      flag_store_ms: round(r.flagStoreMs, 1),
      search_p50_ms: round(r.searchP50Ms, 2),
      search_p95_ms: round(r.searchP95Ms, 2),
      ticket_list_during_sync_p95_ms: round(r.ticketListP95Ms, 1),
      ticket_list_during_sync_answers: r.ticketListSamplesMs.length,
      search_queries: r.search.map((q) => ({ query: q.query, hits: q.hits, median_ms: round(q.medianMs, 2), max_ms: round(q.maxMs, 2) })),
      peak_rss_mb: round(r.peakRssMb, 1),
      phase_peak_rss_mb: Object.fromEntries(Object.entries(r.phasePeakRssMb).map(([k, v]) => [k, round(v, 1)])),
      phase_peak_memory_mb: r.phasePeakMemory,
      phase_end_memory_mb: r.phaseEndMemory,
      ...(Object.keys(r.allocations).length > 0 ? { allocations_mb_by_phase: r.allocations } : {}),
      bench_parent_peak_rss_mb: round(parentRss.peakMb(), 1),
      load: Object.fromEntries(
        Object.entries(r.load).map(([k, v]) => [k, { event_loop_busy: round(v.eventLoop, 3), cpu_per_wall_s: round(v.cpu, 3), bench_probe_ms: round(v.probeMs, 0) }]),
      ),
      cache_files_mb: Object.fromEntries(r.dbFiles.map((f) => [f.name, round(f.mb, 1)])),
      add_account_ms: round(r.addAccountMs, 0),
      targets: Object.fromEntries(targets.map((x) => [x.name, { value: round(x.value, 3), met: x.met }])),
      targets_apply_to: headersOnly ? 1_000_000 : TARGET_N,
      notes: r.notes,
      machine: m,
      date: new Date().toISOString(),
    };

    const s = (ms: number | null) => fmt(ms === null ? null : ms / 1000, 2, ' s');
    const ratioTo = (msgsPerS: number | null) => (rawRate && msgsPerS ? `${fmt(msgsPerS / rawRate, 2)}×` : 'n/a');
    log('');
    log(`=== Results: ${n.toLocaleString('en-US')} messages, ${totalMb.toFixed(1)} MB (${m.cores} cores, Node ${m.node}) ===`);
    log(
      table(
        ['measure', 'time', 'msgs/s', 'MB/s', 'vs raw imapflow'],
        [
          ['raw imapflow FETCH headers, as published (warm)', s(rawTotalMs), fmt(rawRate, 0), '', '1.00×'],
          ['  FETCH only (no connect/SELECT)', s(rawFetchOnlyMs), fmt(rate(n, rawFetchOnlyMs), 0), '', ''],
          ['raw imapflow FETCH headers, patched (warm)', s(patchedTotalMs), fmt(patchedRate, 0), '', ratioTo(patchedRate)],
          ['  FETCH only (no connect/SELECT)', s(patchedFetchOnlyMs), fmt(rate(n, patchedFetchOnlyMs), 0), '', ''],
          ['raw imapflow FETCH headers, patched (cold)', s(coldMs), fmt(rate(n, coldMs), 0), '', ratioTo(rate(n, coldMs))],
          ['Mailroom header sync', s(r.headerSyncMs), fmt(headerRate, 0), '', ratioTo(headerRate)],
          ['  … / raw imapflow, patched', '', '', '', patchedRatio === null ? 'n/a' : `${fmt(patchedRatio, 2)}×`],
          ['Mailroom first headers visible', s(r.firstHeadersMs), '', '', ''],
          ['Mailroom headers searchable (index pass after the headers)', s(r.searchReadyMs), fmt(rate(n, r.searchReadyMs), 0), '', ''],
          ['Mailroom first bodies stored (tickets imported before them)', s(r.firstBodiesMs), '', '', ''],
          ['Mailroom full first sync (every body readable offline)', s(r.fullSyncMs), fmt(fullRate, 0), fmt(fullMbs, 2), ''],
          ['Mailroom every body derived and indexed', s(r.derivedAllMs), fmt(derivedRate, 0), '', ''],
          ['Mailroom headers-only first sync done (tickets imported)', s(r.ticketsImportedMs), fmt(rate(n, r.ticketsImportedMs), 0), '', ''],
          ['mbsync full pull', s(mb.ms), fmt(mbsyncRate, 0), fmt(json.mbsync_mb_per_s, 2), ''],
        ],
      ),
    );
    if (mb.reason) log(`mbsync: n/a, ${mb.reason}`);
    if (fullRatio !== null) log(`Mailroom full sync / mbsync: ${fmt(fullRatio, 2)}×`);
    log(`Body phase rate: first 20 % ${fmt(r.bodyRateEarly, 0)} msgs/s, last 20 % ${fmt(r.bodyRateLate, 0)} msgs/s`);
    log('');
    log(
      table(
        ['measure', 'value'],
        [
          ...Object.entries(r.loopDelay).map(([k, d]) => [`event loop delay in ${k}: p50 / p99 / max`, `${fmt(d.p50Ms, 1)} / ${fmt(d.p99Ms, 1)} / ${fmt(d.maxMs, 1)} ms`]),
          ...Object.entries(newMail.stages).map(([k, v]) => [
            `new mail, ${k} (${probes} via Postfix, ${sum(v.connections)} IMAP connections): p50 / p95 / max`,
            `${fmt(v.p50Ms, 0)} / ${fmt(v.p95Ms, 0)} / ${fmt(v.maxMs, 0)} ms${v.missing.length > 0 ? `, ${v.missing.length} missing` : ''}`,
          ]),
          ['cold start: fork → first inbox page listed', fmt(started?.ms ?? null, 0, ' ms')],
          ['  in the process: code loaded / services started / page listed', started ? `${fmt(started.child.loadedMs, 0)} / ${fmt(started.child.startedMs, 0)} / ${fmt(started.child.firstPageMs, 0)} ms` : 'n/a'],
          ['cold start: fork → first page of Tickets (the saved team state loaded)', fmt(started?.ticketsMs ?? null, 0, ' ms')],
          ['store bytes per message (SQLite files)', `${fmt(sqliteBytes / n, 0)} B (${fmt(sqliteBytes / MB, 1)} MB)`],
          ['  attachment store (kept sources, attachments) per message, on disk', `${fmt(fileBytes / n, 0)} B (${fmt(fileBytes / MB, 1)} MB)`],
          ['no-change resync (median)', fmt(r.resyncNoChangeMs, 1, ' ms')],
          ['no-change resync runs', r.resyncRunsMs.map((x) => fmt(x, 0)).join(', ')],
          [`resync after ${r.flagCount} flags (1 %) by another client`, fmt(r.resync1pctMs, 1, ' ms')],
          ['  (their UID STORE took)', fmt(r.flagStoreMs, 1, ' ms')],
          ['search p50 (20 queries × runs)', fmt(r.searchP50Ms, 2, ' ms')],
          ['search p95', fmt(r.searchP95Ms, 2, ' ms')],
          ['ticket list during the first sync, p95', `${fmt(r.ticketListP95Ms, 1, ' ms')} (${r.ticketListSamplesMs.length} answers)`],
          ['peak RSS (Mailroom process)', fmt(r.peakRssMb, 1, ' MB')],
          ...Object.entries(r.phasePeakRssMb).map(([k, v]) => [`  peak RSS in ${k}`, fmt(v, 1, ' MB')]),
          ...Object.entries(r.load).map(([k, v]) => [`  ${k}: event loop busy / CPU`, `${fmt(v.eventLoop * 100, 0)} % / ${fmt(v.cpu * 100, 0)} %`]),
          ...r.dbFiles.map((f) => [`  cache file ${f.name}`, fmt(f.mb, 1, ' MB')]),
        ],
      ),
    );
    log('');
    log(table(['search query', 'hits', 'median ms', 'max ms'], r.search.map((q) => [JSON.stringify(q.query), String(q.hits), fmt(q.medianMs, 2), fmt(q.maxMs, 2)])));
    log('');
    const targetN = headersOnly ? 1_000_000 : TARGET_N;
    log(`Targets (stated for ${targetN.toLocaleString('en-US')} messages${n === targetN ? '' : `; this run has ${n.toLocaleString('en-US')}`}):`);
    log(table(['target', 'measured', 'status'], targets.map((x) => [x.name, fmt(x.value, x.unit === '×' ? 2 : 1, x.unit), x.met === null ? 'n/a' : x.met ? 'met' : 'NOT met'])));
    for (const note of r.notes) log(`NOTE: ${note}`);
    for (const [name, top] of Object.entries(r.profiles)) {
      if (!['header-sync', 'body-sync', 'search'].includes(name) || top.length === 0) continue;
      log(`\nCPU profile ${name} (self time, top 15; profiler on, so times are a little slower): ${values.profile}/${name}.cpuprofile`);
      log(table(['function', 'self ms', 'share'], top.slice(0, 15).map((x) => [x.where, fmt(x.selfMs, 0), `${fmt(x.share * 100, 1)} %`])));
    }
    for (const [name, top] of Object.entries(r.allocations)) {
      log(`\nAllocations in ${name} (sampled, garbage included; top 15): ${values['heap-profile']}/${name}.heapprofile`);
      log(table(['where (callers after <)', 'MB'], top.map((x) => [x.where, fmt(x.mb, 1)])));
    }

    if (values.out) {
      writeFileSync(values.out, `${JSON.stringify(json, null, 2)}\n`);
      log(`\nWrote ${path.resolve(values.out)}`);
    }
  } finally {
    await servers.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

benchEntry(__filename, CERT_FILE, main);
