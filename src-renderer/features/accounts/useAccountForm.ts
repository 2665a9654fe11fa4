import { useCallback, useMemo, useState } from 'react';
import type { AccountSummary, ConnectionTestResult, ErrorInfo, Security } from '../../../src-preload/contract';
import { bridge, toErrorInfo } from '../../lib/bridge';
import {
  FIELD_ORDER,
  INITIAL_FIELDS,
  portAfterSecurityChange,
  validateFields,
  type DraftFields,
  type FieldErrors,
  type FieldName,
} from './draft';

export type Busy = 'test' | 'save' | null;

/** Fields whose change makes an earlier connection test out of date. */
const CONNECTION_FIELDS: FieldName[] = FIELD_ORDER.filter((f) => f !== 'name');

export function useAccountForm(options: { onSaved(account: AccountSummary): void; onInvalid(field: FieldName): void }) {
  const { onSaved, onInvalid } = options;
  const [fields, setFields] = useState<DraftFields>(INITIAL_FIELDS);
  const [touched, setTouched] = useState<Partial<Record<FieldName, true>>>({});
  const [submitted, setSubmitted] = useState(false);
  const [busy, setBusy] = useState<Busy>(null);
  const [test, setTest] = useState<{ result: ConnectionTestResult; fields: DraftFields } | null>(null);
  const [formError, setFormError] = useState<{ action: 'test' | 'save'; error: ErrorInfo } | null>(null);

  const validation = useMemo(() => validateFields(fields), [fields]);

  // Messages appear once a field was left (or the form submitted) and then follow every keystroke.
  const errors: FieldErrors = useMemo(() => {
    const shown: FieldErrors = {};
    for (const name of FIELD_ORDER) {
      const message = validation.errors[name];
      if (message && (submitted || touched[name])) shown[name] = message;
    }
    return shown;
  }, [validation, submitted, touched]);

  const setField = useCallback(<K extends FieldName>(name: K, value: DraftFields[K]) => {
    setFields((prev) => {
      const next = { ...prev, [name]: value };
      if (name === 'imap.security' || name === 'smtp.security') {
        const kind = name === 'imap.security' ? 'imap' : 'smtp';
        const portField = `${kind}.port` as const;
        next[portField] = portAfterSecurityChange(kind, prev[name] as Security, value as Security, prev[portField]);
      }
      return next;
    });
  }, []);

  const blur = useCallback((name: FieldName) => {
    setTouched((prev) => (prev[name] ? prev : { ...prev, [name]: true }));
  }, []);

  /** Marks everything as submitted; returns the valid draft or moves focus to the first problem. */
  const draftOrFocus = () => {
    setSubmitted(true);
    if (validation.draft) return validation.draft;
    const first = FIELD_ORDER.find((f) => validation.errors[f]);
    if (first) onInvalid(first);
    return null;
  };

  const runTest = async () => {
    const draft = draftOrFocus();
    if (!draft || busy) return;
    const snapshot = fields;
    setBusy('test');
    setFormError(null);
    setTest(null);
    try {
      const result = await bridge().testConnection(draft);
      setTest({ result, fields: snapshot });
    } catch (err) {
      setFormError({ action: 'test', error: toErrorInfo(err) });
    } finally {
      setBusy(null);
    }
  };

  const save = async () => {
    const draft = draftOrFocus();
    if (!draft || busy) return;
    setBusy('save');
    setFormError(null);
    try {
      const account = await bridge().addAccount(draft);
      setBusy(null);
      onSaved(account);
    } catch (err) {
      // Main re-tests before saving; its refusal is shown here and the form stays filled.
      setFormError({ action: 'save', error: toErrorInfo(err) });
      setBusy(null);
    }
  };

  const testIsStale = test !== null && CONNECTION_FIELDS.some((f) => test.fields[f] !== fields[f]);

  return {
    fields,
    errors,
    busy,
    test: test?.result ?? null,
    testIsStale,
    formError,
    setField,
    blur,
    runTest,
    save,
  };
}
