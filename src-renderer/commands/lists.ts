import { MAIL_SEARCH_ID } from '../features/messages/SearchBox';
import { TICKET_SEARCH_ID } from '../features/queues/TicketSearch';
import { INTERACTIONS_SEARCH_ID } from '../features/interactions/QuickFilters';
import { useInteractionsStore } from '../stores/interactions';
import { rowAt } from '../stores/paged-list';
import { useMessagesStore } from '../stores/messages';
import { useReaderStore } from '../stores/reader';
import { useTicketsStore } from '../stores/tickets';
import type { Workspace } from '../stores/workspace';

/** What j/k and Enter drive in a workspace: its list's cursor (the list scrolls to follow it). */
export interface KeyboardList {
  move(delta: number): void;
  /** Opens the row under the cursor. */
  open(): void;
}

const tickets: KeyboardList = {
  move: (delta) => void useTicketsStore.getState().moveCursor(delta),
  open: () => {
    const list = useTicketsStore.getState();
    const row = list.cursor >= 0 ? rowAt(list, list.cursor) : undefined;
    if (row) list.open({ accountId: row.accountId, ticket: row.key });
  },
};

function openMailCursor(): void {
  const list = useMessagesStore.getState();
  const message = list.cursor >= 0 ? rowAt(list, list.cursor) : undefined;
  if (message) useReaderStore.getState().open(message.id);
}

const mail: KeyboardList = {
  // With a message open, j/k read the next one at once (Gmail's way), no Enter in between.
  move: (delta) => {
    useMessagesStore.getState().moveCursor(delta);
    if (useReaderStore.getState().openId) openMailCursor();
  },
  open: openMailCursor,
};

const interactions: KeyboardList = {
  move: (delta) => void useInteractionsStore.getState().moveCursor(delta),
  open: () => void useInteractionsStore.getState().openCursor(),
};

/** The workspaces with a keyboard list. */
export const KEYBOARD_LISTS: Partial<Record<Workspace, KeyboardList>> = { tickets, mail, interactions };

/** The search field `/` focuses in each workspace (by element id). */
export const SEARCH_FIELDS: Partial<Record<Workspace, string>> = { tickets: TICKET_SEARCH_ID, mail: MAIL_SEARCH_ID, interactions: INTERACTIONS_SEARCH_ID };
