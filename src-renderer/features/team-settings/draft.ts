/**
 * The team settings form's draft: what the admin types (seconds and dispositions as
 * text), checked by the contract's schema and teamSettingsProblems, so the form and
 * main refuse the same things with the same words.
 */
import {
  TeamSettingsSchema,
  teamSettingsProblems,
  type RoutingRule,
  type TeamSettings,
} from '../../../src-preload/contract';

export interface SettingsDraft extends Omit<TeamSettings, 'offerAgentSec' | 'offerQueueSec' | 'dispositions'> {
  offerAgentSec: string;
  offerQueueSec: string;
  /** One disposition per line. */
  dispositions: string;
}

export interface TeamFacts {
  queues: string[];
  agents: string[];
  standardQueue: string;
}

export function draftOf(settings: TeamSettings): SettingsDraft {
  return { ...settings, offerAgentSec: String(settings.offerAgentSec), offerQueueSec: String(settings.offerQueueSec), dispositions: settings.dispositions.join('\n') };
}

export function newRule(id: string, queue: string): RoutingRule {
  return { id, enabled: true, field: 'from', header: '', operator: 'contains', value: '', days: [], from: '', until: '', timeZone: '', queue, tag: '', agent: '' };
}

const dispositionLines = (text: string) =>
  text
    .split('\n')
    .map((d) => d.trim())
    .filter(Boolean);

/** Where a problem is shown: dispositions are one field, everything else its own path. */
function fieldKey(path: PropertyKey[]): string {
  return path[0] === 'dispositions' ? 'dispositions' : path.map(String).join('.');
}

/** The settings to save, or the problems keyed by field ("tokenPrefix", "routing.2.queue"…). */
export function checkDraft(draft: SettingsDraft, team: TeamFacts): { settings: TeamSettings | null; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const seconds = (key: 'offerAgentSec' | 'offerQueueSec') => {
    const text = draft[key].trim();
    if (/^\d+$/.test(text)) return Number(text);
    errors[key] = 'Enter whole seconds, for example 10.';
    return 1;
  };
  const lines = dispositionLines(draft.dispositions);
  const parsed = TeamSettingsSchema.safeParse({ ...draft, offerAgentSec: seconds('offerAgentSec'), offerQueueSec: seconds('offerQueueSec'), dispositions: lines });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = fieldKey(issue.path);
      const line = issue.path[0] === 'dispositions' && typeof issue.path[1] === 'number' ? `Line ${issue.path[1] + 1}: ` : '';
      errors[key] ??= `${line}${issue.message}`;
    }
    return { settings: null, errors };
  }
  for (const problem of teamSettingsProblems(parsed.data, team)) errors[fieldKey(problem.path)] ??= problem.message;
  return Object.keys(errors).length > 0 ? { settings: null, errors } : { settings: parsed.data, errors };
}
