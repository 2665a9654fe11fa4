/**
 * Real-world shapes that used to open empty, through a real Dovecot: appended, synced,
 * stored, and served the way the reader gets them (the getMessage handler).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NewAccountSchema, type MessageDetail } from '../../src-preload/contract';
import { mailHandlers } from '../../src-main/ipc/handlers/mail';
import { INLINE_PNG_BLUE, INLINE_PNG_ORANGE, REAL_WORLD } from '../support/real-world-mail';
import { startMailServers, type MailServers, type TestUser } from '../support/mail-servers';
import { createTestServices, removeTestDirs, testAccountInput, until } from '../support/services';

const user: TestUser = { username: 'realworld@example.test', password: 'pass-realworld-1', email: 'realworld@example.test' };
let servers: MailServers;

beforeAll(async () => {
  servers = await startMailServers({ users: [user] });
  for (const m of REAL_WORLD) await servers.append(user.username, 'INBOX', m.raw);
});

afterAll(async () => {
  await servers?.stop();
  removeTestDirs();
});

describe('real-world mail through Dovecot', () => {
  it('syncs every message and serves what the parser found: inline images, bounces, forwards, unknown charsets', async () => {
    const { s } = createTestServices();
    try {
      const account = await s.accounts.add(NewAccountSchema.parse(testAccountInput(servers, user)));
      s.sync.start(account);
      const inbox = await until('INBOX with all bodies', () => {
        const b = s.store.mailboxes.byPath(account.id, 'INBOX');
        return b?.uidvalidity != null && s.store.messages.list(b.id, 0, 100).total === REAL_WORLD.length && s.store.messages.countWithoutBody(b.id, b.uidvalidity) === 0 && b;
      });
      const rows = s.store.messages.list(inbox.id, 0, 100).items;
      const { getMessage } = mailHandlers(s);
      const served = new Map<string, MessageDetail>();
      for (const r of rows) served.set(r.subject, await getMessage({ messageId: r.id }));
      const open = (name: string) => {
        const found = served.get(REAL_WORLD.find((m) => m.name === name)!.subject);
        if (!found) throw new Error(`${name} was not synced`);
        return found;
      };

      // Outlook: both cid: images come from the attachment store as data: URIs, and no paperclip.
      const outlook = open('outlook-inline-images');
      expect(outlook.html).toContain(`src="data:image/png;base64,${INLINE_PNG_BLUE}"`);
      expect(outlook.html).toContain(`src="data:image/png;base64,${INLINE_PNG_ORANGE}"`);
      expect(outlook.html).not.toContain('cid:');
      expect(outlook.hasAttachments).toBe(false);
      // Housekeeping keeps the files: the row refers to them.
      await s.housekeeping();
      const images = outlook.attachments.map((a) => s.attachments.read(a.sha256!)?.toString('base64'));
      expect(images).toEqual([INLINE_PNG_BLUE, INLINE_PNG_ORANGE]);

      const exchange = open('exchange-ndr');
      expect(exchange.attachments.map((a) => a.view?.kind)).toEqual(['delivery-status', 'message']);
      expect(exchange.attachments[0]?.view).toMatchObject({ recipients: [{ recipient: 'j.doe@contoso.example', action: 'failed', status: '5.1.10' }] });

      const postfix = open('postfix-bounce');
      expect(postfix.text).toContain('This is the mail system at host mx1.example.test.');
      expect(postfix.attachments[0]?.view).toMatchObject({ recipients: [{ recipient: 'old.customer@gone.example', status: '5.1.1', remoteMta: 'mail.gone.example' }] });
      expect(postfix.attachments[1]?.view).toMatchObject({ kind: 'message', text: 'Hello, we have sent a replacement for order 20417.\n' });

      const forwarded = open('forwarded-as-attachment');
      expect(forwarded.attachments[0]?.view).toMatchObject({
        kind: 'message',
        subject: 'Contract renewal question',
        from: { address: 'hiro.tanaka@customers.example' },
        text: 'Our contract ends on 30 November. Can we renew for two years at the current rate?\n',
      });
      expect(s.attachments.read(forwarded.attachments[0]!.sha256!)?.toString()).toContain('Subject: Contract renewal question');

      const charset = open('unknown-charset');
      expect(charset.text).toBe('Please send it to Müllerstraße 5, Köln.\n');
      expect(charset.parseWarnings).toEqual([
        "This part's character set 'x-unknown' is not known; shown as Windows-1252 (Western European), so some characters may be wrong.",
      ]);
    } finally {
      await s.close();
    }
  });
});
