/**
 * What a body worker thread loads (sync/header-worker.ts imports each kind's modules when
 * it starts): it fetches sources and writes them to the store, so it must not load the
 * MIME parser, which held about 10 MB of each body worker's heap; parsing a source loads
 * it then. Checked in a fresh Node process, whose module cache tells what was loaded.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';

const sync = path.join(__dirname, '../../src-main/services/sync');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mailroom-worker-modules-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The node_modules packages loaded after running `body` (TypeScript, in a new process). */
function packagesLoadedBy(body: string): string[] {
  const script = path.join(dir, 'probe.ts');
  fs.writeFileSync(
    script,
    `async function main() {\n${body}\nconsole.log(JSON.stringify(Object.keys(require.cache)));\n}\nvoid main();\n`,
  );
  const run = spawnSync(process.execPath, ['--import', 'tsx', script], { encoding: 'utf8' });
  expect(run.stderr).toBe('');
  const loaded = JSON.parse(run.stdout) as string[];
  return [...new Set(loaded.flatMap((file) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file)?.[1] ?? []))];
}

it('a body worker loads the IMAP client but not the MIME parser, which the first parse loads', () => {
  const worker = `await import(${JSON.stringify(path.join(sync, 'body-worker.ts'))});\nawait import(${JSON.stringify(path.join(sync, 'worker-batches.ts'))});`;
  const bodyWorker = packagesLoadedBy(worker);
  expect(bodyWorker).toContain('imapflow');
  expect(bodyWorker).not.toContain('mailparser');
  const parsing = packagesLoadedBy(`${worker}\nawait (await import(${JSON.stringify(path.join(sync, 'arriving-message.ts'))})).mimeParser();`);
  expect(parsing).toContain('mailparser');
  // Two new Node processes compile TypeScript: seconds each on a busy machine; nothing here is timed.
}, 60_000);
