import type { TicketAction, TicketDetail, TicketRef } from '../../../src-preload/contract';
import { useTeamStore } from '../../stores/team';
import { rowIdOf, useTicketsStore } from '../../stores/tickets';

export function refOf(detail: TicketDetail): TicketRef {
  return { accountId: detail.accountId, ticket: detail.key };
}

/** Offered to this agent and still waiting for their answer (main says so in can.accept). */
export function offeredToMe(detail: TicketDetail): boolean {
  return detail.can.accept && detail.offer !== null;
}

/** Free to take: the log refuses a take of a ticket someone already holds (a transfer hands it over instead). */
export function canTake(detail: TicketDetail): boolean {
  return detail.can.take && detail.assignee === null;
}

/** Closing needs a disposition first: the close dialog asks for it. */
export function closeNeedsDisposition(detail: TicketDetail): boolean {
  return detail.dispositionRequired && !detail.disposition;
}

/** The open ticket's action in flight (its button shows it as pending), and a way to send one. */
export function useTicketActions(detail: TicketDetail) {
  const inFlight = useTicketsStore((s) => s.inFlight[rowIdOf(detail)] ?? null);
  const myId = useTeamStore((s) => s.me?.agentId);
  const act = (action: TicketAction) => useTicketsStore.getState().act(refOf(detail), action);
  return { inFlight, myId, act };
}

/**
 * Close, or ask for the disposition first when the account requires one. One place for
 * the button, the status menu and the C shortcut.
 */
export function requestClose(detail: TicketDetail): void {
  if (closeNeedsDisposition(detail)) {
    useTicketsStore.getState().setPanel('close');
    return;
  }
  void useTicketsStore.getState().act(refOf(detail), { type: 'status', status: 'closed' });
}
