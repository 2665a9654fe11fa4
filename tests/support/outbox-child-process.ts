import { spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { build } from 'esbuild';
import type { OutboxItem } from '../../src-preload/contract';
import type { OutboxFaultPoint } from '../../src-main/services/outbox/outbox-service';
import type { FrozenReport, OutboxCommand, TestMail } from './outbox-child';

export interface OutboxChild {
  /** Freezes the child at the `nth` time (from now on) its outbox reaches `point`. */
  freezeAt(point: OutboxFaultPoint, nth?: number): Promise<void>;
  enqueue(mail: TestMail): Promise<OutboxItem>;
  items(): Promise<OutboxItem[]>;
  resolveUncertain(id: string, outcome: 'delivered' | 'resend' | 'cancel'): Promise<OutboxItem>;
  /** Resolves once the child froze at its fault point (it waits to be killed). */
  frozen(): Promise<FrozenReport>;
  /** SIGKILLs the child, wherever it is, and waits until it is gone. */
  kill(): Promise<void>;
  /** Closes the services and waits for the exit. */
  close(): Promise<void>;
}

const repoRoot = path.resolve(__dirname, '..', '..');

/**
 * Bundles outbox-child.ts into one file in `dir` (packages stay in node_modules): the
 * fault test starts it two dozen times, and a bundle starts in a fraction of the time
 * tsx takes to load the services file by file. Returns the script to start.
 */
export async function buildOutboxChild(dir: string): Promise<string> {
  const outfile = path.join(dir, 'outbox-child.cjs');
  await build({ entryPoints: [path.join(__dirname, 'outbox-child.ts')], outfile, bundle: true, platform: 'node', format: 'cjs', target: 'node20', packages: 'external', sourcemap: 'inline', logLevel: 'warning' });
  return outfile;
}

/** Starts the bundled child (buildOutboxChild) on `dataDir` and resolves once it runs (its outbox resumed). */
export async function startOutboxChild(script: string, dataDir: string, draft: unknown): Promise<OutboxChild> {
  const child = spawn(process.execPath, ['--enable-source-maps', script, dataDir, JSON.stringify(draft)], {
    // The bundle lives outside the repository: its packages are found through NODE_PATH.
    env: { ...process.env, NODE_PATH: path.join(repoRoot, 'node_modules') },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let gone = false;
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      gone = true;
      resolve();
    }),
  );
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  // A write to a child killed meanwhile fails with EPIPE: the waiting request is rejected below instead.
  child.stdin.on('error', () => undefined);
  const waiting = new Map<number, { resolve(value: unknown): void; reject(err: Error): void }>();
  let ready: () => void = () => undefined;
  const started = new Promise<void>((resolve) => {
    ready = resolve;
  });
  let onFrozen: (report: FrozenReport) => void = () => undefined;
  let crashed: (err: Error) => void = () => undefined;
  const frozen = new Promise<FrozenReport>((resolve, reject) => {
    onFrozen = resolve;
    crashed = reject;
  });
  // Nobody waits for a freeze in most runs: an exit then is no failure of its own.
  frozen.catch(() => undefined);
  readline.createInterface({ input: child.stdout }).on('line', (line) => {
    const message = JSON.parse(line) as Partial<FrozenReport> & { ready?: true; id?: number; value?: unknown; error?: string };
    if (message.frozen !== undefined) return onFrozen(message as FrozenReport);
    if (message.ready) return ready();
    const request = waiting.get(message.id ?? -1);
    waiting.delete(message.id ?? -1);
    if (message.error !== undefined) request?.reject(new Error(message.error));
    else request?.resolve(message.value);
  });
  void exited.then(() => {
    for (const request of waiting.values()) request.reject(new Error(`outbox child exited: ${stderr}`));
    waiting.clear();
    crashed(new Error(`outbox child exited before its fault point: ${stderr}`));
  });
  const startTimer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  await Promise.race([started, exited.then(() => Promise.reject(new Error(`outbox child did not start: ${stderr}`)))]);
  clearTimeout(startTimer);

  let next = 1;
  const ask = <T>(command: OutboxCommand): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      if (gone) return reject(new Error(`outbox child exited: ${stderr}`));
      const id = next++;
      waiting.set(id, { resolve: resolve as (value: unknown) => void, reject });
      child.stdin.write(`${JSON.stringify({ id, command })}\n`);
    });
  const kill = async () => {
    child.kill('SIGKILL');
    await exited;
  };
  return {
    freezeAt: (point, nth = 1) => ask({ op: 'freezeAt', point, nth }),
    enqueue: (mail) => ask({ op: 'enqueue', mail }),
    items: () => ask({ op: 'items' }),
    resolveUncertain: (id, outcome) => ask({ op: 'resolveUncertain', id, outcome }),
    frozen: () => frozen,
    kill,
    close: async () => {
      await ask({ op: 'close' });
      await kill();
    },
  };
}
