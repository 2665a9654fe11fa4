/**
 * Exactly once, whatever happens to the sender: a Mailroom process sends mail through
 * the real OutboxService to the real Postfix and is SIGKILLed at every fault point of
 * the outbox (after the commit of a new item, of the claim, on connecting, after
 * persisting "the final dot may go", after reading the 250, after recording it, after
 * filing in Sent) at several mails of a batch, and at seeded random moments; and a proxy
 * loses Postfix's answer to the final dot (the mail is delivered, the sender cannot
 * know). After each kill the process restarts over the same data dir and finishes, and
 * whoever asked for the mail asks again with the same idempotency key (as the
 * auto-replier does after a restart). Then the recipient's mailbox, read over IMAP, has
 * each mail exactly once, or the mail is uncertain (the agent decides) and arrived at
 * most once; nothing the outbox calls sent is missing; no mail is queued twice; Sent
 * holds one copy of each sent mail.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutboxItem, OutboxState } from '../../src-preload/contract';
import { makeDataDir } from '../support/host';
import { DEFAULT_USERS, startMailServers, type MailServers } from '../support/mail-servers';
import type { TestMail } from '../support/outbox-child';
import { startOutboxChild, type OutboxChild } from '../support/outbox-child-process';
import { serverMessageIdCounts } from '../support/server-inbox';
import { removeTestDirs, testAccountInput } from '../support/services';
import { startSmtpCutProxy, type SmtpCutProxy } from '../support/smtp-cut-proxy';
import { eventually } from '../support/team-clients';

const [alice, bob] = [DEFAULT_USERS[0]!, DEFAULT_USERS[1]!];
/** The outbox's fault points, in the order one mail passes them. */
const POINTS = ['enqueued', 'claimed', 'connected', 'data-end', 'accepted', 'recorded', 'sent-folder'] as const;
/** Mails enqueued together in each round: the kill lands at the first, second or third of them. */
const BATCH = 3;
const SEED = 20261202;
const RANDOM_KILLS = 4;

type Fault = { kind: 'point'; point: (typeof POINTS)[number]; nth: number } | { kind: 'random'; afterMs: number } | { kind: 'lost-reply' };

/** Every point at the first mail of a batch and at a later one, then kills at seeded moments, then lost answers to the dot. */
const FAULTS: Fault[] = [
  ...POINTS.flatMap((point, i): Fault[] => [
    { kind: 'point', point, nth: 1 },
    { kind: 'point', point, nth: 2 + (i % (BATCH - 1)) },
  ]),
  ...fc.sample(fc.integer({ min: 0, max: 1500 }), { seed: SEED, numRuns: RANDOM_KILLS }).map((afterMs): Fault => ({ kind: 'random', afterMs })),
  { kind: 'lost-reply' },
  { kind: 'lost-reply' },
];

const SETTLED: OutboxState[] = ['sent', 'failed', 'uncertain', 'cancelled'];
const settled = (item: OutboxItem) => SETTLED.includes(item.state) && item.sentFolder !== 'pending' && item.ticketLogged !== 'pending';

let servers: MailServers;
let proxy: SmtpCutProxy;

beforeAll(async () => {
  servers = await startMailServers();
  proxy = await startSmtpCutProxy(servers.smtpsPort, servers.certPem);
});

afterAll(async () => {
  await proxy?.close();
  await servers?.stop();
  removeTestDirs();
});

const run = promisify(execFile);

/** Postfix holds no mail any more: all it accepted went on to Dovecot (or bounced), so the counts are final. */
async function postfixQueueEmpty(): Promise<boolean> {
  const { stdout } = await run('postqueue', ['-c', servers.postfixConfigDir, '-j']);
  return stdout.trim() === '';
}

const describeFault = (fault: Fault): string =>
  fault.kind === 'point' ? `${fault.point} (mail ${fault.nth})` : fault.kind === 'random' ? `random, ${fault.afterMs} ms` : 'reply to the dot lost';

interface Row {
  fault: string;
  lostReply: boolean;
  mail: string;
  state: OutboxState;
  deliveries: number;
  sentCopies: number;
}

