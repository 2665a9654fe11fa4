import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type {
  AccountSummary,
  CertificateInfo,
  ConnectionTestResult,
  ErrorInfo,
  OAuthSettings,
  Security,
} from '../../../src-preload/contract';
import { OAUTH_PROVIDERS } from '../../../src-preload/providers';
import { bridge, toErrorInfo } from '../../lib/bridge';
import type { ServerSettingsFix } from './connection-fixes';
import {
  FIELD_ORDER,
  fieldsChanged,
  INITIAL_FIELDS,
  portAfterSecurityChange,
  sectionOf,
  suggestKey,
  toDraftInput,
  validateFields,
  type DraftFields,
  type FieldErrors,
  type FieldName,
  type FormMode,
  type SectionId,
  type ServerKind,
} from './draft';

export type Busy = 'test' | 'save' | 'signin' | 'folders' | null;

/** Best effort: main also drops sign-ins nobody claimed after an hour. */
export function discardSession(session: string | null): void {
  if (session) bridge().discardOAuthSession({ session }).catch(() => undefined);
}

/** Fields that decide whether the servers accept us: changing one makes a test out of date. */
const CONNECTION_FIELDS: FieldName[] = FIELD_ORDER.filter((f) => {
  const section = sectionOf(f);
  return section === 'signin' || section === 'imap' || section === 'smtp' || section === 'timeouts' || ['email', 'username', 'password'].includes(f);
});
const isConnectionField = (f: FieldName) => CONNECTION_FIELDS.includes(f);
const SIGN_IN_FIELDS = FIELD_ORDER.filter((f) => sectionOf(f) === 'signin' && f !== 'oauthSession');

export interface SignedIn {
  email: string;
  name: string;
}

export interface FormOptions {
  mode: FormMode;
  accountId?: string;
  initial: DraftFields;
  /** Folders already known for this account (its cached folder list). */
  knownFolders?: string[];
  onSaved(account: AccountSummary): void;
  /** Moves focus to a field the admin has to fix. */
  onInvalid(field: FieldName): void;
  /** A test started: bring its results into view. */
  onTestStarted?(): void;
}

