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

const PROBE_SUBJECT = /\[new-mail (\d+)\]/;
/** Rows read from the top of a folder on each messagesChanged: probes are dated now, so they sort first. */
const TOP_ROWS = 10;

/**
 * In the Mailroom process: on messagesChanged for a watched folder, reads the first rows
 * as the list does and reports every probe seen there for the first time.
 */
export class ArrivalWatcher {
  private readonly seen = new Set<number>();

  constructor(
    private readonly services: Services,
    private readonly mailboxIds: ReadonlySet<string>,
    private readonly report: (arrived: NewMailArrived) => void,
  ) {}

  readonly listener: EventSink = (event, payload) => {
    if (event !== 'messagesChanged') return;
    const { mailboxId } = payload as { mailboxId: string };
    if (!this.mailboxIds.has(mailboxId)) return;
    const at = epochNow();
    for (const probe of this.probesIn(mailboxId)) {
      if (this.seen.has(probe)) continue;
      this.seen.add(probe);
      this.report({ type: 'new-mail-arrived', probe, at });
    }
  };

  /** Probes in the store that no messagesChanged announced (the list would not show them until something else changes). */
  unannounced(): number[] {
    return [...this.mailboxIds].flatMap((id) => this.probesIn(id)).filter((p) => !this.seen.has(p));
  }

  private probesIn(mailboxId: string): number[] {
    return this.services.store.messages
      .list(Number(mailboxId), 0, TOP_ROWS)
      .items.map((m) => PROBE_SUBJECT.exec(m.subject)?.[1])
      .filter((p): p is string => p !== undefined)
      .map(Number);
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
 * In the parent: delivers `count` probes, first-numbered `firstProbe`, each to a
 * recipient picked at random, 200–1500 ms apart, through the submission port; then waits
 * up to `waitMs` for the last arrivals. `arrivals` is filled by the child's reports.
 */
export async function deliverProbes(opts: {
  submissionPort: number;
  certPem: string;
  sender: TestUser;
  recipients: readonly TestUser[];
  count: number;
  firstProbe: number;
  arrivals: ReadonlyMap<number, number>;
  waitMs: number;
}): Promise<DeliveryResult> {
  const random = rng(opts.firstProbe);
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
      const probe = opts.firstProbe + i;
      const to = opts.recipients[Math.floor(random() * opts.recipients.length)]!;
      await transport.sendMail({
        from: `"Customer ${probe}" <customer${probe}@customer.test>`,
        to: to.email,
        envelope: { from: opts.sender.email, to: [to.email] },
        subject: `Where is my order? [new-mail ${probe}]`,
        text: `Hello, order ${probe} has not arrived yet. Could you check?\n`,
        date: new Date(),
      });
      accepted.set(probe, epochNow());
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
