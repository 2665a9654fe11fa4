/**
 * The renderer's contacts pieces that need no DOM: the contacts store (how many it
 * shows, when it says "refine the search", late answers, live refresh only while the
 * view is open) and the customer query the Tickets list is narrowed with.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Contact } from '../../src-preload/contract';
import { customerQuery, hasNarrowingFilters, isViewQuery } from '../../src-renderer/features/queues/views';
import { CONTACTS_SHOWN, useContactsStore } from '../../src-renderer/stores/contacts';
import { useTicketsStore } from '../../src-renderer/stores/tickets';

function contact(i: number): Contact {
  return { address: `c${i}@example.org`, name: `Customer ${i}`, ticketCount: 1, accounts: ['acc1'] };
}

interface Call {
  text: string;
  limit: number;
  answer(contacts: Contact[]): void;
}

/** A bridge whose listContacts answers when the test says; listTickets records its filter. */
function installBridge() {
  const calls: Call[] = [];
  const ticketFilters: unknown[] = [];
  const mailroom = {
    listContacts: (request: { text: string; limit: number }) =>
      new Promise<Contact[]>((resolve) => calls.push({ ...request, answer: resolve })),
    listTickets: (request: { filter: unknown }) => {
      ticketFilters.push(request.filter);
      return Promise.resolve({ total: 0, items: [] });
    },
  };
  (globalThis as { window?: unknown }).window = { mailroom };
  return { calls, ticketFilters };
}

afterEach(() => {
  useContactsStore.getState().close();
  useContactsStore.setState({ text: '' });
  delete (globalThis as { window?: unknown }).window;
});

describe('contacts store', () => {
  it('asks one more than it shows, and says when the search should be refined', async () => {
    const { calls } = installBridge();
    useContactsStore.getState().open();
    expect(calls[0]?.limit).toBe(CONTACTS_SHOWN + 1);
    calls[0]?.answer(Array.from({ length: CONTACTS_SHOWN + 1 }, (_, i) => contact(i)));
    await expect.poll(() => useContactsStore.getState().contacts?.length).toBe(CONTACTS_SHOWN);
    expect(useContactsStore.getState().more).toBe(true);

    useContactsStore.getState().search('customer 7');
    calls[1]?.answer([contact(7)]);
    await expect.poll(() => useContactsStore.getState().contacts?.length).toBe(1);
    expect(calls[1]?.text).toBe('customer 7');
    expect(useContactsStore.getState().more).toBe(false);
  });

  it('drops an answer that a newer search overtook', async () => {
    const { calls } = installBridge();
    useContactsStore.getState().open();
    useContactsStore.getState().search('maria');
    calls[1]?.answer([contact(1)]);
    await expect.poll(() => useContactsStore.getState().contacts?.length).toBe(1);
    calls[0]?.answer([contact(1), contact(2), contact(3)]);
    await Promise.resolve();
    expect(useContactsStore.getState().contacts?.map((c) => c.address)).toEqual(['c1@example.org']);
  });

  it('re-reads on ticket changes only while the view is open', () => {
    const { calls } = installBridge();
    useContactsStore.getState().refresh();
    expect(calls).toHaveLength(0);
    useContactsStore.getState().open();
    useContactsStore.getState().refresh();
    expect(calls).toHaveLength(2);
    useContactsStore.getState().close();
    useContactsStore.getState().refresh();
    expect(calls).toHaveLength(2);
  });
});

describe('customer query', () => {
  it("asks main for one customer's tickets in every status, named for the chip", async () => {
    const { ticketFilters } = installBridge();
    const q = customerQuery({ address: 'maria@example.org', name: '  ' });
    expect(q.customer).toEqual({ address: 'maria@example.org', name: 'maria@example.org' });
    useTicketsStore.getState().show(q);
    await expect.poll(() => ticketFilters.length).toBe(1);
    expect(ticketFilters[0]).toMatchObject({ scope: 'all', status: [], customer: 'maria@example.org' });
  });

  it('is a narrowed list, not the All tickets view', () => {
    const q = customerQuery({ address: 'maria@example.org', name: 'Maria Garcia' });
    expect(hasNarrowingFilters(q)).toBe(true);
    expect(isViewQuery(q, 'all')).toBe(false);
    expect(isViewQuery({ ...q, customer: null }, 'all')).toBe(true);
  });
});
