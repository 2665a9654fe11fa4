/**
 * Canned answers as one list, from every account's team log. A general answer is
 * appended to every account's log, so each log holds a copy; the logs may disagree for a
 * while (one is offline, or an edit reached one log before the other), and then the copy
 * changed last wins. A per-account answer is in its account's log only, so the log it is
 * found in names its account: account ids are local to each computer, and the accountId
 * an answer was logged with is the author's. Pure functions: the service
 * (canned-service.ts) feeds them the logs.
 */
import { own } from '../teamlog/records';
import type { CannedEntry } from '../teamlog/state';

/** What one account's log says about canned answers. */
export interface CannedLogState {
  accountId: string;
  /** With this client's pending events folded over the log's. */
  entries: Record<string, CannedEntry>;
  /** As the log has them. */
  confirmed: Record<string, CannedEntry>;
  /** Agent id → name, for "changed by". */
  agentName(agentId: string): string;
}

export interface BlendedAnswer {
  entry: CannedEntry;
  /** A change of this client not yet in every log that should hold it. */
  pending: boolean;
  updatedBy: string;
}

/** Newer first; an exact tie (one save reaching two logs) is the same change, the agent id breaks any other. */
function newer(a: CannedEntry, b: CannedEntry): boolean {
  return a.updatedAt !== b.updatedAt ? a.updatedAt > b.updatedAt : a.updatedBy > b.updatedBy;
}

/** Every answer any log holds, once, as changed last. */
export function blendAnswers(logs: CannedLogState[]): BlendedAnswer[] {
  const byId = new Map<string, BlendedAnswer>();
  for (const log of logs) {
    for (const [id, logged] of Object.entries(log.entries)) {
      // The pending view copies the record, not the entries: a different entry object is a pending canned.set.
      const pending = own(log.confirmed, id) !== logged;
      const entry = logged.answer.scope === 'account' ? { ...logged, answer: { ...logged.answer, accountId: log.accountId } } : logged;
      const known = byId.get(id);
      if (!known) {
        byId.set(id, { entry, pending, updatedBy: log.agentName(entry.updatedBy) });
        continue;
      }
      const pendingAnywhere = known.pending || pending;
      if (newer(entry, known.entry)) byId.set(id, { entry, pending: pendingAnywhere, updatedBy: log.agentName(entry.updatedBy) });
      else known.pending = pendingAnywhere;
    }
  }
  return [...byId.values()];
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
