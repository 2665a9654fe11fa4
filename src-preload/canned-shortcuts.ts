/**
 * A canned answer's shortcut (typed as /shortcut in the editor) must name one answer among
 * those a ticket offers. Shared by main (the check before logging) and the settings form
 * (the field's message as the admin types).
 */
import type { CannedAnswer } from './contract/canned';

type ScopedAnswer = Pick<CannedAnswer, 'id' | 'scope' | 'accountId' | 'shortcut' | 'title'>;

/**
 * Another answer with the same shortcut that some ticket would offer together with
 * `candidate`: a general answer meets every answer, a per-account one meets the general
 * ones and its account's. Null when the shortcut is free (or empty).
 */
export function shortcutClash<A extends ScopedAnswer>(answers: readonly A[], candidate: ScopedAnswer): A | null {
  if (!candidate.shortcut) return null;
  return (
    answers.find((answer) => {
      if (answer.id === candidate.id || answer.shortcut !== candidate.shortcut) return false;
      return candidate.scope === 'general' || answer.scope === 'general' || answer.accountId === candidate.accountId;
    }) ?? null
  );
}

/** The clash in words: which answer has the shortcut, and what to do. */
export function shortcutClashMessage(shortcut: string, clash: ScopedAnswer, clashAccountName: string): { cause: string; fix: string } {
  const where = clash.scope === 'general' ? 'a general answer' : `an answer of ${clashAccountName || 'another account'}`;
  return {
    cause: `The shortcut /${shortcut} is already used by “${clash.title}” (${where}), and a reply would offer both.`,
    fix: `Choose another shortcut, for example ${shortcut}-2, or change the shortcut of “${clash.title}” first.`,
  };
}
