/**
 * The interactions benchmark's store: a data dir as Mailroom leaves it after working a
 * shared mailbox for a year. N tickets over three accounts (60 / 30 / 10 %), each
 * account with its folded team state saved (team_state, as TeamLog saves it) and its
 * messages cached with their text in the full-text index. The team states come from
 * real events folded by the real reducer: imports, takes, replies, follow-ups, tags,
 * notes, reads, status changes with dispositions, so the tickets carry the history
 * (activity, notes, messages) a real state holds and the store costs what it would.
 *
 * Deterministic for a given N and clock: ticket i is the same every run. The accounts'
 * IMAP server is a closed port (the laptop is offline): the lists work from the cache,
 * and no sync disturbs the measures.
 */
import { randomUUID } from 'node:crypto';
import { AccountDraftSchema } from '../../src-preload/contract/accounts';
import type { Address } from '../../src-preload/contract';
import { passwordKey } from '../../src-main/services/accounts/account-service';
import type { Platform } from '../../src-main/services/platform/interfaces';
import { openStore, type Store } from '../../src-main/services/store';
import type { HeaderInput } from '../../src-main/services/sync/message-input';
import { createNodePlatform } from '../../src-main/services/platform/node-platform';
import type { EventPayload, ImportedMessage, TeamEvent } from '../../src-main/services/teamlog/events';
import { foldEvent } from '../../src-main/services/teamlog/reducer';
import { stateJson } from '../../src-main/services/teamlog/snapshot';
import { StateSaver } from '../../src-main/services/teamlog/state-saver';
import { emptyTeamState, type TeamState } from '../../src-main/services/teamlog/state';
import { sender, subjectFor } from '../support/fixtures';
import { QUOTES, rng } from './corpus';

export const BENCH_TAGS = ['billing', 'shipping', 'refund', 'vip', 'bug', 'question', 'urgent', 'follow-up', 'warranty', 'b2b'];
export const BENCH_QUEUES = ['Support', 'Billing', 'Sales', 'Returns'];
export const BENCH_DISPOSITIONS = ['Solved', 'Refunded', 'Replaced', 'No answer', 'Duplicate', 'Spam'];
const AGENT_NAMES = ['Bench Agent', 'Ana Pereira', 'Ben Okafor', 'Chiara Rossi', 'Dmitri Ivanov', 'Elif Yilmaz', 'Farid Haddad', 'Grace Lee'];
const ACCOUNTS = [
  { name: 'Support', key: 'SUP', email: 'support@bench.invalid', share: 0.6 },
  { name: 'Billing', key: 'BIL', email: 'billing@bench.invalid', share: 0.3 },
  { name: 'Sales', key: 'SAL', email: 'sales@bench.invalid', share: 0.1 },
] as const;
const DOMAINS = ['customers.example', 'acme.example', 'globex.example', 'initech.example', 'umbrella.example', 'hooli.example', 'stark.example', 'wayne.example'];
const AGENT_REPLIES = [
  'Thank you for your patience. I have checked your order and the replacement is on its way.',
  'I am sorry for the trouble. The refund was issued today and should reach your account within five working days.',
  'Could you send us the order number and a photo of the damaged parcel? Then we can start the claim.',
  'Your password reset link was sent again; please check the spam folder as well.',
  'We moved your subscription to the annual plan; the corrected invoice is attached.',
];
const NOTE_TEXTS = [
  'Called the customer, waiting for the order number.',
  'Refund approved by finance; closing once the money is back.',
  'Courier lost the parcel in the depot, claim opened.',
  'Customer prefers e-mail, do not call.',
  'Escalated to second level: billing system shows two payments.',
];
const DAY = 86_400_000;
const HOUR = 3_600_000;
/** Tickets span this long before the build's clock. */
const SPAN_MS = 365 * DAY;
/** Of the cached folders (and of the team log folder the saved states name). */
const UID_VALIDITY = 1;

export interface ViewsStoreOptions {
  dataDir: string;
  tickets: number;
  /** MAILROOM_SECRET_KEY of the processes that will open the data dir. */
  secretKey: string;
  /** A TCP port nothing listens on: the accounts' IMAP and SMTP server. */
  closedPort: number;
  /** The build's clock: the newest tickets are from just before it. */
  now: number;
}

