/**
 * The team log against a real Dovecot, with every client a separate process on its own
 * data dir, each reaching the server through its own TCP proxy (so the test counts each
 * client's connections and can take its network away): concurrent appends fold to one
 * state everywhere, another client's event arrives without a new connection, offline
 * actions are appended on reconnect, a kill loses nothing and appends nothing twice,
 * and a deleted or renumbered log folder and a newer version's event are handled.
 * Presence events leave the log once old, and nothing else does.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_USERS, type TestUser } from '../support/mail-servers';
import { startTcpProxy } from '../support/tcp-proxy';
import { eventually, LOG_FOLDER as LOG, teamClientsPerFile } from '../support/team-clients';
import type { TeamState } from '../../src-main/services/teamlog/state';
import { TeamEventSchema } from '../../src-main/services/teamlog/events';
import { formatEventMessage } from '../../src-main/services/teamlog/parse-event';
import { ANY_PRESENCE_KEEP_MS, OWN_PRESENCE_KEEP_MS, SAVE_EVERY_TICKETS } from '../../src-main/services/teamlog/team-log';
import { IMPORT_BATCH } from '../../src-main/services/tickets/ticket-importer';
import { mail } from '../support/team-events';

const env = teamClientsPerFile();

/** The UIDs of the log messages with these client event ids, in the same order. */
async function uidsOf(user: TestUser, eventIds: string[]): Promise<number[]> {
  return env.team.withServer(user, async (client) => {
    const lock = await client.getMailboxLock(LOG);
    try {
      const uids: number[] = [];
      for (const id of eventIds) uids.push(...((await client.search({ header: { 'X-Mailroom-Event-Id': id } }, { uid: true })) || []));
      return uids;
    } finally {
      lock.release();
    }
  });
}

/** A customer mail that opens ticket `ticket` (events name tickets by the opening mail's key). */
const opening = (ticket: string) => ({ type: 'mail.imported' as const, items: [mail(ticket)] });
const note = (ticket: string, text: string) => ({ type: 'ticket.note' as const, ticket, text });
const notesOf = (state: TeamState, ticket: string) => state.tickets.get(ticket)?.notes.map((n) => n.text) ?? [];
const presence = (ticket: string, mode: 'viewing' | 'replying') => ({ type: 'presence' as const, ticket, mode });

describe('team log between clients', () => {
  it('folds concurrent appends of two clients into the same state, one owner, the loser told', async () => {
    const user = DEFAULT_USERS[0]!;
    const a = await env.team.start(user, 'Ana');
    const b = await env.team.start(user, 'Ben');
    await a.child.append(opening('T-1'));
    await env.team.settled(user, [a, b]);

    // Both take the same ticket and write notes at once.
    await Promise.all([
      a.child.append({ type: 'ticket.take', ticket: 'T-1' }),
      b.child.append({ type: 'ticket.take', ticket: 'T-1' }),
      ...Array.from({ length: 10 }, (_, i) => a.child.append(note('T-1', `a${i}`))),
      ...Array.from({ length: 10 }, (_, i) => b.child.append(note('T-1', `b${i}`))),
    ]);
    const [stateA, stateB] = await env.team.settled(user, [a, b]);
    expect(stateB).toEqual(stateA);
    expect(notesOf(stateA!, 'T-1')).toHaveLength(20);
    const owner = stateA!.tickets.get('T-1')!.assignee;
    const ids = { a: (await a.child.status()).agentId, b: (await b.child.status()).agentId };
    expect([ids.a, ids.b]).toContain(owner);
    // Exactly the loser hears of it, once.
    const loser = owner === ids.a ? b : a;
    const winner = owner === ids.a ? a : b;
    await eventually('the loser to be told', async () => (await loser.child.rejections()).length === 1);
    expect(await winner.child.rejections()).toEqual([]);
  });

  it("folds another client's event on the connections it already has", async () => {
    const user = DEFAULT_USERS[1]!;
    const a = await env.team.start(user, 'Ana');
    const b = await env.team.start(user, 'Ben');
    await env.team.settled(user, [a, b]);
    // Steady state: the work connection and the INBOX watcher.
    await eventually('client B to watch INBOX too', async () => (await b.child.status()).connections === 'two');
    await a.child.append(opening('T-2'));
    await env.team.settled(user, [a, b]);
    const before = b.proxy.open();
    expect(before).toBeLessThanOrEqual(2);

    await a.child.append(note('T-2', 'seen by Ben'));
    await eventually("B to fold A's note", async () => notesOf(await b.child.confirmed(), 'T-2').includes('seen by Ben'));
    expect(b.proxy.open()).toBe(before);
    expect(b.proxy.open()).toBeLessThanOrEqual(2);
  });

  it('appends an action queued offline once the server is back, shown as pending meanwhile', async () => {
    const user = DEFAULT_USERS[2]!;
    const a = await env.team.start(user, 'Ana');
    const b = await env.team.start(user, 'Ben');
    await b.child.append(opening('T-3'));
    await env.team.settled(user, [a, b]);

    a.proxy.limit(0);
    a.proxy.cutAll();
    await eventually('A to notice it is offline', async () => (await a.child.status()).connections === 'offline');
    const id = await a.child.append(note('T-3', 'written offline'));
    expect((await a.child.status()).pendingEvents).toBe(1);
    expect(notesOf(await a.child.state(), 'T-3')).toEqual(['written offline']);
    expect(notesOf(await a.child.confirmed(), 'T-3')).toEqual([]);
    await b.child.append(note('T-3', 'written meanwhile'));

    a.proxy.limit(null);
    const [stateA, stateB] = await env.team.settled(user, [a, b]);
    expect(stateA).toEqual(stateB);
    expect(notesOf(stateA!, 'T-3')).toEqual(['written meanwhile', 'written offline']);
    expect(await env.team.copiesOf(user, id)).toBe(1);
  });
});