export function useAccountForm(options: FormOptions) {
  const { mode, accountId, onSaved, onInvalid, onTestStarted } = options;
  const [fields, setFieldsState] = useState<DraftFields>(options.initial);
  // What the form opened with, to tell whether closing would lose anything.
  const [initial] = useState<DraftFields>(options.initial);
  const dirty = useMemo(() => fieldsChanged(fields, initial), [fields, initial]);
  const [touched, setTouched] = useState<Partial<Record<FieldName, true>>>({});
  const [submitted, setSubmitted] = useState(false);
  const [busy, setBusy] = useState<Busy>(null);
  const [test, setTest] = useState<{ result: ConnectionTestResult; fields: DraftFields } | null>(null);
  const [formError, setFormError] = useState<{ action: 'test' | 'save'; error: ErrorInfo } | null>(null);
  const [signedIn, setSignedIn] = useState<SignedIn | null>(null);
  const [signInError, setSignInError] = useState<ErrorInfo | null>(null);
  const [foundFolders, setFoundFolders] = useState<string[] | null>(options.knownFolders ?? null);
  const [foldersError, setFoldersError] = useState<ErrorInfo | null>(null);
  // The latest fields for async steps that must not act on a stale closure.
  const latest = useRef(fields);
  useEffect(() => {
    latest.current = fields;
  }, [fields]);

  // A sign-in this form holds but has not saved: its tokens are discarded when a new
  // sign-in replaces it or the form goes away, instead of waiting in main to expire.
  const unclaimed = useRef<string | null>(null);
  const closed = useRef(false);
  useEffect(() => {
    const held = unclaimed;
    const gone = closed;
    gone.current = false;
    return () => {
      gone.current = true;
      discardSession(held.current);
      held.current = null;
    };
  }, []);

  const validation = useMemo(() => validateFields(fields, mode), [fields, mode]);

  // Messages appear once a field was left (or the form submitted) and then follow every keystroke.
  const errors: FieldErrors = useMemo(() => {
    const shown: FieldErrors = {};
    for (const name of FIELD_ORDER) {
      const message = validation.errors[name];
      if (message && (submitted || touched[name])) shown[name] = message;
    }
    return shown;
  }, [validation, submitted, touched]);

  const errorsBySection = useMemo(() => {
    const counts: Partial<Record<SectionId, number>> = {};
    for (const name of Object.keys(errors) as FieldName[]) {
      const section = sectionOf(name);
      counts[section] = (counts[section] ?? 0) + 1;
    }
    return counts;
  }, [errors]);

  const setFields = useCallback((patch: Partial<DraftFields>) => {
    setFieldsState((prev) => ({ ...prev, ...patch }));
  }, []);

  const setField = useCallback(<K extends FieldName>(name: K, value: DraftFields[K]) => {
    setFieldsState((prev) => {
      const next = { ...prev, [name]: value };
      // A new account's key follows its name until the admin types a key of their own.
      if (name === 'name' && mode === 'add' && (prev.key.trim() === '' || prev.key === suggestKey(prev.name))) next.key = suggestKey(value as string);
      if (name === 'imap.security' || name === 'smtp.security') {
        const kind: ServerKind = name === 'imap.security' ? 'imap' : 'smtp';
        const portField = `${kind}.port` as const;
        next[portField] = portAfterSecurityChange(kind, prev[name] as Security, value as Security, prev[portField]);
      }
      return next;
    });
  }, [mode]);

  const blur = useCallback((name: FieldName) => {
    setTouched((prev) => (prev[name] ? prev : { ...prev, [name]: true }));
  }, []);

  const touch = (names: FieldName[]) => setTouched((prev) => ({ ...prev, ...Object.fromEntries(names.map((n) => [n, true])) }));

  /** The whole form must be valid to save; the first problem gets the focus. */
  const draftForSave = () => {
    setSubmitted(true);
    if (validation.draft) return validation.draft;
    const first = FIELD_ORDER.find((f) => validation.errors[f]);
    if (first) onInvalid(first);
    return null;
  };

  /**
   * A test needs only what reaches the servers: a missing name or a typo in the
   * signature must not stop the admin from checking the password. Those fields
   * are stood in for by defaults; the server fields must be right.
   */
  const draftForTest = (f: DraftFields) => {
    const v = validateFields(f, mode);
    if (v.draft) return v.draft;
    const blocking = FIELD_ORDER.filter((name) => v.errors[name] && isConnectionField(name));
    if (blocking.length > 0) {
      touch(blocking);
      onInvalid(blocking[0] as FieldName);
      return null;
    }
    const standIn: DraftFields = { ...f };
    for (const name of FIELD_ORDER) {
      if (v.errors[name]) (standIn as unknown as Record<string, unknown>)[name] = INITIAL_FIELDS[name];
    }
    if (!standIn.name.trim()) standIn.name = 'New account';
    return validateFields(standIn, mode).draft;
  };

  const runTest = async (override?: DraftFields) => {
    if (busy) return;
    const f = override ?? latest.current;
    const draft = draftForTest(f);
    if (!draft) return;
    setBusy('test');
    setFormError(null);
    setTest(null);
    onTestStarted?.();
    try {
      const result = await bridge().testConnection(accountId ? { draft, accountId } : { draft });
      setTest({ result, fields: f });
      if (result.folders.length > 0) {
        setFoundFolders(result.folders);
        setFoldersError(null);
      }
    } catch (err) {
      setFormError({ action: 'test', error: toErrorInfo(err) });
    } finally {
      setBusy(null);
    }
  };

  const save = async () => {
    if (busy) return;
    const draft = draftForSave();
    if (!draft) return;
    setBusy('save');
    setFormError(null);
    try {
      const account = accountId ? await bridge().updateAccount({ accountId, draft }) : await bridge().addAccount(draft);
      // Saving claimed the sign-in for the account.
      if (draft.oauthSession === unclaimed.current) unclaimed.current = null;
      setBusy(null);
      onSaved(account);
    } catch (err) {
      // Main re-tests before saving; its refusal is shown here and the form stays filled.
      setFormError({ action: 'save', error: toErrorInfo(err) });
      setBusy(null);
    }
  };

  /** Changes settings and tests again at once: a one-click fix, an accepted certificate. */
  const retestWith = (patch: Partial<DraftFields>) => {
    const next: DraftFields = { ...latest.current, ...patch };
    setFieldsState(next);
    latest.current = next;
    void runTest(next);
  };

  const applyFix = (fix: ServerSettingsFix) => {
    retestWith({ [`${fix.kind}.host`]: fix.host, [`${fix.kind}.port`]: String(fix.port), [`${fix.kind}.security`]: fix.security });
  };

  /**
   * Accepts the certificate a TLS step showed, then tests again with it. When the
   * other server presented the very same certificate (one mail host for both), it
   * is accepted there too: the admin trusts the certificate, not a port.
   */
  const trustCertificate = (kind: ServerKind, certificate: CertificateInfo) => {
    const pin = { fingerprint256: certificate.fingerprint256, pem: certificate.pem };
    const other: ServerKind = kind === 'imap' ? 'smtp' : 'imap';
    const sameOnOther = test?.result.steps.some(
      (s) => s.step === `${other}-tls` && !s.ok && s.certificate?.fingerprint256 === certificate.fingerprint256,
    );
    retestWith({ [`${kind}.trustedCertificate`]: pin, ...(sameOnOther && { [`${other}.trustedCertificate`]: pin }) });
  };

  const signIn = async () => {
    if (busy) return;
    const f = latest.current;
    const v = validateFields(f, mode);
    const blocking = SIGN_IN_FIELDS.filter((name) => v.errors[name]);
    if (blocking.length > 0) {
      touch(blocking);
      onInvalid(blocking[0] as FieldName);
      return;
    }
    const oauth = toDraftInput(f).oauth as OAuthSettings;
    setBusy('signin');
    setSignInError(null);
    try {
      const result = await bridge().startOAuth({ kind: f.kind, oauth });
      // Finished after the form was closed: nothing can save it.
      if (closed.current) {
        discardSession(result.session);
        return;
      }
      discardSession(unclaimed.current);
      unclaimed.current = result.session;
      const provider = f.kind === 'google' || f.kind === 'microsoft' ? OAUTH_PROVIDERS[f.kind] : null;
      setFieldsState((prev) => ({
        ...prev,
        oauthSession: result.session,
        email: result.email || prev.email,
        name: prev.name.trim() ? prev.name : result.name || (result.email.split('@')[0] ?? ''),
        'identity.senderName': prev['identity.senderName'].trim() ? prev['identity.senderName'] : result.name,
        ...(provider && {
          'imap.host': provider.imap.host,
          'imap.port': String(provider.imap.port),
          'imap.security': provider.imap.security,
          'smtp.host': provider.smtp.host,
          'smtp.port': String(provider.smtp.port),
          'smtp.security': provider.smtp.security,
        }),
      }));
      setSignedIn({ email: result.email, name: result.name });
    } catch (err) {
      setSignInError(toErrorInfo(err));
    } finally {
      setBusy(null);
    }
  };

  /** Lists the account's folders again: from the saved account, or by testing the typed settings. */
  const refreshFolders = async () => {
    if (busy) return;
    if (!accountId) {
      await runTest();
      return;
    }
    setBusy('folders');
    setFoldersError(null);
    try {
      setFoundFolders(await bridge().refreshFolders({ accountId }));
    } catch (err) {
      setFoldersError(toErrorInfo(err));
    } finally {
      setBusy(null);
    }
  };

  const testIsStale = test !== null && CONNECTION_FIELDS.some((f) => test.fields[f] !== fields[f]);

  return {
    mode,
    accountId,
    fields,
    dirty,
    errors,
    errorsBySection,
    /** Every problem, shown or not yet: for "3 fields need attention". */
    pendingErrors: validation.errors,
    submitted,
    busy,
    test: test?.result ?? null,
    testIsStale,
    formError,
    signedIn,
    signInError,
    foundFolders,
    foldersError,
    setField,
    setFields,
    blur,
    runTest,
    save,
    trustCertificate,
    applyFix,
    signIn,
    refreshFolders,
  };
}

export type AccountFormApi = ReturnType<typeof useAccountForm>;
