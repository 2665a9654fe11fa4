import { useState } from 'react';
import { AgentProfileSchema, type AgentProfileInput, type ErrorInfo } from '../../../src-preload/contract';
import { toErrorInfo } from '../../lib/bridge';
import { useTeamStore } from '../../stores/team';
import { ErrorBox } from '../../ui/ErrorBox';
import { TextField } from '../../ui/Field';
import { CrossIcon } from '../../ui/icons';
import { Modal } from '../../ui/Modal';
import { Spinner } from '../../ui/Spinner';

type FieldName = 'name' | 'email' | 'phone' | 'mobile' | 'fax';
const EMPTY: Required<AgentProfileInput> = { name: '', email: '', phone: '', mobile: '', fax: '' };

/** The schema's own messages per field (contract/team.ts), so the form and main agree on what is valid. */
function problemsOf(draft: AgentProfileInput): Partial<Record<FieldName, string>> {
  const parsed = AgentProfileSchema.safeParse(draft);
  if (parsed.success) return {};
  const problems: Partial<Record<FieldName, string>> = {};
  for (const issue of parsed.error.issues) {
    const field = issue.path[0] as FieldName;
    problems[field] ??= issue.message;
  }
  return problems;
}

function ProfileForm({ firstStart }: { firstStart: boolean }) {
  const me = useTeamStore((s) => s.me);
  const [draft, setDraft] = useState<Required<AgentProfileInput>>({ ...EMPTY, ...(me?.profile ?? {}) });
  const [touched, setTouched] = useState<Partial<Record<FieldName, boolean>>>({});
  const [submitted, setSubmitted] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const problems = problemsOf(draft);
  const shown = (field: FieldName) => (submitted || touched[field] ? problems[field] : undefined);

  const submit = async () => {
    setSubmitted(true);
    if (Object.keys(problems).length) return;
    setBusy(true);
    setError(null);
    try {
      await useTeamStore.getState().saveProfile(draft);
    } catch (err) {
      setError(toErrorInfo(err));
    } finally {
      setBusy(false);
    }
  };

  const field = (name: FieldName, label: string, extra: { type?: string; autoComplete?: string; hint?: string; autoFocus?: boolean }) => (
    <TextField
      label={label}
      name={name}
      data-testid={`profile-${name}`}
      type={extra.type}
      autoComplete={extra.autoComplete}
      autoFocus={extra.autoFocus}
      hint={extra.hint}
      value={draft[name]}
      error={shown(name)}
      onBlur={() => setTouched((t) => ({ ...t, [name]: true }))}
      onValue={(v) => setDraft((d) => ({ ...d, [name]: v }))}
    />
  );

  return (
    <form
      className="dialog__panel"
      noValidate
      data-testid="profile-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (!busy) void submit();
      }}
    >
      <header className="dialog__header">
        <div>
          <h2 id="profile-title" className="dialog__title">
            {firstStart ? 'Welcome to Mailroom: who are you?' : 'Your profile'}
          </h2>
          <p className="dialog__subtitle">Your colleagues see your name on the tickets you work; signatures can use every field.</p>
        </div>
        {!firstStart && (
          <button type="button" className="icon-button" aria-label="Close" disabled={busy} onClick={() => useTeamStore.getState().setProfileOpen(false)}>
            <CrossIcon size={16} />
          </button>
        )}
      </header>
      <div className="dialog__body profile-form">
        {field('name', 'Name', { autoComplete: 'name', autoFocus: true })}
        {field('email', 'Email', { type: 'email', autoComplete: 'email', hint: 'Optional. Your own address, for signatures.' })}
        <div className="profile-form__phones">
          {field('phone', 'Phone', { type: 'tel', autoComplete: 'tel' })}
          {field('mobile', 'Mobile', { type: 'tel' })}
          {field('fax', 'Fax', { type: 'tel' })}
        </div>
        {error && <ErrorBox title="Your profile was not saved" error={error} />}
      </div>
      <footer className="dialog__footer">
        {!firstStart && (
          <button type="button" className="button button--ghost" disabled={busy} onClick={() => useTeamStore.getState().setProfileOpen(false)}>
            Cancel
          </button>
        )}
        <button type="submit" className="button button--primary" data-testid="profile-save" disabled={busy}>
          {busy && <Spinner />}
          {busy ? 'Saving…' : firstStart ? 'Start working' : 'Save profile'}
        </button>
      </footer>
    </form>
  );
}

/** First start asks for the profile (and cannot be dismissed without one); later it edits it. */
export function ProfileDialog() {
  const open = useTeamStore((s) => s.profileOpen);
  const firstStart = useTeamStore((s) => s.me !== null && s.me.profile === null);
  return (
    <Modal open={open} onClose={() => useTeamStore.getState().setProfileOpen(false)} canClose={() => !firstStart} labelledBy="profile-title" className="dialog--small" testId="profile-dialog">
      <ProfileForm firstStart={firstStart} />
    </Modal>
  );
}
