/**
 * A TicketImportSink that stands in for the team log: each append is checked against
 * the event format (as every client's parser does) and folded by the real reducer
 * under the next UID, so threading sees the state a client would.
 */
import { TeamEventSchema, type ImportedMessage } from '../../src-main/services/teamlog/events';
import { foldEvent } from '../../src-main/services/teamlog/reducer';
import { emptyTeamState, type TeamState } from '../../src-main/services/teamlog/state';
import type { MailImportedPayload, TicketImportSink } from '../../src-main/services/tickets/ticket-importer';

export interface FoldingSink extends TicketImportSink {
  state(): TeamState;
  /** The items of each appended event, in order. */
  events: ImportedMessage[][];
  /** Makes the append with this index (0-based) fail, as a kill or a lost connection would. */
  failAt(index: number): void;
}

export function foldingSink(settings: Partial<TeamState['settings']> = {}): FoldingSink {
  const state = emptyTeamState();
  state.settings = { ...state.settings, ...settings };
  const events: ImportedMessage[][] = [];
  let failOn = -1;
  return {
    events,
    state: () => state,
    failAt: (index) => (failOn = index),
    append: (_accountId: string, payload: MailImportedPayload) => {
      if (events.length === failOn) return Promise.reject(new Error('append failed'));
      const event = TeamEventSchema.parse({ v: 1, id: `import-${events.length + 1}`, agent: 'agent-importer', at: Date.now(), ...payload });
      events.push(payload.items);
      foldEvent(state, { uid: events.length, event });
      return Promise.resolve();
    },
  };
}
