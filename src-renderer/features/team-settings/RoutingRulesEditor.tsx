import type { RoutingRule, TeamView } from '../../../src-preload/contract';
import { CheckboxField, SelectField, TextField } from '../../ui/Field';
import { newRule } from './draft';

const FIELDS: { value: RoutingRule['field']; label: string }[] = [
  { value: 'from', label: 'Sender' },
  { value: 'to', label: 'Recipient' },
  { value: 'subject', label: 'Subject' },
  { value: 'header', label: 'Header' },
];
const OPERATORS: { value: RoutingRule['operator']; label: string }[] = [
  { value: 'contains', label: 'contains' },
  { value: 'is', label: 'is' },
  { value: 'starts-with', label: 'starts with' },
  { value: 'ends-with', label: 'ends with' },
];
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

function RuleEditor({
  rule,
  index,
  count,
  team,
  standardQueue,
  errors,
  onChange,
  onMove,
  onDelete,
}: {
  rule: RoutingRule;
  index: number;
  count: number;
  team: TeamView;
  standardQueue: string;
  errors: Record<string, string>;
  onChange(rule: RoutingRule): void;
  onMove(by: -1 | 1): void;
  onDelete(): void;
}) {
  const n = index + 1;
  const error = (field: string) => errors[`routing.${index}.${field}`];
  const set = <K extends keyof RoutingRule>(key: K, value: RoutingRule[K]) => onChange({ ...rule, [key]: value });
  const queues = [...new Set([...team.queues.map((q) => q.name), ...(standardQueue ? [standardQueue] : [])])];
  return (
    <li className="team-rule" data-testid="routing-rule">
      <fieldset className="team-rule__box">
        <legend className="team-rule__title">Rule {n}</legend>
        <div className="team-rule__actions row-actions">
          <button type="button" className="button button--ghost button--small" disabled={index === 0} onClick={() => onMove(-1)}>
            Move rule {n} up
          </button>
          <button type="button" className="button button--ghost button--small" disabled={index === count - 1} onClick={() => onMove(1)}>
            Move rule {n} down
          </button>
          <button type="button" className="button button--danger button--small" onClick={onDelete}>
            Delete rule {n}
          </button>
        </div>
        <CheckboxField name={`rule-${n}-enabled`} label={`Rule ${n} is on`} checked={rule.enabled} onValue={(v) => set('enabled', v)} />
        <div className="form-row">
          <SelectField label={`Rule ${n}: match`} name={`rule-${n}-field`} value={rule.field} options={FIELDS} onValue={(v) => set('field', v)} />
          {rule.field === 'header' && (
            <TextField label={`Rule ${n}: header name`} name={`rule-${n}-header`} placeholder="X-Priority" value={rule.header} error={error('header')} onValue={(v) => set('header', v)} />
          )}
          <SelectField label={`Rule ${n}: operator`} name={`rule-${n}-operator`} value={rule.operator} options={OPERATORS} onValue={(v) => set('operator', v)} />
          <TextField label={`Rule ${n}: value`} name={`rule-${n}-value`} value={rule.value} error={error('value')} onValue={(v) => set('value', v)} />
        </div>
        <fieldset className="team-rule__days">
          <legend className="field__label">Rule {n}: on these days (none ticked: every day)</legend>
          <div className="check-grid">
            {DAYS.map((day, d) => (
              <CheckboxField
                key={day}
                name={`rule-${n}-day-${d}`}
                label={day}
                checked={rule.days.includes(d)}
                onValue={(on) => set('days', on ? [...rule.days, d].sort() : rule.days.filter((x) => x !== d))}
              />
            ))}
          </div>
        </fieldset>
        <div className="form-row">
          <TextField label={`Rule ${n}: from`} name={`rule-${n}-from`} placeholder="08:00" value={rule.from} error={error('from')} onValue={(v) => set('from', v)} />
          <TextField label={`Rule ${n}: until`} name={`rule-${n}-until`} placeholder="17:30" value={rule.until} error={error('until')} onValue={(v) => set('until', v)} />
          <TextField
            label={`Rule ${n}: time zone`}
            name={`rule-${n}-timezone`}
            placeholder="Europe/Berlin"
            hint="Empty: UTC"
            value={rule.timeZone}
            error={error('timeZone')}
            onValue={(v) => set('timeZone', v)}
          />
        </div>
        <div className="form-row">
          <SelectField
            label={`Rule ${n}: to queue`}
            name={`rule-${n}-queue`}
            value={rule.queue}
            error={error('queue')}
            options={[{ value: '', label: 'Keep the standard queue' }, ...queues.map((q) => ({ value: q, label: q }))]}
            onValue={(v) => set('queue', v)}
          />
          <TextField label={`Rule ${n}: tag`} name={`rule-${n}-tag`} value={rule.tag} error={error('tag')} onValue={(v) => set('tag', v)} />
          <SelectField
            label={`Rule ${n}: offer to agent`}
            name={`rule-${n}-agent`}
            value={rule.agent}
            error={error('agent')}
            options={[{ value: '', label: 'Next online member' }, ...team.agents.map((a) => ({ value: a.id, label: a.profile.name }))]}
            onValue={(v) => set('agent', v)}
          />
        </div>
      </fieldset>
    </li>
  );
}

/** Routing rules run in order on each new ticket; the first that matches decides. */
export function RoutingRulesEditor({
  rules,
  team,
  standardQueue,
  errors,
  onChange,
}: {
  rules: RoutingRule[];
  team: TeamView;
  standardQueue: string;
  errors: Record<string, string>;
  onChange(rules: RoutingRule[]): void;
}) {
  const move = (index: number, by: -1 | 1) => {
    const next = [...rules];
    const [rule] = next.splice(index, 1);
    next.splice(index + by, 0, rule!);
    onChange(next);
  };
  return (
    <div className="team-rules" data-testid="routing-rules">
      {rules.length === 0 && <p className="muted">No rules: every new ticket goes to the account’s standard queue.</p>}
      <ol className="team-rules__list">
        {rules.map((rule, i) => (
          <RuleEditor
            key={rule.id}
            rule={rule}
            index={i}
            count={rules.length}
            team={team}
            standardQueue={standardQueue}
            errors={errors}
            onChange={(r) => onChange(rules.map((x, j) => (j === i ? r : x)))}
            onMove={(by) => move(i, by)}
            onDelete={() => onChange(rules.filter((_, j) => j !== i))}
          />
        ))}
      </ol>
      <button type="button" className="button button--secondary" onClick={() => onChange([...rules, newRule(crypto.randomUUID(), standardQueue)])}>
        Add routing rule
      </button>
    </div>
  );
}
