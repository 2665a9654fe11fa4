/**
 * Sync benchmark: `npm run bench -- --messages N --out FILE`.
 *
 * Seeds a private Dovecot (tests/support/mail-servers.ts) with N realistic
 * messages, then measures
 *   - raw imapflow: one FETCH of envelope, flags, body structure, internal date
 *     and size for all messages (the baseline),
 *   - mbsync (isync) pulling the same INBOX into a Maildir (second baseline),
 *   - Mailroom (in a forked process, so its RSS is its own): header sync, full
 *     first sync (bodies parsed and indexed), no-change resync, resync after
 *     another client flags 1 %, full-text search latency, peak RSS,
 * prints a table and writes FILE as JSON. It prints; it asserts nothing.
 */
import { fork } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ImapFlow } from 'imapflow';
import { DEFAULT_USERS, startMailServers, type MailServers } from '../support/mail-servers';
import { corpus, emptyCorpusStats } from './corpus';
import type { ChildConfig, ChildResult } from './mailroom-child';
import { MB, RssSampler, benchEntry, fmt, machine, now, round, table } from './measure';
import { ensureMbsync, runMbsync, type MbsyncResult } from './mbsync';

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

async function rawFetch(servers: MailServers, user: { username: string; password: string }): Promise<RawRun> {
  const start = now();
  const client = new ImapFlow({ host: servers.host, port: servers.imapsPort, secure: true, auth: { user: user.username, pass: user.password }, logger: false });
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

function runChild(config: ChildConfig): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = fork(path.join(__dirname, 'mailroom-child.ts'), [], {
      execArgv: process.execArgv,
      env: { ...process.env, MAILROOM_BENCH_CONFIG: JSON.stringify(config) },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let result: ChildResult | null = null;
    child.on('message', (msg: { type?: string; result?: ChildResult }) => {
      if (msg.type === 'result' && msg.result) result = msg.result;
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (result) resolve(result);
      else reject(new Error(`Mailroom bench process ended without a result (code ${code}, signal ${signal})`));
    });
  });
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
    },
    allowPositionals: false,
  });
  const n = Number.parseInt(values.messages, 10);
  if (!Number.isInteger(n) || n < 100) throw new Error('--messages must be an integer ≥ 100');
  const timeoutMs = Number(values['timeout-min']) * 60_000;
  if (values.profile) mkdirSync(values.profile, { recursive: true });
  const parentRss = new RssSampler(50);
  const m = machine();
  log(`Mailroom sync benchmark: ${n.toLocaleString('en-US')} messages`);
  log(`Machine: ${m.cores} cores (${m.cpu}), ${m.memory_gb} GiB, Node ${m.node}, ${m.platform}; imapflow ${m.imapflow}, Dovecot ${m.dovecot}`);

  const user = DEFAULT_USERS[0]!;
  const servers = await startMailServers();
  try {
    // --- seed
    const stats = emptyCorpusStats();
    const t = now();
    log(`Seeding ${n.toLocaleString('en-US')} messages with IMAP MULTIAPPEND ...`);
    await servers.appendMany(user.username, 'INBOX', corpus(n, stats));
    const seedMs = now() - t;
    const totalMb = stats.bytes / MB;
    log(
      `Seeded in ${(seedMs / 1000).toFixed(1)} s: ${totalMb.toFixed(1)} MB, ` +
        `avg ${(stats.bytes / n / 1024).toFixed(1)} KB; ${Object.entries(stats.byKind).map(([k, v]) => `${k} ${v}`).join(', ')}`,
    );

    // --- raw imapflow baseline: one cold run (Dovecot builds its cache), then two warm ones
    log('Raw imapflow FETCH (1 cold + 2 warm runs) ...');
    const cold = await rawFetch(servers, user);
    const warm = [await rawFetch(servers, user), await rawFetch(servers, user)];
    if (warm.some((r) => r.count !== n)) log(`WARNING: raw fetch saw ${warm.map((r) => r.count).join('/')} messages, expected ${n}`);
    const rawTotalMs = warm.reduce((a, r) => a + r.totalMs, 0) / warm.length;
    const rawFetchOnlyMs = warm.reduce((a, r) => a + r.fetchMs, 0) / warm.length;
    log(`Raw imapflow: cold ${(cold.totalMs / 1000).toFixed(2)} s, warm ${warm.map((r) => (r.totalMs / 1000).toFixed(2)).join(' / ')} s`);

    // --- mbsync baseline
    let mb: MbsyncResult = { ms: null, messages: 0, version: null, reason: 'skipped (--no-mbsync)' };
    if (!values['no-mbsync']) {
      const found = ensureMbsync(log);
      if (found.bin) {
        log(`mbsync (${found.bin}) pulling INBOX into a Maildir ...`);
        mb = await runMbsync(found.bin, servers, user, CERT_FILE);
        if (mb.ms !== null && mb.messages !== n) log(`WARNING: mbsync left ${mb.messages} messages in the Maildir, expected ${n}`);
      } else {
        mb = { ms: null, messages: 0, version: null, reason: found.reason };
      }
      log(mb.ms === null ? `mbsync: ${mb.reason}` : `mbsync: ${(mb.ms / 1000).toFixed(1)} s`);
    }
    parentRss.stop();

    // --- Mailroom, in its own process
    const r = await runChild({
      messages: n,
      imapsPort: servers.imapsPort,
      submissionPort: servers.submissionPort,
      user,
      timeoutMs,
      resyncRuns: Number(values['resync-runs']),
      searchRuns: Number(values['search-runs']),
      profileDir: values.profile ? path.resolve(values.profile) : null,
    });

    // --- results
    const rawRate = rate(n, rawTotalMs);
    const headerRate = rate(n, r.headerSyncMs);
    const headerRatio = rawRate !== null && headerRate !== null ? headerRate / rawRate : null;
    const fullRate = rate(n, r.fullSyncMs);
    const fullMbs = r.fullSyncMs === null ? null : totalMb / (r.fullSyncMs / 1000);
    const mbsyncRate = rate(n, mb.ms);
    const targets = [
      { name: 'header sync ≥ 0.8× raw imapflow', value: headerRatio, limit: 0.8, higherIsBetter: true, unit: '×' },
      { name: 'no-change resync ≤ 200 ms', value: r.resyncNoChangeMs, limit: 200, higherIsBetter: false, unit: ' ms' },
      { name: 'search p95 ≤ 30 ms', value: r.searchP95Ms, limit: 30, higherIsBetter: false, unit: ' ms' },
      { name: 'peak memory ≤ 400 MB', value: r.peakRssMb, limit: 400, higherIsBetter: false, unit: ' MB' },
    ].map((x) => ({ ...x, met: x.value === null ? null : x.higherIsBetter ? x.value >= x.limit : x.value <= x.limit }));

    const json = {
      messages: n,
      total_mb: round(totalMb, 1),
      mix: stats.byKind,
      seed_s: round(seedMs / 1000, 1),
      raw_fetch_msgs_per_s: round(rawRate, 0),
      raw_fetch_only_msgs_per_s: round(rate(n, rawFetchOnlyMs), 0),
      raw_fetch_cold_msgs_per_s: round(rate(n, cold.totalMs), 0),
      raw_fetch_ms: round(rawTotalMs, 0),
      header_sync_msgs_per_s: round(headerRate, 0),
      header_sync_ms: round(r.headerSyncMs, 0),
      header_sync_ratio: round(headerRatio, 3),
      first_headers_ms: round(r.firstHeadersMs, 0),
      search_ready_ms: round(r.searchReadyMs, 0),
      full_sync_msgs_per_s: round(fullRate, 0),
      full_sync_mb_per_s: round(fullMbs, 2),
      full_sync_ms: round(r.fullSyncMs, 0),
      body_rate_first_20pct_msgs_per_s: round(r.bodyRateEarly, 0),
      body_rate_last_20pct_msgs_per_s: round(r.bodyRateLate, 0),
      mbsync_msgs_per_s: round(mbsyncRate, 0),
      mbsync_mb_per_s: mb.ms === null ? null : round(totalMb / (mb.ms / 1000), 2),
      mbsync_ms: round(mb.ms, 0),
      mbsync_reason: mb.reason,
      mbsync_version: mb.version,
      full_sync_vs_mbsync_ratio: fullRate !== null && mbsyncRate !== null ? round(fullRate / mbsyncRate, 3) : null,
      resync_nochange_ms: round(r.resyncNoChangeMs, 1),
      resync_nochange_runs_ms: r.resyncRunsMs.map((x) => round(x, 1)),
      resync_1pct_ms: round(r.resync1pctMs, 1),
      resync_1pct_flags: r.flagCount,
      flag_store_ms: round(r.flagStoreMs, 1),
      search_p50_ms: round(r.searchP50Ms, 2),
      search_p95_ms: round(r.searchP95Ms, 2),
      search_queries: r.search.map((q) => ({ query: q.query, hits: q.hits, median_ms: round(q.medianMs, 2), max_ms: round(q.maxMs, 2) })),
      peak_rss_mb: round(r.peakRssMb, 1),
      phase_peak_rss_mb: Object.fromEntries(Object.entries(r.phasePeakRssMb).map(([k, v]) => [k, round(v, 1)])),
      bench_parent_peak_rss_mb: round(parentRss.peakMb(), 1),
      load: Object.fromEntries(
        Object.entries(r.load).map(([k, v]) => [k, { event_loop_busy: round(v.eventLoop, 3), cpu_per_wall_s: round(v.cpu, 3), bench_probe_ms: round(v.probeMs, 0) }]),
      ),
      cache_files_mb: Object.fromEntries(r.dbFiles.map((f) => [f.name, round(f.mb, 1)])),
      add_account_ms: round(r.addAccountMs, 0),
      targets: Object.fromEntries(targets.map((x) => [x.name, { value: round(x.value, 3), met: x.met }])),
      targets_apply_to: TARGET_N,
      notes: r.notes,
      machine: m,
      date: new Date().toISOString(),
    };

    const s = (ms: number | null) => fmt(ms === null ? null : ms / 1000, 2, ' s');
    log('');
    log(`=== Results: ${n.toLocaleString('en-US')} messages, ${totalMb.toFixed(1)} MB (${m.cores} cores, Node ${m.node}) ===`);
    log(
      table(
        ['measure', 'time', 'msgs/s', 'MB/s', 'vs raw imapflow'],
        [
          ['raw imapflow FETCH headers (warm)', s(rawTotalMs), fmt(rawRate, 0), '', '1.00×'],
          ['  FETCH only (no connect/SELECT)', s(rawFetchOnlyMs), fmt(rate(n, rawFetchOnlyMs), 0), '', ''],
          ['raw imapflow FETCH headers (cold)', s(cold.totalMs), fmt(rate(n, cold.totalMs), 0), '', rawRate ? `${fmt(rate(n, cold.totalMs)! / rawRate, 2)}×` : ''],
          ['Mailroom header sync', s(r.headerSyncMs), fmt(headerRate, 0), '', headerRatio === null ? 'n/a' : `${fmt(headerRatio, 2)}×`],
          ['Mailroom first headers visible', s(r.firstHeadersMs), '', '', ''],
          ['Mailroom headers searchable (index pass after the headers)', s(r.searchReadyMs), fmt(rate(n, r.searchReadyMs), 0), '', ''],
          ['Mailroom full first sync', s(r.fullSyncMs), fmt(fullRate, 0), fmt(fullMbs, 2), ''],
          ['mbsync full pull', s(mb.ms), fmt(mbsyncRate, 0), fmt(json.mbsync_mb_per_s, 2), ''],
        ],
      ),
    );
    if (mb.reason) log(`mbsync: n/a, ${mb.reason}`);
    if (fullRate !== null && mbsyncRate !== null) log(`Mailroom full sync / mbsync: ${fmt(fullRate / mbsyncRate, 2)}×`);
    log(`Body phase rate: first 20 % ${fmt(r.bodyRateEarly, 0)} msgs/s, last 20 % ${fmt(r.bodyRateLate, 0)} msgs/s`);
    log('');
    log(
      table(
        ['measure', 'value'],
        [
          ['no-change resync (median)', fmt(r.resyncNoChangeMs, 1, ' ms')],
          ['no-change resync runs', r.resyncRunsMs.map((x) => fmt(x, 0)).join(', ')],
          [`resync after ${r.flagCount} flags (1 %) by another client`, fmt(r.resync1pctMs, 1, ' ms')],
          ['  (their UID STORE took)', fmt(r.flagStoreMs, 1, ' ms')],
          ['search p50 (20 queries × runs)', fmt(r.searchP50Ms, 2, ' ms')],
          ['search p95', fmt(r.searchP95Ms, 2, ' ms')],
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
    log(`Targets (stated for ${TARGET_N.toLocaleString('en-US')} messages${n === TARGET_N ? '' : `; this run has ${n.toLocaleString('en-US')}`}):`);
    log(table(['target', 'measured', 'status'], targets.map((x) => [x.name, fmt(x.value, x.unit === '×' ? 2 : 1, x.unit), x.met === null ? 'n/a' : x.met ? 'met' : 'NOT met'])));
    for (const note of r.notes) log(`NOTE: ${note}`);
    for (const [name, top] of Object.entries(r.profiles)) {
      if (!['header-sync', 'body-sync', 'search'].includes(name) || top.length === 0) continue;
      log(`\nCPU profile ${name} (self time, top 15; profiler on, so times are a little slower): ${values.profile}/${name}.cpuprofile`);
      log(table(['function', 'self ms', 'share'], top.slice(0, 15).map((x) => [x.where, fmt(x.selfMs, 0), `${fmt(x.share * 100, 1)} %`])));
    }

    if (values.out) {
      writeFileSync(values.out, `${JSON.stringify(json, null, 2)}\n`);
      log(`\nWrote ${path.resolve(values.out)}`);
    }
  } finally {
    await servers.stop();
  }
}

benchEntry(__filename, CERT_FILE, main);
