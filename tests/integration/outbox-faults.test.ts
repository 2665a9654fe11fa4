/**
 * Exactly once, whatever happens to the sender: a Mailroom process sends mail through
 * the real OutboxService to the real Postfix and is SIGKILLed at every fault point of
 * the outbox (the new item committed, the claim, signed in, "the final dot may go"
 * persisted, the 250 read, the 250 recorded, filed in Sent, added to the ticket), at
 * the first and at a later mail of a batch, and at seeded random moments; and a proxy
 * loses Postfix's answer to the final dot (the mail is delivered, the sender cannot
 * know). After each kill the process restarts over the same data dir and finishes, and
 * whoever asked for the mail asks again with the same idempotency key (as the
 * auto-replier does after a restart). Then the recipient's mailbox, read over IMAP, has
 * each mail exactly once, or the mail is uncertain (the agent decides) and arrived at
 * most once; nothing the outbox calls sent is missing; no mail is queued twice; Sent
 * holds one copy and the ticket one "replied" event of each sent mail. Finally the agent
 * decides each uncertain mail knowing whether it arrived ("It arrived" / "Send it
 * again"), and then every mail is sent, arrived once, is in Sent once and in its ticket once.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutboxItem, OutboxState } from '../../src-preload/contract';
import type { OutboxFaultPoint } from '../../src-main/services/outbox/outbox-service';
import { makeDataDir } from '../support/host';
import { DEFAULT_USERS, startMailServers, type MailServers } from '../support/mail-servers';
import type { TestMail } from '../support/outbox-child';
import { buildOutboxChild, startOutboxChild, type OutboxChild } from '../support/outbox-child-process';
import { serverMessageIdCounts } from '../support/server-inbox';
import { testAccountInput } from '../support/services';
import { startSmtpCutProxy, type SmtpCutProxy } from '../support/smtp-cut-proxy';
import { eventually } from '../support/team-clients';

const [alice, bob] = [DEFAULT_USERS[0]!, DEFAULT_USERS[1]!];
/** Mails enqueued together in each round: the kill lands at the first, second or third of them. */
const BATCH = 3;
const SEED = 20261202;
const RANDOM_KILLS = 4;

/**
 * The outbox's fault points, in the order one mail passes them, with what the mail killed
 * there must be once the restarted process finished: the server can have it only from
 * data-end on (before it the restart sends it), and up to the recorded 250 nobody knows.
 */
const POINTS: { point: OutboxFaultPoint; after: OutboxState; deliveries: number }[] = [
  { point: 'enqueued', after: 'sent', deliveries: 1 },
  { point: 'claimed', after: 'sent', deliveries: 1 },
  { point: 'connected', after: 'sent', deliveries: 1 },
  // Frozen before the message's last byte left: the server never saw the final dot.
  { point: 'data-end', after: 'uncertain', deliveries: 0 },
  { point: 'accepted', after: 'uncertain', deliveries: 1 },
  { point: 'recorded', after: 'sent', deliveries: 1 },
  { point: 'sent-folder', after: 'sent', deliveries: 1 },
  { point: 'ticket-logged', after: 'sent', deliveries: 1 },
];

type Fault =
  /** A batch sent without trouble: how long a batch takes on this machine now. */
  | { kind: 'none' }
  | { kind: 'point'; point: OutboxFaultPoint; nth: number }
  /** Killed this share of an untroubled batch's time after its first enqueue (the machine's speed varies, the share does not). */
  | { kind: 'random'; share: number }
  | { kind: 'lost-reply' };

/** A batch without trouble, every point at the first mail of a batch and at a later one, kills at seeded moments, lost answers to the dot. */
const FAULTS: Fault[] = [
  { kind: 'none' },
  ...POINTS.flatMap(({ point }, i): Fault[] => [
    { kind: 'point', point, nth: 1 },
    { kind: 'point', point, nth: 2 + (i % (BATCH - 1)) },
  ]),
  // One seeded moment in each quarter (for four) of a batch's time, so they spread over all of it.
  ...fc.sample(fc.noBias(fc.integer({ min: 0, max: 99 })), { seed: SEED, numRuns: RANDOM_KILLS }).map((percent, k): Fault => ({ kind: 'random', share: (k + percent / 100) / RANDOM_KILLS })),
  { kind: 'lost-reply' },
  { kind: 'lost-reply' },
];

