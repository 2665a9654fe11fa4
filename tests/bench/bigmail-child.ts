/**
 * The big-message benchmark's child (bigmail-bench.ts), bundled and run by plain Node like
 * the app's services. Mode "mailroom": the services sync an inbox holding one 100 MB message
 * (over the default 50 MB limit, so it is listed only), then download it on demand, which
 * runs the same fetch and parse as the body phase. Mode "imapflow": the baseline, one FETCH
 * of the whole source with imapflow, as Mailroom fetched bodies before ranges.
 * Either way it reports its RSS before the message and its peak while it arrives.
 */
import fs from 'node:fs';
import { ImapFlow } from 'imapflow';
import { NewAccountSchema } from '../../src-preload/contract';
import { createServices } from '../../src-main/services';
import { createNodePlatform } from '../../src-main/services/platform/node-platform';
import type { TestUser } from '../support/mail-servers';
import { MB, now, sleep, vmHwmMb } from './measure';

export interface BigMailChildConfig {
  mode: 'mailroom' | 'imapflow';
  dataDir: string;
  headerWorkerScript: string;
  imapsPort: number;
  submissionPort: number;
  user: TestUser;
}

export interface BigMailChildResult {
  beforeMb: number;
  peakMb: number;
  ms: number;
  bytes: number;
  /** How the peak was read: the kernel's VmHWM after resetting it, or sampling alone where that is refused. */
  peakFrom: 'vmhwm' | 'sampled';
}

/** Garbage collected and settled, so "before" is the level the process holds, not garbage of the setup. */
async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) {
    (globalThis as { gc?: () => void }).gc?.();
    await sleep(200);
  }
}

/** Resets the kernel's peak RSS (VmHWM) of this process: "5" to clear_refs (Linux 4.0+). */
function resetPeak(): boolean {
  try {
    fs.writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}

async function measure(work: () => Promise<number>): Promise<BigMailChildResult> {
  await settle();
  const before = process.memoryUsage.rss();
  const kernel = resetPeak();
  let peak = before;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 5);
  const t = now();
  try {
    const bytes = await work();
    const ms = now() - t;
    peak = Math.max(peak, process.memoryUsage.rss(), kernel ? (vmHwmMb() ?? 0) * MB : 0);
    return { beforeMb: before / MB, peakMb: peak / MB, ms, bytes, peakFrom: kernel ? 'vmhwm' : 'sampled' };
  } finally {
    clearInterval(timer);
  }
}

async function imapflowBaseline(config: BigMailChildConfig): Promise<BigMailChildResult> {
  const client = new ImapFlow({ host: '127.0.0.1', port: config.imapsPort, secure: true, auth: { user: config.user.username, pass: config.user.password }, logger: false });
  await client.connect();
  try {
    const lock = await client.getMailboxLock('INBOX', { readOnly: true });
    try {
      return await measure(async () => {
        const msg = await client.fetchOne('*', { source: true });
        return msg ? (msg.source?.length ?? 0) : 0;
      });
    } finally {
      lock.release();
    }
  } finally {
    await client.logout();
  }
}

async function mailroom(config: BigMailChildConfig): Promise<BigMailChildResult> {
  const s = createServices({
    dataDir: config.dataDir,
    platform: createNodePlatform(config.dataDir, { MAILROOM_SECRET_KEY: 'b2'.repeat(32) }),
    host: 'browser',
    version: 'bench',
    emit: () => undefined,
    headerWorkerScript: config.headerWorkerScript,
  });
  try {
    const account = await s.accounts.add(
      NewAccountSchema.parse({
        name: 'Big mail',
        email: config.user.email,
        username: config.user.username,
        password: config.user.password,
        imap: { host: '127.0.0.1', port: config.imapsPort, security: 'tls' },
        smtp: { host: '127.0.0.1', port: config.submissionPort, security: 'starttls' },
      }),
    );
    s.sync.start(account);
    let listed: { id: string } | undefined;
    for (let waited = 0; !listed; waited += 100) {
      if (waited > 120_000) throw new Error('the message was not listed within 2 minutes');
      const inbox = s.store.mailboxes.byPath(account.id, 'INBOX');
      listed = inbox ? s.store.messages.list(inbox.id, 0, 1).items[0] : undefined;
      await sleep(100);
    }
    const id = Number(listed.id);
    if (!s.openMessage(id)?.onDemand) throw new Error('the 100 MB message was not left for on-demand download');
    return await measure(async () => {
      const message = await s.downloadMessage(id);
      if (!message?.bodyLoaded) throw new Error('the download did not complete');
      return s.store.messages.locate(id)?.size ?? 0;
    });
  } finally {
    await s.close();
  }
}

const config = JSON.parse(process.env.MAILROOM_BIGMAIL_CONFIG ?? 'null') as BigMailChildConfig | null;
if (!config || !process.send) {
  console.error('bigmail-child runs from bigmail-bench.ts');
  process.exit(2);
}
(config.mode === 'mailroom' ? mailroom(config) : imapflowBaseline(config)).then(
  (result) => process.send?.({ type: 'result', result }, () => process.exit(0)),
  (err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : err);
    process.exit(1);
  },
);
