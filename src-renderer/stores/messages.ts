import { create } from 'zustand';
import type { MessageSummary } from '../../src-preload/contract';
import { isEmptySearch, parseSearch } from '../../src-preload/contract';
import { bridge } from '../lib/bridge';
import { pagedList, type PagedListState, type RowSource } from './paged-list';

/** The folder the list belongs to, and the search it shows instead ('' shows the folder). */
export interface MessageQuery {
  mailboxId: string | null;
  search: string;
  /** The search looks in every folder of every account, not only mailboxId. */
  allFolders: boolean;
}

interface MessagesState extends PagedListState<MessageSummary, MessageQuery> {
  setMailbox(mailboxId: string | null): void;
  /** What the search box holds (typed, not yet debounced). */
  searchText: string;
  setSearchText(text: string): void;
  /** Shows the cache's full-text matches for query in the list ('' returns to the folder). */
  search(query: string): void;
  clearSearch(): void;
  /** Where the search box looks; a search on screen runs again in the new scope. */
  searchAllFolders: boolean;
  setSearchAllFolders(all: boolean): void;
}

/** The most results one search shows. */
export const SEARCH_LIMIT = 500;

export const selectMailboxId = (s: Pick<MessagesState, 'query'>): string | null => s.query?.mailboxId ?? null;
/** The query the list shows results for; '' shows the folder. */
export const selectSearchQuery = (s: Pick<MessagesState, 'query'>): string => s.query?.search ?? '';
/** True while the list shows results from every folder (each row then names its folder). */
export const selectSearchingAllFolders = (s: Pick<MessagesState, 'query'>): boolean => Boolean(s.query?.search && s.query.allFolders);

/** before:/after: days are the agent's days. */
const timeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || '';

/** A folder is listed page by page; a search answers in one piece from the cache's full-text index. */
function messageSource({ mailboxId, search, allFolders }: MessageQuery): RowSource<MessageSummary> | null {
  if (search) {
    return { kind: 'whole', fetch: () => bridge().searchMessages({ query: search, limit: SEARCH_LIMIT, mailboxId: allFolders ? null : mailboxId, timeZone: timeZone() }) };
  }
  if (!mailboxId) return null;
  return { kind: 'paged', fetch: (offset, limit) => bridge().listMessages({ mailboxId, offset, limit }) };
}

export const useMessagesStore = create<MessagesState>()((set, get) => ({
  ...pagedList(messageSource, set, get),
  searchText: '',
  searchAllFolders: false,

  setMailbox(mailboxId) {
    set({ searchText: '' });
    get().show({ mailboxId, search: '', allFolders: get().searchAllFolders });
  },

  setSearchText(text) {
    set({ searchText: text });
  },

  search(query) {
    // A query with a mistake shows the folder (the box explains the mistake); so does an empty one.
    const q = query.trim();
    const parsed = parseSearch(q);
    const runnable = parsed.ok && !isEmptySearch(parsed.query) ? q : '';
    if (runnable === selectSearchQuery(get())) return;
    get().show({ mailboxId: selectMailboxId(get()), search: runnable, allFolders: get().searchAllFolders });
  },

  clearSearch() {
    if (!selectSearchQuery(get())) {
      if (get().searchText) set({ searchText: '' });
      return;
    }
    get().setMailbox(selectMailboxId(get()));
  },

  setSearchAllFolders(all) {
    set({ searchAllFolders: all });
    const search = selectSearchQuery(get());
    if (search) get().show({ mailboxId: selectMailboxId(get()), search, allFolders: all });
  },
}));
