/** In-process services on a temp data dir, as the host builds them, for integration tests. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { NewAccountSchema, type AccountDraftInput, type Events } from '../../src-preload/contract';
import { createServices, type Services, type ServicesOptions } from '../../src-main/services';
import { createNodePlatform } from '../../src-main/services/platform/node-platform';
import { HEADER_WORKER_SOURCE } from './header-worker';
import type { MailServers, TestUser } from './mail-servers';

export interface TestServices {
  s: Services;
  events: { name: keyof Events; payload: unknown }[];
  dir: string;
}

const dirs: string[] = [];

/** `heartbeat`: short timings so a test sees a dead connection noticed in seconds; `outbox`: a short retry policy. */
export function createTestServices(options: Pick<ServicesOptions, 'heartbeat' | 'outbox'> = {}): TestServices {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mailroom-services-'));
  dirs.push(dir);
  const events: TestServices['events'] = [];
  const s = createServices({
    dataDir: dir,
    platform: createNodePlatform(dir, { MAILROOM_SECRET_KEY: 'b2'.repeat(32) }),
    host: 'browser',
    version: 'test',
    emit: (name, payload) => events.push({ name, payload }),
    heartbeat: options.heartbeat,
    headerWorkerScript: HEADER_WORKER_SOURCE,
    ...(options.outbox ? { outbox: options.outbox } : {}),
  });
  return { s, events, dir };
}

export function removeTestDirs(): void {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

/** Polls until probe returns something truthy; the sync works in the background. */
export async function until<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 60_000, intervalMs = 100): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** A test user's account on the test servers (IMAPS + submission with STARTTLS), as the form sends it. */
export function testAccountInput(servers: MailServers, user: TestUser, over: Partial<AccountDraftInput> = {}): AccountDraftInput {
  return {
    name: 'Support',
    email: user.email,
    username: user.username,
    password: user.password,
    imap: { host: '127.0.0.1', port: servers.imapsPort, security: 'tls' },
    smtp: { host: '127.0.0.1', port: servers.submissionPort, security: 'starttls' },
    ...over,
  };
}

/** Adds a test user's account to the services, starts its sync and waits for the INBOX's first sync; answers both. */
export async function addAndSyncInbox(s: Services, servers: MailServers, user: TestUser) {
  const account = await s.accounts.add(NewAccountSchema.parse(testAccountInput(servers, user)));
  s.sync.start(account);
  const inbox = await until('INBOX synced', () => {
    const b = s.store.mailboxes.byPath(account.id, 'INBOX');
    return b?.uidNext != null && b;
  });
  return { account, inbox };
}