export interface ViewsStoreAccount {
  id: string;
  key: string;
  name: string;
  tickets: number;
  messages: number;
  stateJsonMb: number;
}

export interface ViewsStoreInfo {
  me: string;
  agents: { id: string; name: string }[];
  accounts: ViewsStoreAccount[];
  tickets: number;
  messages: number;
  /** A customer address with several tickets, and a ticket number that exists: for the filters. */
  sampleCustomer: string;
  buildMs: number;
}

interface AccountBuild {
  state: TeamState;
  uid: number;
  at: number;
}

/** A deterministic event id: the same N builds the same states. */
function eventId(account: string, uid: number): string {
  return `bench-${account}-${uid}`;
}

function fold(build: AccountBuild, accountKey: string, agent: string, at: number, payload: EventPayload): void {
  build.uid += 1;
  const event = { v: 1, id: eventId(accountKey, build.uid), agent, at, ...payload } as TeamEvent;
  foldEvent(build.state, { uid: build.uid, event });
}

function customerOf(c: number): Address {
  const base = sender(c);
  const [local] = base.address.split('@');
  return { name: base.name, address: `${local}.${c % 997}@${DOMAINS[c % DOMAINS.length]}` };
}

/** Ticket g's customer among 30,000 (so a customer has about N / 30,000 tickets). */
function customerIndex(g: number): number {
  return Math.floor(rng(7_000_001 + g)() * 30_000);
}

function customerText(next: () => number, ticketNo: number, name: string): string {
  const lines = [`Hello,`, '', `about ${subjectFor(ticketNo).toLowerCase()}:`];
  const quotes = 1 + Math.floor(next() * 4);
  for (let q = 0; q < quotes; q++) lines.push(QUOTES[Math.floor(next() * QUOTES.length)]!);
  lines.push('', 'Kind regards', name);
  return lines.join('\n');
}

/** One message of a ticket as the sync would have stored it, with its text. */
interface PlannedMessage {
  header: HeaderInput;
  text: string;
  mailbox: 'INBOX' | 'Sent';
}

/**
 * Writes the store. Returns what the filters need to know about it (agent ids, accounts,
 * a customer with several tickets).
 */
export async function buildViewsStore(options: ViewsStoreOptions): Promise<ViewsStoreInfo> {
  const started = Date.now();
  const platform = createNodePlatform(options.dataDir, { MAILROOM_SECRET_KEY: options.secretKey });
  const agents = AGENT_NAMES.map((name, i) => ({ id: i === 0 ? randomUUID() : `bench-agent-${i}`, name }));
  const me = agents[0]!.id;
  platform.settings.set('team.agentId', me);
  platform.settings.set('team.profile', { name: agents[0]!.name, email: '', phone: '', mobile: '', fax: '' });

  const store = openStore(options.dataDir);
  try {
    const accounts: ViewsStoreAccount[] = [];
    let first = 0;
    let totalMessages = 0;
    ACCOUNTS.forEach((spec, a) => {
      const count = a === ACCOUNTS.length - 1 ? options.tickets - first : Math.round(options.tickets * spec.share);
      accounts.push(buildAccount(store, spec, first, count, agents, options));
      first += count;
      totalMessages += accounts.at(-1)!.messages;
    });
    // A stored password, as after adding the account: the app shows it offline, not signed out.
    for (const account of accounts) await setPassword(platform, account.id);
    // The index pass the sync runs after a folder's headers (openStore would run it too).
    while (store.search.indexNew(5000) > 0);
    return {
      me,
      agents,
      accounts,
      tickets: options.tickets,
      messages: totalMessages,
      sampleCustomer: customerOf(customerIndex(0)).address,
      buildMs: Date.now() - started,
    };
  } finally {
    store.close();
  }
}

function setPassword(platform: Platform, accountId: string): Promise<void> {
  return platform.secrets.set(passwordKey(accountId), 'bench-password');
}

