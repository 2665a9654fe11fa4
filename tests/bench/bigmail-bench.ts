/**
 * Big-message benchmark: `npm run bench:bigmail -- [--out FILE]` (not part of `npm test`).
 *
 * Appends one 100 MB message (a 74 MB attachment, base64) to a private Dovecot, then
 * measures in child processes of their own (bundled, plain Node, `--expose-gc` so the level
 * before the message is what the process holds):
 *   - Mailroom: the message is over the default 50 MB limit, so the sync lists it; it is
 *     then downloaded on demand (ranges to disk, streamed parse, attachment hashed into the
 *     store): big_message_peak_rss_delta_mb is its peak RSS over its RSS before;
 *   - the baseline, in the same run: one imapflow FETCH of the whole source, which is what
 *     holding the message in memory once costs.
 * Prints a table and writes FILE as JSON. It prints; it asserts nothing.
 */
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { bigAttachmentMessage } from '../support/big-mail';
import { startMailServers, type TestUser } from '../support/mail-servers';
import { appWorker, bundleChild } from './bundle';
import type { BigMailChildConfig, BigMailChildResult } from './bigmail-child';
import { MB, benchEntry, fmt, machine, round, table } from './measure';

const CERT_FILE = path.join(__dirname, '..', 'support', 'tls', 'server.crt');
const user: TestUser = { username: 'bigmail@example.test', password: 'bigmail-pass-1', email: 'bigmail@example.test' };

function runChild(script: string, config: BigMailChildConfig): Promise<BigMailChildResult> {
  return new Promise((resolve, reject) => {
    const child = fork(script, [], { execArgv: ['--expose-gc'], env: { ...process.env, MAILROOM_BIGMAIL_CONFIG: JSON.stringify(config) } });
    let result: BigMailChildResult | null = null;
    child.on('message', (msg: { type?: string; result?: BigMailChildResult }) => {
      if (msg.type === 'result' && msg.result) result = msg.result;
    });
    child.on('error', reject);
    child.on('exit', (code) => (result ? resolve(result) : reject(new Error(`bigmail-child (${config.mode}) ended without a result (code ${code})`))));
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { out: { type: 'string', default: 'bench-bigmail.json' } } });
  const servers = await startMailServers({ users: [user] });
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'mailroom-bigmail-bench-'));
  try {
    const message = bigAttachmentMessage('Log archive, 100 MB', 74 * MB, 'logs.bin');
    await servers.append(user.username, 'INBOX', message.raw);
    const sizeMb = message.size / MB;
    console.log(`Appended one ${fmt(sizeMb)} MB message; load: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);

    const script = await bundleChild(path.join(__dirname, 'bigmail-child.ts'));
    const headerWorkerScript = appWorker();
    const base = { dataDir, headerWorkerScript, imapsPort: servers.imapsPort, submissionPort: servers.submissionPort, user };
    const baseline = await runChild(script, { ...base, mode: 'imapflow' });
    const mailroom = await runChild(script, { ...base, mode: 'mailroom' });
    const delta = (r: BigMailChildResult) => r.peakMb - r.beforeMb;

    console.log(
      table(
        ['', 'before MB', 'peak MB', 'delta MB', 'seconds', 'peak from'],
        [
          ['imapflow, whole source in one FETCH', fmt(baseline.beforeMb), fmt(baseline.peakMb), fmt(delta(baseline)), fmt(baseline.ms / 1000), baseline.peakFrom],
          ['Mailroom, download on demand (ranges, stream)', fmt(mailroom.beforeMb), fmt(mailroom.peakMb), fmt(delta(mailroom)), fmt(mailroom.ms / 1000), mailroom.peakFrom],
        ],
      ),
    );
    const result = {
      big_message_size_mb: round(sizeMb),
      big_message_peak_rss_delta_mb: round(delta(mailroom)),
      big_message_download_s: round(mailroom.ms / 1000),
      baseline_imapflow_whole_fetch_peak_rss_delta_mb: round(delta(baseline)),
      peak_rss_delta_vs_imapflow_ratio: round(delta(mailroom) / delta(baseline), 2),
      peak_from: mailroom.peakFrom,
      load_average: os.loadavg().map((l) => round(l, 2)),
      machine: machine(),
    };
    writeFileSync(values.out, `${JSON.stringify(result, null, 2)}\n`);
    console.log(`big_message_peak_rss_delta_mb: ${fmt(result.big_message_peak_rss_delta_mb)} (imapflow's whole fetch: ${fmt(result.baseline_imapflow_whole_fetch_peak_rss_delta_mb)}); written to ${values.out}`);
  } finally {
    await servers.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

benchEntry(__filename, CERT_FILE, main);
