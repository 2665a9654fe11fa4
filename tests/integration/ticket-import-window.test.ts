/**
 * A first sync's ticket import against a real Dovecot and the real team log: while the
 * log answers, the import waits for it every IMPORT_WINDOW events, so no more of its
 * events than that are ever pending (until the log confirms a ticket, the client holds
 * it twice: a million-message import queued 2,000 events and outgrew its memory). Every
 * message still becomes its ticket, numbered in date order.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NewAccountSchema } from '../../src-preload/contract';
import { IMPORT_BATCH, IMPORT_WINDOW } from '../../src-main/services/tickets/ticket-importer';
import { startMailServers, type MailServers, type TestUser } from '../support/mail-servers';
import { createTestServices, removeTestDirs, testAccountInput, until } from '../support/services';

const user: TestUser = { username: 'window@example.test', password: 'pass-window-1', email: 'support@example.test' };
/** Enough for twice the window and one event more. */
const MESSAGES = IMPORT_BATCH * (2 * IMPORT_WINDOW + 1);
const T0 = Date.UTC(2026, 2, 2, 9, 0);
const key = (i: number) => `<window-${i}@customer.example>`;

function customerMail(i: number): string {
  return [
    `From: Customer ${i} <c${i}@customer.example>`,
    'To: Support <support@example.test>',
    `Subject: Question ${i}`,
    `Date: ${new Date(T0 + i * 60_000).toUTCString()}`,
    `Message-ID: ${key(i)}`,
    '',
    `Question ${i}: please help.`,
    '',
  ].join('\r\n');
}

let servers: MailServers;

beforeAll(async () => {
  servers = await startMailServers({ users: [user] });
  await servers.appendMany(user.username, 'INBOX', Array.from({ length: MESSAGES }, (_, i) => customerMail(i)));
}, 120_000);

afterAll(async () => {
  await servers?.stop();
  removeTestDirs();
});

describe('the first sync’s ticket import', () => {
  it('keeps at most IMPORT_WINDOW of its events pending while the log answers, and imports every message', { timeout: 180_000 }, async () => {
    const { s } = createTestServices();
    try {
      s.team.saveProfile({ name: 'Ana' });
      const account = await s.accounts.add(NewAccountSchema.parse(testAccountInput(servers, user)));
      s.team.syncAccounts();
      const log = s.team.log(account.id)!;
      // The outbox holds each pending event until the log confirms it: counted at every change of the log.
      const pendingImports = () => s.store.team.outbox(account.id).filter((row) => (JSON.parse(row.eventJson) as { type: string }).type === 'mail.imported').length;
      let most = 0;
      log.onChange(() => {
        most = Math.max(most, pendingImports());
      });
      s.sync.start(account);
      await until('every message imported and confirmed by the log', () => log.confirmed().tickets.size === MESSAGES && log.status().pendingEvents === 0, 150_000, 200);
      expect(most).toBeGreaterThan(0);
      expect(most).toBeLessThanOrEqual(IMPORT_WINDOW);
      const state = log.confirmed();
      expect(Array.from({ length: MESSAGES }, (_, i) => state.tickets.keyOfNumber(i + 1))).toEqual(Array.from({ length: MESSAGES }, (_, i) => key(i)));
    } finally {
      await s.close();
    }
  });
});
