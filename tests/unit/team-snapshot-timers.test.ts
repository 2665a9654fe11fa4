import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { dueOffers, nextOfferDue, offerDueAt } from '../../src-main/services/teamlog/offer-timers';
import { parseSnapshotGz, parseSnapshotState, parseStateJson, parseStateParts, serializeStateInSlices, stateHeaderJson, stateJson } from '../../src-main/services/teamlog/snapshot';
import { StoredTicketTable } from '../../src-main/services/teamlog/stored-ticket-table';
import { openStore } from '../../src-main/services/store';
import { STATE_VERSION } from '../../src-main/services/teamlog/state';
import { foldAll, mail, teamEvent, teamSetup } from '../support/team-events';
import { chunksOfEarlierRelease, savedAndLoaded, withoutHistory } from '../support/team-fixtures';
import { addStoreAccount } from '../support/store-account';

const gz = (value: unknown) => gzipSync(JSON.stringify(value)).toString('base64');

describe('snapshots', () => {
  const state = foldAll([
    ...teamSetup(),
    teamEvent('ana', 1_000, { type: 'mail.imported', items: [mail('m1', { queue: 'Support' }), mail('__proto__')] }),
    teamEvent('ben', 2_000, { type: 'presence', ticket: 'm1', mode: 'viewing' }),
  ]);

  it('round-trip the state without presence, from its parts or from the base64 of a snapshot of an earlier release', () => {
    const parsed = parseSnapshotGz([gzipSync(stateJson(state))]);
    expect(parsed).toEqual({ ...state, presence: {} });
    expect(parseSnapshotState(gzipSync(stateJson(state)).toString('base64'))).toEqual(parsed);
    expect([...(parsed?.tickets.values() ?? [])].map((t) => t.key)).toEqual(['m1', '__proto__']);
    expect(state.presence.m1).toHaveLength(1);
  });

  it('give null for another state version or anything malformed', () => {
    const json = JSON.parse(stateJson(state));
    expect(parseSnapshotState(gz({ ...json, stateVersion: STATE_VERSION + 1 }))).toBeNull();
    expect(parseSnapshotState('not base64 gzip')).toBeNull();
    expect(parseSnapshotState(Buffer.from(JSON.stringify(json)).toString('base64'))).toBeNull();
    expect(parseSnapshotState(gz([]))).toBeNull();
    expect(parseSnapshotState(gz({ ...json, tickets: { m1: { ...json.tickets.m1, key: 'other' } } }))).toBeNull();
    expect(parseSnapshotState(gz({ ...json, tickets: { m1: { ...json.tickets.m1, messages: null } } }))).toBeNull();
    expect(parseSnapshotState(gz({ ...json, settings: { offerAgentSec: -1 } }))).toBeNull();
    expect(parseSnapshotState(gz({ ...json, rejections: {} }))).toBeNull();
  });

  it('read a locally saved state the same way, and refuse one without the fields this version needs', () => {
    expect(parseStateJson(stateJson(state))).toEqual({ ...state, presence: {} });
    const { previousEventIds: _, ...withoutPrevious } = JSON.parse(stateJson(state));
    expect(parseStateJson(JSON.stringify(withoutPrevious))).toBeNull();
    expect(parseStateJson('{')).toBeNull();
  });

  it('write a big snapshot in slices as the JSON of the whole state, compressed as it is built', async () => {
    const big = foldAll([
      ...teamSetup(),
      teamEvent('ana', 1_000, { type: 'mail.imported', items: Array.from({ length: 2_000 }, (_, i) => mail(`m${i}`, { queue: 'Support' })) }),
      teamEvent('ana', 2_000, { type: 'ticket.take', ticket: 'm7' }),
    ]);
    const json = stateJson(big);
    // Built a ticket at a time, by number: for a state folded from the log the text is JSON.stringify's, and it reads back whole.
    expect(json.length).toBeGreaterThan(1024 * 1024);
    const { stateVersion, lastUid, nextNumber, tickets, ...rest } = big;
    const records = {
      tickets: Object.fromEntries([...tickets.values()].map((t) => [t.key, t])),
      messageTicket: Object.fromEntries(tickets.placements()),
      ticketByNumber: Object.fromEntries([...tickets.values()].map((t) => [t.number, t.key])),
    };
    expect(json).toBe(JSON.stringify({ stateVersion, lastUid, nextNumber, ...records, ...rest, presence: {} }));
    let paces = 0;
    const sliced = await serializeStateInSlices(big, () => (ticket) => ticket.activity, {}, async () => (paces++, true));
    expect(paces).toBeGreaterThan(10);
    // The compressor's pieces, not joined: the snapshot's parts are cut from them.
    expect(sliced!.length).toBeGreaterThan(1);
    expect(gunzipSync(Buffer.concat(sliced!)).toString('utf8')).toBe(json);
    expect(parseSnapshotGz(sliced!)).toEqual({ ...big, presence: {} });
  }, 30_000);

  it('save locally a row per ticket that reads back in order, and read the chunks and whole states earlier releases saved', () => {
    const big = foldAll([
      ...teamSetup(),
      teamEvent('ana', 1_000, { type: 'mail.imported', items: [mail('__proto__'), ...Array.from({ length: 1_100 }, (_, i) => mail(`m${i}`))] }),
      teamEvent('ana', 2_000, { type: 'mail.imported', items: Array.from({ length: 1_000 }, (_, i) => mail(`n${i}`)) }),
    ]);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mailroom-snapshot-'));
    const store = openStore(dir);
    try {
      addStoreAccount(store, 'a1');
      const back = savedAndLoaded(store, big);
      expect(back.tickets).toBeInstanceOf(StoredTicketTable);
      // The rows leave the history lines out: the save keeps them apart (state-saver.ts).
      expect(withoutHistory(back)).toEqual({ ...withoutHistory(big), presence: {} });
      expect([...back.tickets.values()].map((t) => t.key)).toEqual([...big.tickets.values()].map((t) => t.key));
      expect(back.tickets.get('__proto__')?.key).toBe('__proto__');
      expect(back.tickets.ticketOfMessage('__proto__')).toBe('__proto__');
      expect(JSON.parse(store.team.loadState('a1')!.header)).toMatchObject({ tickets: {}, messageTicket: {}, ticketByNumber: {} });
    } finally {
      store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }

    // A release before team_tickets saved chunks of a thousand tickets, each with its messages.
    const header = stateHeaderJson(big, {});
    const chunks = chunksOfEarlierRelease(big);
    expect(chunks).toHaveLength(3);
    const old = parseStateParts(header, chunks);
    expect(old).toEqual({ ...withoutHistory(big), presence: {} });
    // The full-text filter's sets compare ticket keys by identity: every reference is the record's own key.
    const key = [...old!.tickets.values()].map((t) => t.key).find((k) => k === 'm7')!;
    expect(old!.tickets.ticketOfMessage('m7')).toBe(old!.tickets.get(key)!.key);
    expect(old!.tickets.get(key)!.messages[0]!.key).toBe(key);
    // Saved before chunks (the whole state in the header), or before the chunks held their messages.
    expect(parseStateParts(stateJson(big), [])).toEqual({ ...big, presence: {} });
    const older = JSON.stringify({ ...JSON.parse(stateJson(big)), tickets: {} });
    expect(parseStateParts(older, chunks.map((c) => JSON.stringify(JSON.parse(c)[0])))).toEqual({ ...withoutHistory(big), presence: {} });
    expect(parseStateParts(header, [chunks[0]!, '[{"m1": {"key": "other"}}, {}]'])).toBeNull();
    expect(parseStateParts(header, ['['])).toBeNull();
    expect(parseStateParts(header, ['[{}, []]'])).toBeNull();
  });

  it("fill a ticket's fields added since the snapshot was written from its history", () => {
    const taken = foldAll([
      ...teamSetup(),
      teamEvent('ana', 1_000, { type: 'mail.imported', items: [mail('m1', { queue: 'Support' })] }),
      teamEvent('ana', 2_000, { type: 'ticket.take', ticket: 'm1' }),
    ]);
    const json = JSON.parse(stateJson(taken));
    const { openedUid, taken: held } = json.tickets.m1;
    expect(held).toMatchObject({ agent: 'ana', how: 'took' });
    delete json.tickets.m1.openedUid;
    delete json.tickets.m1.taken;
    expect(parseSnapshotState(gz(json))?.tickets.get('m1')).toMatchObject({ openedUid, taken: held });
  });

  it('fill settings added since the snapshot was written with their defaults', () => {
    const json = JSON.parse(stateJson(state));
    delete json.settings.reopenOnReply;
    expect(parseSnapshotState(gz(json))?.settings.reopenOnReply).toBe(true);
  });
});