function buildAccount(
  store: Store,
  spec: (typeof ACCOUNTS)[number],
  first: number,
  count: number,
  agents: { id: string; name: string }[],
  options: ViewsStoreOptions,
): ViewsStoreAccount {
  const id = randomUUID();
  const draft = AccountDraftSchema.parse({
    name: spec.name,
    key: spec.key,
    email: spec.email,
    username: spec.email,
    imap: { host: '127.0.0.1', port: options.closedPort, security: 'tls' },
    smtp: { host: '127.0.0.1', port: options.closedPort, security: 'tls' },
  });
  const { password: _password, oauthSession: _session, ...settings } = draft;
  store.accounts.insert(id, settings);
  store.mailboxes.upsertAll(id, [
    { path: 'INBOX', name: 'INBOX', delimiter: '/', specialUse: null },
    { path: 'Sent', name: 'Sent', delimiter: '/', specialUse: '\\Sent' },
  ]);
  const inbox = store.mailboxes.byPath(id, 'INBOX')!;
  const sent = store.mailboxes.byPath(id, 'Sent')!;

  const build: AccountBuild = { state: emptyTeamState(), uid: 0, at: options.now - SPAN_MS - DAY };
  const admin = agents[0]!.id;
  for (const agent of agents) fold(build, spec.key, agent.id, build.at, { type: 'agent.profile', profile: { name: agent.name, email: '', phone: '', mobile: '', fax: '' } });
  fold(build, spec.key, admin, build.at, { type: 'settings.set', settings: { ...build.state.settings, tokenPrefix: spec.key, dispositions: BENCH_DISPOSITIONS } });
  BENCH_QUEUES.forEach((queue, q) => {
    fold(build, spec.key, admin, build.at, { type: 'queue.set', queue, members: agents.filter((_, i) => i % BENCH_QUEUES.length === q || i === 0).map((x) => x.id) });
  });

  const planned: PlannedMessage[] = [];
  let inboxUid = 0;
  let sentUid = 0;
  for (let i = 0; i < count; i++) {
    const g = first + i;
    const next = rng(1_000_003 + g);
    const customer = customerOf(customerIndex(g));
    const created = options.now - SPAN_MS + Math.floor(((g + next()) / options.tickets) * SPAN_MS);
    const subject = subjectFor(g);
    const ticketKey = `<t${g}@${customer.address.split('@')[1]}>`;
    const queue = BENCH_QUEUES[Math.floor(next() * BENCH_QUEUES.length)]!;
    const r = next();
    const messageCount = r < 0.45 ? 1 : r < 0.75 ? 2 : r < 0.9 ? 3 : r < 0.97 ? 4 : 6;
    const assignee = next() < 0.8 ? agents[Math.floor(next() * agents.length)]!.id : null;
    let at = created;
    const text = customerText(next, g, customer.name);
    const imported = (key: string, reason: ImportedMessage['reason'], date: number, mailText: string, inReplyTo: string | null): void => {
      inboxUid += 1;
      planned.push({ header: header(inboxUid, key, inReplyTo, subject, customer, { name: spec.name, address: spec.email }, date, next() < 0.85), text: mailText, mailbox: 'INBOX' });
    };
    imported(ticketKey, { kind: 'new' }, created, text, null);
    fold(build, spec.key, admin, at + 2000, {
      type: 'mail.imported',
      items: [{ message: ticketKey, ticket: ticketKey, reason: { kind: 'new' }, subject, customer, date: created, direction: 'in', closed: false, route: { rule: 'bench', queue, tag: '', agent: '', assign: false }, autoReply: false, firstSync: false }],
    });
    if (assignee) {
      at += Math.floor(next() * 4 * HOUR);
      fold(build, spec.key, assignee, at, { type: 'ticket.take', ticket: ticketKey });
    }
    const tagCount = Math.floor(next() * 3.4);
    if (tagCount > 0) {
      const add = Array.from({ length: tagCount }, () => BENCH_TAGS[Math.floor(next() * BENCH_TAGS.length)]!);
      fold(build, spec.key, assignee ?? admin, at + 60_000, { type: 'ticket.tags', ticket: ticketKey, add, remove: [] });
    }
    let previous = ticketKey;
    for (let m = 1; m < messageCount; m++) {
      at += HOUR + Math.floor(next() * 30 * HOUR);
      const key = `<t${g}.${m}@${m % 2 === 1 ? 'bench.invalid' : customer.address.split('@')[1]}>`;
      if (m % 2 === 1) {
        // The agent's answer, sent from Mailroom; its Sent copy is cached too.
        const agent = assignee ?? admin;
        const reply = AGENT_REPLIES[Math.floor(next() * AGENT_REPLIES.length)]!;
        sentUid += 1;
        planned.push({ header: header(sentUid, key, previous, `Re: ${subject}`, { name: spec.name, address: spec.email }, customer, at, true), text: reply, mailbox: 'Sent' });
        fold(build, spec.key, agent, at, { type: 'ticket.replied', ticket: ticketKey, message: key, auto: false });
      } else {
        imported(key, { kind: 'reply', to: previous }, at, customerText(next, g + m, customer.name), previous);
        fold(build, spec.key, admin, at + 2000, {
          type: 'mail.imported',
          items: [{ message: key, ticket: ticketKey, reason: { kind: 'reply', to: previous }, subject: `Re: ${subject}`, customer, date: at, direction: 'in', closed: false, route: null, autoReply: false, firstSync: false }],
        });
      }
      previous = key;
    }
    if (next() < 0.12) fold(build, spec.key, assignee ?? admin, at + 5 * 60_000, { type: 'ticket.note', ticket: ticketKey, text: `${NOTE_TEXTS[Math.floor(next() * NOTE_TEXTS.length)]} (#${g})` });
    // Most tickets were opened since their last customer message; recent ones less often.
    const age = options.now - at;
    if (next() < (age > 7 * DAY ? 0.92 : 0.6)) fold(build, spec.key, assignee ?? admin, at + 10 * 60_000, { type: 'ticket.read', ticket: ticketKey });
    const closeChance = age > 30 * DAY ? 0.85 : 0.35;
    const s = next();
    if (s < closeChance) {
      fold(build, spec.key, assignee ?? admin, at + HOUR, { type: 'ticket.status', ticket: ticketKey, status: 'closed', disposition: BENCH_DISPOSITIONS[Math.floor(next() * BENCH_DISPOSITIONS.length)]! });
    } else if (s < closeChance + (1 - closeChance) / 2) {
      fold(build, spec.key, assignee ?? admin, at + HOUR, { type: 'ticket.status', ticket: ticketKey, status: 'pending' });
    }
  }

  // Cached messages: headers as the sync stores them, then the bodies' text.
  let messages = 0;
  let lastRowId = 0;
  for (const [mailbox, path] of [
    [inbox, 'INBOX'],
    [sent, 'Sent'],
  ] as const) {
    const rows = planned.filter((p) => p.mailbox === path);
    for (let b = 0; b < rows.length; b += 2000) {
      const batch = rows.slice(b, b + 2000);
      store.messages.upsertHeaders(mailbox.id, UID_VALIDITY, batch.map((p) => p.header), { accountId: id, dedupe: false, adopt: false });
      for (const p of batch) {
        const rowId = store.messages.idByUid(mailbox.id, UID_VALIDITY, p.header.uid)!;
        lastRowId = Math.max(lastRowId, rowId);
        store.messages.setBody(rowId, { text: p.text, html: null, snippet: p.text.replace(/\s+/g, ' ').slice(0, 200), attachments: [], parseWarnings: [] }, null);
      }
    }
    store.mailboxes.setSyncState(mailbox.id, { uidvalidity: UID_VALIDITY, uidNext: rows.length + 1, highestModseq: null });
    messages += rows.length;
  }
  // Every cached message is in a ticket already: the importer has nothing left to do.
  store.ticketImport.setMark(id, lastRowId);
  // Saved as the team log saves a state it folded: header, chunks and the history apart.
  const saver = new StateSaver(store.team, id);
  saver.replaced();
  const jsonLength = stateJson(build.state).length;
  saver.save(build.state, { folder: 'Mailroom/Log', uidvalidity: UID_VALIDITY, lastUid: build.uid });
  return { id, key: spec.key, name: spec.name, tickets: count, messages, stateJsonMb: jsonLength / 1024 / 1024 };
}

function header(uid: number, key: string, inReplyTo: string | null, subject: string, from: Address, to: Address, date: number, seen: boolean): HeaderInput {
  return {
    uid,
    messageId: key,
    inReplyTo,
    references: inReplyTo ? [inReplyTo] : [],
    headers: null,
    subject,
    from,
    to: [to],
    cc: [],
    replyTo: [],
    date,
    flags: seen ? ['\\Seen'] : [],
    size: 2000,
    hasAttachments: false,
    contentHash: key,
    gmMsgId: null,
    skip: null,
  };
}
