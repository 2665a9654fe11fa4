/**
 * A message whose source the body phase stored but the deriver has not parsed yet is
 * readable offline: opening it derives its body from the stored source at once, with no
 * connection to the server, exactly as the work connection parses it. Real Dovecot
 * for the sources, the real services for the rest.
 */
import fs from 'node:fs';
import { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NewAccountSchema } from '../../src-preload/contract';
import { parseBodies } from '../../src-main/services/sync/body-sync';
import { parseHeaderFilter } from '../../src-main/services/sync/import-criteria';
import { syncFolderHeaders } from '../../src-main/services/sync/mailbox-sync';
import { fetchSources } from '../../src-main/services/sync/source-fetch';
import { DEFAULT_USERS, startMailServers, type MailServers } from '../support/mail-servers';
import { REAL_WORLD } from '../support/real-world-mail';
import { createTestServices, removeTestDirs, testAccountInput, until } from '../support/services';

const alice = DEFAULT_USERS[0]!;
let servers: MailServers;

beforeAll(async () => {
  servers = await startMailServers();
  for (const m of REAL_WORLD) await servers.append(alice.username, 'INBOX', m.raw);
});

afterAll(async () => {
  await servers?.stop();
  removeTestDirs();
});

describe('derive on open', () => {
  it('derives an opened message from its stored source without the server, and refetches one whose source is gone', async () => {
    const { s, events } = createTestServices();
    try {
      // The account is never started: no sync, no connection of its own to fetch a body with.
      const account = await s.accounts.add(NewAccountSchema.parse(testAccountInput(servers, alice)));
      const client = new ImapFlow({ host: '127.0.0.1', port: servers.imapPort, secure: false, doSTARTTLS: false, auth: { user: alice.username, pass: alice.password }, logger: false });
      await client.connect();
      let expected;
      try {
        const record = s.store.accounts.get(account.id)!;
        const hooks = { progress: () => undefined, changed: () => undefined, cancelled: () => false };
        const box = s.store.mailboxes.byPath(account.id, 'INBOX')!;
        await syncFolderHeaders({ client, store: s.store, accountId: account.id, settings: record.import, terms: parseHeaderFilter(''), routeHeaders: [], since: null, headerWorker: null, hooks }, box);
        const lock = await client.getMailboxLock('INBOX', { readOnly: true });
        try {
          // What a body worker leaves: each source in the attachment store and named by its row, nothing parsed.
          const rows = s.store.messages.list(box.id, 0, 100).items;
          const uids = rows.map((r) => r.uid);
          const sources = await fetchSources(client, uids, s.attachments);
          s.store.messages.setSources(rows.map((r) => ({ id: Number(r.id), rawSha256: sources.get(r.uid)!.sha256 })));
          expected = new Map((await parseBodies(uids, await fetchSources(client, uids, s.attachments, { parse: true }), s.attachments)).map((b) => [b.uid, b]));
        } finally {
          lock.release();
        }
      } finally {
        await client.logout();
      }
      const box = s.store.mailboxes.byPath(account.id, 'INBOX')!;
      expect(s.store.messages.countWithoutBody(box.id, box.uidvalidity!)).toBe(0);
      expect(s.store.messages.countUnderived()).toBe(REAL_WORLD.length);

      const [lost, ...rows] = s.store.messages.list(box.id, 0, 100).items;
      for (const row of rows) {
        const id = Number(row.id);
        expect(s.openMessage(id)!.bodyLoaded).toBe(false);
        await until(`message ${row.uid} derived`, () => s.openMessage(id)?.bodyLoaded);
        // As stored (what the reader shows has the inline images put in place).
        const opened = s.store.messages.get(id)!;
        const want = expected.get(row.uid)!;
        expect({ text: opened.text, html: opened.html, snippet: opened.snippet, attachments: opened.attachments, parseWarnings: opened.parseWarnings }).toEqual(want.body);
        expect(s.store.messages.rawOf(id)).toBe(want.raw);
      }
      expect(s.store.messages.countUnderived()).toBe(1);
      expect(events.filter((e) => e.name === 'messagesChanged').length).toBeGreaterThanOrEqual(rows.length);

      // A stored source gone from the attachment store: the message waits for the body phase to fetch it again.
      const lostId = Number(lost!.id);
      fs.rmSync(s.attachments.pathOf(s.store.messages.rawOf(lostId)!));
      expect(await s.sync.loadBody(account.id, lostId)).toBe(false);
      expect(s.store.messages.rawOf(lostId)).toBeNull();
      expect(s.store.messages.countWithoutBody(box.id, box.uidvalidity!)).toBe(1);
    } finally {
      await s.close();
    }
  });
});
