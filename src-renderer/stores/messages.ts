import { create } from 'zustand';
import type { MessageSummary } from '../../src-preload/contract';
import { bridge } from '../lib/bridge';
import { pagedList, type PagedListState, type RowSource } from './paged-list';

/** The folder the list belongs to, and the search it shows instead ('' shows the folder). */
export interface MessageQuery {
  mailboxId: string | null;
  search: string;
}

interface MessagesState extends PagedListState<MessageSummary, MessageQuery> {
  setMailbox(mailboxId: string | null): void;
  /** What the search box holds (typed, not yet debounced). */
  searchText: string;
  setSearchText(text: string): void;
  /** Shows the cache's full-text matches for query in the list ('' returns to the folder). */
  search(query: string): void;
  clearSearch(): void;
}

/** The most results one search shows. */
export const SEARCH_LIMIT = 500;

export const selectMailboxId = (s: Pick<MessagesState, 'query'>): string | null => s.query?.mailboxId ?? null;
/** The query the list shows results for; '' shows the folder. */
export const selectSearchQuery = (s: Pick<MessagesState, 'query'>): string => s.query?.search ?? '';

/** A folder is listed page by page; a search answers in one piece from the cache's full-text index. */
function messageSource({ mailboxId, search }: MessageQuery): RowSource<MessageSummary> | null {
  if (search) return { kind: 'whole', fetch: () => bridge().searchMessages({ query: search, limit: SEARCH_LIMIT }) };
  if (!mailboxId) return null;
  return { kind: 'paged', fetch: (offset, limit) => bridge().listMessages({ mailboxId, offset, limit }) };
}

export const useMessagesStore = create<MessagesState>()((set, get) => ({
  ...pagedList(messageSource, set, get),
  searchText: '',

  setMailbox(mailboxId) {
    set({ searchText: '' });
    get().show({ mailboxId, search: '' });
  },

  setSearchText(text) {
    set({ searchText: text });
  },

  search(query) {
    const q = query.trim();
    if (q === selectSearchQuery(get())) return;
    if (!q) {
      get().clearSearch();
      return;
    }
    get().show({ mailboxId: selectMailboxId(get()), search: q });
  },

  clearSearch() {
    if (!selectSearchQuery(get())) {
      if (get().searchText) set({ searchText: '' });
      return;
    }
    get().setMailbox(selectMailboxId(get()));
  },
}));
