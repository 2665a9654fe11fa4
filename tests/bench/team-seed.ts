/**
 * A long team log for the catch-up measure: reads the log folder as it is (with the
 * real parser and reducer), then writes E more valid events after it, as a team's
 * working days would leave them (tags, status changes, notes, reads, presence on the
 * existing tickets, by the benchmark's agents), with a snapshot event after every
 * SNAPSHOT_EVERY of them like TeamLog writes, placed so that the most events a real log
 * can hold after its last snapshot follow it (the worst case for a joining client). The events are folded here as they are
 * generated, at the UIDs MULTIAPPEND gives them (consecutive from UIDNEXT: nobody else
 * appends meanwhile), so each snapshot holds exactly the state up to its upTo.
 */
import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { ImapFlow } from 'imapflow';
import type { EventPayload, TeamEvent } from '../../src-main/services/teamlog/events';
import { SNAPSHOT_PART_BYTES } from '../../src-main/services/teamlog/log-writer';
import { formatEventMessage, inPieces, parseLoggedEvent, snapshotPartMessage, written } from '../../src-main/services/teamlog/parse-event';
import { foldEvent } from '../../src-main/services/teamlog/reducer';
import { stateJson } from '../../src-main/services/teamlog/snapshot';
import { emptyTeamState, type TeamState } from '../../src-main/services/teamlog/state';
import { SNAPSHOT_EVERY } from '../../src-main/services/teamlog/team-log';
import type { MailServers, SeedMessage, TestUser } from '../support/mail-servers';

export interface LogNow {
  state: TeamState;
  /** The UID the next appended message gets. */
  uidNext: number;
  messages: number;
}

function imapClient(servers: MailServers, user: TestUser): ImapFlow {
  return new ImapFlow({ host: servers.host, port: servers.imapsPort, secure: true, auth: { user: user.username, pass: user.password }, logger: false });
}

/** Folds the whole log folder as a client without snapshots would. */
export async function readLogNow(servers: MailServers, user: TestUser, folder: string): Promise<LogNow> {
  const client = imapClient(servers, user);
  await client.connect();
  try {
    const lock = await client.getMailboxLock(folder, { readOnly: true });
    try {
      const state = emptyTeamState();
      let messages = 0;
      const mailbox = client.mailbox;
      if (!mailbox) throw new Error(`could not select ${folder}`);
      if (mailbox.exists > 0) {
        for await (const msg of client.fetch('1:*', { uid: true, source: true }, { uid: true })) {
          messages += 1;
          if (!msg.source) continue;
          const parsed = parseLoggedEvent(msg.uid, msg.source);
          if (parsed.ok) foldEvent(state, parsed.logged);
        }
      }
      return { state, uidNext: Number(mailbox.uidNext), messages };
    } finally {
      lock.release();
    }
  } finally {
    await client.logout().catch(() => client.close());
  }
}

/** The log folder's UIDNEXT now (to check that the seeded events got the UIDs they were folded at). */
export async function uidNextOf(servers: MailServers, user: TestUser, folder: string): Promise<number> {
  const client = imapClient(servers, user);
  await client.connect();
  try {
    const status = await client.status(folder, { uidNext: true });
    if (!status) throw new Error(`STATUS ${folder} failed`);
    return Number(status.uidNext);
  } finally {
    await client.logout().catch(() => client.close());
  }
}

export interface SeedPlan {
  base: LogNow;
  /** Events to write, snapshots not counted. */
  events: number;
  /** Authors (the benchmark clients' agent ids). */
  agents: string[];
  tickets: string[];
  /** From of the log messages (the account's address). */
  from: string;
}

export interface SeedStats {
  events: number;
  snapshots: number;
  lastSnapshotUpTo: number;
  /** The last snapshot event's UID (its parts come before it). */
  lastSnapshotUid: number;
  /** Of the last snapshot's messages: its parts and its event. */
  lastSnapshotBytes: number;
  /** Where the last event landed. */
  lastUid: number;
  state: TeamState;
}