describe('offer timers', () => {
  it('say which offers are due and when the next one is', () => {
    const state = foldAll([
      ...teamSetup(),
      teamEvent('ana', 0, { type: 'settings.set', settings: { offerAgentSec: 10, offerQueueSec: 60 } }),
      teamEvent('ana', 1_000, { type: 'mail.imported', items: [mail('m1', { queue: 'Support' })] }),
      teamEvent('ana', 5_000, { type: 'mail.imported', items: [mail('m2', { queue: 'Support' })] }),
      teamEvent('ana', 6_000, { type: 'mail.imported', items: [mail('m3', { queue: 'Support' })] }),
      teamEvent('cho', 7_000, { type: 'ticket.accept', ticket: 'm3', offer: 1 }),
    ]);
    expect(nextOfferDue(state)).toBe(11_000);
    expect(dueOffers(state, 10_999)).toEqual([]);
    expect(dueOffers(state, 15_000)).toEqual([
      { ticket: 'm1', offer: 1 },
      { ticket: 'm2', offer: 1 },
    ]);
    foldAll([teamEvent('ben', 11_500, { type: 'ticket.offerExpired', ticket: 'm1', offer: 1 })], state);
    const queued = state.tickets.get('m1')?.offer;
    expect(queued && offerDueAt(queued, state.settings)).toBe(71_500);
    expect(nextOfferDue(state)).toBe(15_000);
    expect(dueOffers(state, 71_500)).toEqual([
      { ticket: 'm2', offer: 1 },
      { ticket: 'm1', offer: 2 },
    ]);
  });

  it('say nothing is due when nothing is offered', () => {
    const state = foldAll([teamEvent('ana', 1_000, { type: 'mail.imported', items: [mail('m1')] })]);
    expect(nextOfferDue(state)).toBeNull();
    expect(dueOffers(state, Number.MAX_SAFE_INTEGER)).toEqual([]);
  });
});
