import type { AgentStatus } from '../../../src-preload/contract';
import { useTeamStore } from '../../stores/team';
import { useTicketsStore } from '../../stores/tickets';
import { useWorkspaceStore } from '../../stores/workspace';

const CHOICES: { value: AgentStatus; label: string; hint: string }[] = [
  { value: 'online', label: 'Online', hint: 'Routing offers you new tickets' },
  { value: 'paused', label: 'Paused', hint: 'You keep your tickets; routing skips you' },
  { value: 'offline', label: 'Offline', hint: 'Routing skips you; colleagues see you away' },
];

/** Online, paused or offline, in the top bar; says when a mandatory disposition paused the agent. */
export function StatusSwitch() {
  const me = useTeamStore((s) => s.me);
  const pending = useTeamStore((s) => s.statusPending);
  const error = useTeamStore((s) => s.statusError);
  if (!me) return null;
  const shown = pending ?? me.status;
  const pausedFor = me.pausedFor;
  return (
    <div className="status-switch-wrap">
      <div className="status-switch" role="radiogroup" aria-label="Your status" data-testid="status-switch" data-status={me.status}>
        {CHOICES.map((c) => (
          <button
            key={c.value}
            type="button"
            role="radio"
            aria-checked={shown === c.value}
            aria-busy={pending === c.value || undefined}
            className={`status-switch__option status-switch__option--${c.value}`}
            data-testid={`status-${c.value}`}
            title={c.hint}
            onClick={() => c.value !== shown && void useTeamStore.getState().setStatus(c.value)}
          >
            <span className="status-dot" aria-hidden="true" />
            <span className="status-switch__label">{c.label}</span>
          </button>
        ))}
      </div>
      {pausedFor && (
        <button
          type="button"
          className="status-switch__paused"
          data-testid="paused-for"
          onClick={() => {
            useWorkspaceStore.getState().show('tickets');
            useTicketsStore.getState().open({ accountId: pausedFor.accountId, ticket: pausedFor.ticket });
          }}
        >
          Paused until #{pausedFor.number} has a disposition
        </button>
      )}
      {error && (
        <span className="status-switch__error" role="alert" title={error.fix}>
          {error.cause}
        </span>
      )}
    </div>
  );
}
