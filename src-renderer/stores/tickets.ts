import { create } from 'zustand';
import type { ErrorInfo, TicketAction, TicketDetail, TicketFilter, TicketRef, TicketSort, TicketStatus, TicketSummary } from '../../src-preload/contract';
import { bridge, toErrorInfo } from '../lib/bridge';
import { pagedList, type PagedListState, type RowSource } from './paged-list';

/** A list row: the summary plus the id the paged list keys rows by (a key is unique only within its account). */
export type TicketRow = TicketSummary & { id: string };

export const rowIdOf = (ref: { accountId: string; key: string }): string => `${ref.accountId}|${ref.key}`;

export type { TicketSort };

/** What the ticket list shows: the view picked in the sidebar, the filters above the list, the order. */
export interface TicketQuery {
  scope: TicketFilter['scope'];
  queue: string;
  accountId: string;
  status: TicketStatus[];
  agent: string;
  tag: string;
  text: string;
  /** One customer's tickets across accounts (from Contacts); the name is for the chip that says why the list is narrowed. */
  customer: { address: string; name: string } | null;
  sort: TicketSort;
  descending: boolean;
}

export const DEFAULT_QUERY: TicketQuery = { scope: 'all', queue: '', accountId: '', status: ['open', 'pending'], agent: '', tag: '', text: '', customer: null, sort: 'lastActivity', descending: true };

export type TicketPanel = 'transfer' | 'close' | 'tags' | 'status' | 'merge';

/** A rejection (another agent's action won) or a failed action, shown in plain words. */
export interface TicketNotice {
  id: number;
  accountId: string;
  ticket: string | null;
  kind: 'rejected' | 'error';
  message: string;
  error?: ErrorInfo;
}

interface TicketsState extends PagedListState<TicketRow, TicketQuery> {
  /** What the search box holds (typed, not yet applied). */
  searchText: string;
  setSearchText(text: string): void;
  /** Changes part of the query; the list starts over. */
  setQuery(change: Partial<TicketQuery>): void;

  openRef: TicketRef | null;
  detail: TicketDetail | null;
  detailLoading: boolean;
  detailError: ErrorInfo | null;
  open(ref: TicketRef): void;
  close(): void;
  /** A ticketsChanged for the open ticket's account: read it again, keeping what is on screen meanwhile. */
  reloadOpen(accountId: string): void;

  /** Actions sent and not answered yet, per row id: their buttons show them as pending. */
  inFlight: Record<string, TicketAction['type']>;
  /** Sends an action; true when main accepted it (it may still be pending until the log confirms it). */
  act(ref: TicketRef, action: TicketAction): Promise<boolean>;

  /** The open ticket's dialog or menu (opened by a button or its shortcut). */
  panel: TicketPanel | null;
  setPanel(panel: TicketPanel | null): void;
  /** Bumped by the note shortcut: the note box takes the focus. */
  noteFocus: number;
  focusNote(): void;

  notices: TicketNotice[];
  addNotice(notice: Omit<TicketNotice, 'id'>): void;
  dismissNotice(id: number): void;
}

function ticketSource(q: TicketQuery): RowSource<TicketRow> {
  const filter = { scope: q.scope, queue: q.queue, accountId: q.accountId, status: q.status, agent: q.agent, tag: q.tag, text: q.text, customer: q.customer?.address ?? '' };
  return {
    kind: 'paged',
    fetch: async (offset, limit) => {
      const { total, items } = await bridge().listTickets({ filter, sort: q.sort, descending: q.descending, offset, limit });
      return { total, items: items.map((t) => ({ ...t, id: rowIdOf(t) })) };
    },
  };
}

let detailRequest = 0;
let nextNoticeId = 1;

/** Presence is a courtesy to colleagues: a failure to announce it changes nothing for this agent. */
export function announcePresence(ref: TicketRef, mode: 'viewing' | 'replying' | 'left'): void {
  bridge()
    .setPresence({ ...ref, mode })
    .catch((err: unknown) => console.warn('presence not sent', toErrorInfo(err).cause));
}

