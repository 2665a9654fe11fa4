import { create } from 'zustand';
import type { ErrorInfo, MessageSummary } from '../../src-preload/contract';
import { bridge, toErrorInfo } from '../lib/bridge';

/** Rows fetched per listMessages call. */
export const PAGE_SIZE = 100;

interface Page {
  items: MessageSummary[];
  /** Loaded before the last messagesChanged: shown, but fetched again when visible. */
  stale: boolean;
}

interface MessagesState {
  mailboxId: string | null;
  /** Null until the first page of the mailbox has arrived. */
  total: number | null;
  pages: Record<number, Page>;
  error: ErrorInfo | null;
  /** Index range the list currently shows, so refreshes fetch what the user sees. */
  visibleStart: number;
  visibleEnd: number;
  /** Keyboard cursor: the highlighted row. */
  cursor: number;
  cursorId: string | null;
  setMailbox(mailboxId: string | null): void;
  setVisibleRange(start: number, end: number): void;
  /** messagesChanged for this mailbox: re-query what is on screen. */
  refresh(): void;
  setCursor(index: number): void;
  moveCursor(delta: number): number;
  /** What the search box holds (typed, not yet debounced). */
  searchText: string;
  /** The query the list shows results for; '' shows the folder. */
  searchQuery: string;
  /** True while the first answer for searchQuery is on its way. */
  searching: boolean;
  setSearchText(text: string): void;
  /** Shows the cache's full-text matches for query in the list ('' returns to the folder). */
  search(query: string): void;
  clearSearch(): void;
  /** Puts a changed message (flags) into the rows on screen at once. */
  patchMessage(id: string, change: Partial<MessageSummary>): void;
}

/** The most results one search shows. */
export const SEARCH_LIMIT = 500;

function toPages(items: MessageSummary[]): Record<number, Page> {
  const pages: Record<number, Page> = {};
  for (let i = 0; i < items.length; i += PAGE_SIZE) pages[i / PAGE_SIZE] = { items: items.slice(i, i + PAGE_SIZE), stale: false };
  return pages;
}

// Bookkeeping that never needs a re-render lives outside the state.
let generation = 0; // bumps on every mailbox switch; late answers for an old mailbox are dropped
let revision = 0; // bumps on every refresh; answers older than the last refresh count as stale
const inFlight = new Map<number, number>(); // page -> generation

export function messageAt(state: Pick<MessagesState, 'pages'>, index: number): MessageSummary | undefined {
  return state.pages[Math.floor(index / PAGE_SIZE)]?.items[index % PAGE_SIZE];
}

export const useMessagesStore = create<MessagesState>()((set, get) => {
  const fetchPage = async (page: number) => {
    const gen = generation;
    const rev = revision;
    const mailboxId = get().mailboxId;
    if (!mailboxId) return;
    inFlight.set(page, gen);
    try {
      const result = await bridge().listMessages({ mailboxId, offset: page * PAGE_SIZE, limit: PAGE_SIZE });
      if (gen !== generation) return;
      const pages: Record<number, Page> = { ...get().pages, [page]: { items: result.items, stale: rev !== revision } };
      // Pages past the new end are gone.
      const lastPage = Math.max(0, Math.ceil(result.total / PAGE_SIZE) - 1);
      for (const key of Object.keys(pages)) if (Number(key) > lastPage) delete pages[Number(key)];
      const update: Partial<MessagesState> = { pages, total: result.total, error: null };
      // Follow the highlighted message when new mail pushes it down.
      const { cursorId, cursor } = get();
      if (cursorId) {
        const at = result.items.findIndex((m) => m.id === cursorId);
        if (at >= 0 && page * PAGE_SIZE + at !== cursor) update.cursor = page * PAGE_SIZE + at;
      }
      if (update.cursor === undefined && cursor >= result.total) update.cursor = result.total - 1;
      set(update);
    } catch (err) {
      if (gen === generation) set({ error: toErrorInfo(err), total: get().total ?? 0 });
    } finally {
      if (inFlight.get(page) === gen) inFlight.delete(page);
    }
    if (gen === generation) ensureVisible();
  };

  const runSearch = async (query: string, quiet: boolean) => {
    const gen = generation;
    if (!quiet) set({ searching: true, error: null });
    try {
      const items = await bridge().searchMessages({ query, limit: SEARCH_LIMIT });
      if (gen !== generation || get().searchQuery !== query) return;
      const { cursorId } = get();
      const at = cursorId ? items.findIndex((m) => m.id === cursorId) : -1;
      set({ pages: toPages(items), total: items.length, searching: false, error: null, cursor: at, cursorId: at >= 0 ? cursorId : null });
    } catch (err) {
      if (gen === generation && get().searchQuery === query) set({ searching: false, error: toErrorInfo(err), total: get().total ?? 0 });
    }
  };

  const ensureVisible = () => {
    const { mailboxId, total, pages, visibleStart, visibleEnd, searchQuery } = get();
    if (!mailboxId || searchQuery) return;
    if (total === null) {
      if (!inFlight.has(0)) void fetchPage(0);
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

  /** A folder just opened: nothing loaded, no cursor, no search. */
  const fresh = (mailboxId: string | null) => ({
    mailboxId,
    total: null,
    pages: {},
    error: null,
    visibleStart: 0,
    visibleEnd: 0,
    cursor: -1,
    cursorId: null,
    searchText: '',
    searchQuery: '',
    searching: false,
  });

  return {
    ...fresh(null),

    setMailbox(mailboxId) {
      generation += 1;
      inFlight.clear();
      set(fresh(mailboxId));
      ensureVisible();
    },

    setVisibleRange(start, end) {
      const s = get();
      if (s.visibleStart === start && s.visibleEnd === end) return;
      set({ visibleStart: start, visibleEnd: end });
      ensureVisible();
    },

    refresh() {
      const { searchQuery } = get();
      if (searchQuery) {
        void runSearch(searchQuery, true);
        return;
      }
      if (!get().mailboxId) return;
      revision += 1;
      const pages: Record<number, Page> = {};
      for (const [key, page] of Object.entries(get().pages)) pages[Number(key)] = { ...page, stale: true };
      set({ pages });
      // An empty list has no visible pages: ask for the first one again.
      if (get().total === 0 || get().total === null) {
        if (!inFlight.has(0)) void fetchPage(0);
        return;
      }
      ensureVisible();
    },

    setCursor(index) {
      const total = get().total ?? 0;
      if (total === 0) return;
      const cursor = Math.max(0, Math.min(total - 1, index));
      set({ cursor, cursorId: messageAt(get(), cursor)?.id ?? null });
    },

    moveCursor(delta) {
      const { cursor } = get();
      get().setCursor(cursor < 0 ? 0 : cursor + delta);
      return get().cursor;
    },

    setSearchText(text) {
      set({ searchText: text });
    },

    search(query) {
      const q = query.trim();
      if (q === get().searchQuery) return;
      if (!q) {
        get().clearSearch();
        return;
      }
      generation += 1;
      inFlight.clear();
      set({ searchQuery: q, total: null, pages: {}, cursor: -1, cursorId: null, visibleStart: 0, visibleEnd: 0 });
      void runSearch(q, false);
    },

    clearSearch() {
      const { searchQuery, mailboxId } = get();
      if (!searchQuery) {
        if (get().searchText) set({ searchText: '' });
        return;
      }
      get().setMailbox(mailboxId);
    },

    patchMessage(id, change) {
      const { pages } = get();
      let changed = false;
      const next: Record<number, Page> = {};
      for (const [key, page] of Object.entries(pages)) {
        const at = page.items.findIndex((m) => m.id === id);
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
});
