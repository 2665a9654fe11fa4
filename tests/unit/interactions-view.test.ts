/**
 * The interactions list's pieces that need no DOM: the advanced search rows checked with
 * the contract's schema (messages at the row's field), and the store: header sorting,
 * columns (never none), and the selection (ranges over rows not loaded yet, "all" kept as a
 * flag and read from main only when an action needs the refs).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { TicketSummary } from '../../src-preload/contract';
import { checkConditions, newCondition, withField } from '../../src-renderer/features/interactions/conditions';
import { defaultQuery, isSelected, selectionCount, useInteractionsStore } from '../../src-renderer/stores/interactions';
import { rowIdOf } from '../../src-renderer/stores/tickets';

function summary(n: number): TicketSummary {
  return {
    accountId: 'a1', accountKey: 'SUP', key: `k${n}`, number: n, token: `MR-${n}`, subject: `Question ${n}`, customer: null, queue: 'Support',
    status: 'open', assignee: null, offer: null, tags: [], disposition: null, unread: true, createdAt: n, lastActivityAt: n, messageCount: 1, pending: false,
  };
}

interface ListCall {
  offset: number;
  limit: number;
  sort: string;
  descending: boolean;
}

/** A main with `count` tickets, numbered from 0, in the order asked. */
function installBridge(count: number) {
  const calls: ListCall[] = [];
  const mailroom = {
    listTickets: (call: ListCall) => {
      calls.push(call);
      if (call.limit > 1000) return Promise.reject(new Error('limit over the contract'));
      const items = Array.from({ length: Math.max(0, Math.min(call.limit, count - call.offset)) }, (_, i) => summary(call.offset + i));
      return Promise.resolve({ total: count, items });
    },
  };
  (globalThis as { window?: unknown }).window = { mailroom };
  return calls;
}

afterEach(() => {
  useInteractionsStore.getState().show(null);
  delete (globalThis as { window?: unknown }).window;
});

describe('advanced search rows', () => {
  it('passes complete rows and names the fix at the field that needs it', () => {
    const ok = checkConditions([{ ...newCondition(), value: 'refund' }, { field: 'created', op: 'before', value: '2026-03-01', enabled: true }]);
    expect(ok.valid).toHaveLength(2);
    const bad = checkConditions([
      { field: 'number', op: 'is', value: 'abc', enabled: true },
      { field: 'created', op: 'after', value: 'yesterday', enabled: true },
      { field: 'subject', op: 'contains', value: ' ', enabled: true },
      { field: 'status', op: 'contains', value: 'open', enabled: true },
    ]);
    expect(bad.valid).toBeNull();
    expect(bad.errors[0]).toEqual({ value: 'Enter a whole number, for example 1042.' });
    expect(bad.errors[1]).toEqual({ value: 'Enter a day like 2026-03-31.' });
    expect(bad.errors[2]).toEqual({ value: 'Enter a value for “Subject contains …”, or switch the row off.' });
    expect(bad.errors[3]?.op).toBe('Choose one of: is, is not.');
  });

  it('keeps a switched-off row without asking for its value, and "is empty" needs none', () => {
    const { valid } = checkConditions([
      { field: 'number', op: 'is', value: '', enabled: false },
      { field: 'tag', op: 'isEmpty', value: '', enabled: true },
    ]);
    expect(valid?.map((c) => c.enabled)).toEqual([false, true]);
  });

  it('another field keeps the operator when it fits, else takes its first', () => {
    expect(withField({ ...newCondition(), op: 'is' }, 'queue').op).toBe('is');
    expect(withField({ ...newCondition(), op: 'startsWith' }, 'created').op).toBe('is');
    expect(withField(newCondition(), 'text').op).toBe('contains');
  });
});

describe('interactions store', () => {
  it('a header sorts; the same header again reverses; dates start newest first, words A to Z', async () => {
    const calls = installBridge(3);
    useInteractionsStore.getState().show(defaultQuery());
    await expect.poll(() => useInteractionsStore.getState().total).toBe(3);
    useInteractionsStore.getState().sortBy('subject');
    expect(useInteractionsStore.getState().query).toMatchObject({ sort: 'subject', descending: false });
    useInteractionsStore.getState().sortBy('subject');
    expect(useInteractionsStore.getState().query).toMatchObject({ sort: 'subject', descending: true });
    useInteractionsStore.getState().sortBy('lastActivity');
    expect(useInteractionsStore.getState().query).toMatchObject({ sort: 'lastActivity', descending: true });
    await expect.poll(() => calls.at(-1)?.sort).toBe('lastActivity');
    expect(defaultQuery().filter.timeZone).toBe(Intl.DateTimeFormat().resolvedOptions().timeZone);
  });

  it('hides and shows columns in the table order, never the last one', () => {
    const store = useInteractionsStore.getState();
    for (const c of store.columns) if (c !== 'subject' && c !== 'customer') store.toggleColumn(c);
    expect(useInteractionsStore.getState().columns).toEqual(['customer', 'subject']);
    useInteractionsStore.getState().toggleColumn('created');
    expect(useInteractionsStore.getState().columns).toEqual(['created', 'customer', 'subject']);
    useInteractionsStore.getState().toggleColumn('created');
    useInteractionsStore.getState().toggleColumn('customer');
    useInteractionsStore.getState().toggleColumn('subject');
    expect(useInteractionsStore.getState().columns).toEqual(['subject']);
  });

  it('a Shift range reads rows not loaded yet, in pages the contract allows', async () => {
    const calls = installBridge(2500);
    useInteractionsStore.getState().show(defaultQuery());
    await expect.poll(() => useInteractionsStore.getState().total).toBe(2500);
    const store = useInteractionsStore.getState();
    store.toggleRow(5, { ...summary(5), id: rowIdOf(summary(5)) });
    await store.selectRange(2100);
    const { selection } = useInteractionsStore.getState();
    expect(selectionCount(selection, 2500)).toBe(2096);
    expect(isSelected(selection, rowIdOf(summary(2100)))).toBe(true);
    expect(isSelected(selection, rowIdOf(summary(4)))).toBe(false);
    expect(calls.every((c) => c.limit <= 1000)).toBe(true);
  });

  it('"all" is a flag until an action asks: then every ref but the unticked ones', async () => {
    const calls = installBridge(2300);
    useInteractionsStore.getState().show(defaultQuery());
    await expect.poll(() => useInteractionsStore.getState().total).toBe(2300);
    const before = calls.length;
    useInteractionsStore.getState().selectAll();
    useInteractionsStore.getState().toggleRow(7, { ...summary(7), id: rowIdOf(summary(7)) });
    expect(calls.length).toBe(before);
    expect(selectionCount(useInteractionsStore.getState().selection, 2300)).toBe(2299);
    const refs = await useInteractionsStore.getState().selectedRefs();
    expect(refs).toHaveLength(2299);
    expect(refs.some((r) => r.ticket === 'k7')).toBe(false);
    // A new filter starts with nothing ticked.
    useInteractionsStore.getState().setFilter({ text: 'parcel' });
    expect(selectionCount(useInteractionsStore.getState().selection, 2300)).toBe(0);
  });
});
