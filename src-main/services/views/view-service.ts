/**
 * Saved views of the interactions list. A team view is appended (view.set / view.delete)
 * to every account's team log on this computer, like a general canned answer, so an agent
 * who works only one of the accounts sees it too; the logs' copies blend, the newest wins
 * (teamlog/shared-records.ts). A personal view stays in this computer's settings.
 *
 * Account ids are local to each computer: a team view's account filter travels as the
 * account's address and comes back as the id of the account with that address here.
 */
import { SavedViewSchema, type SavedView, type SavedViewInfo, type SavedViewInput } from '../../../src-preload/contract/views';
import { appError } from '../errors/app-error';
import type { SettingsStore } from '../platform/interfaces';
import { own } from '../teamlog/records';
import { blendRecords, recordsSignature, type Blended, type RecordLog } from '../teamlog/shared-records';
import type { ViewEntry } from '../teamlog/state';

/** Where personal views are kept in the settings store. */
export const PERSONAL_VIEWS_KEY = 'views.personal';

interface PersonalEntry {
  view: SavedView;
  updatedAt: number;
}

export interface ViewServiceDeps {
  /** Every account's team log on this computer. */
  logs(): RecordLog[];
  /** This computer's accounts: their addresses stand for them in team views. */
  accounts(): { id: string; email: string }[];
  settings: SettingsStore;
  /** This agent's name, for "saved by" on personal views. */
  myName(): string;
  now(): number;
  /** The list changed: a log's views, or a personal one (viewsChanged for the windows). */
  changed(): void;
}

const sameName = (a: string, b: string) => a.trim().toLocaleLowerCase() === b.trim().toLocaleLowerCase();

export class ViewService {
  private readonly signatures = new Map<string, string>();

  constructor(private readonly deps: ViewServiceDeps) {
    for (const log of deps.logs()) this.signatures.set(log.accountId, signature(log));
  }

  /** Team and personal views, by name. */
  list(): SavedViewInfo[] {
    const team = this.teamViews().map(({ entry, pending, updatedBy }) => ({ ...this.local(entry.view), updatedBy, updatedAt: entry.updatedAt, pending }));
    const name = this.deps.myName();
    const personal = this.personal().map((p) => ({ ...p.view, updatedBy: name, updatedAt: p.updatedAt, pending: false }));
    return [...team, ...personal].sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  }

  /**
   * Creates or replaces the view. A team view is set in every log (and leaves this
   * computer's personal ones); a personal one is kept here (and deleted from the logs if
   * it was a team view before). A name another view has is refused.
   */
  save(input: SavedViewInput): SavedViewInfo {
    const view = SavedViewSchema.parse(input);
    const clash = this.list().find((v) => v.id !== view.id && sameName(v.name, view.name));
    if (clash) {
      throw appError(
        'views/invalid',
        `There is already a ${clash.sharing === 'team' ? 'team' : 'personal'} view named "${clash.name}".`,
        'Choose another name, or open that view and save over it.',
        `name: ${view.name}`,
      );
    }
    const logs = this.deps.logs();
    const inLogs = logs.filter((log) => own(log.state().views, view.id));
    if (view.sharing === 'team') {
      if (logs.length === 0) {
        throw appError('team/no-log', 'Team views are shared through an account’s team log, and this computer has no account yet.', 'Add an account first, or save the view as a personal one.');
      }
      const shared = this.portable(view);
      for (const log of logs) log.append({ type: 'view.set', view: shared });
      const personal = this.personal();
      if (personal.some((p) => p.view.id === view.id)) this.setPersonal(personal.filter((p) => p.view.id !== view.id));
    } else {
      for (const log of inLogs) log.append({ type: 'view.delete', viewId: view.id });
      this.setPersonal([...this.personal().filter((p) => p.view.id !== view.id), { view, updatedAt: this.deps.now() }]);
    }
    const saved = this.list().find((v) => v.id === view.id);
    if (!saved) throw new Error(`view ${view.id} is not in the list after saving it`);
    return saved;
  }

  /** Deletes the view: from every log that holds it, or from this computer. */
  delete(id: string): { deleted: boolean } {
    const holding = this.deps.logs().filter((log) => own(log.state().views, id));
    const personal = this.personal();
    const kept = personal.filter((p) => p.view.id !== id);
    if (holding.length === 0 && kept.length === personal.length) {
      throw appError('views/not-found', 'This view is not there any more: someone may have deleted it already.', 'Nothing to do: the list shows the views there are now.');
    }
    for (const log of holding) log.append({ type: 'view.delete', viewId: id });
    if (kept.length !== personal.length) this.setPersonal(kept);
    return { deleted: true };
  }

  /** An account's team log changed (TeamService.onTeamChanged): tells the windows when its views did. */
  logChanged(accountId: string): void {
    const log = this.deps.logs().find((l) => l.accountId === accountId);
    const next = log ? signature(log) : '';
    if ((this.signatures.get(accountId) ?? '') === next) return;
    this.signatures.set(accountId, next);
    this.deps.changed();
  }

  private teamViews(): Blended<ViewEntry>[] {
    return blendRecords(
      this.deps.logs().map((log) => {
        const state = log.state();
        return { accountId: log.accountId, entries: state.views, confirmed: log.confirmed().views, agentName: (agentId: string) => own(state.agents, agentId)?.profile.name ?? '' };
      }),
    );
  }

  /** The view as the log carries it: its account filter as the account's address. */
  private portable(view: SavedView): SavedView {
    if (!view.filter.accountId) return view;
    const account = this.deps.accounts().find((a) => a.id === view.filter.accountId);
    return account ? { ...view, filter: { ...view.filter, accountId: account.email.toLowerCase() } } : view;
  }

  /** A logged view as this computer reads it: the address back to this computer's account (left as is when there is none: it matches nothing here). */
  private local(view: SavedView): SavedView {
    if (!view.filter.accountId) return view;
    const account = this.deps.accounts().find((a) => a.email.toLowerCase() === view.filter.accountId);
    return account ? { ...view, filter: { ...view.filter, accountId: account.id } } : view;
  }

  /** This computer's personal views; one the settings hold in a shape this build cannot read is left out. */
  private personal(): PersonalEntry[] {
    const stored = this.deps.settings.get<unknown>(PERSONAL_VIEWS_KEY, []);
    if (!Array.isArray(stored)) return [];
    return stored.flatMap((item: { view?: unknown; updatedAt?: unknown }) => {
      const view = SavedViewSchema.safeParse(item?.view);
      return view.success && typeof item.updatedAt === 'number' ? [{ view: { ...view.data, sharing: 'personal' as const }, updatedAt: item.updatedAt }] : [];
    });
  }

  private setPersonal(entries: PersonalEntry[]): void {
    this.deps.settings.set(PERSONAL_VIEWS_KEY, entries);
    this.deps.changed();
  }
}

function signature(log: RecordLog): string {
  return recordsSignature(log.state().views, log.confirmed().views);
}
