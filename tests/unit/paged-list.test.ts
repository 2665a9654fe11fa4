/**
 * The renderer's paged-list slice with a source in memory: paging, refresh, the cursor
 * that follows its row, and the rule that a failure never fetches again by itself.
 */
import { describe, expect, it } from 'vitest';
import { createStore } from 'zustand/vanilla';
import { indexOfRow, PAGE_SIZE, pagedList, rowAt, successorIndex, type PagedListState, type RowSource } from '../../src-renderer/stores/paged-list';

interface Row {
  id: string;
  n: number;
}

/**
 * A source over rows 0..count-1, newest (highest n) first, that can be told to fail at
 * once, as over a closed socket. After 50 failures it stops answering, so a list that
 * retries in a loop shows up as a call count instead of a hung test.
 */
function memorySource() {
  const state = { count: 250, failing: false, calls: 0, wholeCalls: 0, failures: 0 };
  const rows = () => Array.from({ length: state.count }, (_, i) => ({ id: `r${state.count - 1 - i}`, n: state.count - 1 - i }));
  const fail = () => {
    state.failures += 1;
    if (state.failures > 50) return new Promise<never>(() => undefined);
    return Promise.reject(Object.assign(new Error('lost'), { info: { code: 'host/disconnected', cause: 'gone', fix: 'reopen' } }));
  };
  const sourceFor = (query: string): RowSource<Row> =>
    query.startsWith('search:')
      ? {
          kind: 'whole',
          fetch: () => {
            state.wholeCalls += 1;
            return state.failing ? fail() : Promise.resolve(rows().filter((r) => r.n % 10 === 0));
          },
        }
      : {
          kind: 'paged',
          fetch: (offset, limit) => {
            state.calls += 1;
            return state.failing ? fail() : Promise.resolve({ items: rows().slice(offset, offset + limit), total: state.count });
          },
        };
  return { state, sourceFor };
}

function makeList() {
  const source = memorySource();
  const store = createStore<PagedListState<Row, string>>()((set, get) => pagedList(source.sourceFor, set, get));
  return { source, list: store.getState, store };
}

/** Lets every pending answer land: a macrotask runs only after the microtasks are done. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('paged list', () => {
  it('fetches the first page, then the pages scrolled into view', async () => {
    const { source, list } = makeList();
    list().show('inbox');
    await settle();
    expect(list().total).toBe(250);
    expect(rowAt(list(), 0)?.n).toBe(249);
    expect(list().pages[1]).toBeUndefined();
    list().setVisibleRange(180, 230);
    await settle();
    expect(rowAt(list(), 230)?.n).toBe(19);
    expect(source.state.calls).toBe(3);
  });

  it('after a failure waits for a change instead of fetching again by itself', async () => {
    const { source, list } = makeList();
    list().show('inbox');
    await settle();
    source.state.failing = true;
    const before = source.state.calls;
    // A refresh marks the page stale; its fetch fails at once, as over a closed socket.
    list().refresh();
    await settle();
    expect(source.state.calls - before).toBe(1);
    expect(list().error?.code).toBe('host/disconnected');
    expect(rowAt(list(), 0)?.n).toBe(249); // what was loaded stays on screen
    // Scrolling to pages never loaded: one try each, then quiet.
    list().setVisibleRange(120, 180);
    await settle();
    expect(source.state.calls - before).toBe(2);
    // The source works again; the next change (a refresh) loads and clears the error.
    source.state.failing = false;
    list().refresh();
    await settle();
    expect(list().error).toBeNull();
    expect(rowAt(list(), 150)?.n).toBe(99);
  });

  it('keeps the cursor on its row when new rows push it down, and stale pages refetch when visible', async () => {
    const { source, list } = makeList();
    list().show('inbox');
    await settle();
    list().setCursor(3);
    expect(list().cursorId).toBe('r246');
    source.state.count = 255;
    list().refresh();
    expect(list().pages[0]?.stale).toBe(true);
    await settle();
    expect(list().pages[0]?.stale).toBe(false);
    expect(list().cursor).toBe(8);
    expect(rowAt(list(), list().cursor)?.id).toBe('r246');
  });

  it('loads a whole answer once and never pages it; its cursor goes when its row does', async () => {
    const { source, list } = makeList();
    list().show('search:tens');
    await settle();
    expect(list().total).toBe(25);
    list().setVisibleRange(0, 24);
    await settle();
    expect(source.state.wholeCalls).toBe(1);
    expect(source.state.calls).toBe(0);
    list().setCursor(1);
    expect(list().cursorId).toBe('r230');
    source.state.count = 230; // r230 is gone
    list().refresh();
    await settle();
    expect(source.state.wholeCalls).toBe(2);
    expect(list().cursor).toBe(-1);
    expect(list().cursorId).toBeNull();
  });

  it('drops a late answer for a query that is no longer shown', async () => {
    const { list } = makeList();
    list().show('inbox');
    list().show('search:tens');
    await settle();
    expect(list().query).toBe('search:tens');
    expect(list().total).toBe(25);
    expect(Object.keys(list().pages).length).toBe(Math.ceil(25 / PAGE_SIZE));
  });

  it('patches a row in place', async () => {
    const { list } = makeList();
    list().show('inbox');
    await settle();
    const page = list().pages[0];
    list().patchRow('r248', { n: -1 });
    expect(rowAt(list(), 1)?.n).toBe(-1);
    expect(list().pages[0]).not.toBe(page);
    list().patchRow('nope', { n: -2 });
    expect(rowAt(list(), 1)?.n).toBe(-1);
  });

  it('keeps a patch over an answer asked for before it, and takes the next answer as it is', async () => {
    // A source whose answers wait until released: the refresh's answer was read before the patch.
    let value = 1;
    const held: (() => void)[] = [];
    const store = createStore<PagedListState<Row, string>>()((set, get) =>
      pagedList(
        () => ({
          kind: 'whole',
          fetch: () => {
            const rows = [{ id: 'a', n: value }, { id: 'b', n: 7 }];
            return new Promise<Row[]>((resolve) => held.push(() => resolve(rows)));
          },
        }),
        set,
        get,
      ),
    );
    const list = store.getState;
    list().show('search:a');
    held.shift()!();
    await settle();
    list().refresh();
    list().patchRow('a', { n: 2 });
    held.shift()!();
    await settle();
    expect(rowAt(list(), 0)?.n).toBe(2);
    expect(rowAt(list(), 1)?.n).toBe(7);
    // Asked for after the patch: main has the change (here, another one since), and the answer is shown.
    value = 3;
    list().refresh();
    held.shift()!();
    await settle();
    expect(rowAt(list(), 0)?.n).toBe(3);
  });
});

describe('the row that follows one leaving the list (e and # in Mail)', () => {
  it('is the next row, the previous one at the end, none when it was the only one', () => {
    expect(successorIndex(0, 3)).toBe(1);
    expect(successorIndex(2, 3)).toBe(1);
    expect(successorIndex(0, 1)).toBe(-1);
    expect(successorIndex(-1, 3)).toBe(-1);
  });

  it('finds a loaded row on any page', () => {
    const pages = { 0: { items: [{ id: 'a' }], stale: false }, 2: { items: [{ id: 'x' }, { id: 'y' }], stale: false } };
    expect(indexOfRow({ pages }, 'y')).toBe(2 * PAGE_SIZE + 1);
    expect(indexOfRow({ pages }, 'zz')).toBe(-1);
  });
});
