/** The AutoReplier over a real store: what it enqueues and logs for the auto-replies due from this client, and what it gives up with a reason. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OutboxItem } from '../../src-preload/contract/outbox';
import { AutoReplier, doneEventId, type AutoReplyLog } from '../../src-main/services/auto-reply/auto-replier';
import { appError } from '../../src-main/services/errors/app-error';
import type { OutgoingMail } from '../../src-main/services/outbox/outgoing-mail';
import { openStore, type Store } from '../../src-main/services/store';
import type { EventPayload } from '../../src-main/services/teamlog/events';
import type { TeamState } from '../../src-main/services/teamlog/state';
import { addStoreAccount } from '../support/store-account';
import { foldAll, mail, teamEvent } from '../support/team-events';

const DAY = 24 * 60 * 60_000;
const T0 = Date.UTC(2026, 11, 1, 9, 0);
const customer = { name: 'Carla', address: 'carla@customer.example' };

let dir: string;
let store: Store;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mailroom-auto-replier-'));
  store = openStore(dir);
  addStoreAccount(store, 'a1');
});

afterEach(() => {
  store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function storeMail(key: string): void {
  const inbox = store.mailboxes.byPath('a1', 'INBOX')!.id;
  store.messages.upsertHeaders(
    inbox,
    7,
    [
      {
        uid: 1,
        messageId: key,
        inReplyTo: null,
        references: ['<earlier@customer.example>'],
        headers: null,
        subject: 'Printer broken',
        from: customer,
        to: [{ name: 'Support', address: 'support@example.test' }],
        cc: [{ name: 'Dan', address: 'dan@customer.example' }],
        replyTo: [],
        date: T0,
        flags: [],
        size: 100,
        hasAttachments: false,
        contentHash: 'hash-1',
        gmMsgId: null,
        skip: null,
      },
    ],
    { accountId: 'a1', dedupe: false, adopt: false },
  );
}

/** A log whose confirmed state is these events folded; appends are recorded with their ids. */
class Log implements AutoReplyLog {
  appended: { payload: EventPayload; id: string | undefined }[] = [];
  readonly accountId = 'a1';
  constructor(public state: TeamState) {}
  confirmed() {
    return this.state;
  }
  append(payload: EventPayload, id?: string) {
    this.appended.push({ payload, id });
    return id ?? 'random';
  }
}

function decided(by: string, settings = {}): TeamState {
  return foldAll([
    teamEvent('ana', T0 - 1000, { type: 'autoReply.set', settings: { enabled: true, bodyHtml: '<p>Got it, {{customer.name}}.</p>', includeCc: true, ...settings } }),
    teamEvent(by, T0, { type: 'mail.imported', items: [mail('<m1@customer.example>', { autoReply: true, date: T0, customer })] }),
  ]);
}

function replier(log: Log, now: number, enqueue: (m: OutgoingMail) => Promise<OutboxItem>) {
  return new AutoReplier({ store, log: () => log, logs: () => [log], agentId: () => 'me', outbox: { enqueue }, now: () => now });
}

describe('AutoReplier', () => {
  it('enqueues the reply due from this client once and logs it done under an id derived from the mail, also when the pass repeats', async () => {
    storeMail('<m1@customer.example>');
    const log = new Log(decided('me'));
    const sent: OutgoingMail[] = [];
    const r = replier(log, T0 + 60_000, async (m) => {
      sent.push(m);
      return {} as OutboxItem;
    });
    r.start();
    await r.settled();
    r.wake('a1');
    await r.settled();
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ kind: 'auto-reply', to: [customer], cc: [{ address: 'dan@customer.example' }], inReplyTo: '<m1@customer.example>', references: ['<earlier@customer.example>', '<m1@customer.example>'], idempotencyKey: 'auto-reply:a1:<m1@customer.example>' });
    expect(sent[0]!.html).toContain('Got it, Carla.');
    expect(log.appended).toEqual([{ payload: { type: 'autoReply.done', message: '<m1@customer.example>', outcome: 'sent', reason: '' }, id: doneEventId('<m1@customer.example>') }]);
  });

  it('leaves what another client was named to send alone', async () => {
    storeMail('<m1@customer.example>');
    const log = new Log(decided('ben'));
    const r = replier(log, T0, async () => {
      throw new Error('must not send');
    });
    r.start();
    await r.settled();
    expect(log.appended).toEqual([]);
  });

  it('gives up with the reason on the ticket: a day late, the mail gone, turned off, or refused by the outbox', async () => {
    const cases: { state: TeamState; now: number; stored: boolean; refuse?: boolean; reason: RegExp }[] = [
      { state: decided('me'), now: T0 + DAY + 1, stored: true, reason: /more than a day ago/ },
      { state: decided('me'), now: T0, stored: false, reason: /no longer in the mailbox/ },
      { state: foldAll([teamEvent('ana', T0 + 1, { type: 'autoReply.set', settings: { enabled: false } })], decided('me')), now: T0, stored: true, reason: /turned off/ },
      { state: decided('me'), now: T0, stored: true, refuse: true, reason: /the outbox refused it: The message is too large/ },
    ];
    for (const c of cases) {
      store.close();
      fs.rmSync(dir, { recursive: true, force: true });
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mailroom-auto-replier-'));
      store = openStore(dir);
      addStoreAccount(store, 'a1');
      if (c.stored) storeMail('<m1@customer.example>');
      const log = new Log(c.state);
      const r = replier(log, c.now, async () => {
        if (c.refuse) throw appError('send/too-large', 'The message is too large for the server.', 'Send smaller attachments.');
        return {} as OutboxItem;
      });
      r.start();
      await r.settled();
      expect(log.appended).toHaveLength(1);
      expect(log.appended[0]!.payload).toMatchObject({ type: 'autoReply.done', outcome: 'skipped', reason: expect.stringMatching(c.reason) });
    }
  });
});