describe('team log faults', () => {
  it('a client killed right after an action appends it once after its restart', async () => {
    const user = DEFAULT_USERS[0]!;
    const a = await env.team.start(user, 'Ana');
    await a.child.append(opening('T-4'));
    await env.team.settled(user, [a]);
    const ids: string[] = [];
    for (let round = 0; round < 3; round += 1) {
      // Killed at once: the APPEND may or may not have reached the server.
      ids.push(await a.child.append(note('T-4', `kill ${round}`)));
      await env.team.stop(a, 'kill');
      a.child = (await env.team.start(user, 'Ana', a)).child;
    }
    const [state] = await env.team.settled(user, [a]);
    for (const id of ids) expect(await env.team.copiesOf(user, id)).toBe(1);
    expect(notesOf(state!, 'T-4')).toEqual(['kill 0', 'kill 1', 'kill 2']);
  });

  it('recreates a log folder deleted on the server and keeps the local state', async () => {
    const user = DEFAULT_USERS[1]!;
    const a = await env.team.start(user, 'Ana');
    await a.child.append(opening('T-5'));
    await a.child.append(note('T-5', 'before the deletion'));
    await env.team.settled(user, [a]);

    await env.team.stop(a, 'close');
    await env.servers.doveadm(['mailbox', 'delete', '-u', user.username, LOG]);
    expect(await env.team.logUids(user)).toEqual([]);
    a.child = (await env.team.start(user, 'Ana', a)).child;
    const status = await eventually('A to recreate the log', async () => {
      const s = await a.child.status();
      return s.notice && s.pendingEvents === 0 ? s : null;
    });
    expect(status.notice?.cause).toMatch(/deleted on the server/);
    expect((await env.team.logUids(user)).length).toBeGreaterThan(0);
    expect(notesOf(await a.child.confirmed(), 'T-5')).toEqual(['before the deletion']);

    // A new client starts from the snapshot A wrote into the new folder.
    const b = await env.team.start(user, 'Ben');
    await a.child.append(note('T-5', 'after the deletion'));
    const [stateA, stateB] = await env.team.settled(user, [a, b]);
    expect(notesOf(stateB!, 'T-5')).toEqual(['before the deletion', 'after the deletion']);
    expect(stateB!.tickets.get('T-5')).toEqual(stateA!.tickets.get('T-5'));
  });

  it('keeps the local state across a UIDVALIDITY change of the log folder', async () => {
    const user = DEFAULT_USERS[2]!;
    const a = await env.team.start(user, 'Ana');
    await a.child.append(opening('T-6'));
    await a.child.append(note('T-6', 'before renumbering'));
    await env.team.settled(user, [a]);

    await env.team.stop(a, 'close');
    await env.servers.doveadm(['mailbox', 'update', '-u', user.username, '--uid-validity', '4242', LOG]);
    a.child = (await env.team.start(user, 'Ana', a)).child;
    const status = await eventually('A to notice the renumbered log', async () => {
      const s = await a.child.status();
      return s.notice ? s : null;
    });
    expect(status.notice?.cause).toMatch(/UIDVALIDITY changed/);
    await a.child.append(note('T-6', 'after renumbering'));
    const [state] = await env.team.settled(user, [a]);
    expect(notesOf(state!, 'T-6')).toEqual(['before renumbering', 'after renumbering']);
  });

  it('skips events of a newer version and malformed ones, says so, and goes on', async () => {
    const user = DEFAULT_USERS[0]!;
    const a = await env.team.start(user, 'Ana');
    await a.child.append(opening('T-7'));
    await env.team.settled(user, [a]);
    const event = (body: string, id: string) =>
      [
        'From: someone@example.test',
        'Subject: Mailroom event ticket.note',
        'X-Mailroom-Event: 1',
        `X-Mailroom-Event-Id: ${id}`,
        'Content-Type: application/json; charset=utf-8',
        '',
        body,
        '',
      ].join('\r\n');
    await env.servers.append(user.username, LOG, event(JSON.stringify({ v: 2, id: 'future-0001', agent: 'x', at: 1, type: 'ticket.note', ticket: 'T-7', text: 'from the future' }), 'future-0001'));
    await env.servers.append(user.username, LOG, event('{ not json', 'broken-0001'));
    await a.child.append(note('T-7', 'after the odd ones'));
    const [state] = await env.team.settled(user, [a]);
    expect(notesOf(state!, 'T-7')).toEqual(['after the odd ones']);
    expect((await a.child.status()).notice?.cause).toMatch(/newer version of Mailroom/);
  });

  it('works on one connection, polling, when the server refuses the second', async () => {
    const user = DEFAULT_USERS[1]!;
    const proxy = await startTcpProxy(env.servers.imapsPort);
    proxy.limit(1);
    const a = await env.team.start(user, 'Ana', { proxy });
    const b = await env.team.start(user, 'Ben');
    await eventually('A to say it polls on one connection', async () => (await a.child.status()).connections === 'one-polling');
    await b.child.append(opening('T-8'));
    await b.child.append(note('T-8', 'to the single connection'));
    await eventually("A to fold B's note", async () => notesOf(await a.child.confirmed(), 'T-8').includes('to the single connection'));
    expect(proxy.open()).toBe(1);
  });
});

