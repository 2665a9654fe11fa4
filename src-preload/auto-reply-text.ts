/**
 * What an auto-reply may say: the variables it can fill (no agent writes it, so no
 * agent's name or phone) and the problems that keep it from being saved. Pure, shared
 * by the settings form (messages at the fields as you type) and main (the save refuses
 * the same).
 */
import type { AutoReplySettings } from './contract/auto-reply';
import { fillVariables, VARIABLES, type VariableName } from './templates';

/** The variables an auto-reply fills; agent.* have no value in it. */
export const AUTO_REPLY_VARIABLES = (Object.keys(VARIABLES) as VariableName[]).filter((name) => !name.startsWith('agent.'));

export interface AutoReplyProblem {
  field: 'subject' | 'bodyHtml';
  message: string;
}

/** The visible text of the editor's HTML (no tags, no entities): empty means nothing is written. */
function visibleText(html: string): string {
  return html
    .replace(/<[^>]*>/g, ' ')
    .replace(/&nbsp;|&#160;/g, ' ')
    .trim();
}

function variableProblem(text: string): string | null {
  const { unknown } = fillVariables(text, {});
  if (unknown.length > 0) return `{{${unknown[0]}}} is not a variable: check the spelling (for example {{customer.name}}).`;
  const agent = [...text.matchAll(/\{\{\s*(agent\.[\w.]+)\s*\}\}/g)][0]?.[1];
  if (agent) return `{{${agent}}} has no value in an auto-reply (no agent writes it): use {{account.name}} instead, or remove it.`;
  return null;
}

export function autoReplyProblems(settings: Pick<AutoReplySettings, 'enabled' | 'subject' | 'bodyHtml'>): AutoReplyProblem[] {
  const problems: AutoReplyProblem[] = [];
  const subject = settings.subject.trim();
  if (!subject) problems.push({ field: 'subject', message: 'Write a subject, for example "Re: {{ticket.subject}} [{{ticket.token}}]".' });
  else {
    const problem = variableProblem(subject);
    if (problem) problems.push({ field: 'subject', message: problem });
  }
  if (settings.enabled && !visibleText(settings.bodyHtml) && !/<img\b/i.test(settings.bodyHtml)) {
    problems.push({ field: 'bodyHtml', message: 'Write the text the customer gets before turning auto-reply on.' });
  } else {
    const problem = variableProblem(settings.bodyHtml);
    if (problem) problems.push({ field: 'bodyHtml', message: problem });
  }
  return problems;
}
