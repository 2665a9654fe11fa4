import { useCallback, useEffect, useId, useRef, useState, type ReactNode } from 'react';
import type { AccountSummary } from '../../../src-preload/contract';
import type { ProviderPreset } from '../../../src-preload/providers';
import { ErrorBox } from '../../ui/ErrorBox';
import { AlertIcon } from '../../ui/icons';
import { Spinner } from '../../ui/Spinner';
import { ConnectionSteps } from './ConnectionSteps';
import { fixesFor } from './connection-fixes';
import { sectionOf, type DraftFields, type FieldName, type FormMode, type SectionId } from './draft';
import { FormSection } from './form/FormSection';
import { GeneralSection } from './form/GeneralSection';
import { IdentitySection } from './form/IdentitySection';
import { ImportSection } from './form/ImportSection';
import { NotificationsSection } from './form/NotificationsSection';
import { SendingSection } from './form/SendingSection';
import { ServerSection, TimeoutsSection } from './form/ServerSection';
import { SignInSection } from './form/SignInSection';
import { useAccountForm, type AccountFormApi, type Busy } from './useAccountForm';
import { useServerDiscovery, type ServerDiscoveryState } from './useServerDiscovery';

const SECTION_LABEL: Record<SectionId, string> = {
  signin: 'Sign-in',
  general: 'General',
  imap: 'Incoming (IMAP)',
  smtp: 'Outgoing (SMTP)',
  timeouts: 'Timeouts',
  test: 'Connection test',
  import: 'Import',
  identity: 'Sending identity',
  sending: 'Sending',
  notifications: 'Notifications',
};

/** What a provider preset leaves under "More settings": its servers are filled in, the rest has defaults. */
const MORE_SETTINGS: SectionId[] = ['imap', 'smtp', 'timeouts', 'import', 'identity', 'sending', 'notifications'];

/** The sections in page order: a compact form has the test right after General, then the ones under "More settings" (the nav opens it). */
function sectionsFor(fields: DraftFields, compact: boolean): SectionId[] {
  const list: SectionId[] = compact ? ['general', 'test', ...MORE_SETTINGS] : ['general', 'imap', 'smtp', 'timeouts', 'test', 'import', 'identity', 'sending', 'notifications'];
  return fields.kind === 'imap' ? list : ['signin', ...list];
}

function NavBadge({ section, form }: { section: SectionId; form: AccountFormApi }) {
  if (section === 'test') {
    if (form.busy === 'test') return <Spinner size={11} />;
    if (!form.test) return null;
    return (
      <span className={`form-nav__state ${form.test.ok ? 'form-nav__state--ok' : 'form-nav__state--fail'}`} aria-label={form.test.ok ? 'passed' : 'failed'}>
        {form.test.ok ? '✓' : '!'}
      </span>
    );
  }
  const count = form.errorsBySection[section];
  if (!count) return null;
  return (
    <span className="form-nav__errors" aria-label={count === 1 ? '1 problem' : `${count} problems`}>
      {count}
    </span>
  );
}

function TestSection({ form, formId, lookup }: { form: AccountFormApi; formId: string; lookup: ServerDiscoveryState }) {
  const { fields } = form;
  const fixes = form.test && !form.test.ok && form.busy === null ? fixesFor(form.test, fields, { imap: lookup.result?.imap ?? [], smtp: lookup.result?.smtp ?? [] }) : [];
  return (
    <FormSection
      id="test"
      formId={formId}
      title="Connection test"
      description="Checks each step to both servers: name lookup, connection, encryption, sign-in, and lists the folders."
    >
      {!form.test && form.busy !== 'test' && !(form.formError?.action === 'test') && (
        <p className="form-section__empty">
          Not tested yet. <strong>Test connection</strong> below checks the settings without saving them
          {form.mode === 'add' ? '; saving tests them too.' : '.'}
        </p>
      )}
      <ConnectionSteps
        result={form.test}
        testing={form.busy === 'test'}
        stale={form.testIsStale}
        mode={form.mode}
        security={{ imap: fields['imap.security'], smtp: fields['smtp.security'] }}
        trusted={{ imap: fields['imap.trustedCertificate'], smtp: fields['smtp.trustedCertificate'] }}
        onTrust={form.trustCertificate}
        fixes={fixes}
        onFix={form.applyFix}
      />
      {form.formError?.action === 'test' && <ErrorBox testId="form-error" title="The connection could not be tested" error={form.formError.error} />}
    </FormSection>
  );
}

