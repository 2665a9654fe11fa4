import type { TicketActivityView } from '../../../src-preload/contract';

/**
 * The log words an agent's own action as a verb phrase ("took the ticket"), what happened
 * to the ticket by itself as a sentence ("a new message from …", "nobody took it …") and
 * an offer's end with the offered agent's name first ("Ben did not accept in time"): the
 * first reads with the author's name in front, the others as they are.
 */
const SYSTEM_PHRASES = ['new ticket', 'a new message', 'an answer', 'reopened by', 'nobody took'];

export function activityLine(activity: Pick<TicketActivityView, 'author' | 'summary'>): string {
  const { summary } = activity;
  if (/^\p{Lu}/u.test(summary)) return summary;
  if (SYSTEM_PHRASES.some((p) => summary.startsWith(p))) return summary.charAt(0).toUpperCase() + summary.slice(1);
  return `${activity.author.name} ${summary}`;
}
