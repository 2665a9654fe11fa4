/**
 * The outbox against real Postfix and Dovecot: a mail is sent once with its Message-ID,
 * text and HTML parts, filed in Sent; every refusal the servers really give is recorded
 * and explained (535, 550 for one of two recipients, 554 relay, server down, too large
 * by our check and by the server's 552); queued mail survives a restart; undo, cancel
 * and resend follow the state machine.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simpleParser } from 'mailparser';
import { AccountDraftSchema, type AccountDraftInput, type OutboxItem } from '../../src-preload/contract';
import { createServices } from '../../src-main/services';
import { createNodePlatform } from '../../src-main/services/platform/node-platform';
import type { OutgoingMail } from '../../src-main/services/outbox/outgoing-mail';
import type { OutboxFaultPoint, RetryPolicy } from '../../src-main/services/outbox/outbox-service';
import { createTestServices, removeTestDirs, testAccountInput, until, type TestServices } from '../support/services';
import { DEFAULT_USERS, startMailServers, type MailServers } from '../support/mail-servers';
import { copiesOf } from '../support/server-inbox';
import { HEADER_WORKER_SOURCE } from '../support/header-worker';
import { eventually } from '../support/team-clients';
import { startTcpProxy } from '../support/tcp-proxy';

const [alice, bob, carol] = DEFAULT_USERS as [(typeof DEFAULT_USERS)[0], (typeof DEFAULT_USERS)[0], (typeof DEFAULT_USERS)[0]];
/** Milliseconds instead of minutes, so retries run out within the test. */
const FAST: RetryPolicy = { attempts: 3, firstDelayMs: 20, maxDelayMs: 100 };

let servers: MailServers;
let relayRefusing: MailServers;
const running: TestServices[] = [];

beforeAll(async () => {
  [servers, relayRefusing] = await Promise.all([
    // 30 kB: the server's own 552 for a bigger message (our check allows 25 MB).
    startMailServers({ postfixExtraMainCf: 'message_size_limit = 30000' }),
    // Authenticated clients may not relay to other domains: 554 Relay access denied.
    startMailServers({ postfixExtraMainCf: 'smtpd_relay_restrictions = reject_unauth_destination' }),
  ]);
});

afterAll(async () => {
  await Promise.all(running.map((t) => t.s.close()));
  await Promise.all([servers?.stop(), relayRefusing?.stop()]);
  removeTestDirs();
});

/**
 * Services with Alice's account added (its connection test passes), then changed to `over`
 * as the store keeps it: a wrong password or a dead server the form would refuse.
 */
async function started(over: Partial<AccountDraftInput> = {}, on: MailServers = servers, faultHook?: (point: OutboxFaultPoint) => void) {
  const t = createTestServices({ outbox: { retry: FAST, ...(faultHook ? { faultHook } : {}) } });
  running.push(t);
  const { id } = await t.s.accounts.add(AccountDraftSchema.parse(testAccountInput(on, alice, { key: 'SUP' })));
  const { password, oauthSession: _o, ...settings } = AccountDraftSchema.parse(testAccountInput(on, alice, { key: 'SUP', ...over }));
  t.s.store.accounts.update(id, settings);
  await t.s.platform.secrets.set(`account:${id}:password`, password);
  t.s.outbox.start();
  return { ...t, account: t.s.accounts.record(id) };
}

function mail(accountId: string, over: Partial<OutgoingMail> = {}): OutgoingMail {
  return {
    accountId,
    kind: 'new',
    agentId: 'agent-1',
    from: { name: 'Support', address: alice.email },
    to: [{ name: 'Bob', address: bob.email }],
    cc: [],
    bcc: [],
    subject: `Outbox test ${Math.random().toString(36).slice(2)}`,
    html: '<p>Hello <b>Bob</b>,</p><p>your order shipped. <a href="https://example.test/track">Track it</a>.</p>',
    attachments: [],
    inReplyTo: null,
    references: [],
    headers: {},
    ticket: null,
    statusAfter: null,
    sendAfter: Date.now(),
    undoUntil: null,
    idempotencyKey: null,
    draftId: null,
    ...over,
  };
}

/** The services again on a data dir whose services were closed (a restart), the outbox started. */
function restarted(dir: string) {
  const s = createServices({
    dataDir: dir,
    platform: createNodePlatform(dir, { MAILROOM_SECRET_KEY: 'b2'.repeat(32) }),
    host: 'browser',
    version: 'test',
    emit: () => undefined,
    headerWorkerScript: HEADER_WORKER_SOURCE,
    outbox: { retry: FAST },
  });
  running.push({ s, events: [], dir });
  s.outbox.start();
  return s;
}

