/**
 * Deleting tickets against a real Dovecot, between separate Mailroom processes
 * (tests/support/team-clients.ts):
 *
 * - also from the server: the ticket's messages leave INBOX, pass through Trash and are
 *   erased there, while other mail (in INBOX and already in Trash) stays;
 * - the same with the deleting process SIGKILLed between its steps (the MOVE done but its
 *   answer lost; the EXPUNGE done but its answer lost): after a restart it finishes, and
 *   nothing outside the ticket is touched;
 * - from Mailroom only: the mail stays on the server, another client hides the ticket,
 *   a client that starts later does not import it again, and a reply opens a new ticket.
 */
import { describe, expect, it } from 'vitest';
import type { TeamState } from '../../src-main/services/teamlog/state';
import { plainMessage } from '../support/fixtures';
import { startImapGate, type ImapGate } from '../support/imap-gate';
import type { TestUser } from '../support/mail-servers';
import { testAccountInput, until } from '../support/services';
import { eventually, teamClientsPerFile, type TeamClient } from '../support/team-clients';

const USERS: TestUser[] = ['purge', 'killmove', 'killexpunge', 'hide'].map((name) => ({ username: `${name}@example.test`, password: `${name}-pass-1`, email: `${name}@example.test` }));
const mailbox = (name: string) => USERS.find((u) => u.username.startsWith(`${name}@`))!;

const env = teamClientsPerFile(USERS);

const id = (i: number) => `<fixture-${i}@customers.example>`;

/** A customer's answer to fixture `to`, threaded by In-Reply-To. */
function replyTo(to: number, n: number): string {
  return [
    'From: "Carla Customer" <carla@customers.example>',
    'To: support@example.test',
    `Subject: Re: follow-up ${n}`,
    `Date: ${new Date(Date.UTC(2026, 0, 2) + n * 60_000).toUTCString()}`,
    `Message-ID: <reply-${n}@customers.example>`,
    `In-Reply-To: ${id(to)}`,
    `References: ${id(to)}`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    `Still waiting (${n}).`,
    '',
  ].join('\r\n');
}

/** The Message-IDs in a folder of the server, sorted. */
function idsIn(user: TestUser, folder: string): Promise<string[]> {
  return env.team.withServer(user, async (client) => {
    const lock = await client.getMailboxLock(folder);
    try {
      const ids: string[] = [];
      for await (const msg of client.fetch('1:*', { envelope: true })) if (msg.envelope?.messageId) ids.push(msg.envelope.messageId);
      return ids.sort();
    } catch {
      return []; // an empty folder: "1:*" names nothing
    } finally {
      lock.release();
    }
  });
}

/** Delivers the ticket to delete (fixture 0 and a reply), one to keep (fixture 1), and puts fixture 2 in Trash beforehand. */
async function seed(user: TestUser): Promise<void> {
  await env.servers.deliverMany(user.username, [plainMessage(0), plainMessage(1)]);
  await env.servers.deliver(user.username, replyTo(0, 1));
  await env.servers.append(user.username, 'Trash', plainMessage(2));
}

/** The ticket a message is in, once the client has imported it with `messages` messages. */
async function ticketOf(client: TeamClient, message: string, messages: number): Promise<string> {
  return eventually(
    `the ticket of ${message}`,
    async () => {
      const state = await client.child.state();
      const key = state.tickets.ticketOfMessage(message);
      return key && state.tickets.get(key)?.messages.length === messages ? key : null;
    },
    60_000,
  );
}

async function serverAfterDeletion(user: TestUser): Promise<void> {
  await eventually('INBOX without the ticket and Trash as it was', async () => {
    const [inbox, trash] = await Promise.all([idsIn(user, 'INBOX'), idsIn(user, 'Trash')]);
    return inbox.join() === id(1) && trash.join() === id(2);
  }, 60_000, async () => `INBOX ${(await idsIn(user, 'INBOX')).join(' ')}; Trash ${(await idsIn(user, 'Trash')).join(' ')}`);
}

