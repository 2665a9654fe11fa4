/**
 * A child process that runs the real services on a data dir and syncs, so a test
 * can SIGKILL it at any moment. Run with `node --import tsx sync-child.ts <dataDir> <draft JSON>`:
 * the first run adds the account from the draft, later runs resume it.
 */
import { NewAccountSchema } from '../../src-preload/contract';
import { createServices } from '../../src-main/services';
import { createNodePlatform } from '../../src-main/services/platform/node-platform';
import { HEADER_WORKER_SOURCE } from './header-worker';

async function main(): Promise<void> {
  const [dataDir, draft] = process.argv.slice(2);
  if (!dataDir || !draft) throw new Error('usage: sync-child <dataDir> <draft JSON>');
  const s = createServices({
    dataDir,
    platform: createNodePlatform(dataDir, { MAILROOM_SECRET_KEY: 'c3'.repeat(32) }),
    host: 'browser',
    version: 'test',
    emit: () => undefined,
    headerWorkerScript: HEADER_WORKER_SOURCE,
  });
  if (s.accounts.list().length === 0) await s.accounts.add(NewAccountSchema.parse(JSON.parse(draft)));
  s.sync.startAll();
  process.stdout.write('syncing\n');
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
