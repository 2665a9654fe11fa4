import { useEffect, useId, useRef, useState } from 'react';
import { CONDITION_FIELDS, FIELD_LABEL, FIELD_OPS, OP_LABEL, type ConditionField, type ConditionOp, type TicketFilter } from '../../../src-preload/contract';
import { useAccountsStore } from '../../stores/accounts';
import { useInteractionsStore } from '../../stores/interactions';
import { Switch } from '../../ui/Switch';
import { CrossIcon, PlusIcon } from '../../ui/icons';
import { STATUS_LABEL } from '../queues/TicketRow';
import { checkConditions, newCondition, sameConditions, withField, type DraftCondition, type RowErrors } from './conditions';

/** Typing pauses this long before the search runs, so each key does not start a new one. */
const APPLY_MS = 300;

const VALUE_HINT: Partial<Record<ConditionField, string>> = {
  number: 'e.g. 1042',
  messages: 'e.g. 3',
  subject: 'Words in the subject',
  customer: 'Name or address',
  queue: 'Queue name',
  assignee: 'Agent name',
  tag: 'Tag',
  disposition: 'Disposition',
  text: 'Words in the messages or notes',
};

function ValueInput({ row, index, error, errorId, onValue, onBlur }: { row: DraftCondition; index: number; error?: string; errorId: string; onValue(value: string): void; onBlur(): void }) {
  const accounts = useAccountsStore((s) => s.accounts);
  const common = {
    className: 'input advanced-row__value',
    'aria-label': `Row ${index + 1} value`,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': error ? errorId : undefined,
    'data-testid': 'condition-value',
    value: row.value,
    disabled: !row.enabled,
    onBlur,
  };
  if (row.op === 'isEmpty') return <span className="advanced-row__value advanced-row__value--none" aria-hidden="true" />;
  if (row.field === 'status') {
    return (
      <select {...common} className="input select advanced-row__value" onChange={(e) => onValue(e.target.value)}>
        <option value="">Choose a status</option>
        {(['open', 'pending', 'closed'] as const).map((s) => (
          <option key={s} value={s}>
            {STATUS_LABEL[s]}
          </option>
        ))}
      </select>
    );
  }
  if (row.field === 'account') {
    return (
      <select {...common} className="input select advanced-row__value" onChange={(e) => onValue(e.target.value)}>
        <option value="">Choose an account</option>
        {accounts.map((a) => (
          <option key={a.id} value={a.key || a.name}>
            {a.key ? `${a.key} · ${a.name}` : a.name}
          </option>
        ))}
      </select>
    );
  }
  if (row.field === 'created' || row.field === 'lastActivity') return <input {...common} type="date" onChange={(e) => onValue(e.target.value)} />;
  const numeric = row.field === 'number' || row.field === 'messages';
  return <input {...common} type="text" inputMode={numeric ? 'numeric' : undefined} placeholder={VALUE_HINT[row.field]} onChange={(e) => onValue(e.target.value)} />;
}

function ConditionRow({
  row,
  index,
  errors,
  showErrors,
  onChange,
  onRemove,
  onTouched,
}: {
  row: DraftCondition;
  index: number;
  errors: RowErrors;
  showErrors: boolean;
  onChange(row: DraftCondition): void;
  onRemove(): void;
  onTouched(): void;
}) {
  const errorId = useId();
  const valueError = showErrors ? errors.value : undefined;
  const error = errors.op ?? valueError;
  return (
    <li className={`advanced-row${row.enabled ? '' : ' advanced-row--off'}${error ? ' advanced-row--invalid' : ''}`} data-testid="condition-row" data-enabled={row.enabled ? 'true' : 'false'}>
      <div className="advanced-row__controls">
        <Switch checked={row.enabled} label={row.enabled ? `Row ${index + 1} is on: switch it off to ignore it` : `Row ${index + 1} is off: switch it on to use it`} testId="condition-enabled" onChange={(enabled) => onChange({ ...row, enabled })} />
        <select
          className="input select advanced-row__field"
          aria-label={`Row ${index + 1} field`}
          data-testid="condition-field"
          value={row.field}
          disabled={!row.enabled}
          onChange={(e) => onChange({ ...withField(row, e.target.value as ConditionField), value: '' })}
        >
          {CONDITION_FIELDS.map((f) => (
            <option key={f} value={f}>
              {FIELD_LABEL[f]}
            </option>
          ))}
        </select>
        <select
          className="input select advanced-row__op"
          aria-label={`Row ${index + 1} operator`}
          aria-invalid={errors.op ? true : undefined}
          data-testid="condition-op"
          value={row.op}
          disabled={!row.enabled}
          onChange={(e) => onChange({ ...row, op: e.target.value as ConditionOp })}
        >
          {FIELD_OPS[row.field].map((op) => (
            <option key={op} value={op}>
              {OP_LABEL[op]}
            </option>
          ))}
        </select>
        <ValueInput row={row} index={index} error={valueError} errorId={errorId} onValue={(value) => onChange({ ...row, value })} onBlur={onTouched} />
        <button type="button" className="icon-button" aria-label={`Remove row ${index + 1}`} data-testid="condition-remove" onClick={onRemove}>
          <CrossIcon size={13} />
        </button>
      </div>
      {error && (
        <p id={errorId} className="field__error advanced-row__error" role="alert" data-testid="condition-error">
          {error}
        </p>
      )}
    </li>
  );
}

