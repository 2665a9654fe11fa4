/**
 * Canned answers, shared with the team through the team logs (canned.set / canned.delete
 * events, folded into each log's state.canned). A general answer goes to every account's
 * log, so an agent who works only one of the accounts sees it too; a per-account answer
 * goes to its account's log only. Lists blend every log's answers (blend.ts).
 */
import { shortcutClash, shortcutClashMessage } from '../../../src-preload/canned-shortcuts';
import { CannedAnswerSchema, type CannedAnswer, type CannedAnswerInput, type CannedAnswerView } from '../../../src-preload/contract/canned';
import { appError } from '../errors/app-error';
import { own } from '../teamlog/records';
import { recordsSignature, type RecordLog } from '../teamlog/shared-records';
import { blendAnswers, byTitle, matchingAnswers, visibleAnswers, type BlendedAnswer, type CannedLogState } from './blend';

/** The members of an account's TeamLog this service uses. */
export type CannedLog = RecordLog;

export interface CannedServiceDeps {
  /** Every account's team log on this computer. */
  logs(): CannedLog[];
  accounts(): { id: string; name: string }[];
  /** Some log's answers changed (cannedChanged for the windows). */
  changed(): void;
}

export interface CannedQuery {
  /** The ticket's account: its answers join the general ones. */
  accountId: string;
  text: string;
  /** Every answer of every account (the settings list). */
  all: boolean;
}

function logState(log: CannedLog): CannedLogState {
  const state = log.state();
  return {
    accountId: log.accountId,
    entries: state.canned,
    confirmed: log.confirmed().canned,
    agentName: (agentId) => own(state.agents, agentId)?.profile.name ?? '',
  };
}

/** What changes the list of one log: which answers, changed when, pending or not. */
function signature(log: CannedLog): string {
  return recordsSignature(log.state().canned, log.confirmed().canned);
}

export class CannedService {
  private readonly signatures = new Map<string, string>();

  constructor(private readonly deps: CannedServiceDeps) {
    for (const log of deps.logs()) this.signatures.set(log.accountId, signature(log));
  }

  list(query: CannedQuery): CannedAnswerView[] {
    const visible = visibleAnswers(this.blended(), query.accountId, query.all);
    return matchingAnswers(visible, query.text).sort(byTitle).map((answer) => this.view(answer));
  }

  /**
   * Creates or replaces the answer. A general one is set in every log; a per-account one
   * in its account's log and removed from the others (it may have been general, or
   * another account's, before).
   */
  save(input: CannedAnswerInput): CannedAnswerView {
    const parsed = CannedAnswerSchema.parse(input);
    const answer: CannedAnswer = parsed.scope === 'general' ? { ...parsed, accountId: '' } : parsed;
    const logs = this.deps.logs();
    if (logs.length === 0) throw appError('team/no-log', 'Canned answers are shared through an account’s team log, and this computer has no account yet.', 'Add an account first, then create the answer.');
    const targets = answer.scope === 'general' ? logs : logs.filter((log) => log.accountId === answer.accountId);
    if (targets.length === 0) {
      throw appError('canned/invalid', 'The answer belongs to an account this computer does not have.', 'Choose one of the accounts in the list, or make it a general answer.');
    }
    const clash = shortcutClash(this.blended().map((a) => a.entry.answer), answer);
    if (clash) {
      const { cause, fix } = shortcutClashMessage(answer.shortcut, clash, this.accountName(clash.accountId));
      throw appError('canned/invalid', cause, fix, `shortcut: ${answer.shortcut}`);
    }
    for (const log of targets) log.append({ type: 'canned.set', answer });
    for (const log of logs) {
      if (!targets.includes(log) && own(log.state().canned, answer.id)) log.append({ type: 'canned.delete', answerId: answer.id });
    }
    const saved = this.blended().find((a) => a.entry.answer.id === answer.id);
    if (!saved) throw new Error(`canned answer ${answer.id} is not in the list after saving it`);
    return this.view(saved);
  }

  /** Deletes the answer from every log that holds it. */
  delete(id: string): { deleted: boolean } {
    const holding = this.deps.logs().filter((log) => own(log.state().canned, id));
    if (holding.length === 0) {
      throw appError('canned/not-found', 'This answer is not there any more: someone may have deleted it already.', 'Nothing to do: the list shows the answers there are now.');
    }
    for (const log of holding) log.append({ type: 'canned.delete', answerId: id });
    return { deleted: true };
  }

  /** An account's team log changed (TeamService.onTeamChanged): tells the windows when its answers did. */
  logChanged(accountId: string): void {
    const log = this.deps.logs().find((l) => l.accountId === accountId);
    const next = log ? signature(log) : '';
    if ((this.signatures.get(accountId) ?? '') === next) return;
    this.signatures.set(accountId, next);
    this.deps.changed();
  }

  private blended(): BlendedAnswer[] {
    return blendAnswers(this.deps.logs().map(logState));
  }

  private accountName(accountId: string): string {
    return this.deps.accounts().find((a) => a.id === accountId)?.name ?? '';
  }

  private view({ entry, pending, updatedBy }: BlendedAnswer): CannedAnswerView {
    const accountName = entry.answer.scope === 'account' ? this.accountName(entry.answer.accountId) : '';
    return { ...entry.answer, accountName, updatedAt: entry.updatedAt, updatedBy, pending };
  }
}
