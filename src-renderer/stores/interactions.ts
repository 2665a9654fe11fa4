import { create } from 'zustand';
import {
  INTERACTION_COLUMNS,
  InteractionColumnSchema,
  TicketFilterSchema,
  type ErrorInfo,
  type InteractionColumn,
  type SavedViewInfo,
  type TicketFilter,
  type TicketRef,
  type TicketSort,
} from '../../src-preload/contract';
import { bridge, toErrorInfo } from '../lib/bridge';
import { pagedList, rowAt, type PagedListState, type RowSource } from './paged-list';
import { rowIdOf, useTicketsStore, type TicketRow } from './tickets';

/** What the interactions list shows: the whole filter (quick filters, advanced rows, words) and the order. */
export interface InteractionsQuery {
  filter: TicketFilter;
  sort: TicketSort;
  descending: boolean;
}

/** The agent's own time zone: "today" and the days typed in a search mean their days. */
export function agentTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || '';
}

/** Every interaction, any status, newest first. */
export function defaultQuery(): InteractionsQuery {
  return { filter: TicketFilterSchema.parse({ timeZone: agentTimeZone() }), sort: 'created', descending: true };
}

/** Dates and counts read best newest/largest first; words alphabetically. */
export function defaultDescending(sort: TicketSort): boolean {
  return sort === 'created' || sort === 'lastActivity' || sort === 'messages' || sort === 'number' || sort === 'unread';
}

const COLUMNS_KEY = 'mailroom.interactions.columns';

/** The columns the agent chose last time (this computer), in the list's order; every column until they chose. */
function rememberedColumns(): InteractionColumn[] {
  try {
    const raw = localStorage.getItem(COLUMNS_KEY);
    if (!raw) return [...INTERACTION_COLUMNS];
    const parsed = InteractionColumnSchema.array().safeParse(JSON.parse(raw));
    if (!parsed.success || parsed.data.length === 0) return [...INTERACTION_COLUMNS];
    return INTERACTION_COLUMNS.filter((c) => parsed.data.includes(c));
  } catch {
    // Storage unavailable or a hand-edited value: the full table is a safe start.
    return [...INTERACTION_COLUMNS];
  }
}

function rememberColumns(columns: InteractionColumn[]): void {
  try {
    localStorage.setItem(COLUMNS_KEY, JSON.stringify(columns));
  } catch {
    // Private windows may refuse storage: the choice then lasts for this session only.
  }
}

const refOfRow = (row: TicketRow): TicketRef => ({ accountId: row.accountId, ticket: row.key });

/** Rows per call when the whole selection or a long range must be read (the contract's largest page). */
const BULK = 1000;

/** The rows [from, to] of a query, read in pages of BULK. */
async function readRows(query: InteractionsQuery, from: number, to: number): Promise<TicketRow[]> {
  const rows: TicketRow[] = [];
  for (let offset = from; offset <= to; offset += BULK) {
    const { items } = await bridge().listTickets({ ...query, offset, limit: Math.min(BULK, to - offset + 1) });
    rows.push(...items.map((t) => ({ ...t, id: rowIdOf(t) })));
    if (items.length < BULK) break;
  }
  return rows;
}

function interactionSource(query: InteractionsQuery): RowSource<TicketRow> {
  return {
    kind: 'paged',
    fetch: async (offset, limit) => {
      const { total, items } = await bridge().listTickets({ ...query, offset, limit });
      return { total, items: items.map((t) => ({ ...t, id: rowIdOf(t) })) };
    },
  };
}

/**
 * Which rows are selected. "All" is kept as a flag (minus the rows unticked since), not as
 * 100,000 refs: the refs are read only when an action needs them.
 */
export interface Selection {
  all: boolean;
  /** Ticked rows by row id (all = false), or unticked ones (all = true). */
  ids: Record<string, TicketRef>;
  /** Where a shift-click range starts. */
  anchor: number;
}

const NO_SELECTION: Selection = { all: false, ids: {}, anchor: -1 };

export function isSelected(selection: Selection, id: string): boolean {
  return selection.all ? !(id in selection.ids) : id in selection.ids;
}

export function selectionCount(selection: Selection, total: number): number {
  const n = Object.keys(selection.ids).length;
  return selection.all ? Math.max(0, total - n) : n;
}

