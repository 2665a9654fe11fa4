/**
 * Announces an account's team log changes to the renderer: ticketsChanged (throttled:
 * a burst of folded events is one re-read) and teamChanged when its settings, queues,
 * agents, auto-reply or the log's status moved (not on every ticket change). TeamService reports
 * rejections and this agent's changes itself.
 */
import type { EventSink } from '../../../src-preload/contract/events';
import type { TicketSources } from './sources';

export interface ChangeFeedOptions {
  sources: TicketSources;
  emit: EventSink;
  /** At most one ticketsChanged per account per this many ms (the first at once, the last after). */
  throttleMs?: number;
}

export class TeamChangeFeed {
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly trailing = new Set<string>();
  private readonly teamSignatures = new Map<string, string>();

  constructor(private readonly options: ChangeFeedOptions) {}

  /** The account's log changed (TicketService reports every onChange). */
  accountChanged(accountId: string): void {
    if (this.timers.has(accountId)) {
      this.trailing.add(accountId);
      return;
    }
    this.flush(accountId);
    const timer = setTimeout(() => {
      this.timers.delete(accountId);
      if (this.trailing.delete(accountId)) this.accountChanged(accountId);
    }, this.options.throttleMs ?? 250);
    this.timers.set(accountId, timer);
  }

  close(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.trailing.clear();
  }

  private flush(accountId: string): void {
    const { emit, sources } = this.options;
    emit('ticketsChanged', { accountId });
    const log = sources.log(accountId);
    if (!log) return;
    const state = log.state();
    const team = JSON.stringify([state.settings, state.queues, state.agents, state.autoReply, log.status()]);
    if (this.teamSignatures.get(accountId) !== team) {
      this.teamSignatures.set(accountId, team);
      emit('teamChanged', { accountId });
    }
  }
}