const settled = (t: TestServices, id: string, states: OutboxItem['state'][] = ['sent', 'failed', 'uncertain']) =>
  until(`outbox item ${id} in ${states.join('/')}`, () => {
    const item = t.s.outbox.get(id);
    return states.includes(item.state) ? item : undefined;
  });

describe('sending', () => {
  it('delivers a mail once, with its Message-ID, a text part and the HTML, and files it in Sent', async () => {
    const t = await started();
    const queued = await t.s.outbox.enqueue(mail(t.account.id, { cc: [{ name: '', address: 'customer@elsewhere.test' }], bcc: [{ name: '', address: alice.email }] }));
    expect(queued).toMatchObject({ state: 'queued', accountKey: 'SUP', attempts: 0 });
    expect(queued.messageId).toMatch(/^<[0-9a-f-]{36}@example\.test>$/);
    const sent = await settled(t, queued.id);
    expect(sent).toMatchObject({ state: 'sent', attempts: 1, error: null });
    expect(sent.recipients.map((r) => [r.kind, r.refused])).toEqual([
      ['to', null],
      ['cc', null],
      ['bcc', null],
    ]);

    const copies = await eventually('the mail in Bob\'s INBOX', async () => {
      const found = await copiesOf(servers, bob, queued.messageId);
      return found.length > 0 ? found : undefined;
    });
    expect(copies).toHaveLength(1);
    const parsed = await simpleParser(copies[0]!);
    expect(parsed.messageId).toBe(queued.messageId);
    expect(parsed.text).toMatch(/your order shipped\. Track it \[https:\/\/example\.test\/track\]/);
    expect(parsed.html).toContain('<b>Bob</b>');
    // Bcc travels in the envelope only.
    expect(parsed.headers.has('bcc')).toBe(false);
    // The Bcc copy reached Alice's own INBOX too.
    await eventually('the Bcc copy', async () => ((await copiesOf(servers, alice, queued.messageId)).length === 1 ? true : undefined));

    const filed = await eventually('the Sent copy', async () => {
      const item = t.s.outbox.get(queued.id);
      return item.sentFolder === 'done' ? item : undefined;
    });
    expect(filed.ticketLogged).toBe('skipped');
    expect(await copiesOf(servers, alice, queued.messageId, 'Sent')).toHaveLength(1);
    expect(t.events.some((e) => e.name === 'outboxChanged')).toBe(true);

    const preview = await t.s.outbox.preview(queued.id);
    expect(preview.html).toContain('<b>Bob</b>');
    expect(preview.text).toMatch(/your order shipped/);
  });

  it('sends attachments from the store, and pasted data: URL images as inline parts', async () => {
    const t = await started();
    const pixel = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
    const notes = Buffer.from('Serial number: 12345\n');
    const attachment = { filename: 'notes.txt', contentType: 'text/plain', sha256: t.s.attachments.put(notes), size: notes.length };
    const item = await t.s.outbox.enqueue(mail(t.account.id, { html: `<p>Look:</p><img src="data:image/png;base64,${pixel}">`, attachments: [attachment] }));
    await settled(t, item.id);
    const [copy] = await eventually('the mail', async () => {
      const found = await copiesOf(servers, bob, item.messageId);
      return found.length > 0 ? found : undefined;
    });
    const parsed = await simpleParser(copy!, { keepCidLinks: true });
    expect(parsed.html).toMatch(/<img src="cid:[^"]+"/);
    expect(parsed.attachments.map((a) => [a.contentType, a.contentDisposition])).toEqual([
      ['image/png', 'inline'],
      ['text/plain', 'attachment'],
    ]);
    expect(parsed.attachments[1]?.content.toString()).toBe(notes.toString());
    // The preview shows the image in place and lists the file.
    const preview = await t.s.outbox.preview(item.id);
    expect(preview.html).toMatch(/<img src="data:image\/png;base64,/);
    expect(preview.attachments).toEqual([{ filename: 'notes.txt', contentType: 'text/plain', size: notes.length }]);
  });

  it('returns the existing item for an idempotency key used before', async () => {
    const t = await started();
    const first = await t.s.outbox.enqueue(mail(t.account.id, { idempotencyKey: 'auto-reply:x:<m1@example.test>', sendAfter: Date.now() + 60_000 }));
    const again = await t.s.outbox.enqueue(mail(t.account.id, { idempotencyKey: 'auto-reply:x:<m1@example.test>', sendAfter: Date.now() + 60_000 }));
    expect(again.id).toBe(first.id);
    expect(t.s.outbox.list({ states: [], accountId: '', text: '', ticket: '' }, 0, 10).total).toBe(1);
  });
});

describe('refusals, each explained', () => {
  it('fails on a wrong SMTP password (535) without retrying', async () => {
    const t = await started({ password: 'wrong-password' });
    const item = await t.s.outbox.enqueue(mail(t.account.id));
    const failed = await settled(t, item.id);
    expect(failed).toMatchObject({ state: 'failed', attempts: 1 });
    expect(failed.error).toMatchObject({ code: 'auth/failed' });
    expect(failed.error?.cause).toMatch(/SMTP server rejected the username or password/);
    expect(failed.error?.detail).toMatch(/535/);
  });

  it('delivers to the known recipient and explains the unknown one (550)', async () => {
    const t = await started();
    const item = await t.s.outbox.enqueue(mail(t.account.id, { to: [{ name: '', address: 'nobody@example.test' }, { name: 'Bob', address: bob.email }] }));
    const sent = await settled(t, item.id);
    expect(sent.state).toBe('sent');
    const [nobody, toBob] = sent.recipients;
    expect(nobody?.refused).toMatchObject({ code: 'smtp/recipient-unknown' });
    expect(nobody?.refused?.detail).toMatch(/550/);
    expect(toBob?.refused).toBeNull();
    await eventually('Bob\'s copy', async () => ((await copiesOf(servers, bob, item.messageId)).length === 1 ? true : undefined));
  });

  it('fails when every recipient is refused, each explained', async () => {
    const t = await started();
    const item = await t.s.outbox.enqueue(mail(t.account.id, { to: [{ name: '', address: 'nobody@example.test' }, { name: '', address: 'no-one@example.test' }] }));
    const failed = await settled(t, item.id);
    expect(failed).toMatchObject({ state: 'failed', error: { code: 'smtp/recipient-unknown' } });
    expect(failed.recipients.map((r) => r.refused?.code)).toEqual(['smtp/recipient-unknown', 'smtp/recipient-unknown']);
  });

  it('explains a relay refusal (554)', async () => {
    const t = await started({}, relayRefusing);
    const item = await t.s.outbox.enqueue(mail(t.account.id, { to: [{ name: '', address: 'customer@elsewhere.test' }] }));
    const failed = await settled(t, item.id);
    expect(failed).toMatchObject({ state: 'failed', error: { code: 'smtp/relay-denied' } });
    expect(failed.error?.detail).toMatch(/554.*Relay access denied/);
    expect(failed.recipients[0]?.refused).toMatchObject({ code: 'smtp/relay-denied' });
  });

  it('retries while the server is down, then fails with the last cause explained', async () => {
    const t = await started({ smtp: { host: '127.0.0.1', port: 1, security: 'starttls' } });
    const item = await t.s.outbox.enqueue(mail(t.account.id));
    const failed = await settled(t, item.id, ['failed']);
    expect(failed.attempts).toBe(FAST.attempts);
    expect(failed.error).toMatchObject({ code: 'send/retries-exhausted' });
    expect(failed.error?.cause).toMatch(/tried 3 times.*Nothing accepted the connection at 127\.0\.0\.1:1/);
    expect(failed.error?.fix).toMatch(/Resend/);
  });

  it('refuses a mail over the account limit before queueing it, and explains the server\'s 552', async () => {
    const t = await started({ sending: { maxMessageMb: 1 } });
    const big = `<p>${'x'.repeat(1_200_000)}</p>`;
    await expect(t.s.outbox.enqueue(mail(t.account.id, { html: big }))).rejects.toMatchObject({ info: { code: 'send/too-large' } });
    expect(t.s.outbox.list({ states: [], accountId: '', text: '', ticket: '' }, 0, 10).total).toBe(0);

    // Under our 1 MB, over the server's 30 kB.
    const item = await t.s.outbox.enqueue(mail(t.account.id, { html: `<p>${'y '.repeat(40_000)}</p>` }));
    const failed = await settled(t, item.id);
    expect(failed).toMatchObject({ state: 'failed', attempts: 1, error: { code: 'smtp/message-too-large' } });
    expect(failed.error?.detail).toMatch(/552/);
  });

  it('refuses a mail without recipients and one whose attachment is gone', async () => {
    const t = await started();
    await expect(t.s.outbox.enqueue(mail(t.account.id, { to: [] }))).rejects.toMatchObject({ info: { code: 'send/no-recipient' } });
    const missing = { filename: 'invoice.pdf', contentType: 'application/pdf', sha256: 'f'.repeat(64), size: 10 };
    await expect(t.s.outbox.enqueue(mail(t.account.id, { attachments: [missing] }))).rejects.toMatchObject({
      info: { code: 'send/attachment-unreadable', cause: expect.stringMatching(/invoice\.pdf/) },
    });
  });
});

describe('after sending', () => {
  it('places the reply in its ticket, sets the status the account asks for, and shows it in the ticket pane', async () => {
    const t = createTestServices({ outbox: { retry: FAST } });
    running.push(t);
    t.s.team.saveProfile({ name: 'Ana' });
    const account = await t.s.accounts.add(AccountDraftSchema.parse(testAccountInput(servers, carol, { key: 'HLP' })));
    t.s.team.syncAccounts();
    t.s.sync.startAll();
    t.s.outbox.start();
    const key = `<order-${Date.now()}@example.test>`;
    await servers.deliver(
      carol.username,
      ['From: Bob <bob@example.test>', `To: ${carol.email}`, 'Subject: Where is my order?', `Message-ID: ${key}`, `Date: ${new Date().toUTCString()}`, '', 'Hello?', ''].join('\r\n'),
    );
    const log = t.s.team.log(account.id)!;
    const opened = await until('the ticket', () => log.confirmed().tickets.get(key));

    const item = await t.s.outbox.enqueue(
      mail(account.id, {
        kind: 'reply',
        from: { name: 'Help', address: carol.email },
        subject: `Re: [#MR-${opened.number}] Where is my order?`,
        inReplyTo: key,
        references: [key],
        ticket: { accountId: account.id, key },
        statusAfter: 'pending',
      }),
    );
    expect(item.ticket).toEqual({ accountId: account.id, key, number: opened.number });
    await until('the reply logged', () => t.s.outbox.get(item.id).ticketLogged === 'done');
    const ticket = await until('the reply in the confirmed log', () => {
      const now = log.confirmed().tickets.get(key);
      return now?.messages.some((m) => m.key === item.messageId) && now.status === 'pending' ? now : undefined;
    });
    expect(ticket.messages.find((m) => m.key === item.messageId)).toMatchObject({ direction: 'out', reason: { kind: 'sent', auto: false } });

    const pane = t.s.tickets.getTicket(account.id, key);
    const sent = pane.messages.find((m) => m.key === item.messageId);
    expect(sent).toMatchObject({ outboxId: item.id, direction: 'out', subject: item.subject });
    expect(sent?.snippet).toMatch(/your order shipped/);
  });

  it('keeps trying to file in Sent while IMAP refuses, then says why; skips it when the account says never', async () => {
    const t = await started({ imap: { host: '127.0.0.1', port: 1, security: 'tls' } });
    const item = await t.s.outbox.enqueue(mail(t.account.id));
    expect((await settled(t, item.id)).state).toBe('sent');
    const unfiled = await until('the Sent copy given up', () => (t.s.outbox.get(item.id).sentFolder === 'failed' ? t.s.outbox.get(item.id) : undefined));
    expect(unfiled).toMatchObject({ state: 'sent', error: { code: 'net/refused' } });

    const never = await started({ sending: { sentCopy: 'never' } });
    const notFiled = await never.s.outbox.enqueue(mail(never.account.id));
    expect(await settled(never, notFiled.id)).toMatchObject({ state: 'sent', sentFolder: 'skipped' });
  });
});

describe('the state machine', () => {
  it('sends waiting mail at once when the network comes back', async () => {
    const t = await started();
    t.s.outbox.networkChanged(false);
    const item = await t.s.outbox.enqueue(mail(t.account.id));
    // As after a failed attempt: the next one an hour away.
    t.s.store.outbox.transition(item.id, ['queued'], { attempts: 1, nextAttemptAt: Date.now() + 3_600_000 });
    t.s.outbox.networkChanged(true);
    expect(await settled(t, item.id)).toMatchObject({ state: 'sent', attempts: 2 });
  });

  it('undoes within the window, cancels a scheduled mail and resends it', async () => {
    const t = await started();
    const later = Date.now() + 60_000;
    const undoable = await t.s.outbox.enqueue(mail(t.account.id, { sendAfter: later, undoUntil: later, draftId: 'draft-1' }));
    expect(t.s.outbox.undo(undoable.id)).toEqual({ draftId: 'draft-1' });
    expect(() => t.s.outbox.get(undoable.id)).toThrow(/No outgoing mail/);

    const scheduled = await t.s.outbox.enqueue(mail(t.account.id, { sendAfter: later }));
    expect(() => t.s.outbox.undo(scheduled.id)).toThrow(/Too late to undo/);
    expect(t.s.outbox.cancel(scheduled.id).state).toBe('cancelled');
    expect(() => t.s.outbox.cancel(scheduled.id)).toThrow(/cannot be cancelled now: it is cancelled/);
    const resent = t.s.outbox.resend(scheduled.id);
    expect(resent).toMatchObject({ state: 'queued', attempts: 0 });
    expect((await settled(t, scheduled.id)).state).toBe('sent');
    expect(() => t.s.outbox.resend(scheduled.id)).toThrow(/cannot be sent again now: it is sent/);
  });

  it('marks a mail uncertain when the link drops after its end was handed over, and never resends it by itself', async () => {
    const proxy = await startTcpProxy(servers.submissionPort);
    let cut = true;
    const t = await started({ smtp: { host: '127.0.0.1', port: proxy.port, security: 'starttls' } }, servers, (point) => {
      // Once: the link breaks as the end of the message goes out, so no reply can come.
      if (point === 'data-end' && cut) {
        cut = false;
        proxy.cutAll();
      }
    });
    try {
      const item = await t.s.outbox.enqueue(mail(t.account.id));
      const uncertain = await settled(t, item.id);
      expect(uncertain).toMatchObject({ state: 'uncertain', attempts: 1, error: { code: 'send/delivery-uncertain' } });
      expect(uncertain.error?.fix).toMatch(/never sent twice without you/);
      // The agent looked: it did not arrive (the proxy cut it), so send it again.
      expect(await copiesOf(servers, bob, item.messageId)).toHaveLength(0);
      expect(() => t.s.outbox.resend(item.id)).toThrow(/cannot be sent again now: it is uncertain/);
      expect(t.s.outbox.resolveUncertain(item.id, 'resend').state).toBe('queued');
      expect((await settled(t, item.id)).state).toBe('sent');
      await eventually('one copy', async () => ((await copiesOf(servers, bob, item.messageId)).length === 1 ? true : undefined));
    } finally {
      await proxy.close();
    }
  });

  it('on restart, queues a mail killed before its end went out and asks about one killed after', async () => {
    const first = createTestServices({ outbox: { retry: FAST } });
    const account = await first.s.accounts.add(AccountDraftSchema.parse(testAccountInput(servers, alice, { key: 'SUP' })));
    const before = await first.s.outbox.enqueue(mail(account.id));
    const after = await first.s.outbox.enqueue(mail(account.id));
    // What a kill leaves: both 'sending', one connected, one past data-end.
    first.s.store.outbox.transition(before.id, ['queued'], { state: 'sending', phase: 'connected', attempts: 1 });
    first.s.store.outbox.transition(after.id, ['queued'], { state: 'sending', phase: 'data-end', attempts: 1 });
    await first.s.close();

    const again = restarted(first.dir);
    expect((await settled({ s: again, events: [], dir: first.dir }, before.id)).state).toBe('sent');
    const uncertain = again.outbox.get(after.id);
    expect(uncertain).toMatchObject({ state: 'uncertain', error: { code: 'send/delivery-uncertain' } });
    expect(again.outbox.resolveUncertain(after.id, 'delivered')).toMatchObject({ state: 'sent' });
    expect(() => again.outbox.resolveUncertain(after.id, 'resend')).toThrow(/cannot be sent again now: it is sent/);
    // Marked as arrived, it is filed in Sent like any sent mail; it was never sent to Bob.
    await until('the Sent copy', () => again.outbox.get(after.id).sentFolder === 'done');
    expect(await copiesOf(servers, bob, after.messageId)).toHaveLength(0);
  });

  it('resumes queued mail after a restart', async () => {
    const first = createTestServices({ outbox: { retry: FAST } });
    const account = await first.s.accounts.add(AccountDraftSchema.parse(testAccountInput(servers, alice, { key: 'SUP' })));
    // Not started: the mail is committed and waits, as if the app was killed before its turn.
    const item = await first.s.outbox.enqueue(mail(account.id));
    await first.s.close();

    const again = restarted(first.dir);
    const sent = await until('sent after the restart', () => (again.outbox.get(item.id).state === 'sent' ? again.outbox.get(item.id) : undefined));
    expect(sent.messageId).toBe(item.messageId);
    await eventually('one copy', async () => ((await copiesOf(servers, bob, item.messageId)).length === 1 ? true : undefined));
  });
});