export interface AccountFormProps {
  mode: FormMode;
  accountId?: string;
  initial: DraftFields;
  hasPassword?: boolean;
  knownFolders?: string[];
  /** Adding from a preset: the provider select and its password hint. */
  preset?: { value: ProviderPreset | null; onChange(preset: ProviderPreset): void };
  /** Put the cursor here on open (reconnect: the password). */
  focus?: FieldName;
  onSaved(account: AccountSummary): void;
  onCancel(): void;
  /** Why the form was opened, shown above the sections (reconnect: the server's refusal). */
  notice?: ReactNode;
  /** Lets the dialog refuse to close while a save is in flight. */
  onBusyChange?(busy: Busy): void;
  /** Lets the dialog ask before closing over unsaved changes; false again when the form goes away. */
  onDirtyChange?(dirty: boolean): void;
}

/**
 * The account settings form, for adding and editing alike: sections in one
 * scrolling page with a section nav, live validation, connection test, save.
 */
export function AccountForm(props: AccountFormProps) {
  const { mode, onSaved, onCancel } = props;
  const formId = useId().replace(/:/g, '');
  const formRef = useRef<HTMLFormElement>(null);
  const bodyRef = useRef<HTMLDivElement>(null);
  const [current, setCurrent] = useState<SectionId>(props.initial.kind === 'imap' ? 'general' : 'signin');
  // A provider's account needs only the sign-in, the address and the password; the rest waits under "More settings".
  const compact = mode === 'add' && (Boolean(props.preset) || props.initial.kind === 'google' || props.initial.kind === 'microsoft');
  const [moreOpen, setMoreOpen] = useState(false);

  const scrollTo = useCallback(
    (section: SectionId) => {
      if (MORE_SETTINGS.includes(section)) setMoreOpen(true);
      const el = document.getElementById(`${formId}-${section}`);
      el?.scrollIntoView({ block: 'start', behavior: 'smooth' });
      setCurrent(section);
    },
    [formId],
  );

  const form = useAccountForm({
    mode,
    accountId: props.accountId,
    initial: props.initial,
    knownFolders: props.knownFolders,
    onSaved,
    onInvalid(field) {
      if (MORE_SETTINGS.includes(sectionOf(field))) setMoreOpen(true);
      const el = formRef.current?.querySelector<HTMLElement>(`[name="${field}"]`);
      if (el) {
        el.focus({ preventScroll: true });
        el.scrollIntoView({ block: 'center', behavior: 'smooth' });
      } else {
        scrollTo(sectionOf(field));
      }
    },
    onTestStarted() {
      requestAnimationFrame(() => scrollTo('test'));
    },
  });

  const { onBusyChange, onDirtyChange } = props;
  useEffect(() => {
    onBusyChange?.(form.busy);
  }, [form.busy, onBusyChange]);
  useEffect(() => {
    onDirtyChange?.(form.dirty);
  }, [form.dirty, onDirtyChange]);
  useEffect(() => () => onDirtyChange?.(false), [onDirtyChange]);

  const focusField = props.focus;
  useEffect(() => {
    if (!focusField) return;
    const el = formRef.current?.querySelector<HTMLElement>(`[name="${focusField}"]`);
    el?.focus({ preventScroll: true });
    // Only as far as needed, so the notice above the form stays in view.
    el?.scrollIntoView({ block: 'nearest' });
  }, [focusField]);

  // The nav follows the scroll: the last section whose top has passed a line a third down the pane.
  useEffect(() => {
    const body = bodyRef.current;
    if (!body) return;
    let frame = 0;
    const onScroll = () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => {
        const box = body.getBoundingClientRect();
        const line = box.top + Math.min(220, box.height / 3);
        // Sections inside a closed "More settings" have no box: they are not where the reader is.
        const sections = [...body.querySelectorAll<HTMLElement>('[data-section]')].filter((s) => s.getClientRects().length > 0);
        let active = sections[0]?.dataset.section as SectionId | undefined;
        for (const s of sections) if (s.getBoundingClientRect().top <= line) active = s.dataset.section as SectionId;
        // At the very bottom, the last section counts even if its top never reached the line.
        if (body.scrollTop + body.clientHeight >= body.scrollHeight - 4) active = sections[sections.length - 1]?.dataset.section as SectionId;
        if (active) setCurrent(active);
      });
    };
    body.addEventListener('scroll', onScroll, { passive: true });
    return () => {
      body.removeEventListener('scroll', onScroll);
      cancelAnimationFrame(frame);
    };
  }, []);

  const lookup = useServerDiscovery(form.fields.email, mode === 'add' && form.fields.kind === 'imap' && !props.preset);
  const sections = sectionsFor(form.fields, compact);
  const busy = form.busy;
  const problemCount = Object.keys(form.errors).length;

  return (
    <form
      ref={formRef}
      className="account-form"
      data-testid="account-form"
      data-mode={mode}
      data-kind={form.fields.kind}
      noValidate
      aria-busy={busy !== null}
      onSubmit={(e) => {
        e.preventDefault();
        void form.save();
      }}
    >
      <div className="account-form__main">
        <nav className="form-nav" aria-label="Sections" data-testid="form-nav">
          {sections.map((s) => (
            <button
              key={s}
              type="button"
              className={`form-nav__item${current === s ? ' form-nav__item--current' : ''}`}
              aria-current={current === s ? 'true' : undefined}
              data-section={s}
              onClick={() => scrollTo(s)}
            >
              <span className="form-nav__label">{SECTION_LABEL[s]}</span>
              <NavBadge section={s} form={form} />
            </button>
          ))}
        </nav>
        <div ref={bodyRef} className="account-form__body">
          {props.notice && (
            <div className="notice notice--warning account-form__notice" data-testid="form-notice">
              <span className="notice__icon">
                <AlertIcon size={15} />
              </span>
              <div className="notice__text">{props.notice}</div>
            </div>
          )}
          <SignInSection form={form} formId={formId} />
          <GeneralSection
            form={form}
            formId={formId}
            preset={props.preset?.value ?? null}
            onPreset={props.preset?.onChange ?? null}
            hasPassword={props.hasPassword ?? false}
            autoFocus={form.fields.kind === 'imap' && !props.focus && !props.preset}
            lookup={lookup}
            onShowLookup={() => scrollTo('imap')}
          />
          {compact ? (
            <>
              <TestSection form={form} formId={formId} lookup={lookup} />
              <details className="more-settings" data-testid="more-settings" open={moreOpen} onToggle={(e) => setMoreOpen(e.currentTarget.open)}>
                <summary className="more-settings__summary">
                  More settings <span className="more-settings__hint">servers, import, sending identity, notifications</span>
                </summary>
                <ServerSection form={form} formId={formId} kind="imap" lookup={lookup} />
                <ServerSection form={form} formId={formId} kind="smtp" lookup={lookup} />
                <TimeoutsSection form={form} formId={formId} />
                <ImportSection form={form} formId={formId} />
                <IdentitySection form={form} formId={formId} />
                <SendingSection form={form} formId={formId} />
                <NotificationsSection form={form} formId={formId} />
              </details>
            </>
          ) : (
            <>
              <ServerSection form={form} formId={formId} kind="imap" lookup={lookup} />
              <ServerSection form={form} formId={formId} kind="smtp" lookup={lookup} />
              <TimeoutsSection form={form} formId={formId} />
              <TestSection form={form} formId={formId} lookup={lookup} />
              <ImportSection form={form} formId={formId} />
              <IdentitySection form={form} formId={formId} />
              <SendingSection form={form} formId={formId} />
              <NotificationsSection form={form} formId={formId} />
            </>
          )}
        </div>
      </div>

      {form.formError?.action === 'save' && (
        <div className="account-form__error">
          <ErrorBox testId="form-error" title="The account was not saved" error={form.formError.error} />
        </div>
      )}

      <footer className="account-form__footer">
        <div className="account-form__footer-start">
          <button type="button" className="button button--secondary" data-testid="test-connection" disabled={busy !== null} onClick={() => void form.runTest()}>
            {busy === 'test' && <Spinner />}
            {busy === 'test' ? 'Testing…' : 'Test connection'}
          </button>
          {problemCount > 0 && (
            <span className="account-form__problems" role="status">
              {problemCount === 1 ? '1 field needs attention' : `${problemCount} fields need attention`}
            </span>
          )}
        </div>
        <div className="account-form__footer-end">
          <button type="button" className="button button--ghost" onClick={onCancel} disabled={busy === 'save'}>
            Cancel
          </button>
          <button type="submit" className="button button--primary" data-testid="save-account" disabled={busy !== null}>
            {busy === 'save' && <Spinner />}
            {busy === 'save' ? 'Checking and saving…' : mode === 'add' ? 'Save account' : 'Save changes'}
          </button>
        </div>
      </footer>
    </form>
  );
}
