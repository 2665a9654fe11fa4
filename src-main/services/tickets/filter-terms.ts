/**
 * The parts of a ticket filter (TicketFilter) worked out before any ticket is compared:
 * the text box's words and the quick date range's span in the agent's time zone. Pure.
 */
import type { TicketFilter } from '../../../src-preload/contract/tickets';
import { addDays, dayOf, daySpan } from './days';

/** The words of a text search: every one must occur; "#1042" and "1042" both find ticket 1042. */
export function searchWords(text: string): string[] {
  return text.toLowerCase().split(/\s+/).filter(Boolean);
}

/** [from, to) of the quick date filter in ms, or null for any date. */
export function dateRangeSpan(filter: TicketFilter, now: number): { from: number; to: number } | null {
  const { preset, from, to } = filter.date;
  const zone = filter.timeZone;
  if (preset === 'any') return null;
  if (preset === 'custom') return from || to ? daySpan(from, to, zone) : null;
  const today = dayOf(now, zone);
  const days = preset === 'today' ? 1 : preset === '7d' ? 7 : 30;
  return daySpan(addDays(today, 1 - days), today, zone);
}
