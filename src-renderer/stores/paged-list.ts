import type { ErrorInfo } from '../../src-preload/contract';
import { toErrorInfo } from '../lib/bridge';
import { LocalEdits } from './local-edits';

/** Rows fetched per call. */
export const PAGE_SIZE = 100;

export interface Page<Row> {
  items: Row[];
  /** Loaded before the last refresh: shown, but fetched again when visible. */
  stale: boolean;
}

/**
 * How one query's rows are loaded: page by page as they scroll into view, or all in
 * one answer (search results, capped by the source), which the list then never pages.
 */
export type RowSource<Row> =
  | { kind: 'paged'; fetch(offset: number, limit: number): Promise<{ items: Row[]; total: number }> }
  | { kind: 'whole'; fetch(): Promise<Row[]> };

export interface PagedListState<Row extends { id: string }, Query> {
  /** What the list shows (a folder, a search, a queue…); null until something is chosen. */
  query: Query | null;
  /** Null until the first answer for the query has arrived. */
  total: number | null;
  pages: Record<number, Page<Row>>;
  error: ErrorInfo | null;
  /** Index range the list currently shows, so refreshes fetch what the user sees. */
  visibleStart: number;
  visibleEnd: number;
  /** Keyboard cursor: the highlighted row. */
  cursor: number;
  cursorId: string | null;
  /** Starts over with query: nothing loaded, no cursor; fetches what will be on screen. */
  show(query: Query | null): void;
  setVisibleRange(start: number, end: number): void;
  /** The rows changed elsewhere (or the user asks again): what is loaded turns stale, what is on screen is fetched again. */
  refresh(): void;
  setCursor(index: number): void;
  moveCursor(delta: number): number;
  /** Puts a changed row (flags, status) into the rows on screen at once. */
  patchRow(id: string, change: Partial<Row>): void;
}

export function rowAt<Row>(state: { pages: Record<number, Page<Row>> }, index: number): Row | undefined {
  return state.pages[Math.floor(index / PAGE_SIZE)]?.items[index % PAGE_SIZE];
}

/** Where a loaded row is in the list; -1 when it is not loaded. */
export function indexOfRow<Row extends { id: string }>(state: { pages: Record<number, Page<Row>> }, id: string): number {
  for (const [key, page] of Object.entries(state.pages)) {
    const at = page.items.findIndex((row) => row.id === id);
    if (at >= 0) return Number(key) * PAGE_SIZE + at;
  }
  return -1;
}

/** The row that takes the place of the one at `index` when it leaves a list of `total`: the next, else the previous; -1 for none. */
export function successorIndex(index: number, total: number): number {
  if (index < 0) return -1;
  if (index + 1 < total) return index + 1;
  return index - 1;
}

function toPages<Row>(items: Row[], stale: boolean): Record<number, Page<Row>> {
  const pages: Record<number, Page<Row>> = {};
  for (let i = 0; i < items.length; i += PAGE_SIZE) pages[i / PAGE_SIZE] = { items: items.slice(i, i + PAGE_SIZE), stale };
  return pages;
}

type ListData<Row extends { id: string }, Query> = Omit<PagedListState<Row, Query>, 'show' | 'setVisibleRange' | 'refresh' | 'setCursor' | 'moveCursor' | 'patchRow'>;

/** A query just chosen: nothing loaded, no cursor. */
function fresh<Row extends { id: string }, Query>(query: Query | null): ListData<Row, Query> {
  return { query, total: null, pages: {}, error: null, visibleStart: 0, visibleEnd: 0, cursor: -1, cursorId: null };
}

/**
 * A list too long to load at once (a folder, a ticket queue, a contact's history) as a
 * zustand slice: spread it into a store and give it that store's set and get.
 * `sourceFor` says how a query's rows load; null means the query shows nothing.
 *
 * A failed fetch sets `error` and stops there. The next fetch comes from a change
 * (refresh, scrolling, a new query), never from the failure itself: an error that
 * comes back at once, as from a lost connection, must not loop and freeze the page.
 */
