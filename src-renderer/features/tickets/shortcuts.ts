import { useEffect } from 'react';
import { composeKindOfKey, startFrom } from '../compose/ComposeButtons';
import { rowAt } from '../../stores/paged-list';
import { useTicketsStore } from '../../stores/tickets';
import { useWorkspaceStore } from '../../stores/workspace';
import { keyIsForList } from '../messages/MessageList';
import { TICKET_SEARCH_ID } from '../queues/TicketSearch';
import { viewQuery } from '../queues/views';
import { canTake, offeredToMe, refOf, requestClose } from './useTicketContext';

/** Every ticket shortcut, as the help (?) lists them. */
export const TICKET_SHORTCUTS: { keys: string[]; what: string; group: 'Move' | 'Ticket' | 'Views' }[] = [
  { keys: ['J'], what: 'Next ticket', group: 'Move' },
  { keys: ['K'], what: 'Previous ticket', group: 'Move' },
  { keys: ['Enter'], what: 'Open the highlighted ticket', group: 'Move' },
  { keys: ['/'], what: 'Search tickets', group: 'Move' },
  { keys: ['T'], what: 'Take the ticket', group: 'Ticket' },
  { keys: ['R'], what: 'Reply to the customer', group: 'Ticket' },
  { keys: ['A'], what: 'Reply all (accepts the ticket instead while it is offered to you)', group: 'Ticket' },
  { keys: ['F'], what: 'Forward', group: 'Ticket' },
  { keys: ['X'], what: 'Decline the ticket offered to you', group: 'Ticket' },
  { keys: ['N'], what: 'Add an internal note', group: 'Ticket' },
  { keys: ['L'], what: 'Edit tags (labels)', group: 'Ticket' },
  { keys: ['S'], what: 'Status menu', group: 'Ticket' },
  { keys: ['C'], what: 'Close (asks for a disposition when the account needs one)', group: 'Ticket' },
  { keys: ['Shift', 'T'], what: 'Transfer to an agent or queue', group: 'Ticket' },
  { keys: ['G', 'I'], what: 'All tickets', group: 'Views' },
  { keys: ['G', 'U'], what: 'Unassigned', group: 'Views' },
  { keys: ['G', 'M'], what: 'My tickets', group: 'Views' },
  { keys: ['?'], what: 'This help', group: 'Views' },
];

/** How long G waits for its second key. */
const CHORD_MS = 1500;

/**
 * The Tickets workspace's keyboard: one handler for every shortcut, so no key is
 * claimed twice. Keys never fire while the agent types in a field or a dialog is open.
 */
export function useTicketShortcuts(): void {
  useEffect(() => {
    let chordUntil = 0;
    const onKey = (event: KeyboardEvent) => {
      if (!keyIsForList(event)) return;
      const tickets = useTicketsStore.getState();
      const key = event.key;

      if (Date.now() < chordUntil) {
        chordUntil = 0;
        const view = key === 'i' ? 'all' : key === 'u' ? 'unassigned' : key === 'm' ? 'mine' : null;
        if (view) {
          event.preventDefault();
          tickets.show(viewQuery(view));
        }
        return;
      }

      const detail = tickets.detail;
      const run = (fn: () => void) => {
        event.preventDefault();
        fn();
      };
      switch (key) {
        case 'j':
        case 'ArrowDown':
          return run(() => tickets.moveCursor(1));
        case 'k':
        case 'ArrowUp':
          return run(() => tickets.moveCursor(-1));
        case 'Enter': {
          const row = tickets.cursor >= 0 ? rowAt(tickets, tickets.cursor) : undefined;
          if (row) run(() => tickets.open({ accountId: row.accountId, ticket: row.key }));
          return;
        }
        case '/':
          return run(() => {
            const input = document.getElementById(TICKET_SEARCH_ID) as HTMLInputElement | null;
            input?.focus();
            input?.select();
          });
        case '?':
          return run(() => useWorkspaceStore.getState().setHelpOpen(true));
        case 'g':
          chordUntil = Date.now() + CHORD_MS;
          return run(() => undefined);
      }
      if (!detail) return;
      const ref = refOf(detail);
      switch (key) {
        case 't':
          if (canTake(detail)) run(() => void tickets.act(ref, { type: 'take' }));
          return;
        case 'T':
          if (detail.can.transfer) run(() => tickets.setPanel('transfer'));
          return;
        case 'a':
          if (offeredToMe(detail)) run(() => void tickets.act(ref, { type: 'accept' }));
          else run(() => startFrom({ ticket: ref }, 'reply-all'));
          return;
        case 'r':
        case 'R':
        case 'f':
          return run(() => startFrom({ ticket: ref }, composeKindOfKey(key) ?? 'reply'));
        case 'x':
          if (offeredToMe(detail)) run(() => void tickets.act(ref, { type: 'decline' }));
          return;
        case 'n':
          return run(() => tickets.focusNote());
        case 'l':
          return run(() => tickets.setPanel('tags'));
        case 's':
          return run(() => tickets.setPanel('status'));
        case 'c':
          if (detail.status !== 'closed' && detail.can.close) run(() => requestClose(detail));
          return;
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
