import { spawn } from 'node:child_process';
import path from 'node:path';

export interface SyncChild {
  /** SIGKILLs the child (a kill at any moment is the point) and waits until it is gone. */
  stop(): Promise<void>;
}

/** Starts sync-child.ts on `dataDir` and resolves once it syncs. */
export async function startSyncChild(dataDir: string, draft: unknown): Promise<SyncChild> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'sync-child.ts'), dataDir, JSON.stringify(draft)], {
    env: process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`child did not start: ${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('syncing')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
  });
  return {
    stop: async () => {
      child.kill('SIGKILL');
      await exited;
    },
  };
}
