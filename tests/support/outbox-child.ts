/**
 * A separate Mailroom process that sends mail through the real OutboxService on a data
 * dir, for the exactly-once fault test: it can be frozen at one of the outbox's fault
 * points (the test then SIGKILLs it there) or killed at any moment, and restarted over
 * the same data dir. Commands on stdin (one JSON object a line), one JSON line each on
 * stdout. Bundled and started by outbox-child-process.ts with `<dataDir> <draft JSON>`:
 * the first run adds the account, later runs resume it (and the outbox resumes its mail).
 */
import fs from 'node:fs';
import readline from 'node:readline';
import { NewAccountSchema, type OutboxItem } from '../../src-preload/contract';
import { createServices } from '../../src-main/services';
import type { OutboxFaultPoint } from '../../src-main/services/outbox/outbox-service';
import type { OutgoingMail } from '../../src-main/services/outbox/outgoing-mail';
import { createNodePlatform } from '../../src-main/services/platform/node-platform';

/** The mail the test asks for: everything else is the same for every test mail. */
export interface TestMail {
  subject: string;
  to: string;
  idempotencyKey: string;
  /** The ticket it answers (its key in the account's team log). */
  ticket: string;
}

/** What the test asks for; see outbox-child-process.ts. */
export type OutboxCommand =
  /** Freeze (report and block forever) at the `nth` time the outbox reaches `point` from now on. */
  | { op: 'freezeAt'; point: OutboxFaultPoint; nth: number }
  | { op: 'enqueue'; mail: TestMail }
  | { op: 'items' }
  | { op: 'resolveUncertain'; id: string; outcome: 'delivered' | 'resend' | 'cancel' }
  | { op: 'close' };

/** A line the child writes on its own: it stopped at a fault point and waits to be killed. */
export interface FrozenReport {
  frozen: OutboxFaultPoint;
  /**
   * Subjects of the mails the outbox was working on: sending, or sent with the steps after
   * it still to do (one at a time, so one at most; none at 'enqueued', which is in enqueue).
   */
  working: string[];
}

/** Blocks this process for good: nothing after the fault point runs, as if the power went there. */
function freeze(report: FrozenReport): never {
  // Synchronous, so the line is out before the process stops (the parent kills it on reading).
  fs.writeSync(1, `${JSON.stringify(report)}\n`);
  for (;;) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
}

async function main(): Promise<void> {
  const [dataDir, draft] = process.argv.slice(2);
  if (!dataDir || !draft) throw new Error('usage: outbox-child <dataDir> <draft JSON>');
  let target: { point: OutboxFaultPoint; left: number } | null = null;
  const faultHook = (point: OutboxFaultPoint) => {
    if (target?.point !== point) return;
    target.left -= 1;
    if (target.left > 0) return;
    const all = s.outbox.list({ states: ['sending', 'sent'], accountId: '', text: '', ticket: '' }, 0, 1000).items;
    const working = all.filter((i) => i.state === 'sending' || i.sentFolder === 'pending' || i.ticketLogged === 'pending');
    freeze({ frozen: point, working: working.map((i) => i.subject) });
  };
  const s = createServices({
    dataDir,
    platform: createNodePlatform(dataDir, { MAILROOM_SECRET_KEY: 'e5'.repeat(32) }),
    host: 'browser',
    version: 'test',
    emit: () => undefined,
    outbox: { faultHook, retry: { attempts: 5, firstDelayMs: 20, maxDelayMs: 200 } },
  });
  if (s.accounts.list().length === 0) {
    s.team.saveProfile({ name: 'Fault Test' });
    await s.accounts.add(NewAccountSchema.parse(JSON.parse(draft)));
    // What announcing a new account does in the app: it gets its team log (where sent mail joins its ticket).
    s.team.syncAccounts();
  }
  const account = s.accounts.list()[0]!;
  s.outbox.start();

  const outgoing = (mail: TestMail): OutgoingMail => ({
    accountId: account.id,
    kind: 'new',
    agentId: s.team.me().agentId,
    from: { name: 'Support', address: account.email },
    to: [{ name: '', address: mail.to }],
    cc: [],
    bcc: [],
    subject: mail.subject,
    html: `<p>${mail.subject}: sent once, whatever happens to the sender.</p>`,
    attachments: [],
    inReplyTo: null,
    references: [],
    headers: {},
    ticket: { accountId: account.id, key: mail.ticket },
    statusAfter: null,
    sendAfter: 0,
    undoUntil: null,
    idempotencyKey: mail.idempotencyKey,
    draftId: null,
  });
  const answer = async (command: OutboxCommand): Promise<unknown> => {
    switch (command.op) {
      case 'freezeAt':
        target = { point: command.point, left: command.nth };
        return true;
      case 'enqueue':
        return s.outbox.enqueue(outgoing(command.mail));
      case 'items':
        return s.outbox.list({ states: [], accountId: '', text: '', ticket: '' }, 0, 1000).items satisfies OutboxItem[];
      case 'resolveUncertain':
        return s.outbox.resolveUncertain(command.id, command.outcome);
      case 'close':
        await s.close();
        return true;
    }
  };
  readline.createInterface({ input: process.stdin }).on('line', (line) => {
    const { id, command } = JSON.parse(line) as { id: number; command: OutboxCommand };
    answer(command).then(
      (value) => process.stdout.write(`${JSON.stringify({ id, value })}\n`),
      (err: unknown) => process.stdout.write(`${JSON.stringify({ id, error: err instanceof Error ? `${err.message}\n${err.stack}` : String(err) })}\n`),
    );
  });
  process.stdout.write(`${JSON.stringify({ ready: true })}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
