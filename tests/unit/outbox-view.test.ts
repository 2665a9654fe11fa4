/**
 * The outgoing mail log's pieces that need no DOM: what a state says ("sending in 4 s",
 * "next attempt 14:05", "scheduled for …"), which actions each state offers, recipients
 * in words for screen readers, and the store (filters, the attention badge, actions that
 * patch the row, refusals handed back to the caller).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { OutboxItem, OutboxRecipient } from '../../src-preload/contract';
import { actionsFor, clockTime, countsDown, recipientsInWords, stateDetail } from '../../src-renderer/features/outbox/status';
import { ALL_OUTBOX, useOutboxStore } from '../../src-renderer/stores/outbox';
import { workspaceFromHash } from '../../src-renderer/stores/workspace';

const NOW = new Date(2026, 2, 3, 14, 0, 0).getTime();

function item(change: Partial<OutboxItem> = {}): OutboxItem {
  return {
    id: 'o1', accountId: 'a1', accountKey: 'SUP', kind: 'reply', agentId: 'ag1',
    from: { name: 'Support', address: 'support@example.org' },
    recipients: [{ kind: 'to', name: 'Maria', address: 'maria@example.org', refused: null }],
    subject: 'Re: parcel', messageId: '<m1@example.org>', size: 1200, state: 'queued', createdAt: NOW - 1000,
    sendAfter: NOW + 4000, undoUntil: NOW + 4000, attempts: 0, nextAttemptAt: null, sentAt: null, error: null,
    ticket: null, sentFolder: 'pending', ticketLogged: 'pending', ...change,
  };
}

describe('outbox state in words', () => {
  it('counts down the undo window by the second and names a later schedule by its time', () => {
    expect(stateDetail(item(), NOW)).toBe('sending in 4 s');
    expect(stateDetail(item({ sendAfter: NOW + 59_100 }), NOW)).toBe('sending in 60 s');
    const later = NOW + 2 * 3600_000;
    expect(stateDetail(item({ sendAfter: later, undoUntil: null }), NOW)).toBe(`scheduled for ${clockTime(later, NOW)}`);
    expect(stateDetail(item({ sendAfter: NOW - 1 }), NOW)).toBe('waiting for the server');
    expect(countsDown(item())).toBe(true);
  });

  it('says when the next attempt comes after a transient failure, and how many ran', () => {
    const next = NOW + 5 * 60_000;
    const retrying = item({ attempts: 2, nextAttemptAt: next });
    expect(stateDetail(retrying, NOW)).toBe(`next attempt ${clockTime(next, NOW)} · 2 attempts so far`);
    expect(stateDetail(retrying, next + 1)).toBe('retrying now · 2 attempts so far');
    expect(countsDown(retrying)).toBe(false);
  });

  it('names another day with its date, today only by the time', () => {
    const tomorrow = NOW + 24 * 3600_000;
    expect(clockTime(tomorrow, NOW)).not.toBe(clockTime(NOW, NOW));
    expect(clockTime(tomorrow, NOW).length).toBeGreaterThan(clockTime(NOW, NOW).length);
  });

  it('offers only what the service allows in each state', () => {
    expect(actionsFor('queued')).toEqual(['cancel']);
    expect(actionsFor('failed')).toEqual(['resend', 'cancel']);
    expect(actionsFor('cancelled')).toEqual(['resend']);
    expect(actionsFor('uncertain')).toEqual(['resolve']);
    expect(actionsFor('sending')).toEqual([]);
    expect(actionsFor('sent')).toEqual([]);
  });

  it('reads recipients as To, Cc and Bcc with refusals, for screen readers', () => {
    const refused = { code: 'smtp/recipient-unknown' as const, cause: 'No such mailbox.', fix: 'Check the address.' };
    const recipients: OutboxRecipient[] = [
      { kind: 'bcc', name: '', address: 'audit@example.org', refused: null },
      { kind: 'to', name: 'Maria', address: 'maria@example.org', refused: null },
      { kind: 'cc', name: '', address: 'nobody@example.org', refused },
    ];
    expect(recipientsInWords(recipients)).toBe('To: Maria; Cc: nobody@example.org (refused); Bcc: audit@example.org');
    expect(recipientsInWords([])).toBe('No recipients');
  });

  it('opens at #/outbox', () => {
    expect(workspaceFromHash('#/outbox')).toBe('outbox');
  });
});

interface ListCall {
  filter: { states?: string[]; accountId?: string; text?: string; ticket?: string };
  offset: number;
  limit: number;
}

function installBridge(answers: { list?: (call: ListCall) => { total: number; items: OutboxItem[] }; resend?: () => Promise<OutboxItem> } = {}) {
  const calls: ListCall[] = [];
  const mailroom = {
    listOutbox: (call: ListCall) => {
      calls.push(call);
      return Promise.resolve(answers.list?.(call) ?? { total: 0, items: [] });
    },
    resendOutbox: () => answers.resend?.() ?? Promise.reject(new Error('not expected')),
  };
  (globalThis as { window?: unknown }).window = { mailroom };
  return calls;
}

afterEach(() => {
  useOutboxStore.setState({ selectedId: null, attention: null, searchText: '' });
  useOutboxStore.getState().show(null);
  delete (globalThis as { window?: unknown }).window;
});

describe('outbox store', () => {
  it('lists with the chosen filters, and a filter change starts over', async () => {
    const calls = installBridge({ list: () => ({ total: 1, items: [item()] }) });
    useOutboxStore.getState().show(ALL_OUTBOX);
    await expect.poll(() => useOutboxStore.getState().total).toBe(1);
    expect(calls[0]?.filter).toEqual({ states: [], accountId: '', text: '', ticket: '' });

    useOutboxStore.getState().setFilter({ states: ['failed'], text: 'parcel' });
    expect(useOutboxStore.getState().total).toBeNull();
    await expect.poll(() => useOutboxStore.getState().total).toBe(1);
    expect(calls.at(-1)?.filter).toEqual({ states: ['failed'], accountId: '', text: 'parcel', ticket: '' });

    useOutboxStore.setState({ searchText: 'parcel' });
    useOutboxStore.getState().clearFilters();
    expect(useOutboxStore.getState().searchText).toBe('');
    expect(useOutboxStore.getState().query).toEqual(ALL_OUTBOX);
  });

  it('counts failed and uncertain mail for the badge, and again on every change', async () => {
    const calls = installBridge({ list: (call) => ({ total: call.filter.states?.length ? 3 : 0, items: [] }) });
    await useOutboxStore.getState().countAttention();
    expect(useOutboxStore.getState().attention).toBe(3);
    expect(calls[0]?.filter.states).toEqual(['failed', 'uncertain']);
    const before = useOutboxStore.getState().revision;
    useOutboxStore.getState().changed();
    expect(useOutboxStore.getState().revision).toBe(before + 1);
    await expect.poll(() => calls.length).toBe(2);
  });

  it('puts an action’s answer into the row at once, and hands a refusal back', async () => {
    installBridge({
      list: () => ({ total: 1, items: [item({ state: 'failed' })] }),
      resend: () => Promise.resolve(item({ state: 'queued', attempts: 0 })),
    });
    useOutboxStore.getState().show(ALL_OUTBOX);
    await expect.poll(() => useOutboxStore.getState().total).toBe(1);
    expect(await useOutboxStore.getState().run('o1', { kind: 'resend' })).toBeNull();
    expect(useOutboxStore.getState().pages[0]?.items[0]?.state).toBe('queued');

    const refusal = { code: 'outbox/not-allowed' as const, cause: 'It was sent meanwhile.', fix: 'Nothing to do.' };
    installBridge({ resend: () => Promise.reject(Object.assign(new Error('no'), { info: refusal })) });
    expect(await useOutboxStore.getState().run('o1', { kind: 'resend' })).toEqual(refusal);
  });
});
