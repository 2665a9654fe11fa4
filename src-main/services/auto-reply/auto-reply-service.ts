/**
 * An account's auto-reply: its settings (travelling through the team log as autoReply.set,
 * so every client of the team agrees), the dry run over its newest mail, and the
 * AutoReplier that sends what the log decided this client sends.
 */
import type { AutoReplyDryRun, AutoReplySettings, AutoReplyView } from '../../../src-preload/contract/auto-reply';
import { autoReplyProblems } from '../../../src-preload/auto-reply-text';
import { appError } from '../errors/app-error';
import type { Store } from '../store';
import type { TeamLog } from '../teamlog/team-log';
import { messageKey } from '../tickets/ticket-importer';
import { AutoReplier, type AutoReplyOutbox } from './auto-replier';
import { dryRun, DRY_RUN_SIZE } from './dry-run';

export interface AutoReplyServiceDeps {
  store: Store;
  log(accountId: string): TeamLog | null;
  logs(): TeamLog[];
  agentId(): string;
  outbox: AutoReplyOutbox;
  now?: () => number;
}

export class AutoReplyService {
  private readonly replier: AutoReplier;

  constructor(private readonly deps: AutoReplyServiceDeps) {
    this.replier = new AutoReplier(deps);
  }

  get(accountId: string): AutoReplyView {
    const log = this.logOf(accountId);
    const shown = log.state().autoReply;
    return {
      accountId,
      settings: shown.settings,
      enabledAt: shown.enabledAt,
      pending: JSON.stringify(shown) !== JSON.stringify(log.confirmed().autoReply),
    };
  }

  save(accountId: string, settings: AutoReplySettings): AutoReplyView {
    const log = this.logOf(accountId);
    const problems = autoReplyProblems(settings);
    if (problems.length > 0) {
      throw appError(
        'team/invalid-settings',
        problems[0]!.message,
        problems.length > 1 ? `Fix the ${problems.length} marked fields, then save again.` : 'Fix the marked field, then save again.',
        problems.map((p) => `${p.field}: ${p.message}`).join('; '),
      );
    }
    log.append({ type: 'autoReply.set', settings });
    return this.get(accountId);
  }

  /** What these settings (saved or not) would do to the newest incoming mails, each with its reason. */
  dryRun(accountId: string, settings: AutoReplySettings): AutoReplyDryRun {
    const log = this.logOf(accountId);
    const { store } = this.deps;
    const own = new Set(store.accounts.list().map((a) => a.email.toLowerCase()));
    // A copy of a mail in two folders is one mail: read a few more ids than shown, keep each key once.
    const seen = new Set<string>();
    const rows = store.ticketImport.rows(store.ticketImport.newestIncomingIds(accountId, [...own], DRY_RUN_SIZE * 2)).filter((row) => {
      const key = messageKey(row) ?? `#${row.id}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    return dryRun(rows.slice(0, DRY_RUN_SIZE), log.state(), settings, own);
  }

  /** Sends what earlier runs left due; called once the logs exist. */
  start(): void {
    this.replier.start();
  }

  /** An account's team log changed (TeamService.onTeamChanged). */
  logChanged(accountId: string): void {
    this.replier.wake(accountId);
  }

  close(): Promise<void> {
    return this.replier.close();
  }

  private logOf(accountId: string): TeamLog {
    const log = this.deps.store.accounts.get(accountId) ? this.deps.log(accountId) : null;
    if (!log) throw appError('team/no-log', 'This account has no team log on this computer (yet).', 'Wait until the account has connected once, or check its status in the account list.');
    return log;
  }
}
