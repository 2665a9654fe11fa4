/**
 * The benchmark's cold start, in a fresh process (forked by sync-bench.ts on the data dir
 * the sync left): the services start as the app starts them (startMailroom: open the
 * store, start syncing), then the renderer's first calls through the handlers it
 * dispatches to, up to the first page of the inbox, then the first page of the Tickets
 * view. Bundled and run by plain Node.
 */
import { TicketFilterSchema } from '../../src-preload/contract/tickets';
import { startMailroom } from '../../src-main/bootstrap';
import { createNodePlatform } from '../../src-main/services/platform/node-platform';
import { now } from './measure';

export interface ColdStartConfig {
  dataDir: string;
  secretKey: string;
  headerWorkerScript: string;
}

export interface ColdStartResult {
  /** performance.now() here counts from the process's start: loadedMs is when main() ran (the bundle's modules loaded). */
  loadedMs: number;
  startedMs: number;
  firstPageMs: number;
  /** The first page of the Tickets view (what the window opens on): it waits for the saved team state to load. */
  firstTicketsMs: number;
  rows: number;
  total: number;
}

/** What the renderer's message list asks for first (src-renderer/stores/paged-list.ts). */
const PAGE_SIZE = 100;

async function main(): Promise<void> {
  const loadedMs = now();
  const config = JSON.parse(process.env.MAILROOM_COLD_START_CONFIG ?? 'null') as ColdStartConfig | null;
  if (!config || !process.send) throw new Error('cold-start-child.ts is started by tests/bench/sync-bench.ts');
  const mailroom = await startMailroom({
    dataDir: config.dataDir,
    platform: createNodePlatform(config.dataDir, { MAILROOM_SECRET_KEY: config.secretKey }),
    host: 'browser',
    version: 'bench',
    emit: () => undefined,
    headerWorkerScript: config.headerWorkerScript,
  });
  try {
    const startedMs = now();
    const { handlers } = mailroom;
    await handlers.getStatus({});
    const [account] = await handlers.listAccounts({});
    if (!account) throw new Error('no account in the store');
    const inbox = (await handlers.listMailboxes({ accountId: account.id })).find((m) => m.path === 'INBOX');
    if (!inbox) throw new Error('no INBOX in the store');
    const page = await handlers.listMessages({ mailboxId: inbox.id, offset: 0, limit: PAGE_SIZE });
    const firstPageMs = now();
    await handlers.listTickets({ filter: TicketFilterSchema.parse({}), sort: 'lastActivity', descending: true, offset: 0, limit: PAGE_SIZE });
    const result: ColdStartResult = { loadedMs, startedMs, firstPageMs, firstTicketsMs: now(), rows: page.items.length, total: page.total };
    await new Promise<void>((resolve) => process.send?.({ type: 'result', result }, () => resolve()));
  } finally {
    await mailroom.close();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : err);
    process.exit(1);
  },
);
