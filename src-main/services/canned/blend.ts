/**
 * Canned answers as one list, from every account's team log. A general answer is
 * appended to every account's log, so each log holds a copy; the logs may disagree for a
 * while (one is offline, or an edit reached one log before the other), and then the copy
 * changed last wins. A per-account answer is in its account's log only, so the log it is
 * found in names its account: account ids are local to each computer, and the accountId
 * an answer was logged with is the author's. Pure functions: the service
 * (canned-service.ts) feeds them the logs.
 */
import type { CannedEntry } from '../teamlog/state';
import { blendRecords, type Blended, type LogRecords } from '../teamlog/shared-records';

/** What one account's log says about canned answers. */
export type CannedLogState = LogRecords<CannedEntry>;

export type BlendedAnswer = Blended<CannedEntry>;

/** Every answer any log holds, once, as changed last. */
export function blendAnswers(logs: CannedLogState[]): BlendedAnswer[] {
  return blendRecords(logs, (logged, log) => (logged.answer.scope === 'account' ? { ...logged, answer: { ...logged.answer, accountId: log.accountId } } : logged));
}

/** The answers a ticket of `accountId` offers (general ones and that account's); all of them with `all`. */
export function visibleAnswers(answers: BlendedAnswer[], accountId: string, all: boolean): BlendedAnswer[] {
  if (all) return answers;
  return answers.filter(({ entry: { answer } }) => answer.scope === 'general' || (accountId !== '' && answer.accountId === accountId));
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", nbsp: ' ' };

/** The words of an answer's HTML, lowercased, for searching (tags dropped, common entities read). */
function searchableText(html: string): string {
  return html
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(amp|lt|gt|quot|#39|nbsp);/g, (_, name: string) => ENTITIES[name] ?? '')
    .toLowerCase();
}

/** Every word of `text` must appear in the title, the shortcut or the body. */
export function matchingAnswers(answers: BlendedAnswer[], text: string): BlendedAnswer[] {
  const words = text.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return answers;
  return answers.filter(({ entry: { answer } }) => {
    const haystack = `${answer.title.toLowerCase()} /${answer.shortcut} ${searchableText(answer.bodyHtml)}`;
    return words.every((word) => haystack.includes(word));
  });
}

/** By title, as people scan a list; the id keeps equal titles in one order. */
export function byTitle(a: BlendedAnswer, b: BlendedAnswer): number {
  return a.entry.answer.title.localeCompare(b.entry.answer.title) || a.entry.answer.id.localeCompare(b.entry.answer.id);
}
