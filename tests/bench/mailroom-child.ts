/**
 * The Mailroom half of the benchmark, run in its own process (forked by
 * sync-bench.ts) so its peak RSS is Mailroom's alone, not the seeder's.
 *
 * Uses only the public services API: createServices + createNodePlatform,
 * s.accounts.add, s.sync.start / requestSync / stop, the emitted events
 * (syncProgress, messagesChanged, accountsChanged) and the store's read methods.
 * Bundled and run by plain Node (bundle.ts), with the header worker's bundle, as the
 * app runs its services. The data dir stays for the cold start (cold-start-child.ts).
 */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import { ImapFlow } from 'imapflow';
import { NewAccountSchema, TicketFilterSchema, type EventName, type Events, type EventSink } from '../../src-preload/contract';
import { createServices, type Services } from '../../src-main/services';
import { createNodePlatform } from '../../src-main/services/platform/node-platform';
import type { TestUser } from '../support/mail-servers';
import { SEARCH_QUERIES, flaggedLaterSets } from './corpus';
import { PhaseHeapProfiler, PhaseProfiler } from './profile';
import { Load, LoopDelay, RssSampler, memorySplit, type MemorySplit, median, now, percentile, sleep, type LoopDelayFigures } from './measure';
import { ArrivalWatcher, type NewMailDone, type NewMailReady, type NewMailStage } from './new-mail';

export interface ChildConfig {
  messages: number;
  /** The store's dir: left in place for the cold start, removed by the parent. */
  dataDir: string;
  secretKey: string;
  /** The sync workers' entry as the app ships it (dist/main/worker/header-worker.mjs: bundle.ts appWorker). */
  headerWorkerScript: string;
  /**
   * Stop the first sync once the headers are stored and indexed (the sync has no
   * setting that skips bodies): resyncs, flag changes and new mail, which would start
   * the body phase, are then not measured.
   */
  headersOnly: boolean;
  /** The other users of the ten-account stage of the new-mail measure; null skips new mail. */
  newMailUsers: TestUser[] | null;
  /** Probes the parent delivers per new-mail stage. */
  newMailProbes: number;
  /** Only the first sync and new mail: no resync, flag change or search (--new-mail-only). */
  newMailOnly: boolean;
  imapsPort: number;
  submissionPort: number;
  user: TestUser;
  timeoutMs: number;
  resyncRuns: number;
  searchRuns: number;
  /** Write one .cpuprofile per phase here (and summarise them); null = no profiling. */
  profileDir: string | null;
  /** Write a .heapsnapshot at the end of each phase here (--heap-snapshot DIR); null = none. */
  heapSnapshotDir: string | null;
  /** Write one allocation profile per phase here (and summarise them); null = none. */
  heapProfileDir: string | null;
}

export interface PhaseLoad {
  eventLoop: number;
  cpu: number;
  /** Time the bench itself spent probing the store during the phase (overhead included in the figure). */
  probeMs: number;
}

