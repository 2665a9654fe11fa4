import { create } from 'zustand';
import type { ErrorInfo, OutboxItem, OutboxState } from '../../src-preload/contract';
import { bridge, toErrorInfo } from '../lib/bridge';
import { pagedList, type PagedListState } from './paged-list';

/** The log's filters: states (empty: any), one account ('' all), words in subject, from and recipients. */
export interface OutboxQuery {
  states: OutboxState[];
  accountId: string;
  text: string;
}

export const ALL_OUTBOX: OutboxQuery = { states: [], accountId: '', text: '' };

/** The states that need the agent: shown in the Outbox area's badge. */
export const ATTENTION_STATES: OutboxState[] = ['failed', 'uncertain'];

export type OutboxCommand = { kind: 'resend' } | { kind: 'cancel' } | { kind: 'resolve'; outcome: 'delivered' | 'resend' | 'cancel' };

interface OutboxStoreState extends PagedListState<OutboxItem, OutboxQuery> {
  setFilter(change: Partial<OutboxQuery>): void;
  /** What the search box holds (typed, not yet debounced into the query). */
  searchText: string;
  setSearchText(text: string): void;
  clearFilters(): void;
  /** The item the preview shows. */
  selectedId: string | null;
  select(id: string | null): void;
  /** Failed and uncertain mail in every account; null until counted. */
  attention: number | null;
  countAttention(): Promise<void>;
  /** Bumps on every outboxChanged, so open previews (here and in the ticket pane) read their item again. */
  revision: number;
  /** main said an account's outbox changed: the list, the badge and the previews catch up. */
  changed(): void;
  /** The uncertain mail whose decision dialog is open. */
  deciding: string | null;
  setDeciding(id: string | null): void;
  /** Runs an action; the answer or the refusal is returned for the caller to show where it was asked. */
  run(id: string, command: OutboxCommand): Promise<ErrorInfo | null>;
}

function request(id: string, command: OutboxCommand): Promise<OutboxItem> {
  const api = bridge();
  if (command.kind === 'resend') return api.resendOutbox({ id });
  if (command.kind === 'cancel') return api.cancelOutbox({ id });
  return api.resolveUncertain({ id, outcome: command.outcome });
}

let counting = 0;

export const useOutboxStore = create<OutboxStoreState>()((set, get) => ({
  ...pagedList<OutboxItem, OutboxQuery>(
    (query) => ({
      kind: 'paged',
      fetch: (offset, limit) => bridge().listOutbox({ filter: { ...query, ticket: '' }, offset, limit }),
    }),
    set,
    get,
  ),

  setFilter(change) {
    get().show({ ...(get().query ?? ALL_OUTBOX), ...change });
  },

  searchText: '',
  setSearchText(text) {
    set({ searchText: text });
  },
  clearFilters() {
    set({ searchText: '' });
    get().show(ALL_OUTBOX);
  },

  selectedId: null,
  select(id) {
    set({ selectedId: id });
  },

  attention: null,
  async countAttention() {
    const mine = (counting += 1);
    try {
      const { total } = await bridge().listOutbox({ filter: { states: ATTENTION_STATES }, offset: 0, limit: 1 });
      if (mine === counting) set({ attention: total });
    } catch {
      // The badge is a hint: the log itself shows the failure when opened.
      if (mine === counting) set({ attention: null });
    }
  },

  revision: 0,
  changed() {
    set({ revision: get().revision + 1 });
    get().refresh();
    void get().countAttention();
  },

  deciding: null,
  setDeciding(id) {
    set({ deciding: id });
  },

  async run(id, command) {
    try {
      const item = await request(id, command);
      get().patchRow(id, item);
      // outboxChanged follows; bumping now shows the new state without waiting for it.
      set({ revision: get().revision + 1 });
      void get().countAttention();
      return null;
    } catch (err) {
      return toErrorInfo(err);
    }
  },
}));
