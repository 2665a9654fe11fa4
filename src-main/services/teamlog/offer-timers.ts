/**
 * Offer waits, read from the folded state against a clock. Time never enters the reducer:
 * the TeamLog asks which offers are due at `now` and appends ticket.offerExpired for them
 * (the first such event per offer counts), and sleeps until nextOfferDue.
 */
import type { TeamSettings } from '../../../src-preload/contract/team';
import type { TeamState, TicketOffer } from './state';

/** When the offer's wait ends, epoch ms: "wait for the assigned agent", then "wait for the assigned queue". */
export function offerDueAt(offer: TicketOffer, settings: TeamSettings): number {
  return offer.at + (offer.phase === 'agent' ? settings.offerAgentSec : settings.offerQueueSec) * 1000;
}

/**
 * Offers whose wait has passed at `now`, earliest first. `offered` names the tickets that
 * may hold one (TeamLog keeps that set as it folds); every ticket by default.
 */
export function dueOffers(state: TeamState, now: number, offered: Iterable<string> = ticketKeys(state)): Array<{ ticket: string; offer: number }> {
  const due: Array<{ ticket: string; offer: number; at: number }> = [];
  for (const key of offered) {
    const t = state.tickets.get(key);
    if (!t?.offer) continue;
    const at = offerDueAt(t.offer, state.settings);
    if (at <= now) due.push({ ticket: t.key, offer: t.offer.seq, at });
  }
  return due.sort((a, b) => a.at - b.at).map(({ ticket, offer }) => ({ ticket, offer }));
}

/** The earliest moment an offer's wait ends, or null when nothing is offered; `offered` as for dueOffers. */
export function nextOfferDue(state: TeamState, offered: Iterable<string> = ticketKeys(state)): number | null {
  let next: number | null = null;
  for (const key of offered) {
    const t = state.tickets.get(key);
    if (!t?.offer) continue;
    const at = offerDueAt(t.offer, state.settings);
    if (next === null || at < next) next = at;
  }
  return next;
}

function* ticketKeys(state: TeamState): Generator<string> {
  for (const ticket of state.tickets.values()) yield ticket.key;
}
