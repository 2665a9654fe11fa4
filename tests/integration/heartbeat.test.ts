/**
 * The IMAP heartbeat against a real Dovecot behind a link that goes silent: the
 * proxy black-holes the connections without closing them, the way a NAT that lost
 * its state or a laptop that changed networks does. Nothing but the heartbeat can
 * notice that, so each test also runs a control on the default (slow) timing that
 * must still sit on its dead connection when the fast one has moved on. A slow link
 * that keeps delivering must not be mistaken for a dead one, and closing an account
 * must not wait on a dead link.
 */
import type { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { NewAccountSchema } from '../../src-preload/contract';
import type { Services } from '../../src-main/services';
import { createImapClient } from '../../src-main/services/mail/connections';
import { DEFAULT_HEARTBEAT_TIMING, LOGOUT_WITHIN_MS, startHeartbeat, type HeartbeatTiming } from '../../src-main/services/sync/heartbeat';
import { plainMessage } from '../support/fixtures';
import { DEFAULT_USERS, startMailServers, type MailServers } from '../support/mail-servers';
import { createTestServices, removeTestDirs, testAccountInput, until } from '../support/services';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy';

let servers: MailServers;
let proxy: TcpProxy;
const alice = DEFAULT_USERS[0]!;
const SEEDED = 20;
/** A folder of large messages whose FETCH takes seconds on a throttled link. */
const BULKY_FOLDER = 'Bulky';
const BULKY_COUNT = 12;
const BULKY_BYTES = 20_000;
/** About 5 s for the bulky folder: longer than FAST's worst case, in pieces well inside its answer time. */
const SLOW_LINK_BYTES_PER_SECOND = 48_000;

/** A NOOP every second, answered within two: a dead link is closed about 3 s after it died. */
const FAST: HeartbeatTiming = { intervalMs: 1000, answerWithinMs: 2000 };
const WORST_CASE_MS = FAST.intervalMs + FAST.answerWithinMs;
/**
 * How long a test waits for the fast heartbeat to act: generous for a loaded machine,
 * and still shorter than the silence the default timing needs before it closes
 * anything, so a control on the default timing is certainly still open then.
 */
const FAST_ACTS_WITHIN_MS = DEFAULT_HEARTBEAT_TIMING.answerWithinMs - 5_000;

/** A fixture message padded with text lines to about BULKY_BYTES. */
function bulkyMessage(i: number): string {
  const line = `Order ${10_000 + i}: the customer pasted the whole log into the mail again, line after line.`;
  return plainMessage(i) + `${line}\r\n`.repeat(Math.ceil(BULKY_BYTES / (line.length + 2)));
}

beforeAll(async () => {
  servers = await startMailServers();
  await servers.appendMany(alice.username, 'INBOX', Array.from({ length: SEEDED }, (_, i) => plainMessage(i)));
  await servers.appendMany(alice.username, BULKY_FOLDER, Array.from({ length: BULKY_COUNT }, (_, i) => bulkyMessage(i)));
  proxy = await startTcpProxy(servers.imapsPort);
});

afterAll(async () => {
  await proxy?.close();
  await servers?.stop();
  removeTestDirs();
});

interface Watched {
  client: ImapFlow;
  /** When the connection closed, or null. */
  closed: () => number | null;
  /** When the last bytes came from the server. */
  lastHeard: () => number;
  /** When each NOOP was issued and when each was answered. */
  beats: { issued: number[]; answered: number[] };
}

/** The app's own client settings, through the proxy; it IDLEs on INBOX like the InboxWatcher. */
async function idleThroughProxy(): Promise<Watched> {
  const client = createImapClient({ host: '127.0.0.1', port: proxy.port, security: 'tls', trustedCertificate: null }, { user: alice.username, pass: alice.password });
  let closedAt: number | null = null;
  client.on('close', () => {
    closedAt = Date.now();
  });
  await client.connect();
  await client.mailboxOpen('INBOX', { readOnly: true });
  let lastHeardAt = Date.now();
  (client as unknown as { socket: NodeJS.EventEmitter }).socket.on('data', () => {
    lastHeardAt = Date.now();
  });
  const beats = { issued: [] as number[], answered: [] as number[] };
  const noop = client.noop.bind(client);
  vi.spyOn(client, 'noop').mockImplementation(async () => {
    beats.issued.push(Date.now());
    await noop();
    // imapflow's noop() resolves when the connection closes under it too: that is no answer.
    if (closedAt === null) beats.answered.push(Date.now());
  });
  return { client, closed: () => closedAt, lastHeard: () => lastHeardAt, beats };
}

function inboxUids(s: Services, accountId: string): number[] {
  const inbox = s.store.mailboxes.byPath(accountId, 'INBOX');
  if (!inbox?.uidvalidity) return [];
  return s.store.messages.list(inbox.id, 0, 100_000).items.map((m) => m.uid);
}

describe('heartbeat', () => {
  it('keeps a slow but working connection open while a long FETCH holds its NOOP back', async () => {
    const slow = await idleThroughProxy();
    const stop = startHeartbeat(slow.client, FAST);
    try {
      await slow.client.mailboxOpen(BULKY_FOLDER, { readOnly: true });
      expect(proxy.throttleAll(SLOW_LINK_BYTES_PER_SECOND)).toBe(1);
      const startedAt = Date.now();
      // imapflow runs one command at a time: every NOOP of this heartbeat waits behind the FETCH.
      const messages = await slow.client.fetchAll('1:*', { source: true });
      const fetchedAt = Date.now();

      expect(messages).toHaveLength(BULKY_COUNT);
      expect(messages.every((m) => (m.source?.length ?? 0) >= BULKY_BYTES)).toBe(true);
      // The throttle makes the FETCH outlast interval + answer time (a load only makes it longer), and a NOOP
      // was issued during it, queued behind it: the old heartbeat closed here.
      expect(fetchedAt - startedAt).toBeGreaterThan(WORST_CASE_MS);
      expect(slow.beats.issued.some((t) => t > startedAt && t < fetchedAt)).toBe(true);
      expect(slow.closed()).toBeNull();

      // The NOOP that waited is answered once the FETCH is done, and the beats go on.
      await until('two beats answered after the FETCH', () => slow.beats.answered.filter((t) => t >= fetchedAt).length >= 2, FAST_ACTS_WITHIN_MS, 50);
      expect(slow.closed()).toBeNull();
      expect(slow.client.usable).toBe(true);
    } finally {
      stop();
      proxy.cutAll();
      slow.client.close();
    }
  });

  it('keeps a healthy connection across many beats and closes a frozen one once a beat goes unanswered for the answer time', async () => {
    const fast = await idleThroughProxy();
    const control = await idleThroughProxy();
    const stopFast = startHeartbeat(fast.client, FAST);
    const stopControl = startHeartbeat(control.client);
    try {
      await until('four beats answered', () => fast.beats.answered.length >= 4, FAST_ACTS_WITHIN_MS, 50);
      expect(fast.closed()).toBeNull();
      expect(fast.client.usable).toBe(true);

      expect(proxy.freezeAll()).toBe(2);
      await until('the frozen connection closed', () => fast.closed() !== null, FAST_ACTS_WITHIN_MS, 50);
      // In order: beats were answered while the link lived, one went out that nothing answered, and the
      // close came only once the link had been silent for the whole answer time.
      expect(fast.beats.issued.length).toBe(fast.beats.answered.length + 1);
      expect(fast.closed()! - fast.lastHeard()).toBeGreaterThanOrEqual(FAST.answerWithinMs);

      // Without the fast heartbeat nothing notices: not imapflow, not the OS (the default needs 20 s of silence).
      expect(control.closed()).toBeNull();
      expect(control.client.usable).toBe(true);
    } finally {
      stopFast();
      stopControl();
      proxy.cutAll();
      fast.client.close();
      control.client.close();
    }
  });

  it('syncs again after a silently dropped link: new mail reaches the cache within seconds, and closing does not wait on the dead link', async () => {
    const fast = createTestServices({ heartbeat: FAST }).s;
    const control = createTestServices().s;
    let closing: Promise<unknown> | null = null;
    try {
      const input = NewAccountSchema.parse(testAccountInput(servers, alice, { imap: { host: '127.0.0.1', port: proxy.port, security: 'tls' } }));
      const fastAccount = await fast.accounts.add(input);
      const controlAccount = await control.accounts.add(input);
      fast.sync.start(fastAccount);
      control.sync.start(controlAccount);
      const synced = (s: Services, id: string) => s.store.accounts.get(id)?.status === 'idle' && inboxUids(s, id).length === SEEDED;
      // Both accounts idle with both connections (work + IDLE) up: 4 through the proxy.
      await until('both accounts synced and idling', () => synced(fast, fastAccount.id) && synced(control, controlAccount.id) && proxy.open() === 4, 30_000);

      expect(proxy.freezeAll()).toBe(4);
      await servers.deliver(alice.username, plainMessage(SEEDED));
      // Noticed by the fast heartbeat, reconnected and synced; the control cannot notice in this time.
      await until('the new mail in the fast account', () => inboxUids(fast, fastAccount.id).length === SEEDED + 1, FAST_ACTS_WITHIN_MS);
      expect(fast.store.accounts.get(fastAccount.id)?.status).not.toBe('error');
      expect(proxy.open()).toBeGreaterThanOrEqual(1);

      // The control still waits on its dead connections: the mail has not reached it.
      expect(inboxUids(control, controlAccount.id)).toHaveLength(SEEDED);

      // Closing does not wait on the dead ones (imapflow alone would wait minutes): their LOGOUT gets its
      // few seconds, then the sockets are closed.
      const closeStartedAt = Date.now();
      let closed = false;
      closing = Promise.all([fast.close(), control.close()]).then(() => {
        closed = true;
      });
      await until('both closed', () => closed, FAST_ACTS_WITHIN_MS);
      expect(Date.now() - closeStartedAt).toBeGreaterThanOrEqual(LOGOUT_WITHIN_MS - 100); // it did wait on a frozen LOGOUT
    } finally {
      // Only after a failure: cut the frozen links so the close cannot hang the run.
      closing ??= Promise.all([fast.close(), control.close()]);
      proxy.cutAll();
      await closing;
    }
  });
});