export interface ChildResult {
  addAccountMs: number | null;
  firstHeadersMs: number | null;
  /** From the start until the folder's new rows are all in the search index (it follows the header phase). */
  searchReadyMs: number | null;
  headerSyncMs: number | null;
  /** The first batch of bodies stored: between it and the header phase's end the sync imports the new mail as tickets. */
  firstBodiesMs: number | null;
  /** Every body readable offline: stored parsed, or its source stored for the deriver (the figure compared with mbsync). */
  fullSyncMs: number | null;
  /** Every stored source derived: text, HTML and attachments stored and in the search index. */
  derivedAllMs: number | null;
  /** --headers-only: the first sync's end (every header stored, indexed and imported as a ticket). */
  ticketsImportedMs: number | null;
  /** Bodies per second over the first and the last 20 % of the body phase (a falling rate means cost grows with the cache). */
  bodyRateEarly: number | null;
  bodyRateLate: number | null;
  resyncRunsMs: (number | null)[];
  resyncNoChangeMs: number | null;
  flagStoreMs: number | null;
  flagCount: number;
  resync1pctMs: number | null;
  search: { query: string; hits: number; medianMs: number; maxMs: number }[];
  searchSamplesMs: number[];
  searchP50Ms: number | null;
  searchP95Ms: number | null;
  /** An agent with the Tickets view open during the first sync: the first page asked again after changes (ms per answer). */
  ticketListSamplesMs: number[];
  ticketListP95Ms: number | null;
  peakRssMb: number;
  phasePeakRssMb: Record<string, number>;
  /** The memory split at each phase's RSS peak and at its end (where the memory is). */
  phasePeakMemory: Record<string, MemorySplit>;
  phaseEndMemory: Record<string, MemorySplit>;
  load: Record<string, PhaseLoad>;
  /** Event-loop delay per phase (reset at each phase start). */
  loopDelay: Record<string, LoopDelayFigures>;
  /** Probes in a store that no messagesChanged announced, per new-mail stage. */
  newMailUnannounced: Partial<Record<NewMailStage, number[]>>;
  /** Accounts connected and idle for the ten-account stage. */
  newMailAccounts: number;
  dbFiles: { name: string; mb: number }[];
  /** Top self time per phase when profiling. */
  profiles: Record<string, { selfMs: number; share: number; where: string }[]>;
  /** Top allocation sites per phase (garbage included) with --heap-profile. */
  allocations: Record<string, { mb: number; where: string }[]>;
  notes: string[];
}

const STALL_MS = 180_000;

class Harness {
  readonly listeners = new Set<EventSink>();
  probeMs = 0;
  /** Sync failures reported through accountsChanged (status offline/error/needs-reconnect). */
  failures = 0;
  lastFailure = '';
  fatal = false;

  constructor(
    private readonly accountId: () => string | null,
    private readonly log: (line: string) => void,
  ) {
    this.listeners.add((event, payload) => {
      if (event !== 'accountsChanged') return;
      const mine = (payload as Events['accountsChanged']).find((a) => a.id === this.accountId());
      if (!mine || mine.status === 'idle' || mine.status === 'syncing') return;
      this.failures += 1;
      const what = `${mine.status}: ${mine.lastError?.code ?? '?'} ${mine.lastError?.cause ?? ''} ${mine.lastError?.detail ?? ''}`.trim();
      if (what !== this.lastFailure) this.log(`Mailroom: account ${what}`);
      this.lastFailure = what;
      if (mine.status === 'needs-reconnect') this.fatal = true;
    });
  }

  /** True when the sync keeps failing: waiting longer would only time out. */
  broken(): boolean {
    return this.fatal || this.failures >= 3;
  }

  /** Resolves on the next event accepted by match, or after ms. */
  nextEvent(match: (event: EventName, payload: unknown) => boolean, ms: number): Promise<void> {
    return new Promise((resolve) => {
      const listener: EventSink = (event, payload) => {
        if (match(event, payload)) finish();
      };
      const timer = setTimeout(finish, ms);
      const listeners = this.listeners;
      function finish() {
        clearTimeout(timer);
        listeners.delete(listener);
        resolve();
      }
      listeners.add(listener);
    });
  }

  /**
   * Waits until probe() is true, re-checking every intervalMs and at once when
   * an event accepted by wakeOn arrives. Returns the time waited, or null on timeout.
   */
  async until(
    probe: () => boolean,
    opts: { intervalMs: number; timeoutMs: number; wakeOn?: (event: EventName, payload: unknown) => boolean },
  ): Promise<number | null> {
    const start = now();
    for (;;) {
      const p0 = now();
      const ok = probe();
      this.probeMs += now() - p0;
      if (ok) return now() - start;
      if (now() - start > opts.timeoutMs || this.broken()) return null;
      await this.nextEvent(opts.wakeOn ?? (() => false), opts.intervalMs);
    }
  }
}

/** Tells the parent to deliver a stage's probes and waits until it says they are all in or given up on. */
function parentDelivers(stage: NewMailStage): Promise<void> {
  return new Promise((resolve) => {
    const onMessage = (message: NewMailDone) => {
      if (message.type !== 'new-mail-done' || message.stage !== stage) return;
      process.off('message', onMessage);
      resolve();
    };
    process.on('message', onMessage);
    const ready: NewMailReady = { type: 'new-mail-ready', stage };
    process.send?.(ready);
  });
}

