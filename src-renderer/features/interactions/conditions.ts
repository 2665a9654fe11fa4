import { ConditionSchema, FIELD_OPS, type Condition, type ConditionField, type ConditionOp } from '../../../src-preload/contract';

/** A builder row as typed: the value is a string even for days and counts. */
export interface DraftCondition {
  field: ConditionField;
  op: ConditionOp;
  value: string;
  enabled: boolean;
}

export interface RowErrors {
  op?: string;
  value?: string;
}

/** A new row: words in the subject, the most common search. */
export function newCondition(): DraftCondition {
  return { field: 'subject', op: 'contains', value: '', enabled: true };
}

/** Another field keeps the operator when it fits that field, else takes the field's first. */
export function withField(row: DraftCondition, field: ConditionField): DraftCondition {
  const ops = FIELD_OPS[field];
  return { ...row, field, op: ops.includes(row.op) ? row.op : ops[0]! };
}

/**
 * Checks every row with the contract's schema: the rows as the search takes them when all
 * pass, else null, and each row's messages (what to fix, at the field that needs it).
 */
export function checkConditions(rows: DraftCondition[]): { valid: Condition[] | null; errors: RowErrors[] } {
  const valid: Condition[] = [];
  let ok = true;
  const errors = rows.map((row) => {
    const parsed = ConditionSchema.safeParse(row);
    if (parsed.success) {
      valid.push(parsed.data);
      return {};
    }
    ok = false;
    const found: RowErrors = {};
    for (const issue of parsed.error.issues) {
      const key = issue.path[0] === 'op' ? 'op' : 'value';
      found[key] ??= issue.message;
    }
    return found;
  });
  return { valid: ok ? valid : null, errors };
}

/** The same rows, compared as the search sees them (an unapplied edit shows as a difference). */
export function sameConditions(a: readonly DraftCondition[], b: readonly DraftCondition[]): boolean {
  return a.length === b.length && a.every((row, i) => row.field === b[i]!.field && row.op === b[i]!.op && row.value === b[i]!.value && row.enabled === b[i]!.enabled);
}