interface InteractionsState extends PagedListState<TicketRow, InteractionsQuery> {
  /** Starts the list on first visit (every interaction); later visits re-read what is there. */
  start(): void;
  /** Changes part of the filter; the list starts over (the selection too). */
  setFilter(change: Partial<TicketFilter>): void;
  /** A header was clicked: that column orders the list, a second click reverses it. */
  sortBy(sort: TicketSort): void;
  /** Back to every interaction (the columns stay). */
  reset(): void;
  /** Bumped when the filters are replaced wholesale (a view opened, a reset): the filter fields start over from them. */
  epoch: number;
  /** The advanced search builder shows (its rows stay applied when it is closed). */
  advancedOpen: boolean;
  setAdvancedOpen(open: boolean): void;

  columns: InteractionColumn[];
  toggleColumn(column: InteractionColumn): void;

  selection: Selection;
  toggleRow(index: number, row: TicketRow): void;
  /** Shift-click: every row from the anchor to index becomes selected (reads rows not loaded yet). */
  selectRange(index: number): Promise<void>;
  selectAll(): void;
  clearSelection(): void;
  /** The selected tickets' refs, read from main when "all" is selected. */
  selectedRefs(): Promise<TicketRef[]>;
  /** A failure to read the selection (then nothing is asked). */
  selectionError: ErrorInfo | null;

  /** Opens the ticket in the pane beside the table. */
  openRow(index: number, row: TicketRow): void;
  /** Opens the highlighted row (Enter); false when there is none. */
  openCursor(): boolean;

  views: SavedViewInfo[];
  viewsLoaded: boolean;
  viewsError: ErrorInfo | null;
  /** The saved view the list was opened from (its filter may have changed since). */
  activeViewId: string | null;
  loadViews(): Promise<void>;
  applyView(view: SavedViewInfo): void;
  /** Saves the list as it stands under a name (a new view, or id's view replaced). Throws for the form to show. */
  saveView(input: { id?: string; name: string; sharing: 'team' | 'personal' }): Promise<SavedViewInfo>;
  /** Renames a saved view, keeping what it shows. Throws for the form to show. */
  renameView(view: SavedViewInfo, name: string): Promise<SavedViewInfo>;
  deleteView(id: string): Promise<void>;
}

let newViewCounter = 0;
function newViewId(): string {
  newViewCounter += 1;
  return `view-${Date.now().toString(36)}-${newViewCounter}-${Math.random().toString(36).slice(2, 8)}`;
}

