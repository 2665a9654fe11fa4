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
import { LOGOUT_WITHIN_MS, startHeartbeat, type HeartbeatTiming } from '../../src-main/services/sync/heartbeat';
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

/** A NOOP every second, answered within two: a dead link is closed at most 3 s after it died. */
const FAST: HeartbeatTiming = { intervalMs: 1000, answerWithinMs: 2000 };
const WORST_CASE_MS = FAST.intervalMs + FAST.answerWithinMs;
/** Room for a loaded test machine on top of the worst case. */
const SLACK_MS = 1500;

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

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The app's own client settings, through the proxy; it IDLEs on INBOX like the InboxWatcher. */
async function idleThroughProxy(): Promise<{ client: ImapFlow; closed: () => number | null }> {
  const client = createImapClient({ host: '127.0.0.1', port: proxy.port, security: 'tls', trustedCertificate: null }, { user: alice.username, pass: alice.password });
  client.on('error', () => undefined);
  let closedAt: number | null = null;
  client.on('close', () => {
    closedAt = Date.now();
  });
  await client.connect();
  await client.mailboxOpen('INBOX', { readOnly: true });
  return { client, closed: () => closedAt };
}

function inboxUids(s: Services, accountId: string): number[] {
  const inbox = s.store.mailboxes.byPath(accountId, 'INBOX');
  if (!inbox?.uidvalidity) return [];
  return s.store.messages.list(inbox.id, 0, 100_000).items.map((m) => m.uid);
}

describe('heartbeat', () => {
  it('keeps a slow but working connection open while a long FETCH holds its NOOP back', async () => {
    const slow = await idleThroughProxy();
    const beats = vi.spyOn(slow.client, 'noop');
    const stop = startHeartbeat(slow.client, FAST);
    try {
      await slow.client.mailboxOpen(BULKY_FOLDER, { readOnly: true });
      expect(proxy.throttleAll(SLOW_LINK_BYTES_PER_SECOND)).toBe(1);
      const startedAt = Date.now();
      // imapflow runs one command at a time: every NOOP of this heartbeat waits behind the FETCH.
      const messages = await slow.client.fetchAll('1:*', { source: true });
      const took = Date.now() - startedAt;

      expect(messages).toHaveLength(BULKY_COUNT);
      expect(messages.every((m) => (m.source?.length ?? 0) >= BULKY_BYTES)).toBe(true);
      // Long enough that a NOOP was waiting for more than its answer time: the old heartbeat closed here.
      expect(took).toBeGreaterThan(WORST_CASE_MS + 1000);
      expect(beats.mock.calls.length).toBeGreaterThanOrEqual(1);
      expect(slow.closed()).toBeNull();

      // The NOOP that waited is answered once the FETCH is done, and the beats go on.
      const beatsBefore = beats.mock.calls.length;
      await sleep(2 * FAST.intervalMs + 300);
      expect(beats.mock.calls.length).toBeGreaterThan(beatsBefore);
      expect(slow.closed()).toBeNull();
      expect(slow.client.usable).toBe(true);
    } finally {
      stop();
      proxy.cutAll();
      slow.client.close();
    }
  });

  it('keeps a healthy connection across many beats and closes a frozen one within interval + answer time', async () => {
    const fast = await idleThroughProxy();
    const control = await idleThroughProxy();
    const beats = vi.spyOn(fast.client, 'noop');
    const stopFast = startHeartbeat(fast.client, FAST);
    const stopControl = startHeartbeat(control.client);
    try {
      await sleep(5 * FAST.intervalMs + 300);
      expect(beats.mock.calls.length).toBeGreaterThanOrEqual(4);
      expect(fast.closed()).toBeNull();
      expect(fast.client.usable).toBe(true);

      expect(proxy.freezeAll()).toBe(2);
      const frozenAt = Date.now();
      await until('the frozen connection closed', () => fast.closed() !== null, WORST_CASE_MS + SLACK_MS);
      expect(fast.closed()! - frozenAt).toBeLessThanOrEqual(WORST_CASE_MS + SLACK_MS);

      // Without the fast heartbeat nothing notices: not imapflow, not the OS.
      await sleep(Math.max(0, frozenAt + WORST_CASE_MS + SLACK_MS - Date.now()));
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
      const frozenAt = Date.now();
      await servers.deliver(alice.username, plainMessage(SEEDED));
      await until('the new mail in the fast account', () => inboxUids(fast, fastAccount.id).length === SEEDED + 1, 20_000);
      const arrivedAfter = Date.now() - frozenAt;
      // Noticed (<= 3 s), reconnected and synced: well inside the product's 60 s.
      expect(arrivedAfter).toBeLessThan(WORST_CASE_MS + 5_000);
      expect(fast.store.accounts.get(fastAccount.id)?.status).not.toBe('error');
      expect(proxy.open()).toBeGreaterThanOrEqual(1);

      // The control still waits on its dead connections: the mail has not reached it.
      expect(inboxUids(control, controlAccount.id)).toHaveLength(SEEDED);

      // Closing does not wait for the dead ones: their LOGOUT gets a few seconds, then the sockets are closed.
      const closeStartedAt = Date.now();
      closing = Promise.all([fast.close(), control.close()]);
      const closedInTime = await Promise.race([closing.then(() => true), sleep(LOGOUT_WITHIN_MS + SLACK_MS).then(() => false)]);
      expect(closedInTime).toBe(true);
      expect(Date.now() - closeStartedAt).toBeGreaterThanOrEqual(LOGOUT_WITHIN_MS - 100); // it did wait on a frozen LOGOUT
    } finally {
      // Only after a failure: cut the frozen links so the close cannot hang the run.
      closing ??= Promise.all([fast.close(), control.close()]);
      proxy.cutAll();
      await closing;
    }
  });
});