describe('deleting a ticket also from the server', () => {
  it('moves its messages to Trash, erases them there, and touches nothing else', { timeout: 120_000 }, async () => {
    const user = mailbox('purge');
    await seed(user);
    const ana = await env.team.start(user, 'Ana');
    const key = await ticketOf(ana, id(0), 2);
    await ticketOf(ana, id(1), 1);

    await ana.child.deleteTicket(key, true);
    await serverAfterDeletion(user);
    await eventually('the task to finish', async () => (await ana.child.serverDeletions()).length === 0);
    const state = await ana.child.state();
    expect(state.tickets.get(key)?.deleted).toMatchObject({ fromServer: true });
  });

  const kills: { name: string; user: string; at: RegExp; landed(user: TestUser, client: TeamClient): Promise<void> }[] = [
    {
      name: 'after the MOVE to Trash, its answer lost',
      user: 'killmove',
      at: /^\S+ UID MOVE /i,
      landed: async (user, client) => {
        await eventually('the server moved the messages', async () => (await idsIn(user, 'Trash')).length === 3);
        const [task] = await client.child.serverDeletions();
        expect(task?.copies.map((c) => c.state)).toEqual(['moving', 'moving']);
      },
    },
    {
      name: 'after the EXPUNGE in Trash, its answer lost',
      user: 'killexpunge',
      at: /^\S+ UID EXPUNGE /i,
      landed: async (user, client) => {
        await serverAfterDeletion(user);
        const [task] = await client.child.serverDeletions();
        expect(task?.copies.map((c) => c.state)).toEqual(['trashed', 'trashed']);
      },
    },
  ];

  for (const k of kills) {
    it(`finishes after a kill ${k.name}, and erases nothing else`, { timeout: 180_000 }, async () => {
      const user = mailbox(k.user);
      await seed(user);
      const gate: ImapGate = await startImapGate(env.servers.imapPort);
      try {
        const draft = testAccountInput(env.servers, user, { imap: { host: '127.0.0.1', port: gate.port, security: 'none' } });
        const first = await env.team.start(user, 'Ana', { draft });
        const key = await ticketOf(first, id(0), 2);
        await ticketOf(first, id(1), 1);

        gate.muteAfter(k.at);
        await first.child.deleteTicket(key, true);
        await until('the gate trips', () => gate.tripped(), 60_000, 20);
        await k.landed(user, first);
        await env.team.stop(first, 'kill');
        gate.release();

        const second = await env.team.start(user, 'Ana', { dataDir: first.dataDir, draft });
        await serverAfterDeletion(user);
        await eventually('the task to finish', async () => (await second.child.serverDeletions()).length === 0, 60_000);
        expect((await second.child.state()).tickets.get(key)?.deleted).toMatchObject({ fromServer: true });
      } finally {
        await gate.close();
      }
    });
  }
});

describe('deleting a ticket from Mailroom only', () => {
  it('keeps the mail on the server, hides the ticket on every client, and a reply opens a new ticket', { timeout: 180_000 }, async () => {
    const user = mailbox('hide');
    await env.servers.deliver(user.username, plainMessage(0));
    const [ana, ben] = await Promise.all([env.team.start(user, 'Ana'), env.team.start(user, 'Ben')]);
    const onAna = await ticketOf(ana, id(0), 1);
    await eventually('Ben to see the ticket', async () => (await ben.child.state()).tickets.get(onAna) ?? null);

    await ana.child.deleteTicket(onAna, false);
    const deletedOn = (state: TeamState) => state.tickets.get(onAna)?.deleted ?? null;
    await eventually('Ben to see it deleted', async () => deletedOn(await ben.child.state()));
    expect(await idsIn(user, 'INBOX')).toEqual([id(0)]);
    expect(await ana.child.serverDeletions()).toEqual([]);

    // A client that starts now imports INBOX, which still holds the mail: it stays in the deleted ticket.
    const cho = await env.team.start(user, 'Cho');
    const [, , onCho] = await env.team.settled(user, [ana, ben, cho], 60_000);
    expect(deletedOn(onCho!)).toMatchObject({ fromServer: false });
    expect([...onCho!.tickets.values()].filter((t) => t.messages.some((m) => m.key === id(0)))).toHaveLength(1);

    await env.servers.deliver(user.username, replyTo(0, 7));
    const reply = '<reply-7@customers.example>';
    const states = await eventually('every client to place the reply', async () => {
      const all = await Promise.all([ana, ben, cho].map((c) => c.child.state()));
      return all.every((s) => s.tickets.ticketOfMessage(reply)) ? all : null;
    }, 60_000);
    for (const state of states) {
      const placed = state.tickets.get(state.tickets.ticketOfMessage(reply)!);
      expect(placed).toMatchObject({ key: reply, deleted: null, status: 'open' });
      expect(placed?.messages.map((m) => m.key)).toEqual([reply]);
    }
  });
});
