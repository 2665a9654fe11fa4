/**
 * The benchmark's new-mail latency: the parent delivers probe messages through Postfix
 * (SMTP submission, then LMTP into Dovecot) at random intervals; the Mailroom child
 * reports when each one is in its store and the services have emitted messagesChanged
 * for its folder. Times are epoch milliseconds (epochNow), comparable between the two
 * processes: from SMTP accepted (sendMail resolved) to arrived.
 */
import nodemailer from 'nodemailer';
import type { Services } from '../../src-main/services';
import type { EventSink } from '../../src-preload/contract';
import type { MailServers, TestUser } from '../support/mail-servers';
import { epochNow, percentile, sleep } from './measure';
import { rng } from './corpus';
import { trace } from '../../src-main/services/sync/sync-trace';

/** Child → parent: the services are idle with these accounts connected; deliver now. */
export interface NewMailReady {
  type: 'new-mail-ready';
  stage: NewMailStage;
}
/** Child → parent: probe `probe` was in the store when messagesChanged was emitted. */
export interface NewMailArrived {
  type: 'new-mail-arrived';
  probe: number;
  at: number;
}
/** Parent → child: every probe of the stage was delivered and waited for. */
export interface NewMailDone {
  type: 'new-mail-done';
  stage: NewMailStage;
}
export type NewMailStage = 'one-account' | 'ten-accounts';

/** Probe numbers of a stage start here, so the two stages' probes never share a Message-ID. */
export const FIRST_PROBE: Record<NewMailStage, number> = { 'one-account': 1, 'ten-accounts': 1001 };

/** The Message-ID a probe is sent with: the watcher finds it in the store by this key. */
function probeMessageId(probe: number): string {
  return `<new-mail-${probe}@bench.mailroom.test>`;
}

/**
 * In the Mailroom process: on messagesChanged for a watched folder, looks the stage's
 * probes not seen yet up by Message-ID in that folder's account and reports every one now
 * stored. By key, not by the first rows of the list: probes arriving close together
 * would push one another out of any fixed number of top rows.
 */
export class ArrivalWatcher {
  private readonly seen = new Set<number>();
  private stage: NewMailStage = 'one-account';

  constructor(
    private readonly services: Services,
    /** Watched folder id → its account id. */
    private readonly mailboxes: ReadonlyMap<string, string>,
    private readonly probes: number,
    private readonly report: (arrived: NewMailArrived) => void,
  ) {}

  watch(stage: NewMailStage): void {
    this.stage = stage;
  }

  readonly listener: EventSink = (event, payload) => {
    if (event !== 'messagesChanged') return;
    const accountId = this.mailboxes.get((payload as { mailboxId: string }).mailboxId);
    if (accountId === undefined) return;
    const at = epochNow();
    for (const probe of this.storedIn(accountId)) {
      this.seen.add(probe);
      trace(`bench probe ${probe} in the store`);
      this.report({ type: 'new-mail-arrived', probe, at });
    }
  };

  /** Probes of the stage in the store that no messagesChanged announced (the list would not show them until something else changes). */
  unannounced(): number[] {
    return [...new Set(this.mailboxes.values())].flatMap((accountId) => this.storedIn(accountId));
  }

  /** The stage's probes not seen yet that are stored in the account. */
  private storedIn(accountId: string): number[] {
    const first = FIRST_PROBE[this.stage];
    const pending = Array.from({ length: this.probes }, (_, i) => first + i).filter((p) => !this.seen.has(p));
    const stored = this.services.store.messages.byKeys(accountId, pending.map(probeMessageId));
    return pending.filter((p) => stored.has(probeMessageId(p)));
  }
}

export interface DeliveryResult {
  latenciesMs: number[];
  /** Probes that never arrived within the wait. */
  missing: number[];
  p50Ms: number | null;
  p95Ms: number | null;
  maxMs: number | null;
}

/**
 * In the parent: delivers the stage's `count` probes (numbered from FIRST_PROBE), each to a
 * recipient picked at random, 200–1500 ms apart, through the submission port; then waits
 * up to `waitMs` for the last arrivals. `arrivals` is filled by the child's reports.
 */
export async function deliverProbes(opts: {
  submissionPort: number;
  certPem: string;
  sender: TestUser;
  recipients: readonly TestUser[];
  count: number;
  stage: NewMailStage;
  arrivals: ReadonlyMap<number, number>;
  waitMs: number;
}): Promise<DeliveryResult> {
  const firstProbe = FIRST_PROBE[opts.stage];
  const random = rng(firstProbe);
  const transport = nodemailer.createTransport({
    host: '127.0.0.1',
    port: opts.submissionPort,
    secure: false,
    requireTLS: true,
    auth: { user: opts.sender.username, pass: opts.sender.password },
    tls: { ca: [opts.certPem] },
  });
  const accepted = new Map<number, number>();
  try {
    for (let i = 0; i < opts.count; i++) {
      await sleep(200 + random() * 1300);
      const probe = firstProbe + i;
      const to = opts.recipients[Math.floor(random() * opts.recipients.length)]!;
      await transport.sendMail({
        from: `"Customer ${probe}" <customer${probe}@customer.test>`,
        to: to.email,
        envelope: { from: opts.sender.email, to: [to.email] },
        messageId: probeMessageId(probe),
        subject: `Where is my order? [new-mail ${probe}]`,
        text: `Hello, order ${probe} has not arrived yet. Could you check?\n`,
        date: new Date(),
      });
      accepted.set(probe, epochNow());
      trace(`bench probe ${probe} accepted by Postfix`);
    }
  } finally {
    transport.close();
  }
  const deadline = epochNow() + opts.waitMs;
  while (epochNow() < deadline && [...accepted.keys()].some((p) => !opts.arrivals.has(p))) await sleep(100);
  const latenciesMs: number[] = [];
  const missing: number[] = [];
  for (const [probe, at] of accepted) {
    const arrived = opts.arrivals.get(probe);
    if (arrived === undefined) missing.push(probe);
    else latenciesMs.push(arrived - at);
  }
  const p = (q: number) => (latenciesMs.length > 0 ? percentile(latenciesMs, q) : null);
  return { latenciesMs, missing, p50Ms: p(50), p95Ms: p(95), maxMs: latenciesMs.length > 0 ? Math.max(...latenciesMs) : null };
}

/** IMAP connections Dovecot holds per user now (`doveadm who -1`: one line per connection). */
export async function connectionsByUser(servers: MailServers): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const line of (await servers.doveadm(['who', '-1'])).split('\n')) {
    const [user, proto] = line.trim().split(/\s+/);
    if (!user || user === 'username' || proto !== 'imap') continue;
    counts[user] = (counts[user] ?? 0) + 1;
  }
  return counts;
}