function progressOf(event: EventName, payload: unknown): Events['syncProgress'] | null {
  return event === 'syncProgress' ? (payload as Events['syncProgress']) : null;
}

export async function runMailroom(config: ChildConfig, log: (line: string) => void): Promise<ChildResult> {
  const sampler = new RssSampler(50);
  let accountId: string | null = null;
  const h = new Harness(() => accountId, log);
  const notes: string[] = [];
  const load: Record<string, PhaseLoad> = {};
  const result: ChildResult = {
    addAccountMs: null,
    firstHeadersMs: null,
    searchReadyMs: null,
    headerSyncMs: null,
    firstBodiesMs: null,
    fullSyncMs: null,
    derivedAllMs: null,
    ticketsImportedMs: null,
    bodyRateEarly: null,
    bodyRateLate: null,
    resyncRunsMs: [],
    resyncNoChangeMs: null,
    flagStoreMs: null,
    flagCount: 0,
    resync1pctMs: null,
    search: [],
    searchSamplesMs: [],
    searchP50Ms: null,
    searchP95Ms: null,
    ticketListSamplesMs: [],
    ticketListP95Ms: null,
    peakRssMb: 0,
    phasePeakRssMb: {},
    phasePeakMemory: sampler.phasePeakSplits,
    phaseEndMemory: {},
    load,
    loopDelay: {},
    newMailUnannounced: {},
    newMailAccounts: 0,
    dbFiles: [],
    profiles: {},
    allocations: {},
    notes,
  };
  const profiler = config.profileDir ? new PhaseProfiler(config.profileDir) : null;
  const heapProfiler = config.heapProfileDir ? new PhaseHeapProfiler(config.heapProfileDir) : null;
  const phase = async (name: string) => {
    sampler.enter(name);
    await profiler?.start(name);
    await heapProfiler?.start(name);
    const l = new Load();
    const delay = new LoopDelay();
    const probeBefore = h.probeMs;
    return async () => {
      result.loopDelay[name] = delay.finish();
      load[name] = { ...l.finish(), probeMs: h.probeMs - probeBefore };
      result.phaseEndMemory[name] = memorySplit();
      if (config.heapSnapshotDir) v8.writeHeapSnapshot(path.join(config.heapSnapshotDir, `${name}.heapsnapshot`));
      await profiler?.stop();
      await heapProfiler?.stop();
    };
  };

  const dataDir = config.dataDir;
  let s: Services | null = null;
  try {
    s = createServices({
      dataDir,
      platform: createNodePlatform(dataDir, { MAILROOM_SECRET_KEY: config.secretKey }),
      host: 'browser',
      version: 'bench',
      emit: (event, payload) => {
        for (const l of h.listeners) l(event, payload);
      },
      headerWorkerScript: config.headerWorkerScript,
    });
    const services = s;
    const n = config.messages;

    // --- add the account (connection test included; not part of the sync figures)
    const addAccount = (user: TestUser) =>
      services.accounts.add(
        NewAccountSchema.parse({
          name: user.username,
          email: user.email,
          username: user.username,
          password: user.password,
          imap: { host: '127.0.0.1', port: config.imapsPort, security: 'tls' },
          smtp: { host: '127.0.0.1', port: config.submissionPort, security: 'starttls' },
        }),
      );
    const t = now();
    const account = await addAccount(config.user);
    result.addAccountMs = now() - t;
    accountId = account.id;
    const inbox = services.store.mailboxes.byPath(account.id, 'INBOX');
    if (!inbox) throw new Error('no INBOX after adding the account');
    const inboxId = String(inbox.id);
    const total = () => services.store.messages.list(inbox.id, 0, 1).total;
    const uidvalidity = () => services.store.mailboxes.byPath(account.id, 'INBOX')?.uidvalidity ?? null;
    /** Throws when a counter has not moved for STALL_MS: the engine is stuck, waiting on would only time out. */
    const stallGuard = (what: string) => {
      let last: number | null = null;
      let since = now();
      return (value: number) => {
        if (value !== last) {
          last = value;
          since = now();
        } else if (now() - since > STALL_MS) {
          throw new Error(`${what} stalled at ${value} for ${STALL_MS / 1000} s (last account error: ${h.lastFailure || 'none'})`);
        }
      };
    };

    // --- first sync: headers, then bodies. The phases are told apart by the store (every
    // header row in), and followed through the sync's own events (progress, messagesChanged)
    // rather than by polling counts, which would load the event loop being measured.
    log(`Mailroom: syncing ${n} messages (${config.headersOnly ? 'headers and tickets, no bodies' : 'headers, then bodies'}) ...`);
    let endPhase = await phase('header-sync');
    const syncStart = now();
    // An agent keeps the Tickets view open through the first sync: the renderer asks for the
    // first page again after each change the feed announces. Its time and memory count in
    // the figures (at most every 2 s, on its own turn, as an IPC call arrives).
    let listAsked = 0;
    h.listeners.add((e) => {
      if (e !== 'ticketsChanged' || now() - listAsked < 2000) return;
      listAsked = now();
      setImmediate(() => {
        const start = now();
        try {
          services.tickets.listTickets(TicketFilterSchema.parse({}), 'lastActivity', true, 0, 100);
          result.ticketListSamplesMs.push(now() - start);
        } catch (err) {
          notes.push(`ticket list during the sync failed: ${String(err)}`);
        }
      });
    });
    const remainingSamples: { t: number; remaining: number }[] = [];
    h.listeners.add((e, p) => {
      if (e === 'messagesChanged' && result.firstHeadersMs === null && (p as Events['messagesChanged']).mailboxId === inboxId) {
        result.firstHeadersMs = now() - syncStart;
      }
      const pr = progressOf(e, p);
      if (pr === null || pr.mailboxId !== inboxId) return;
      // Indexing follows the header phase; the body phase starts once it is done.
      if (result.searchReadyMs === null && ((pr.phase === 'indexing' && pr.done >= pr.total) || pr.phase === 'bodies' || pr.phase === 'done')) {
        result.searchReadyMs = now() - syncStart;
      }
      if (pr.phase === 'bodies') {
        if (result.firstBodiesMs === null) {
          result.firstBodiesMs = now() - syncStart;
          log(`Mailroom: first bodies stored after ${(result.firstBodiesMs / 1000).toFixed(1)} s`);
        }
        remainingSamples.push({ t: now(), remaining: pr.total - pr.done });
      }
    });
    // --headers-only: the account's automatic download limit at 0 MB (the form allows
    // 1 to 2,000) leaves every body on the server, so the first sync stores headers and
    // tickets only and the resync and search figures come from a million-row folder.
    services.sync.start(config.headersOnly ? { ...account, import: { ...account.import, autoDownloadMb: 0 } } : account);
    const headerStall = stallGuard('header count');
    result.headerSyncMs = await h.until(
      () => {
        const count = total();
        headerStall(count);
        return count >= n;
      },
      {
        // The count reads the folder (43 ms at a million rows, on the thread being measured):
        // the header phase's end wakes the probe, so it runs only every 5 s besides.
        intervalMs: 5000,
        timeoutMs: config.timeoutMs,
        wakeOn: (e, p) => {
          const pr = progressOf(e, p);
          return pr !== null && pr.mailboxId === inboxId && (pr.phase !== 'headers' || pr.done >= pr.total);
        },
      },
    );
    if (result.headerSyncMs !== null) result.headerSyncMs = now() - syncStart;
    await endPhase();
    if (result.headerSyncMs === null) {
      notes.push(`headers: only ${total()} of ${n} in the store${h.broken() ? `; sync failing (${h.lastFailure})` : ` after ${config.timeoutMs / 1000} s`}`);
      return result;
    }
    log(`Mailroom: headers in the store after ${(result.headerSyncMs / 1000).toFixed(1)} s`);

    const idle = () => services.store.accounts.get(account.id)?.status === 'idle';
    if (config.headersOnly) {
      endPhase = await phase('indexing');
      await h.until(() => result.searchReadyMs !== null, { intervalMs: 1000, timeoutMs: config.timeoutMs, wakeOn: (e) => e === 'syncProgress' });
      await endPhase();
      log(`Mailroom: headers searchable after ${((result.searchReadyMs ?? 0) / 1000).toFixed(1)} s`);
      // No body to fetch: what is left of the pass is the ticket import of every header.
      endPhase = await phase('ticket-import');
      const imported = await h.until(idle, { intervalMs: 1000, timeoutMs: config.timeoutMs });
      await endPhase();
      if (imported === null) {
        notes.push(`headers only: the first sync did not end${h.broken() ? `; sync failing (${h.lastFailure})` : ` after ${config.timeoutMs / 1000} s`}`);
        return result;
      }
      result.ticketsImportedMs = now() - syncStart;
      log(`Mailroom: first sync done (headers and tickets) after ${(result.ticketsImportedMs / 1000).toFixed(1)} s`);
      notes.push('--headers-only: the account downloads no body by itself (limit 0 MB), so the first sync stored headers and tickets only; no body, derive or new-mail figures');
    } else {
      endPhase = await phase('body-sync');
      let lastLog = now();
      const bodyStall = stallGuard('bodies still to fetch');
      // Counting rows without a body scans the mailbox (~40 ms at 100k): once every few
      // seconds as a check, the 'done' progress event wakes the wait at the exact end.
      const fullWait = await h.until(
        () => {
          const v = uidvalidity();
          if (v === null) return false;
          const remaining = services.store.messages.countWithoutBody(inbox.id, v);
          // Until the first bodies the sync imports the headers as tickets, which reports
          // no count (minutes at 100,000 on a loaded machine): the timeout covers that part.
          if (result.firstBodiesMs !== null) bodyStall(remaining);
          if (now() - lastLog > 15_000) {
            lastLog = now();
            log(`Mailroom: ${n - remaining}/${n} bodies after ${((now() - syncStart) / 1000).toFixed(0)} s`);
          }
          return remaining === 0 && total() >= n;
        },
        {
          intervalMs: 5000,
          timeoutMs: config.timeoutMs,
          wakeOn: (e, p) => {
            const pr = progressOf(e, p);
            return pr !== null && pr.mailboxId === inboxId && (pr.phase === 'done' || (pr.phase === 'bodies' && pr.done >= pr.total));
          },
        },
      );
      await endPhase();
      if (fullWait === null) {
        notes.push(`bodies: not all parsed${h.broken() ? `; sync failing (${h.lastFailure})` : ` after ${config.timeoutMs / 1000} s`}`);
        return result;
      }
      result.fullSyncMs = now() - syncStart;
      const rate = (from: number, to: number): number | null => {
        // bodies/s between the samples where remaining crossed the from..to fractions of n
        const a = remainingSamples.find((x) => x.remaining <= n * (1 - from));
        const b = remainingSamples.find((x) => x.remaining <= n * (1 - to));
        if (!a || !b || b.t <= a.t) return null;
        return (a.remaining - b.remaining) / ((b.t - a.t) / 1000);
      };
      result.bodyRateEarly = rate(0.0, 0.2);
      result.bodyRateLate = rate(0.8, 1.0);
      log(`Mailroom: every body readable offline (source or body stored) after ${(result.fullSyncMs / 1000).toFixed(1)} s`);

      // --- derivation: the sources the body phase stored become bodies and search text in the background
      endPhase = await phase('derive');
      const deriveStall = stallGuard('sources still to derive');
      lastLog = now();
      const derived = await h.until(
        () => {
          const underived = services.store.messages.countUnderived();
          deriveStall(underived);
          if (now() - lastLog > 15_000) {
            lastLog = now();
            log(`Mailroom: ${underived} sources still to derive after ${((now() - syncStart) / 1000).toFixed(0)} s`);
          }
          return underived === 0;
        },
        { intervalMs: 1000, timeoutMs: config.timeoutMs },
      );
      await endPhase();
      if (derived === null) {
        notes.push(`derivation: not finished after ${config.timeoutMs / 1000} s`);
        return result;
      }
      result.derivedAllMs = now() - syncStart;
      log(`Mailroom: every body derived and indexed after ${(result.derivedAllMs / 1000).toFixed(1)} s`);
    }

    if (!config.headersOnly) {
      // --- wait until the pass has finished (account idle again)
      if ((await h.until(idle, { intervalMs: 20, timeoutMs: 60_000 })) === null) notes.push('account did not go idle after the first sync');
      await sleep(500);
    }

    if (!config.newMailOnly) {

      // --- no-change resync: one pass, timed until its 'done' progress or the status back to idle
      endPhase = await phase('resync');
      const onePass = async (): Promise<number | null> => {
        let busy = false;
        let finished = false;
        const listener: EventSink = (event, payload) => {
          const pr = progressOf(event, payload);
          if (pr && pr.mailboxId === inboxId && pr.phase === 'done') finished = true;
          if (event === 'accountsChanged') {
            const mine = (payload as Events['accountsChanged']).find((a) => a.id === account.id);
            if (mine && mine.status !== 'idle') busy = true;
            if (mine && mine.status === 'idle' && busy) finished = true;
          }
        };
        h.listeners.add(listener);
        try {
          const start = now();
          if (!services.sync.requestSync(account.id)) {
            notes.push('requestSync returned false');
            return null;
          }
          const waited = await h.until(() => finished, { intervalMs: 1000, timeoutMs: 60_000, wakeOn: () => true });
          return waited === null ? null : now() - start;
        } finally {
          h.listeners.delete(listener);
        }
      };
      for (let r = 0; r < config.resyncRuns; r++) {
        const ms = await onePass();
        result.resyncRunsMs.push(ms);
        await h.until(idle, { intervalMs: 20, timeoutMs: 30_000 });
        await sleep(300);
      }
      const okRuns = result.resyncRunsMs.filter((x): x is number => x !== null);
      result.resyncNoChangeMs = okRuns.length > 0 ? median(okRuns) : null;
      await endPhase();
      log(`Mailroom: no-change resync runs (ms): ${result.resyncRunsMs.map((x) => (x === null ? 'timeout' : x.toFixed(0))).join(', ')}`);

      // --- another client flags 1 %; time until the store shows every one of them
      endPhase = await phase('flags-1pct');
      const v = uidvalidity();
      const sets = flaggedLaterSets(n);
      const uids = sets.flatMap((set) => set.split(',').map(Number));
      result.flagCount = uids.length;
      if (v !== null && uids.length > 0) {
        const other = new ImapFlow({
          host: '127.0.0.1',
          port: config.imapsPort,
          secure: true,
          auth: { user: config.user.username, pass: config.user.password },
          logger: false,
        });
        await other.connect();
        try {
          const lock = await other.getMailboxLock('INBOX');
          let storeEnd = 0;
          try {
            const storeStart = now();
            for (const set of sets) {
              if (!(await other.messageFlagsAdd(set, ['\\Flagged'], { uid: true }))) throw new Error('The server refused the 1 % flag change.');
            }
            storeEnd = now();
            result.flagStoreMs = storeEnd - storeStart;
          } finally {
            lock.release();
          }
          const pending = [...uids];
          const flagged = (uid: number): boolean => {
            const id = services.store.messages.idByUid(inbox.id, v, uid);
            return id !== null && services.store.messages.summary(id)?.flagged === true;
          };
          const waited = await h.until(
            () => {
              // Updates land in batches: check in order and stop at the first one still missing.
              while (pending.length > 0 && flagged(pending[0]!)) pending.shift();
              return pending.length === 0;
            },
            { intervalMs: 20, timeoutMs: 120_000, wakeOn: (e) => e === 'messagesChanged' },
          );
          if (waited === null) notes.push(`1 % flags: ${pending.length} of ${uids.length} still not flagged in the store after 120 s`);
          else result.resync1pctMs = now() - storeEnd;
        } finally {
          await other.logout().catch(() => other.close());
        }
      }
      await h.until(idle, { intervalMs: 20, timeoutMs: 60_000 });
      await endPhase();
    }

    if (!config.newMailOnly) {
      // --- full-text search latency
      endPhase = await phase('search');
      for (const query of SEARCH_QUERIES) {
        const times: number[] = [];
        let hits = 0;
        for (let r = 0; r < config.searchRuns; r++) {
          const start = now();
          hits = services.store.search.find(query, 50).length;
          times.push(now() - start);
        }
        result.searchSamplesMs.push(...times);
        result.search.push({ query, hits, medianMs: median(times), maxMs: Math.max(...times) });
      }
      result.searchP50Ms = percentile(result.searchSamplesMs, 50);
      result.searchP95Ms = percentile(result.searchSamplesMs, 95);
      await endPhase();
    }

    // --- new mail: probes delivered by the parent through Postfix to the idle, synced account,
    // then with ten accounts connected (the others added now), one at random each time.
    if (!config.headersOnly && config.newMailUsers) {
      const inboxes = new Map([[inboxId, account.id]]);
      const watcher = new ArrivalWatcher(services, inboxes, config.newMailProbes, (arrived) => process.send?.(arrived));
      h.listeners.add(watcher.listener);
      endPhase = await phase('new-mail-1-account');
      await parentDelivers('one-account');
      result.newMailUnannounced['one-account'] = watcher.unannounced();
      await endPhase();

      const others = await Promise.all(config.newMailUsers.map((user) => addAccount(user)));
      for (const other of others) {
        const otherInbox = services.store.mailboxes.byPath(other.id, 'INBOX');
        if (otherInbox) inboxes.set(String(otherInbox.id), other.id);
        services.sync.start(other);
      }
      const allIdle = () => [account, ...others].every((a) => services.store.accounts.get(a.id)?.status === 'idle');
      if ((await h.until(allIdle, { intervalMs: 200, timeoutMs: 120_000, wakeOn: (e) => e === 'accountsChanged' })) === null) {
        notes.push('ten accounts: not all idle after 120 s');
      }
      result.newMailAccounts = inboxes.size;
      await sleep(1000);
      endPhase = await phase('new-mail-10-accounts');
      watcher.watch('ten-accounts');
      await parentDelivers('ten-accounts');
      result.newMailUnannounced['ten-accounts'] = watcher.unannounced();
      await endPhase();
      h.listeners.delete(watcher.listener);
    }
    return result;
  } catch (err) {
    notes.push(`aborted: ${(err as Error).stack ?? String(err)}`);
    return result;
  } finally {
    await profiler?.stop().catch(() => undefined);
    if (profiler) {
      result.profiles = profiler.summaries;
      profiler.close();
    }
    await heapProfiler?.stop().catch(() => undefined);
    if (heapProfiler) {
      result.allocations = heapProfiler.summaries;
      heapProfiler.close();
    }
    sampler.stop();
    result.peakRssMb = sampler.peakMb();
    if (result.ticketListSamplesMs.length > 0) result.ticketListP95Ms = percentile(result.ticketListSamplesMs, 95);
    for (const [name, bytes] of Object.entries(sampler.phasePeaks)) result.phasePeakRssMb[name] = bytes / (1024 * 1024);
    result.dbFiles = dbFiles(dataDir);
    await s?.close().catch(() => undefined);
  }
}

function dbFiles(dir: string): { name: string; mb: number }[] {
  try {
    return readdirSync(dir)
      .map((name) => ({ name, mb: statSync(path.join(dir, name)).size / (1024 * 1024) }))
      .filter((f) => f.mb > 0.01);
  } catch {
    return [];
  }
}

// Entry point when forked by sync-bench.ts: config in, result out over IPC.
if (require.main === module) {
  const config = JSON.parse(process.env.MAILROOM_BENCH_CONFIG ?? 'null') as ChildConfig | null;
  if (!config || !process.send) {
    console.error('mailroom-child.ts is started by tests/bench/sync-bench.ts');
    process.exit(2);
  }
  void runMailroom(config, (line) => console.log(`  ${line}`)).then((result) => {
    process.send?.({ type: 'result', result }, () => process.exit(0));
  });
}