export function pagedList<Row extends { id: string }, Query>(
  sourceFor: (query: Query) => RowSource<Row> | null,
  set: (partial: Partial<PagedListState<Row, Query>>) => void,
  get: () => PagedListState<Row, Query>,
): PagedListState<Row, Query> {
  // Bookkeeping that never needs a re-render lives outside the state.
  let generation = 0; // bumps on every new query; late answers for an old one are dropped
  let revision = 0; // bumps on every refresh; answers older than the last refresh count as stale
  const inFlight = new Map<number, number>(); // page -> generation
  const edits = new LocalEdits<Row>(); // patched rows, kept over answers asked for before the patch

  const currentSource = (): RowSource<Row> | null => {
    const { query } = get();
    return query === null ? null : sourceFor(query);
  };

  /** A whole answer replaces every page; the cursor stays on its row, or goes if the row did. */
  const applyWhole = (items: Row[], stale: boolean) => {
    const { cursorId } = get();
    const at = cursorId ? items.findIndex((row) => row.id === cursorId) : -1;
    set({ pages: toPages(items, stale), total: items.length, error: null, cursor: at, cursorId: at >= 0 ? cursorId : null });
  };

  const applyPage = (page: number, result: { items: Row[]; total: number }, stale: boolean) => {
    const pages: Record<number, Page<Row>> = { ...get().pages, [page]: { items: result.items, stale } };
    // Pages past the new end are gone.
    const lastPage = Math.max(0, Math.ceil(result.total / PAGE_SIZE) - 1);
    for (const key of Object.keys(pages)) if (Number(key) > lastPage) delete pages[Number(key)];
    const update: Partial<PagedListState<Row, Query>> = { pages, total: result.total, error: null };
    // Follow the highlighted row when new rows push it down.
    const { cursorId, cursor } = get();
    if (cursorId) {
      const at = result.items.findIndex((row) => row.id === cursorId);
      if (at >= 0 && page * PAGE_SIZE + at !== cursor) update.cursor = page * PAGE_SIZE + at;
    }
    if (update.cursor === undefined && cursor >= result.total) update.cursor = result.total - 1;
    set(update);
  };

  const fetchPage = async (page: number) => {
    const source = currentSource();
    if (!source) return;
    const gen = generation;
    const rev = revision;
    const since = edits.stamp();
    inFlight.set(page, gen);
    try {
      if (source.kind === 'whole') {
        const items = await source.fetch();
        if (gen !== generation) return;
        applyWhole(edits.over(items, since), rev !== revision);
      } else {
        const result = await source.fetch(page * PAGE_SIZE, PAGE_SIZE);
        if (gen !== generation) return;
        applyPage(page, { items: edits.over(result.items, since), total: result.total }, rev !== revision);
      }
    } catch (err) {
      if (gen === generation) set({ error: toErrorInfo(err), total: get().total ?? 0 });
      return;
    } finally {
      if (inFlight.get(page) === gen) inFlight.delete(page);
    }
    // An answer may have moved the end or come after the user scrolled: fetch what is on screen now.
    if (gen === generation) ensureVisible();
  };

  const ensureVisible = () => {
    const source = currentSource();
    if (!source) return;
    const { total, pages, visibleStart, visibleEnd } = get();
    if (total === null || source.kind === 'whole') {
      const wanted = total === null || Object.values(pages).some((p) => p.stale);
      if (wanted && !inFlight.has(0)) void fetchPage(0);
      return;
    }
    if (total === 0) return;
    const first = Math.floor(Math.max(0, visibleStart) / PAGE_SIZE);
    const last = Math.floor(Math.min(total - 1, Math.max(visibleStart, visibleEnd)) / PAGE_SIZE);
    for (let page = first; page <= last; page += 1) {
      const p = pages[page];
      if ((!p || p.stale) && !inFlight.has(page)) void fetchPage(page);
    }
  };

  return {
    ...fresh<Row, Query>(null),

    show(query) {
      generation += 1;
      inFlight.clear();
      edits.clear();
      set(fresh(query));
      ensureVisible();
    },

    setVisibleRange(start, end) {
      const s = get();
      if (s.visibleStart === start && s.visibleEnd === end) return;
      set({ visibleStart: start, visibleEnd: end });
      ensureVisible();
    },

    refresh() {
      if (get().query === null) return;
      revision += 1;
      const pages: Record<number, Page<Row>> = {};
      for (const [key, page] of Object.entries(get().pages)) pages[Number(key)] = { ...page, stale: true };
      set({ pages });
      // An empty list has no visible pages: ask for the first one again.
      const { total } = get();
      if (total === 0 || total === null) {
        if (!inFlight.has(0)) void fetchPage(0);
        return;
      }
      ensureVisible();
    },

    setCursor(index) {
      const total = get().total ?? 0;
      if (total === 0) return;
      const cursor = Math.max(0, Math.min(total - 1, index));
      set({ cursor, cursorId: rowAt(get(), cursor)?.id ?? null });
    },

    moveCursor(delta) {
      const { cursor } = get();
      get().setCursor(cursor < 0 ? 0 : cursor + delta);
      return get().cursor;
    },

    patchRow(id, change) {
      edits.record(id, change);
      const { pages } = get();
      let changed = false;
      const next: Record<number, Page<Row>> = {};
      for (const [key, page] of Object.entries(pages)) {
        const at = page.items.findIndex((row) => row.id === id);
        if (at < 0) {
          next[Number(key)] = page;
          continue;
        }
        changed = true;
        const items = [...page.items];
        items[at] = { ...page.items[at]!, ...change };
        next[Number(key)] = { ...page, items };
      }
      if (changed) set({ pages: next });
    },
  };
}
