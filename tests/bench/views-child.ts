/**
 * The Mailroom half of the interactions benchmark, in its own process (forked by
 * views-bench.ts) so its peak RSS is Mailroom's alone: createServices on the built data
 * dir, as the host opens it, then the measures through the services' public methods
 * (TicketService.listTickets as the interactions list calls it), with baselines on the
 * same data in the same process.
 */
import type { TicketSummary } from '../../src-preload/contract/tickets';
import { createServices, type Services } from '../../src-main/services';
import { createNodePlatform } from '../../src-main/services/platform/node-platform';
import { RssSampler, MB, now } from './measure';
import { PhaseProfiler } from './profile';
import { benchFilters } from './views-filters';
import type { ViewsStoreInfo } from './views-store';

export interface ViewsChildConfig {
  dataDir: string;
  secretKey: string;
  info: ViewsStoreInfo;
  /** The store's clock (relative dates in the filters). */
  now: number;
  timeZone: string;
  rounds: number;
  pageSize: number;
  profileDir: string | null;
}

export interface FilterResult {
  name: string;
  total: number;
  /** The first round: the first time this filter (and its text) is asked. */
  firstMs: number;
  samplesMs: number[];
  cpuMs: number[];
}

export interface ViewsChildResult {
  openMs: number;
  firstListMs: number;
  filters: FilterResult[];
  baseline: { name: string; total: number; samplesMs: number[] }[];
  ftsBaselineMs: number[];
  rssMb: { afterOpen: number; afterFirstList: number; peak: number };
  phasePeaksMb: Record<string, number>;
  profiles: Record<string, { selfMs: number; share: number; where: string }[]>;
}

type Profile = ViewsChildResult['profiles'];

/** Wall time, and CPU time of the process (the machine may be busy with other work: CPU time shows this code's own cost). */
function timed<T>(run: () => T): { value: T; ms: number; cpuMs: number } {
  const cpu = process.cpuUsage();
  const start = now();
  const value = run();
  const ms = now() - start;
  const used = process.cpuUsage(cpu);
  return { value, ms, cpuMs: (used.user + used.system) / 1000 };
}

/**
 * The floor a filter cannot beat: plain arrays of the same summaries filtered by one
 * hand-written predicate and sorted, with no index, no parsing and no views.
 */
function baselines(all: TicketSummary[], pageSize: number, rounds: number): ViewsChildResult['baseline'] {
  const byActivity = (a: TicketSummary, b: TicketSummary) => b.lastActivityAt - a.lastActivityAt;
  const cases: { name: string; run: () => TicketSummary[] }[] = [
    { name: 'sort everything by last activity', run: () => [...all].sort(byActivity) },
    { name: 'status open, sorted', run: () => all.filter((t) => t.status === 'open').sort(byActivity) },
    {
      name: 'substring "refund" in subject or customer, sorted',
      run: () => all.filter((t) => `${t.subject} ${t.customer?.name ?? ''} ${t.customer?.address ?? ''}`.toLowerCase().includes('refund')).sort(byActivity),
    },
  ];
  return cases.map((c) => {
    const samplesMs: number[] = [];
    let total = 0;
    for (let r = 0; r < rounds; r++) {
      const { value, ms } = timed(() => c.run());
      total = value.length;
      void value.slice(0, pageSize);
      samplesMs.push(ms);
    }
    return { name: c.name, total, samplesMs };
  });
}

async function main(): Promise<void> {
  const config = JSON.parse(process.env.MAILROOM_VIEWS_BENCH_CONFIG ?? '{}') as ViewsChildConfig;
  const rss = new RssSampler(20);
  const profiler = config.profileDir ? new PhaseProfiler(config.profileDir) : null;
  const profiles: Profile = {};
  let services: Services | null = null;
  try {
    rss.enter('open');
    await profiler?.start('open');
    const open = timed(() =>
      createServices({
        dataDir: config.dataDir,
        platform: createNodePlatform(config.dataDir, { MAILROOM_SECRET_KEY: config.secretKey }),
        host: 'browser',
        version: 'bench',
        emit: () => undefined,
      }),
    );
    services = open.value;
    const s = services;
    const afterOpen = process.memoryUsage.rss() / MB;
    const filters = benchFilters(config.info, config.now, config.timeZone);
    // The list opening: the first query builds each account's index.
    const first = timed(() => s.tickets.listTickets(filters[0]!.filter, filters[0]!.sort, filters[0]!.descending, 0, config.pageSize));
    const afterFirstList = process.memoryUsage.rss() / MB;
    if (first.value.total !== config.info.tickets) throw new Error(`the store shows ${first.value.total} tickets, built ${config.info.tickets}`);

    rss.enter('filters');
    await profiler?.start('filters');
    const results: FilterResult[] = filters.map((x) => ({ name: x.name, total: 0, firstMs: 0, samplesMs: [], cpuMs: [] }));
    // Round-robin: consecutive queries differ, so the service's one-query cache never answers.
    for (let r = 0; r < config.rounds; r++) {
      filters.forEach((x, i) => {
        const { value, ms, cpuMs } = timed(() => s.tickets.listTickets(x.filter, x.sort, x.descending, 0, config.pageSize));
        const result = results[i]!;
        if (r === 0) result.firstMs = ms;
        result.total = value.total;
        result.samplesMs.push(ms);
        result.cpuMs.push(cpuMs);
      });
    }

    // Mailroom's peak is taken here: the baselines below hold every summary at once, which the app never does.
    rss.sample();
    const mailroomPeak = rss.peakMb();
    rss.enter('baselines');
    await profiler?.start('baselines');
    const all = s.tickets.listTickets(filters[0]!.filter, 'lastActivity', true, 0, config.info.tickets).items;
    const baseline = baselines(all, config.pageSize, config.rounds * 4);
    const ftsBaselineMs: number[] = [];
    for (let r = 0; r < config.rounds; r++) {
      for (const word of ['parcel', 'screenshots tracking', 'refund']) ftsBaselineMs.push(timed(() => s.store.search.find(word, config.pageSize)).ms);
    }
    await profiler?.stop();
    if (profiler) Object.assign(profiles, profiler.summaries);

    rss.stop();
    const result: ViewsChildResult = {
      openMs: open.ms,
      firstListMs: first.ms,
      filters: results,
      baseline,
      ftsBaselineMs,
      rssMb: { afterOpen, afterFirstList, peak: mailroomPeak },
      phasePeaksMb: Object.fromEntries(Object.entries(rss.phasePeaks).map(([k, v]) => [k, v / MB])),
      profiles,
    };
    process.send?.({ type: 'result', result });
  } finally {
    profiler?.close();
    await services?.close();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : err);
    process.exit(1);
  },
);