describe('presence events in the team log', () => {
  it("are removed by their author once ten minutes old, leaving every other event and the other clients' states as they were", async () => {
    const user = DEFAULT_USERS[2]!;
    const a = await env.team.start(user, 'Ana');
    const b = await env.team.start(user, 'Ben');
    await a.child.append(opening('P-1'));
    const own = [await a.child.append(presence('P-1', 'viewing')), await a.child.append(presence('P-1', 'replying'))];
    const bens = await b.child.append(presence('P-1', 'viewing'));
    await a.child.append(note('P-1', 'kept'));
    const [, stateB] = await env.team.settled(user, [a, b]);
    const ownUids = await uidsOf(user, own);
    expect(ownUids).toHaveLength(2);
    const before = await env.team.logUids(user);

    await a.child.advanceClock(OWN_PRESENCE_KEEP_MS + 60_000);
    await a.child.refresh();
    const after = await eventually("Ana's presence events to leave the log", async () => {
      const uids = await env.team.logUids(user);
      return uids.length < before.length ? uids : null;
    });
    expect(after).toEqual(before.filter((uid) => !ownUids.includes(uid)));
    // Ben's is not Ana's to remove, and it is not a day old.
    expect(await env.team.copiesOf(user, bens)).toBe(1);
    expect(await b.child.confirmed()).toEqual(stateB);

    // Folding goes on over the gaps, on the clients that saw the events and on a new one that never did.
    await a.child.append(note('P-1', 'after the gap'));
    const c = await env.team.start(user, 'Cho');
    const [stateA, stateB2, stateC] = await env.team.settled(user, [a, b, c]);
    expect(notesOf(stateB2!, 'P-1')).toEqual(['kept', 'after the gap']);
    expect(stateB2!.tickets.get('P-1')).toEqual(stateA!.tickets.get('P-1'));
    expect(stateC!.tickets.get('P-1')).toEqual(stateA!.tickets.get('P-1'));
  });

  it('of an agent who never came back are removed by the client that looks after the log once a day old', async () => {
    const user = DEFAULT_USERS[0]!;
    const b = await env.team.start(user, 'Ben');
    await b.child.append(opening('P-2'));
    const bens = await b.child.append(presence('P-2', 'viewing'));
    await env.team.settled(user, [b]);
    await env.team.stop(b, 'close');
    const a = await env.team.start(user, 'Ana');
    const [state] = await env.team.settled(user, [a]);
    // Clients of earlier tests were killed, so the log still has their agents online. They
    // go offline here as a closed app would: Ana is then the first online agent by id, the
    // one who writes snapshots and removes old presence events.
    const me = (await a.child.status()).agentId;
    for (const agent of Object.values(state!.agents)) {
      if (agent.id === me || agent.status !== 'online') continue;
      const event = TeamEventSchema.parse({ v: 1, id: `gone-${agent.id}`, agent: agent.id, at: Date.now(), type: 'agent.status', status: 'offline' });
      await env.servers.append(user.username, LOG, formatEventMessage(event, user.email));
    }
    const [settledState] = await env.team.settled(user, [a]);
    expect(Object.values(settledState!.agents).filter((agent) => agent.status === 'online').map((agent) => agent.id)).toEqual([me]);
    const [bensUid] = await uidsOf(user, [bens]);
    const before = await env.team.logUids(user);
    expect(before).toContain(bensUid);

    await a.child.advanceClock(ANY_PRESENCE_KEEP_MS + 24 * 60 * 60_000);
    await a.child.refresh();
    const after = await eventually("Ben's old presence event to leave the log", async () => {
      const uids = await env.team.logUids(user);
      return uids.includes(bensUid!) ? null : uids;
    });
    expect(after).toEqual(before.filter((uid) => uid !== bensUid));
    expect((await a.child.confirmed()).tickets.get('P-2')).toBeDefined();
  });
});

