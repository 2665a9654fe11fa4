/**
 * The browser host's data-dir lock between real processes: a live holder is named to
 * the next one and keeps the lock; a killed holder's lock is taken over.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DataDirLockedError, LOCK_FILE, lockDataDir } from '../../src-main/host/data-dir-lock';

const HOLDER = path.join(__dirname, '../support/lock-holder.ts');
const children: ChildProcess[] = [];

interface Run {
  child: ChildProcess;
  /** Resolves with the first line printed, or with the exit code and output. */
  firstLine: Promise<string>;
  exited: Promise<{ code: number | null; output: string }>;
}

function run(dataDir: string, url?: string): Run {
  const child = spawn(process.execPath, ['--import', 'tsx', HOLDER, dataDir, ...(url ? [url] : [])], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let output = '';
  const firstLine = new Promise<string>((resolve) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('\n')) resolve(output.split('\n')[0]!);
    });
  });
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; output: string }>((resolve) => child.on('exit', (code) => resolve({ code, output })));
  return { child, firstLine, exited };
}

async function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

afterEach(async () => {
  for (const child of children.splice(0)) await kill(child);
});

// Each case starts real Node processes (tsx compiles on the way): generous on a busy machine.
describe('data-dir lock', { timeout: 60_000 }, () => {
  it('refuses a second process while the first lives, naming it, and hands over once it is killed', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mailroom-lock-'));
    const url = 'http://127.0.0.1:8123/?token=abc';
    const first = run(dataDir, url);
    expect(await first.firstLine).toBe('locked');

    const second = run(dataDir);
    const refused = await second.exited;
    expect(refused.code).toBe(3);
    expect(refused.output).toContain(`pid ${first.child.pid}`);
    expect(refused.output).toContain(url);
    expect(refused.output).toContain(dataDir);

    // This process too is refused, with the holder in the error.
    let error: unknown;
    try {
      lockDataDir(dataDir);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(DataDirLockedError);
    expect((error as DataDirLockedError).holder?.pid).toBe(first.child.pid);

    // SIGKILL leaves the lock file behind; its holder is gone, so the next process takes over.
    await kill(first.child);
    expect(fs.existsSync(path.join(dataDir, LOCK_FILE))).toBe(true);
    const third = run(dataDir);
    expect(await third.firstLine).toBe('locked');
    expect(JSON.parse(fs.readFileSync(path.join(dataDir, LOCK_FILE), 'utf8'))).toMatchObject({ pid: third.child.pid });
  });

  it('releases on exit, and a fresh lock holds no address until it has one', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mailroom-lock-'));
    const first = run(dataDir);
    expect(await first.firstLine).toBe('locked');
    expect(JSON.parse(fs.readFileSync(path.join(dataDir, LOCK_FILE), 'utf8'))).not.toHaveProperty('url');
    first.child.kill('SIGTERM');
    expect((await first.exited).code).toBe(0);
    expect(fs.existsSync(path.join(dataDir, LOCK_FILE))).toBe(false);

    const lock = lockDataDir(dataDir);
    lock.release();
    expect(fs.readdirSync(dataDir)).toEqual([]);
  });
});