/**
 * The advanced search: rows of field, operator and value, matched all or any; a row can be
 * switched off without losing it. The list follows as soon as every row is complete; until
 * then it keeps the last complete search and the row says what to fix.
 */
export function AdvancedSearch({ filter, onClose }: { filter: TicketFilter; onClose(): void }) {
  const [rows, setRows] = useState<DraftCondition[]>(() => (filter.conditions.length ? filter.conditions.map((c) => ({ ...c })) : [newCondition()]));
  // Rows whose value the agent left (or tried to apply): only those show "enter a value".
  const [touched, setTouched] = useState<Set<number>>(() => new Set());
  const { valid, errors } = checkConditions(rows);
  const applied = filter.conditions;
  const pendingRef = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const titleId = useId();

  useEffect(() => {
    clearTimeout(pendingRef.current);
    if (!valid || sameConditions(valid, applied)) return;
    pendingRef.current = setTimeout(() => useInteractionsStore.getState().setFilter({ conditions: valid }), APPLY_MS);
    return () => clearTimeout(pendingRef.current);
  }, [valid, applied]);

  const change = (index: number, row: DraftCondition) => setRows(rows.map((r, i) => (i === index ? row : r)));
  const remove = (index: number) => {
    setRows(rows.filter((_, i) => i !== index));
    setTouched(new Set([...touched].filter((i) => i !== index).map((i) => (i > index ? i - 1 : i))));
  };
  const shown = (index: number) => touched.has(index) || (rows[index]?.value.trim() ?? '') !== '';
  const marked = errors.some((e, i) => e.op !== undefined || (e.value !== undefined && shown(i)));

  return (
    <section className="advanced-search" aria-labelledby={titleId} data-testid="advanced-search">
      <header className="advanced-search__header">
        <h2 className="advanced-search__title" id={titleId}>
          Advanced search
        </h2>
        <fieldset className="advanced-search__match">
          <legend className="visually-hidden">How the rows combine</legend>
          <span aria-hidden="true">Match</span>
          {(['all', 'any'] as const).map((m) => (
            <label key={m} className={`segmented__option${filter.match === m ? ' segmented__option--on' : ''}`}>
              <input type="radio" name="advanced-match" value={m} checked={filter.match === m} data-testid={`match-${m}`} onChange={() => useInteractionsStore.getState().setFilter({ match: m })} />
              {m === 'all' ? 'all rows' : 'any row'}
            </label>
          ))}
        </fieldset>
        <button type="button" className="icon-button advanced-search__close" aria-label="Close the advanced search (its rows stay applied)" data-testid="advanced-close" onClick={onClose}>
          <CrossIcon size={14} />
        </button>
      </header>
      <ol className="advanced-search__rows" aria-label="Search rows">
        {rows.map((row, index) => (
          <ConditionRow
            key={index}
            row={row}
            index={index}
            errors={errors[index] ?? {}}
            showErrors={shown(index)}
            onChange={(next) => change(index, next)}
            onRemove={() => remove(index)}
            onTouched={() => setTouched(new Set(touched).add(index))}
          />
        ))}
      </ol>
      <footer className="advanced-search__footer">
        <button type="button" className="button button--small button--secondary" data-testid="condition-add" onClick={() => setRows([...rows, newCondition()])}>
          <PlusIcon size={13} />
          Add a row
        </button>
        {rows.length > 0 && (
          <button
            type="button"
            className="link-button"
            data-testid="conditions-clear"
            onClick={() => {
              setRows([]);
              setTouched(new Set());
            }}
          >
            Remove every row
          </button>
        )}
        {!valid && (
          <p className="advanced-search__pending" role="status" data-testid="conditions-unapplied">
            {marked ? 'The list still shows the last complete search: fix or remove the row marked in red.' : 'Fill in the new row: the list follows once every row is complete.'}
          </p>
        )}
      </footer>
    </section>
  );
}