export const useInteractionsStore = create<InteractionsState>()((set, get) => {
  const list = pagedList(interactionSource, set, get);
  /** A saved view shows in the list at once; viewsChanged brings the confirmed copy. */
  const keepSaved = (saved: SavedViewInfo) => {
    const others = get().views.filter((v) => v.id !== saved.id);
    set({ views: [...others, saved].sort((a, b) => a.name.localeCompare(b.name)) });
  };
  return {
    ...list,

    show(query) {
      set({ selection: NO_SELECTION, selectionError: null });
      list.show(query);
    },

    start() {
      if (get().query === null) get().show(defaultQuery());
      else get().refresh();
    },

    setFilter(change) {
      const query = get().query ?? defaultQuery();
      get().show({ ...query, filter: { ...query.filter, ...change } });
    },

    sortBy(sort) {
      const query = get().query ?? defaultQuery();
      const descending = query.sort === sort ? !query.descending : defaultDescending(sort);
      // A new order keeps the selection: the same tickets, shown differently.
      const selection = { ...get().selection, anchor: -1 };
      list.show({ ...query, sort, descending });
      set({ selection });
    },

    epoch: 0,
    advancedOpen: false,
    setAdvancedOpen(open) {
      set({ advancedOpen: open });
    },

    reset() {
      set({ activeViewId: null, epoch: get().epoch + 1 });
      get().show(defaultQuery());
    },

    columns: rememberedColumns(),

    toggleColumn(column) {
      const current = get().columns;
      const next = current.includes(column) ? current.filter((c) => c !== column) : INTERACTION_COLUMNS.filter((c) => c === column || current.includes(c));
      // A table with no column shows nothing to click: the last one stays.
      if (next.length === 0) return;
      rememberColumns(next);
      set({ columns: next });
    },

    selection: NO_SELECTION,
    selectionError: null,

    toggleRow(index, row) {
      const { selection } = get();
      const ids = { ...selection.ids };
      if (row.id in ids) delete ids[row.id];
      else ids[row.id] = refOfRow(row);
      set({ selection: { ...selection, ids, anchor: index } });
    },

    async selectRange(index) {
      const { selection, query } = get();
      if (!query) return;
      const anchor = selection.anchor < 0 ? index : selection.anchor;
      const from = Math.min(anchor, index);
      const to = Math.max(anchor, index);
      let rows: TicketRow[] = [];
      const loaded = Array.from({ length: to - from + 1 }, (_, i) => rowAt(get(), from + i));
      if (loaded.every((r) => r !== undefined)) rows = loaded as TicketRow[];
      else {
        try {
          rows = await readRows(query, from, to);
        } catch (err) {
          set({ selectionError: toErrorInfo(err) });
          return;
        }
        if (get().query !== query) return;
      }
      const current = get().selection;
      const ids = { ...current.ids };
      // Under "all", selecting means no longer unticked.
      for (const row of rows) {
        if (current.all) delete ids[row.id];
        else ids[row.id] = refOfRow(row);
      }
      set({ selection: { ...current, ids, anchor: index }, selectionError: null });
    },

    selectAll() {
      set({ selection: { all: true, ids: {}, anchor: get().selection.anchor }, selectionError: null });
    },

    clearSelection() {
      set({ selection: NO_SELECTION, selectionError: null });
    },

    async selectedRefs() {
      const { selection, query, total } = get();
      if (!selection.all) return Object.values(selection.ids);
      if (!query || !total) return [];
      try {
        const rows = await readRows(query, 0, total - 1);
        set({ selectionError: null });
        return rows.filter((row) => !(row.id in selection.ids)).map(refOfRow);
      } catch (err) {
        set({ selectionError: toErrorInfo(err) });
        return [];
      }
    },

    openRow(index, row) {
      get().setCursor(index);
      useTicketsStore.getState().open(refOfRow(row));
    },

    openCursor() {
      const { cursor } = get();
      const row = cursor >= 0 ? rowAt(get(), cursor) : undefined;
      if (!row) return false;
      useTicketsStore.getState().open(refOfRow(row));
      return true;
    },

    views: [],
    viewsLoaded: false,
    viewsError: null,
    activeViewId: null,

    async loadViews() {
      try {
        const views = await bridge().listViews({});
        const active = get().activeViewId;
        set({ views, viewsLoaded: true, viewsError: null, activeViewId: active && views.some((v) => v.id === active) ? active : null });
      } catch (err) {
        set({ viewsLoaded: true, viewsError: toErrorInfo(err) });
      }
    },

    applyView(view) {
      const columns = INTERACTION_COLUMNS.filter((c) => view.columns.includes(c));
      if (columns.length > 0) {
        rememberColumns(columns);
        set({ columns });
      }
      // A view with advanced rows opens with its builder showing them.
      set({ activeViewId: view.id, epoch: get().epoch + 1, advancedOpen: get().advancedOpen || view.filter.conditions.length > 0 });
      // The view's days are read in this agent's zone, wherever it was saved.
      get().show({ filter: { ...view.filter, timeZone: agentTimeZone() }, sort: view.sort, descending: view.descending });
    },

    async saveView({ id, name, sharing }) {
      const query = get().query ?? defaultQuery();
      const saved = await bridge().saveView({
        view: { id: id ?? newViewId(), name, sharing, filter: query.filter, sort: query.sort, descending: query.descending, columns: get().columns },
      });
      keepSaved(saved);
      set({ activeViewId: saved.id });
      return saved;
    },

    async renameView(view, name) {
      const { id, sharing, filter, sort, descending, columns } = view;
      const saved = await bridge().saveView({ view: { id, name, sharing, filter, sort, descending, columns } });
      keepSaved(saved);
      return saved;
    },

    async deleteView(id) {
      await bridge().deleteView({ id });
      set({ views: get().views.filter((v) => v.id !== id), activeViewId: get().activeViewId === id ? null : get().activeViewId });
    },
  };
});
