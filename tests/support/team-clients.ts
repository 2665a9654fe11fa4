/**
 * Team log clients for the integration tests: each a separate process (team-child.ts) on
 * its own data dir, reaching the test Dovecot through its own TCP proxy (so a test counts
 * its connections and can take its network away), plus what the tests read straight from
 * the server (the log's UIDs, copies of an event).
 */
import { ImapFlow } from 'imapflow';
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { AccountDraftInput } from '../../src-preload/contract';
import { makeDataDir } from './host';
import { startMailServers, type MailServers, type TestUser } from './mail-servers';
import { removeTestDirs, testAccountInput } from './services';
import { startTcpProxy, type TcpProxy } from './tcp-proxy';
import { startTeamChild, type TeamChild } from './team-child-process';
import type { TeamState } from '../../src-main/services/teamlog/state';

export const LOG_FOLDER = 'Mailroom/Log';

export interface TeamClient {
  child: TeamChild;
  proxy: TcpProxy;
  dataDir: string;
  draft: unknown;
  name: string;
}

/**
 * Polls until probe gives something truthy (no timed assertions: the timeout only ends a
 * hung wait); `explain` says what was there instead when it gives up.
 */
export async function eventually<T>(what: string, probe: () => Promise<T | false | null | undefined>, timeoutMs = 30_000, explain?: () => Promise<string>): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}${explain ? `: ${await explain()}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export interface TeamClients {
  /**
   * A client of `user`'s mailbox: its own process, data dir and proxy (reused from `reuse`
   * for a restart), the account added with `account` over the test defaults on first start.
   */
  start(user: TestUser, name: string, reuse?: Partial<TeamClient>, account?: Partial<AccountDraftInput>): Promise<TeamClient>;
  /** Ends the client's process, keeping its data dir and proxy: SIGKILL (nothing gets to run), or closing the app. */
  stop(client: TeamClient, how: 'kill' | 'close'): Promise<void>;
  /** Kills every running client and closes its proxy (after each test). */
  stopAll(): Promise<void>;
  /** The clients have nothing pending and have read the whole log of `user`: their confirmed states. */
  settled(user: TestUser, clients: TeamClient[], timeoutMs?: number): Promise<TeamState[]>;
  withServer<T>(user: TestUser, work: (client: ImapFlow) => Promise<T>): Promise<T>;
  /** The log folder's UIDs on the server (none when it does not exist). */
  logUids(user: TestUser): Promise<number[]>;
  /** How many log messages carry this client event id. */
  copiesOf(user: TestUser, eventId: string): Promise<number>;
}

/**
 * Mail servers for a test file (with these users, or the default ones) and its team clients,
 * set once the file starts; every client is stopped after each test.
 */
export function teamClientsPerFile(users?: TestUser[]): { servers: MailServers; team: TeamClients } {
  const env = {} as { servers: MailServers; team: TeamClients };
  beforeAll(async () => {
    env.servers = await startMailServers(users ? { users } : undefined);
    env.team = teamClients(env.servers);
  });
  afterEach(async () => {
    await env.team.stopAll();
  });
  afterAll(async () => {
    await env.servers?.stop();
    removeTestDirs();
  });
  return env;
}

export function teamClients(servers: MailServers): TeamClients {
  const running: { child: TeamChild; proxy: TcpProxy }[] = [];

  const start: TeamClients['start'] = async (user, name, reuse, account = {}) => {
    const proxy = reuse?.proxy ?? (await startTcpProxy(servers.imapsPort));
    const dataDir = reuse?.dataDir ?? makeDataDir('mailroom-team-');
    const draft = reuse?.draft ?? testAccountInput(servers, user, { ...account, imap: { host: '127.0.0.1', port: proxy.port, security: 'tls' } });
    const child = await startTeamChild(dataDir, draft, name);
    running.push({ child, proxy });
    return { child, proxy, dataDir, draft, name };
  };

  const withServer: TeamClients['withServer'] = async (user, work) => {
    const client = new ImapFlow({ host: '127.0.0.1', port: servers.imapPort, secure: false, doSTARTTLS: false, auth: { user: user.username, pass: user.password }, logger: false });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.logout();
    }
  };

  const logUids: TeamClients['logUids'] = (user) =>
    withServer(user, async (client) => {
      const listed = await client.list();
      if (!listed.some((f) => f.path === LOG_FOLDER)) return [];
      const lock = await client.getMailboxLock(LOG_FOLDER);
      try {
        return ((await client.search({ all: true }, { uid: true })) || []).sort((a, b) => a - b);
      } finally {
        lock.release();
      }
    });

  return {
    start,
    withServer,
    logUids,
    async stop(client, how) {
      await (how === 'kill' ? client.child.kill() : client.child.close());
      running.splice(
        running.findIndex((r) => r.child === client.child),
        1,
      );
    },
    async stopAll() {
      for (const { child, proxy } of running.splice(0)) {
        await child.kill();
        await proxy.close();
      }
    },
    settled(user, clients, timeoutMs) {
      return eventually(
        'every client to read the whole log with nothing pending',
        async () => {
          const last = (await logUids(user)).at(-1) ?? 0;
          const statuses = await Promise.all(clients.map((c) => c.child.status()));
          if (!statuses.every((s) => s.pendingEvents === 0 && s.seenUid === last)) return null;
          return Promise.all(clients.map((c) => c.child.confirmed()));
        },
        timeoutMs,
        async () => {
          const statuses = await Promise.all(clients.map(async (c) => `${c.name} ${JSON.stringify(await c.child.status())}`));
          return `the log ends at UID ${(await logUids(user)).at(-1) ?? 0}; ${statuses.join('; ')}`;
        },
      );
    },
    copiesOf(user, eventId) {
      return withServer(user, async (client) => {
        const lock = await client.getMailboxLock(LOG_FOLDER);
        try {
          return ((await client.search({ header: { 'X-Mailroom-Event-Id': eventId } }, { uid: true })) || []).length;
        } finally {
          lock.release();
        }
      });
    },
  };
}
