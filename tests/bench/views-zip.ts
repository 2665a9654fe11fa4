/**
 * Zip export of one 50-message ticket on the test Dovecot: the customer's thread (the
 * benchmark mailbox's realistic mix: plain, HTML, attachments) delivered, synced and
 * imported by real services, then exported through the exports service from the request
 * to the file complete. Baseline: raw imapflow fetching the 50 sources and yazl zipping
 * them, the floor for a zip of the same messages (Mailroom reads the sources it kept at
 * sync instead of the server).
 */
import { createWriteStream, statSync } from 'node:fs';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import { ImapFlow } from 'imapflow';
import yazl from 'yazl';
import { NewAccountSchema, TicketFilterSchema, type ExportProgress, type ExportStarted } from '../../src-preload/contract';
import { DEFAULT_USERS, startMailServers, type MailServers, type TestUser } from '../support/mail-servers';
import { createTestServices, removeTestDirs, testAccountInput, until } from '../support/services';
import { corpusMessage } from './corpus';
import { median, MB, now } from './measure';

const MESSAGES = 50;
const HEADER_END = '\r\n\r\n';

export interface ZipResult {
  /** Why the measure could not be taken. */
  error: string | null;
  messages: number;
  runsMs: number[];
  mb: number;
  withoutAttachmentsMs: number;
  withoutAttachmentsMb: number;
  /** imapflow FETCH of the sources + yazl, per run. */
  baselineMs: number[];
}

/** Message i of the thread: corpus message i's body and MIME structure under the thread's headers. */
function threadMessage(i: number): Buffer {
  const raw = corpusMessage(i).raw.toString('utf8');
  const split = raw.indexOf(HEADER_END);
  const kept = raw
    .slice(0, split)
    .split('\r\n')
    .filter((h) => !/^(From|Subject|Message-ID|In-Reply-To|References|Cc):/i.test(h));
  const id = (k: number) => `<zip-thread-${k}@customers.example>`;
  const thread = [
    'From: "Chiara Rossi" <chiara.rossi@customers.example>',
    `Subject: ${i === 0 ? '' : 'Re: '}Order 10044 arrived damaged`,
    `Message-ID: ${id(i)}`,
    ...(i === 0 ? [] : [`In-Reply-To: ${id(i - 1)}`, `References: ${Array.from({ length: Math.min(i, 10) }, (_, k) => id(i - Math.min(i, 10) + k)).join(' ')}`]),
  ];
  return Buffer.from([...thread, ...kept].join('\r\n') + raw.slice(split), 'utf8');
}

async function zipFloor(servers: MailServers, user: TestUser, file: string): Promise<number> {
  const start = now();
  const client = new ImapFlow({ host: servers.host, port: servers.imapsPort, secure: true, auth: { user: user.username, pass: user.password }, logger: false });
  await client.connect();
  try {
    const lock = await client.getMailboxLock('INBOX', { readOnly: true });
    try {
      const zip = new yazl.ZipFile();
      const out = createWriteStream(file);
      zip.outputStream.pipe(out);
      for await (const msg of client.fetch('1:*', { uid: true, source: true })) {
        if (msg.source) zip.addBuffer(msg.source, `${String(msg.seq).padStart(3, '0')}.eml`);
      }
      zip.end();
      await finished(out);
    } finally {
      lock.release();
    }
  } finally {
    await client.logout().catch(() => client.close());
  }
  return now() - start;
}

export async function measureZip(runs: number, timeZone: string, log: (line: string) => void): Promise<ZipResult> {
  const user = DEFAULT_USERS[0]!;
  const servers = await startMailServers({ users: [user] });
  const t = createTestServices();
  try {
    await servers.deliverMany(user.username, Array.from({ length: MESSAGES }, (_, i) => threadMessage(i)));
    const account = await t.s.accountLifecycle.add(NewAccountSchema.parse(testAccountInput(servers, user, { key: 'ZIP' })));
    const ticket = await until(
      `one ticket with the ${MESSAGES} messages, their sources kept`,
      () => {
        const found = t.s.tickets.listTickets(TicketFilterSchema.parse({}), 'lastActivity', true, 0, 5).items[0];
        if (!found || found.messageCount < MESSAGES) return false;
        const detail = t.s.tickets.getTicket(account.id, found.key);
        const kept = detail.messages.filter((m) => m.messageId !== null && t.s.store.messages.rawOf(Number(m.messageId)) !== null).length;
        return kept === MESSAGES && found;
      },
      180_000,
      200,
    );
    log(`  ticket ${ticket.token} holds ${ticket.messageCount} messages, their sources kept`);
    const exportZip = async (attachments: boolean): Promise<{ ms: number; mb: number }> => {
      const start = now();
      const started: ExportStarted = await t.s.exports.exportZip({ tickets: [{ accountId: account.id, ticket: ticket.key }], attachments, timeZone });
      if (!started.started) throw new Error('the zip export did not start');
      const end = await until(
        'the zip export to finish',
        () => {
          const last = t.events.filter((e) => e.name === 'exportProgress' && (e.payload as ExportProgress).id === started.id).at(-1)?.payload as ExportProgress | undefined;
          return last && last.state !== 'running' && last;
        },
        120_000,
        1,
      );
      const ms = now() - start;
      if (end.state !== 'done' || end.missing > 0) throw new Error(`the zip export ended ${end.state} with ${end.missing} missing: ${end.error?.cause ?? ''}`);
      return { ms, mb: statSync(end.path).size / MB };
    };
    const runsMs: number[] = [];
    let mb = 0;
    for (let r = 0; r < runs; r++) {
      const run = await exportZip(true);
      runsMs.push(run.ms);
      mb = run.mb;
    }
    const without = await exportZip(false);
    const baselineMs: number[] = [];
    for (let r = 0; r < runs; r++) baselineMs.push(await zipFloor(servers, user, path.join(t.dir, `floor-${r}.zip`)));
    log(`  zip ${median(runsMs).toFixed(0)} ms (${mb.toFixed(1)} MB), without attachments ${without.ms.toFixed(0)} ms; imapflow + yazl ${median(baselineMs).toFixed(0)} ms`);
    return { error: null, messages: MESSAGES, runsMs, mb, withoutAttachmentsMs: without.ms, withoutAttachmentsMb: without.mb, baselineMs };
  } finally {
    await t.s.close();
    await servers.stop();
    removeTestDirs();
  }
}