export const useTicketsStore = create<TicketsState>()((set, get) => {
  const loadDetail = async (ref: TicketRef, quiet: boolean) => {
    const mine = (detailRequest += 1);
    if (!quiet) set({ detailLoading: true, detailError: null });
    try {
      const detail = await bridge().getTicket(ref);
      if (mine !== detailRequest) return;
      set({ detail, detailLoading: false, detailError: null });
    } catch (err) {
      if (mine === detailRequest && !quiet) set({ detailLoading: false, detailError: toErrorInfo(err) });
    }
  };

  return {
    ...pagedList(ticketSource, set, get),
    searchText: '',

    setSearchText(text) {
      set({ searchText: text });
    },

    setQuery(change) {
      const query = { ...(get().query ?? DEFAULT_QUERY), ...change };
      if (change.text !== undefined) set({ searchText: change.text });
      get().show(query);
    },

    openRef: null,
    detail: null,
    detailLoading: false,
    detailError: null,

    open(ref) {
      const current = get().openRef;
      if (current && current.accountId === ref.accountId && current.ticket === ref.ticket) return;
      if (current) announcePresence(current, 'left');
      set({ openRef: ref, detail: null, panel: null });
      announcePresence(ref, 'viewing');
      void loadDetail(ref, false);
    },

    close() {
      const current = get().openRef;
      if (current) announcePresence(current, 'left');
      detailRequest += 1;
      set({ openRef: null, detail: null, detailLoading: false, detailError: null, panel: null });
    },

    reloadOpen(accountId) {
      const ref = get().openRef;
      if (ref && ref.accountId === accountId) void loadDetail(ref, true);
    },

    inFlight: {},

    async act(ref, action) {
      const id = rowIdOf({ accountId: ref.accountId, key: ref.ticket });
      set({ inFlight: { ...get().inFlight, [id]: action.type } });
      try {
        const summary = await bridge().ticketAction({ accountId: ref.accountId, ticket: ref.ticket, action });
        get().patchRow(id, summary);
        const open = get().openRef;
        if (open && open.accountId === ref.accountId && open.ticket === ref.ticket) void loadDetail(open, true);
        return true;
      } catch (err) {
        get().addNotice({ accountId: ref.accountId, ticket: ref.ticket, kind: 'error', message: toErrorInfo(err).cause, error: toErrorInfo(err) });
        return false;
      } finally {
        const { [id]: _done, ...rest } = get().inFlight;
        set({ inFlight: rest });
      }
    },

    panel: null,
    setPanel(panel) {
      set({ panel });
    },
    noteFocus: 0,
    focusNote() {
      set({ noteFocus: get().noteFocus + 1 });
    },

    notices: [],

    addNotice(notice) {
      // The newest few: an agent racing colleagues all morning needs the latest, not a wall.
      set({ notices: [...get().notices, { ...notice, id: nextNoticeId++ }].slice(-5) });
    },

    dismissNotice(id) {
      set({ notices: get().notices.filter((n) => n.id !== id) });
    },
  };
});

/** The ticket with this number in an account (what people type: "merge into #1042"), or null. */
export async function findTicketByNumber(accountId: string, number: number): Promise<TicketSummary | null> {
  const { items } = await bridge().listTickets({ filter: { accountId, text: `#${number}`, status: [] }, sort: 'number', descending: false, offset: 0, limit: 50 });
  return items.find((t) => t.number === number) ?? null;
}

/** "#1042" or "MR-1042" or "1042" → 1042; null when it holds no number. */
export function parseTicketNumber(text: string): number | null {
  const match = /(\d+)\s*$/.exec(text.trim());
  if (!match?.[1]) return null;
  const n = Number(match[1]);
  return Number.isSafeInteger(n) && n > 0 ? n : null;
}
