/** The canned answer form's fields and their problems, each in words that name the fix. */
import { shortcutClash, shortcutClashMessage } from '../../../src-preload/canned-shortcuts';
import { CannedAnswerSchema, type CannedAnswer, type CannedAnswerView } from '../../../src-preload/contract';
import { fillVariables, variableProblems } from '../../../src-preload/templates';

export type CannedDraft = Pick<CannedAnswer, 'id' | 'scope' | 'accountId' | 'title' | 'shortcut' | 'bodyHtml'>;
export type CannedField = 'title' | 'accountId' | 'shortcut' | 'bodyHtml';
export type CannedProblems = Partial<Record<CannedField, string>>;

export function newDraft(accountId: string): CannedDraft {
  return { id: crypto.randomUUID(), scope: 'general', accountId, title: '', shortcut: '', bodyHtml: '' };
}

export function draftOf(answer: CannedAnswerView, fallbackAccountId: string): CannedDraft {
  const { id, scope, accountId, title, shortcut, bodyHtml } = answer;
  // A general answer keeps an account at hand, so switching it to one account needs no extra pick.
  return { id, scope, accountId: accountId || fallbackAccountId, title, shortcut, bodyHtml };
}

/** What agents type after "/": lowercase, a space becomes "-", a leading "/" is dropped. */
export function normalizeShortcut(typed: string): string {
  return typed.toLowerCase().replace(/^\/+/, '').replace(/\s+/g, '-');
}

/** Names in {{…}} that are not variables, said as the editor says it: checked as the admin types. */
export function unknownVariables(bodyHtml: string): string | undefined {
  const { unknown } = fillVariables(bodyHtml, {});
  return unknown.length > 0 ? variableProblems({ unknown, empty: [] }).join(' ') : undefined;
}

/**
 * Every problem of the draft: the schema's (title, body, account, shortcut format), a
 * shortcut another answer of the same tickets has, and unknown variables.
 */
export function draftProblems(draft: CannedDraft, answers: readonly CannedAnswerView[], accountName: (id: string) => string): CannedProblems {
  const answer = { ...draft, accountId: draft.scope === 'general' ? '' : draft.accountId };
  const problems: CannedProblems = {};
  const parsed = CannedAnswerSchema.safeParse(answer);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = issue.path[0] as CannedField;
      problems[field] ??= issue.message;
    }
  }
  const clash = problems.shortcut ? null : shortcutClash(answers, answer);
  if (clash) {
    const { cause, fix } = shortcutClashMessage(answer.shortcut.trim(), clash, accountName(clash.accountId));
    problems.shortcut = `${cause} ${fix}`;
  }
  problems.bodyHtml ??= unknownVariables(draft.bodyHtml);
  return problems;
}