const SETTLED: OutboxState[] = ['sent', 'failed', 'uncertain', 'cancelled'];
/** Nothing more will happen without the agent: the steps after sending are done too (they wait for nothing else). */
const settled = (item: OutboxItem) => SETTLED.includes(item.state) && (item.state !== 'sent' || (item.sentFolder !== 'pending' && item.ticketLogged !== 'pending'));

let servers: MailServers;
let proxy: SmtpCutProxy;
let childScript: string;
const dirs: string[] = [];
const tempDir = (prefix: string) => {
  const dir = makeDataDir(prefix);
  dirs.push(dir);
  return dir;
};

beforeAll(async () => {
  childScript = await buildOutboxChild(tempDir('mailroom-outbox-child-'));
  servers = await startMailServers();
  proxy = await startSmtpCutProxy(servers.smtpsPort, servers.certPem);
});

afterAll(async () => {
  await proxy?.close();
  await servers?.stop();
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

const run = promisify(execFile);

/** Postfix holds no mail any more: all it accepted went on to Dovecot, so the counts are final. */
async function postfixQueueEmpty(): Promise<boolean> {
  const { stdout } = await run('postqueue', ['-c', servers.postfixConfigDir, '-j']);
  return stdout.trim() === '';
}

/** How often each team log event id waits in the data dir's team outbox (no sync runs, so they all wait there). */
function teamEventIds(dataDir: string): Map<string, number> {
  const db = new Database(path.join(dataDir, 'mailroom.sqlite3'), { readonly: true });
  try {
    const counts = new Map<string, number>();
    for (const { id } of db.prepare('SELECT event_id AS id FROM team_outbox').all() as { id: string }[]) counts.set(id, (counts.get(id) ?? 0) + 1);
    return counts;
  } finally {
    db.close();
  }
}

const describeFault = (fault: Fault): string =>
  fault.kind === 'none'
    ? 'no fault'
    : fault.kind === 'point'
      ? `${fault.point}, mail ${fault.nth}`
      : fault.kind === 'random'
        ? `random, at ${Math.round(fault.share * 100)} % of a batch`
        : 'answer to the dot lost';

interface Round {
  fault: Fault;
  label: string;
  mails: TestMail[];
}

/** One mail as the servers and the data dir have it. */
interface Seen {
  item: OutboxItem;
  state: OutboxState;
  deliveries: number;
  sentCopies: number;
  ticketEvents: number;
}

interface Row {
  round: Round;
  /** Position in the batch, from 1. */
  mail: number;
  /** The mail the kill point or the lost answer hit. */
  hit: boolean;
  /** Once the restarted process finished the round. */
  restarted: Seen;
  /** What the agent chose for an uncertain mail, knowing whether it arrived. */
  decision: 'delivered' | 'resend' | null;
  /** After the agent's decisions were carried out. */
  final: Seen;
}

/** Every test mail's outbox item, and its copies at the recipient, in Sent and among the ticket's events; each mail must be one item. */
async function look(child: OutboxChild, dataDir: string, rounds: Round[]): Promise<Seen[][]> {
  const items = await child.items();
  await eventually('Postfix to hand every accepted mail to Dovecot', postfixQueueEmpty);
  const delivered = await serverMessageIdCounts(servers, bob);
  const filed = await serverMessageIdCounts(servers, alice, 'Sent');
  const events = teamEventIds(dataDir);
  // Nothing arrived that the outbox does not know.
  const known = new Set(items.map((i) => i.messageId));
  expect([...delivered.keys()].filter((id) => !known.has(id))).toEqual([]);
  return rounds.map((round) =>
    round.mails.map((mail) => {
      const mine = items.filter((item) => item.subject === mail.subject);
      expect(mine, `${round.label}: ${mail.subject} must be one outbox item`).toHaveLength(1);
      const item = mine[0]!;
      return {
        item,
        state: item.state,
        deliveries: delivered.get(item.messageId) ?? 0,
        sentCopies: filed.get(item.messageId) ?? 0,
        ticketEvents: events.get(`outbox:${item.id}:replied`) ?? 0,
      };
    }),
  );
}

/** Waits until none of these mails changes any more without the agent. */
async function settle(child: OutboxChild, what: string, mails: TestMail[]): Promise<void> {
  const subjects = new Set(mails.map((m) => m.subject));
  const mine = async () => (await child.items()).filter((i) => subjects.has(i.subject));
  await eventually(what, async () => (await mine()).every(settled), 30_000, async () => JSON.stringify((await mine()).filter((i) => !settled(i))));
}

/**
 * Enqueues the batch, lands the fault, kills the child. Resolves with the item ids the child
 * gave before it died, and the subject of the mail a kill point or a lost answer hit.
 */
async function killDuring(child: OutboxChild, { fault, mails, label }: Round, batchMs: number): Promise<{ firstIds: Map<string, string>; hit: string | null }> {
  if (fault.kind === 'point') await child.freezeAt(fault.point, fault.nth);
  if (fault.kind === 'lost-reply') proxy.cutAfterNextDot();
  // A freeze inside enqueue never answers: the kill below ends the wait (ids given so far are kept).
  const firstIds = new Map<string, string>();
  const asked = (async () => {
    for (const mail of mails) firstIds.set(mail.idempotencyKey, (await child.enqueue(mail)).id);
  })().catch(() => undefined);
  let hit: string | null = null;
  if (fault.kind === 'point') {
    const { working } = await child.frozen();
    // One mail at a time: the one being sent or filed, or the one being enqueued.
    if (fault.point !== 'enqueued') expect(working, `${label}: the mails being sent`).toHaveLength(1);
    hit = fault.point === 'enqueued' ? mails[fault.nth - 1]!.subject : working[0]!;
  }
  if (fault.kind === 'random') await new Promise((resolve) => setTimeout(resolve, fault.share * batchMs));
  if (fault.kind === 'lost-reply') {
    await asked;
    const subjects = new Set(mails.map((m) => m.subject));
    hit = await eventually('the lost answer to make a mail uncertain', async () => (await child.items()).find((i) => i.state === 'uncertain' && subjects.has(i.subject))?.subject);
  }
  await child.kill();
  await asked;
  return { firstIds, hit };
}

describe('outbox: exactly once under kills and lost answers', () => {
  // About a minute on an idle 2-core machine; the limit only ends a hung run, with room for a machine busy with other tests.
  it(`each mail arrives once or is uncertain and arrived at most once, over ${FAULTS.length - 1} faults`, { timeout: 360_000 }, async () => {
    const dataDir = tempDir('mailroom-outbox-kill-');
    const draft = testAccountInput(servers, alice, { smtp: { host: '127.0.0.1', port: proxy.port, security: 'tls' } });
    const rounds: Round[] = FAULTS.map((fault, r) => ({
      fault,
      label: `#${r} ${describeFault(fault)}`,
      mails: Array.from({ length: BATCH }, (_, i): TestMail => ({ subject: `Round ${r} mail ${i + 1}`, to: bob.email, idempotencyKey: `fault-${r}-${i + 1}`, ticket: `ticket-${r}` })),
    }));
    let child = await startOutboxChild(childScript, dataDir, draft);
    try {
      let batchMs = 0;
      const hits = new Set<string>();
      for (const round of rounds) {
        if (round.fault.kind === 'none') {
          const began = Date.now();
          for (const mail of round.mails) await child.enqueue(mail);
          await settle(child, `${round.label} to settle`, round.mails);
          batchMs = Date.now() - began;
          continue;
        }
        const { firstIds, hit } = await killDuring(child, round, batchMs);
        if (hit) hits.add(hit);
        child = await startOutboxChild(childScript, dataDir, draft);
        // Whoever decided to send asks again after the restart: the same key must give the same item.
        for (const mail of round.mails) {
          const again = await child.enqueue(mail);
          const first = firstIds.get(mail.idempotencyKey);
          if (first) expect(again.id, `${round.label}: ${mail.subject} enqueued twice`).toBe(first);
        }
        await settle(child, `${round.label} to settle`, round.mails);
      }
      const restarted = await look(child, dataDir, rounds);

      // The agent decides each uncertain mail knowing whether it arrived (asking the customer, in life).
      const decisions = restarted.map((seen) => seen.map((s) => (s.state !== 'uncertain' ? null : s.deliveries === 1 ? 'delivered' : 'resend')));
      for (const [r, seen] of restarted.entries()) {
        for (const [i, s] of seen.entries()) {
          const decision = decisions[r]![i] ?? null;
          if (decision) await child.resolveUncertain(s.item.id, decision);
        }
      }
      await settle(child, 'the decided mails to settle', rounds.flatMap((r) => r.mails));
      const final = await look(child, dataDir, rounds);
      await child.close();

      const rows: Row[] = rounds.flatMap((round, r) => round.mails.map((m, i): Row => ({ round, mail: i + 1, hit: hits.has(m.subject), restarted: restarted[r]![i]!, decision: decisions[r]![i] ?? null, final: final[r]![i]! })));
      console.log(`Outbox kill test (seed ${SEED}): kill point → state after restart → deliveries\n${table(rows)}`);

      for (const { round, mail, hit, restarted: after } of rows) {
        const where = `${round.label}, mail ${mail} (${after.state})`;
        if (after.state === 'sent') expect(after.deliveries, `${where}: deliveries`).toBe(1);
        else if (after.state === 'uncertain') expect(after.deliveries, `${where}: deliveries`).toBeLessThanOrEqual(1);
        else expect.fail(`${where}: nothing refuses these mails, so only sent or uncertain may come out`);
        expect(after.sentCopies, `${where}: copies in Sent`).toBe(after.state === 'sent' ? 1 : 0);
        expect(after.ticketEvents, `${where}: "replied" events for the ticket`).toBe(after.state === 'sent' ? 1 : 0);
        // The mail the kill point or the lost answer hit: the point decides whether the server can have it.
        const { fault } = round;
        const expected = !hit ? null : fault.kind === 'point' ? POINTS.find((p) => p.point === fault.point)! : { after: 'uncertain', deliveries: 1 };
        if (expected) expect({ state: after.state, deliveries: after.deliveries }, where).toEqual({ state: expected.after, deliveries: expected.deliveries });
      }
      // The answers the proxy lost: Postfix had queued each of those mails.
      expect(proxy.swallowed().map((reply) => reply.slice(0, 3))).toEqual(['250', '250']);
      // With the agent's decisions: every mail sent, arrived once, filed once, in its ticket once.
      for (const { round, mail, final: end } of rows) {
        expect({ state: end.state, deliveries: end.deliveries, sentCopies: end.sentCopies, ticketEvents: end.ticketEvents }, `${round.label}, mail ${mail} in the end`).toEqual({
          state: 'sent',
          deliveries: 1,
          sentCopies: 1,
          ticketEvents: 1,
        });
      }
    } finally {
      await child.kill();
    }
  });
});

/** The closing note's table: kill point → state after restart → deliveries; then the agent's decision and the end (Sent copies, ticket events). */
function table(rows: Row[]): string {
  const header = ['fault', 'mail', 'after restart', 'deliveries', 'agent chose', 'in the end', 'deliveries', 'in Sent', 'ticket events'];
  const cells = rows.map((r) => [
    r.round.label,
    `${r.mail}${r.hit ? ' ← hit' : ''}`,
    r.restarted.state,
    String(r.restarted.deliveries),
    r.decision === 'delivered' ? 'it arrived' : r.decision === 'resend' ? 'send again' : '',
    r.final.state,
    String(r.final.deliveries),
    String(r.final.sentCopies),
    String(r.final.ticketEvents),
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...cells.map((row) => row[c]!.length)));
  const line = (row: string[]) => `| ${row.map((cell, c) => cell.padEnd(widths[c]!)).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...cells.map(line)].join('\n');
}
