import type { ConnectionStep, ConnectionStepName, ConnectionTestResult } from '../../../src-preload/contract';
import { ErrorText } from '../../ui/ErrorBox';
import { Spinner } from '../../ui/Spinner';

const STEPS: { step: ConnectionStepName; label: string; pending: string }[] = [
  { step: 'imap-login', label: 'Sign in to the IMAP server', pending: 'Signing in…' },
  { step: 'folders', label: 'List folders', pending: 'Waiting…' },
  { step: 'smtp-login', label: 'Sign in to the SMTP server', pending: 'Waiting…' },
];

const MAX_FOLDERS_SHOWN = 24;

function StepRow({ label, step }: { label: string; step: ConnectionStep | undefined }) {
  if (!step) {
    return (
      <li className="conn-step conn-step--skipped" data-step-state="skipped">
        <span className="conn-step__icon" aria-hidden="true">–</span>
        <div className="conn-step__body">
          <div className="conn-step__label">{label}</div>
          <div className="conn-step__detail">Not tried: an earlier step failed.</div>
        </div>
      </li>
    );
  }
  return (
    <li className={`conn-step ${step.ok ? 'conn-step--ok' : 'conn-step--fail'}`} data-step={step.step} data-step-state={step.ok ? 'ok' : 'fail'}>
      <span className="conn-step__icon" aria-label={step.ok ? 'Passed' : 'Failed'} role="img">
        {step.ok ? '✓' : '✗'}
      </span>
      <div className="conn-step__body">
        <div className="conn-step__label">{label}</div>
        {step.detail && <div className="conn-step__detail">{step.detail}</div>}
        {step.error && (
          <div className="conn-step__error">
            <ErrorText error={step.error} />
          </div>
        )}
      </div>
    </li>
  );
}

export function ConnectionSteps({
  result,
  testing,
  stale,
}: {
  result: ConnectionTestResult | null;
  testing: boolean;
  stale: boolean;
}) {
  if (!result && !testing) return null;

  if (testing) {
    return (
      <section className="conn-steps conn-steps--testing" data-testid="connection-steps" aria-busy="true" aria-live="polite">
        <header className="conn-steps__header">
          <Spinner /> Testing the connection…
        </header>
        <ol className="conn-steps__list">
          {STEPS.map((s, i) => (
            <li key={s.step} className="conn-step conn-step--pending" data-step-state="pending">
              <span className="conn-step__icon" aria-hidden="true">
                {i === 0 ? <Spinner size={12} /> : null}
              </span>
              <div className="conn-step__body">
                <div className="conn-step__label">{s.label}</div>
                <div className="conn-step__detail">{i === 0 ? s.pending : 'Waiting…'}</div>
              </div>
            </li>
          ))}
        </ol>
      </section>
    );
  }

  if (!result) return null;
  const shownFolders = result.folders.slice(0, MAX_FOLDERS_SHOWN);
  const hidden = result.folders.length - shownFolders.length;

  return (
    <section
      className={`conn-steps ${result.ok ? 'conn-steps--ok' : 'conn-steps--fail'}${stale ? ' conn-steps--stale' : ''}`}
      data-testid="connection-steps"
      data-result={result.ok ? 'ok' : 'fail'}
      aria-live="polite"
    >
      <header className="conn-steps__header">
        {result.ok ? 'Connection works. Save to start syncing this mailbox.' : 'The connection test failed. Fix the step marked ✗ and test again.'}
      </header>
      {stale && <p className="conn-steps__stale">You changed the settings since this test. Test again to check them.</p>}
      <ol className="conn-steps__list">
        {STEPS.map((s) => (
          <StepRow key={s.step} label={s.label} step={result.steps.find((r) => r.step === s.step)} />
        ))}
      </ol>
      {result.folders.length > 0 && (
        <div className="conn-folders">
          <div className="conn-folders__title">
            {result.folders.length === 1 ? '1 folder found' : `${result.folders.length} folders found`}
          </div>
          <ul className="conn-folders__list">
            {shownFolders.map((f) => (
              <li key={f} className="chip">
                {f}
              </li>
            ))}
            {hidden > 0 && <li className="chip chip--more">+{hidden} more</li>}
          </ul>
        </div>
      )}
    </section>
  );
}
