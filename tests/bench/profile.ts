/**
 * Optional per-phase CPU profiles of the Mailroom process (`--profile DIR`):
 * V8's sampling profiler through node:inspector, one .cpuprofile per phase
 * (open in Chrome DevTools), plus a top list of self time by function.
 * The profiler slows the process a little; figures from such a run are for
 * finding where time goes, not for comparison.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import path from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples?: number[];
  startTime: number;
  endTime: number;
}

function post<T>(session: Session, method: string, params?: object): Promise<T> {
  return new Promise((resolve, reject) => {
    session.post(method, params ?? {}, (err, result) => (err ? reject(err) : resolve(result as T)));
  });
}

export class PhaseProfiler {
  private readonly session = new Session();
  private running: string | null = null;
  readonly summaries: Record<string, { selfMs: number; share: number; where: string }[]> = {};

  constructor(private readonly dir: string) {
    this.session.connect();
  }

  async start(phase: string): Promise<void> {
    if (this.running) await this.stop();
    await post(this.session, 'Profiler.enable');
    await post(this.session, 'Profiler.setSamplingInterval', { interval: 500 });
    await post(this.session, 'Profiler.start');
    this.running = phase;
  }

  async stop(): Promise<void> {
    const phase = this.running;
    if (!phase) return;
    this.running = null;
    const { profile } = await post<{ profile: CpuProfile }>(this.session, 'Profiler.stop');
    writeFileSync(path.join(this.dir, `${phase}.cpuprofile`), JSON.stringify(profile));
    this.summaries[phase] = summarize(profile);
  }

  close(): void {
    this.session.disconnect();
  }
}

/** Self time per function (file:line), biggest first. */
export function summarize(profile: CpuProfile, top = 25): { selfMs: number; share: number; where: string }[] {
  const totalMs = (profile.endTime - profile.startTime) / 1000;
  const samples = profile.samples?.length ?? 0;
  if (samples === 0) return [];
  const msPerSample = totalMs / samples;
  const byKey = new Map<string, number>();
  for (const node of profile.nodes) {
    const hits = node.hitCount ?? 0;
    if (hits === 0) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const file = url.replace(/^file:\/\//, '').replace(/^.*\/node_modules\//, '').replace(process.cwd() + '/', '');
    const name = (functionName || '(anonymous)').slice(0, 60); // V8 names regexps by their (long) source
    // Line numbers are those of the code V8 ran (tsx-transpiled for .ts files), so approximate there.
    const key = `${name} ${file ? `${file}:${lineNumber + 1}` : ''}`.trim();
    byKey.set(key, (byKey.get(key) ?? 0) + hits);
  }
  return [...byKey.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([where, hits]) => ({ where, selfMs: hits * msPerSample, share: hits / samples }));
}

interface SamplingHeapNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: SamplingHeapNode[];
}

/**
 * Optional per-phase allocation profiles (`--heap-profile DIR`): V8's sampling heap
 * profiler, counting what was collected too, so a phase's garbage shows where it was
 * allocated (a heap snapshot only shows what is still alive). One .heapprofile per phase
 * (open in Chrome DevTools) and the top allocation sites, each with its three callers.
 */
export class PhaseHeapProfiler {
  private readonly session = new Session();
  private running: string | null = null;
  readonly summaries: Record<string, { mb: number; where: string }[]> = {};

  constructor(private readonly dir: string) {
    this.session.connect();
  }

  async start(phase: string): Promise<void> {
    if (this.running) await this.stop();
    await post(this.session, 'HeapProfiler.enable');
    await post(this.session, 'HeapProfiler.startSampling', { samplingInterval: 64 * 1024, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
    this.running = phase;
  }

  async stop(): Promise<void> {
    const phase = this.running;
    if (!phase) return;
    this.running = null;
    const { profile } = await post<{ profile: { head: SamplingHeapNode } }>(this.session, 'HeapProfiler.stopSampling');
    writeFileSync(path.join(this.dir, `${phase}.heapprofile`), JSON.stringify(profile));
    this.summaries[phase] = summarizeAllocations(profile.head);
  }

  close(): void {
    this.session.disconnect();
  }
}

/** Sampled bytes allocated per site (a function and its three callers), biggest first. */
function summarizeAllocations(head: SamplingHeapNode, top = 15): { mb: number; where: string }[] {
  const bySite = new Map<string, number>();
  const walk = (node: SamplingHeapNode, callers: string[]) => {
    const { functionName, url, lineNumber } = node.callFrame;
    const file = url.replace(/^file:\/\//, '').replace(/^.*\/node_modules\//, '').replace(process.cwd() + '/', '');
    const stack = [...callers, `${functionName || '(anonymous)'}${file ? ` ${file}:${lineNumber + 1}` : ''}`].slice(-4);
    if (node.selfSize > 0) {
      const site = [...stack].reverse().join(' < ');
      bySite.set(site, (bySite.get(site) ?? 0) + node.selfSize);
    }
    for (const child of node.children) walk(child, stack);
  };
  walk(head, []);
  return [...bySite.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([where, bytes]) => ({ where, mb: bytes / (1024 * 1024) }));
}