describe('saving the team state while reading the log', () => {
  it('saves a long log as it reads it, a few thousand tickets at a time, not all at once after', async () => {
    const user = DEFAULT_USERS[2]!;
    const a = await env.team.start(user, 'Ana');
    // Four times SAVE_EVERY_TICKETS in events as an import writes them: read in one go, they would make one save.
    const events = (4 * SAVE_EVERY_TICKETS) / IMPORT_BATCH;
    for (let e = 0; e < events; e++) {
      await a.child.append({ type: 'mail.imported', items: Array.from({ length: IMPORT_BATCH }, (_, i) => mail(`<long-${e}-${i}@customer.test>`)) });
    }
    await env.team.settled(user, [a]);
    // A new client reads the whole log in one pass.
    const b = await env.team.start(user, 'Ben');
    const [stateA, stateB] = await env.team.settled(user, [a, b]);
    expect([...stateB!.tickets.values()].map((t) => t.key).filter((key) => key.startsWith('<long-'))).toHaveLength(events * IMPORT_BATCH);
    expect(stateB).toEqual(stateA);
    // A save follows the entry that brought the tickets read since the last one to SAVE_EVERY_TICKETS: an entry holds IMPORT_BATCH.
    // Together the saves wrote every ticket.
    await eventually('B to save the last tickets it read', async () => (await b.child.saves()).reduce((n, c) => n + c, 0) >= events * IMPORT_BATCH);
    const saves = await b.child.saves();
    expect(saves.filter((tickets) => tickets > 0).length).toBeGreaterThan(1);
    expect(Math.max(...saves)).toBeLessThanOrEqual(SAVE_EVERY_TICKETS + IMPORT_BATCH);
  });
});
