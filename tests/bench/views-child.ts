/**
 * The Mailroom half of the interactions benchmark, in its own process (forked by
 * views-bench.ts) so its peak RSS is Mailroom's alone: createServices on the built data
 * dir, as the host opens it, then the measures through the services' public methods
 * (TicketService.listTickets as the interactions list calls it), with baselines on the
 * same data in the same process.
 */
import { createWriteStream, statSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import type { EventName, ExportProgress } from '../../src-preload/contract';
import { INTERACTION_COLUMNS } from '../../src-preload/contract/interactions';
import { TicketFilterSchema, type TicketSummary } from '../../src-preload/contract/tickets';
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

export interface CsvResult {
  ms: number;
  /** CPU time of the process over the export (it does nothing else meanwhile). */
  cpuMs: number;
  rows: number;
  mb: number;
  path: string;
  /** The floor: csv-stringify of the same rows as plain strings, straight to a file. */
  baselineMs: number;
}

export interface ViewsChildResult {
  openMs: number;
  /** From the services' start until the saved team state is loaded: the ticket calls wait for it (ipc/handlers afterTeamState). */
  teamReadyMs: number;
  csv: CsvResult;
  firstListMs: number;
  filters: FilterResult[];
  baseline: { name: string; total: number; samplesMs: number[] }[];
  ftsBaselineMs: number[];
  rssMb: { afterOpen: number; afterFirstList: number; peak: number };
  phasePeaksMb: Record<string, number>;
  profiles: Record<string, { selfMs: number; share: number; where: string }[]>;
}

type Profile = ViewsChildResult['profiles'];

/** How long the agent looks at the opened list before the first filter. */
const READING_MS = 2000;

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

/** The exports that finished (ExportProgress done, failed or cancelled), by job id. */
class ExportWatch {
  private readonly ended = new Map<string, ExportProgress>();
  private readonly waiting = new Map<string, (progress: ExportProgress) => void>();

  seen(event: EventName, payload: unknown): void {
    if (event !== 'exportProgress') return;
    const progress = payload as ExportProgress;
    if (progress.state === 'running') return;
    this.ended.set(progress.id, progress);
    this.waiting.get(progress.id)?.(progress);
  }

  end(id: string): Promise<ExportProgress> {
    const ended = this.ended.get(id);
    return ended ? Promise.resolve(ended) : new Promise((resolve) => this.waiting.set(id, resolve));
  }
}

/**
 * The whole list as CSV, every column, as the list's "Export CSV" asks (the export's
 * default order, the agent's time zone, the byte-order mark for Excel): from the request
 * to the file complete and renamed.
 */
async function csvExport(s: Services, watch: ExportWatch, timeZone: string): Promise<Omit<CsvResult, 'baselineMs'>> {
  const start = now();
  const cpu = process.cpuUsage();
  const started = await s.exports.exportCsv({ filter: TicketFilterSchema.parse({ timeZone }), sort: 'created', descending: true, columns: [...INTERACTION_COLUMNS], bom: true, timeZone });
  if (!started.started) throw new Error('the CSV export did not start');
  const end = await watch.end(started.id);
  const ms = now() - start;
  const used = process.cpuUsage(cpu);
  if (end.state !== 'done') throw new Error(`the CSV export ended ${end.state}: ${end.error?.cause ?? ''}`);
  return { ms, cpuMs: (used.user + used.system) / 1000, rows: end.done, mb: statSync(end.path).size / MB, path: end.path };
}

/** csv-stringify alone on the same rows already as strings: what writing the file costs without the query and the cells. */
async function csvBaseline(all: TicketSummary[], file: string): Promise<number> {
  const rows = all.map((t) => [String(t.createdAt), t.accountKey, String(t.number), t.customer?.address ?? '', t.subject, t.status, t.assignee?.name ?? '', t.queue, t.tags.join(', '), t.disposition ?? '', t.unread ? 'unread' : 'read', String(t.lastActivityAt), String(t.messageCount)]);
  const start = now();
  await pipeline(Readable.from(rows), stringify(), createWriteStream(file));
  return now() - start;
}

async function main(): Promise<void> {
  const config = JSON.parse(process.env.MAILROOM_VIEWS_BENCH_CONFIG ?? '{}') as ViewsChildConfig;
  const rss = new RssSampler(20);
  const profiler = config.profileDir ? new PhaseProfiler(config.profileDir) : null;
  const profiles: Profile = {};
  let services: Services | null = null;
  const watch = new ExportWatch();
  try {
    rss.enter('open');
    await profiler?.start('open');
    const open = timed(() =>
      createServices({
        dataDir: config.dataDir,
        platform: createNodePlatform(config.dataDir, { MAILROOM_SECRET_KEY: config.secretKey }),
        host: 'browser',
        version: 'bench',
        emit: (event, payload) => watch.seen(event, payload),
      }),
    );
    services = open.value;
    const s = services;
    // As the renderer's ticket calls do: the saved team state loads in turns after the start.
    const readyStart = now();
    await s.team.ready();
    const teamReadyMs = now() - readyStart;
    const afterOpen = process.memoryUsage.rss() / MB;
    const filters = benchFilters(config.info, config.now, config.timeZone);
    // The list opening: the first query builds each account's index.
    const first = timed(() => s.tickets.listTickets(filters[0]!.filter, filters[0]!.sort, filters[0]!.descending, 0, config.pageSize));
    const afterFirstList = process.memoryUsage.rss() / MB;
    // An agent reads the opened list before filtering it: what the opening started in the
    // background (the full-text keys, services/index.ts) runs meanwhile, as in the app.
    await new Promise((resolve) => setTimeout(resolve, READING_MS));
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

    rss.enter('csv');
    await profiler?.start('csv');
    const csv = await csvExport(s, watch, config.timeZone);

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
    const csvBaselineMs = await csvBaseline(all, `${csv.path}.baseline`);
    await profiler?.stop();
    if (profiler) Object.assign(profiles, profiler.summaries);

    rss.stop();
    const result: ViewsChildResult = {
      openMs: open.ms,
      teamReadyMs,
      csv: { ...csv, baselineMs: csvBaselineMs },
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
