/** A team log in memory for the services of shared records (canned answers, saved views). */
import type { EventPayload, TeamEvent } from '../../src-main/services/teamlog/events';
import { withPending } from '../../src-main/services/teamlog/pending-view';
import type { RecordLog } from '../../src-main/services/teamlog/shared-records';
import type { TeamState } from '../../src-main/services/teamlog/state';
import { foldAll, teamEvent, type PayloadInput } from './team-events';

/** A team log in memory: append() queues as TeamLog does, confirm() folds what waits as if the server took it. */
export class MemoryLog implements RecordLog {
  private confirmedState: TeamState;
  private pending: TeamEvent[] = [];
  constructor(
    readonly accountId: string,
    private readonly agent: string,
    private clock: { now: number },
  ) {
    this.confirmedState = foldAll([teamEvent('ana', 0, { type: 'agent.profile', profile: { name: 'Ana' } }), teamEvent('ben', 0, { type: 'agent.profile', profile: { name: 'Ben' } })]);
  }
  state(): TeamState {
    return withPending(this.confirmedState, this.pending).state;
  }
  confirmed(): TeamState {
    return this.confirmedState;
  }
  append(payload: EventPayload): string {
    this.clock.now += 1;
    const event = teamEvent(this.agent, this.clock.now, payload);
    this.pending.push(event);
    return event.id;
  }
  /** Another client's event, as the log folds it. */
  fold(agent: string, at: number, payload: PayloadInput): void {
    foldAll([teamEvent(agent, at, payload)], this.confirmedState);
  }
  confirm(): void {
    foldAll(this.pending.splice(0), this.confirmedState);
  }
}