describe('outbox: exactly once under kills and lost replies', () => {
  it(`each mail arrives once or is uncertain, over ${FAULTS.length} faults`, { timeout: 180_000 }, async () => {
    const dataDir = makeDataDir('mailroom-outbox-kill-');
    const draft = testAccountInput(servers, alice, { smtp: { host: '127.0.0.1', port: proxy.port, security: 'tls' } });
    const rounds: { fault: Fault; label: string; mails: TestMail[] }[] = [];
    let child: OutboxChild = await startOutboxChild(dataDir, draft);
    try {
      for (const [round, fault] of FAULTS.entries()) {
        const mails = Array.from({ length: BATCH }, (_, i): TestMail => ({ subject: `Round ${round} mail ${i + 1}`, to: bob.email, idempotencyKey: `fault-${round}-${i + 1}` }));
        const label = `#${round} ${describeFault(fault)}`;
        rounds.push({ fault, label, mails });
        if (fault.kind === 'point') await child.freezeAt(fault.point, fault.nth);
        if (fault.kind === 'lost-reply') proxy.cutAfterNextDot();
        const before = child;
        // A freeze inside enqueue never answers: the kill below ends the waiting.
        const asked = (async () => {
          const firstIds = new Map<string, string>();
          for (const mail of mails) firstIds.set(mail.idempotencyKey, (await before.enqueue(mail)).id);
          return firstIds;
        })().catch(() => new Map<string, string>());
        if (fault.kind === 'point') await before.frozen();
        if (fault.kind === 'random') await new Promise((resolve) => setTimeout(resolve, fault.afterMs));
        if (fault.kind === 'lost-reply') {
          await asked;
          await eventually('the lost reply makes a mail uncertain', async () => (await before.items()).some((i) => i.state === 'uncertain' && mails.some((m) => m.subject === i.subject)));
        }
        await before.kill();
        const firstIds = await asked;

        child = await startOutboxChild(dataDir, draft);
        // Whoever decided to send asks again after the restart: the same key must give the same item.
        for (const mail of mails) {
          const again = await child.enqueue(mail);
          const first = firstIds.get(mail.idempotencyKey);
          if (first) expect(again.id, `${label}: ${mail.subject} enqueued twice`).toBe(first);
        }
        const live = child;
        await eventually(
          `${label} to settle`,
          async () => (await live.items()).filter((i) => mails.some((m) => m.subject === i.subject)).every(settled),
          30_000,
          async () => JSON.stringify((await live.items()).filter((i) => !settled(i))),
        );
      }
      const items = await child.items();
      await child.close();

      await eventually('Postfix to hand every accepted mail to Dovecot', postfixQueueEmpty);
      const delivered = await serverMessageIdCounts(servers, bob);
      const filed = await serverMessageIdCounts(servers, alice, 'Sent');
      const rows: Row[] = [];
      for (const { fault, label, mails } of rounds) {
        for (const mail of mails) {
          const mine = items.filter((i) => i.subject === mail.subject);
          expect(mine, `${label}: ${mail.subject} must be one outbox item`).toHaveLength(1);
          const item = mine[0]!;
          rows.push({ fault: label, lostReply: fault.kind === 'lost-reply', mail: mail.subject, state: item.state, deliveries: delivered.get(item.messageId) ?? 0, sentCopies: filed.get(item.messageId) ?? 0 });
        }
      }
      console.log(table(rows));

      for (const row of rows) {
        const where = `${row.fault}: ${row.mail} (${row.state})`;
        if (row.state === 'sent') expect(row.deliveries, `${where} delivered`).toBe(1);
        else if (row.state === 'uncertain') expect(row.deliveries, `${where} delivered`).toBeLessThanOrEqual(1);
        else expect.fail(`${where}: only sent or uncertain is possible here`);
        expect(row.sentCopies, `${where} copies in Sent`).toBe(row.state === 'sent' ? 1 : 0);
      }
      // The lost answers: Postfix took the mail, the sender says it does not know.
      expect(proxy.swallowed().map((reply) => reply.slice(0, 3))).toEqual(['250', '250']);
      for (const row of rows.filter((r) => r.lostReply)) expect(row.deliveries, `${row.fault}: ${row.mail}`).toBe(1);
      // Nothing arrived that the outbox does not know.
      const known = new Set(items.map((i) => i.messageId));
      expect([...delivered.keys()].filter((id) => !known.has(id))).toEqual([]);
    } finally {
      await child.kill();
    }
  });
});

/** The closing note's table: kill point → state after restart → deliveries. */
function table(rows: Row[]): string {
  const header = ['fault', 'mail', 'state after restart', 'deliveries', 'in Sent'];
  const cells = rows.map((r) => [r.fault, r.mail, r.state, String(r.deliveries), String(r.sentCopies)]);
  const widths = header.map((h, c) => Math.max(h.length, ...cells.map((row) => row[c]!.length)));
  const line = (row: string[]) => `| ${row.map((cell, c) => cell.padEnd(widths[c]!)).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...cells.map(line)].join('\n');
}
