import type { TeamAgent } from '../../../src-preload/contract';
import { CheckboxField } from '../../ui/Field';

/** A list of agents to tick, e.g. a queue's members or who sees an account. */
export function AgentChecks({
  legend,
  name,
  agents,
  selected,
  hint,
  error,
  disabled,
  onChange,
}: {
  legend: string;
  name: string;
  agents: TeamAgent[];
  selected: string[];
  hint?: string;
  error?: string | undefined;
  disabled?: boolean;
  onChange(selected: string[]): void;
}) {
  return (
    <fieldset className="team-agents" data-testid={`${name}-agents`}>
      <legend className="field__label">{legend}</legend>
      {hint && <p className="field__hint">{hint}</p>}
      {agents.length === 0 ? (
        <p className="muted">No agents yet: an agent appears here once their Mailroom has connected to this account.</p>
      ) : (
        <div className="check-grid">
          {agents.map((agent) => (
            <CheckboxField
              key={agent.id}
              name={`${name}-${agent.id}`}
              label={agent.profile.name}
              hint={agent.profile.email || undefined}
              checked={selected.includes(agent.id)}
              disabled={disabled}
              onValue={(on) => onChange(on ? [...selected, agent.id] : selected.filter((id) => id !== agent.id))}
            />
          ))}
        </div>
      )}
      {error && (
        <p className="field__error" role="alert">
          {error}
        </p>
      )}
    </fieldset>
  );
}