const TAGS = ['billing', 'shipping', 'refund', 'vip', 'bug', 'question', 'urgent', 'follow-up'];
const NOTES = [
  'Called the customer, waiting for the order number.',
  'Refund approved by finance; closing once the money is back.',
  'Same issue as last week: the courier lost the parcel in the depot.',
  'Customer prefers e-mail, do not call.',
];

/** A deterministic mix: the same E gives the same log, so runs compare. */
function payloadAt(i: number, tickets: string[]): EventPayload {
  const ticket = tickets[(i * 7919) % tickets.length]!;
  switch (i % 10) {
    case 0:
    case 1:
    case 2:
      return { type: 'ticket.tags', ticket, add: [TAGS[i % TAGS.length]!], remove: [TAGS[(i + 3) % TAGS.length]!] };
    case 3:
    case 4:
      return { type: 'ticket.status', ticket, status: i % 20 < 10 ? 'pending' : 'open' };
    case 5:
    case 6:
      return { type: 'ticket.note', ticket, text: `${NOTES[i % NOTES.length]} (#${i})` };
    case 7:
      return { type: 'ticket.read', ticket };
    default:
      return { type: 'presence', ticket, mode: i % 2 === 0 ? 'viewing' : 'left' };
  }
}

/**
 * The seeded messages, generated lazily for appendMany; `stats` fills as they are taken.
 * Each event is folded at the UID it will get, and after every SNAPSHOT_EVERY events a
 * snapshot of the state so far follows.
 */
export function* seedLog(plan: SeedPlan, stats: SeedStats): Generator<SeedMessage> {
  const state = plan.base.state;
  stats.state = state;
  let uid = plan.base.uidNext;
  let at = Date.now() - plan.events * 1000;
  const next = (payload: EventPayload, agent: string, id = randomUUID()): Buffer => {
    at += 1000;
    const event = { v: 1, id, agent, at, ...payload } as TeamEvent;
    foldEvent(state, { uid, event });
    stats.lastUid = uid;
    uid += 1;
    return formatEventMessage(event, plan.from);
  };
  for (let i = 0; i < plan.events; i++) {
    yield { raw: next(payloadAt(i, plan.tickets), plan.agents[i % plan.agents.length]!), flags: ['\\Seen'] };
    stats.events += 1;
    // After events 1,001, 2,001, …: the log ends with SNAPSHOT_EVERY - 1 events after its last
    // snapshot, the most a team's log has (a client writes one once that many folded since).
    if (i > 0 && (i + 1) % SNAPSHOT_EVERY === 1) {
      // As log-writer.ts appendSnapshot writes it: the state's parts, then the event naming them.
      const upTo = state.lastUid;
      const parts = [...inPieces([gzipSync(stateJson(state))], SNAPSHOT_PART_BYTES)];
      const payload = { type: 'snapshot', upTo, state: '', parts: parts.length } as const;
      const snapshot = { v: 1 as const, id: randomUUID(), agent: plan.agents[0]!, at: at + 1000, ...payload };
      stats.lastSnapshotBytes = 0;
      for (const [index, gz] of parts.entries()) {
        const raw = written(snapshotPartMessage(snapshot, index + 1, gz, plan.from));
        stats.lastSnapshotBytes += raw.length;
        uid += 1;
        yield { raw, flags: ['\\Seen'] };
      }
      const raw = next(payload, snapshot.agent, snapshot.id);
      stats.snapshots += 1;
      stats.lastSnapshotUpTo = upTo;
      stats.lastSnapshotUid = stats.lastUid;
      stats.lastSnapshotBytes += raw.length;
      yield { raw, flags: ['\\Seen'] };
    }
  }
}

export function emptySeedStats(): SeedStats {
  return { events: 0, snapshots: 0, lastSnapshotUpTo: 0, lastSnapshotUid: 0, lastSnapshotBytes: 0, lastUid: 0, state: emptyTeamState() };
}
